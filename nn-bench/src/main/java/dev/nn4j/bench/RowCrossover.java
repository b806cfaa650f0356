package dev.nn4j.bench;

import dev.nn4j.core.math.ComputeBackend;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The part of {@link CrossoverBench} for products whose {@code C} has one or two rows (a single sample, or two):
 * {@code A·Bᵀ} (a dense layer's forward), {@code A·B} (its input gradient) and {@code Aᵀ·B} (the weight gradient of
 * a layer of one or two units), with {@code n} and {@code k} each from 2 to 1024, timed on the {@code java} backend
 * and on OpenBLAS for every product. For each form and row count it prints the ratio {@code jni/java} of every shape
 * and the crossover in work: the smallest measured {@code m·n·k} above every shape at which the {@code java}
 * backend was at least as fast, which {@code nn-blas}'s {@code NativeCrossover} states for one and two rows.
 */
final class RowCrossover {
  /** The sizes {@code n} and {@code k} measured, layer-like from 2 to 1024. */
  static final int[] SIZES = {2, 4, 8, 16, 32, 64, 128, 256, 512, 1024};

  /** The forms: name, transpose A, transpose B. */
  private static final String[] FORMS = {"A*B^T", "A*B", "A^T*B"};

  private final ComputeBackend java;
  private final ComputeBackend jni;
  private final Report report;

  RowCrossover(ComputeBackend java, ComputeBackend jni, Report report) {
    this.java = java;
    this.jni = jni;
    this.report = report;
  }

  void run() {
    report.line("");
    report.line("one and two rows of C (m = 1, 2): jni/java time per shape (fastest of the rounds), n across, k down"
        + " (< 1: OpenBLAS faster); crossover = smallest work above every shape where java was at least as fast;"
        + " best threshold = the work from which sending products to OpenBLAS loses least in all (sum of the log of"
        + " time taken over the faster backend's time)");
    for (int form = 0; form < FORMS.length; form++) {
      for (int m = 1; m <= 2; m++) {
        measure(FORMS[form], form == 2, form == 0, m);
      }
    }
  }

  private void measure(String form, boolean transposeA, boolean transposeB, int m) {
    StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "%-6s m=%d  k \\ n", form, m));
    for (int n : SIZES) {
      header.append(String.format(Locale.ROOT, " %6d", n));
    }
    report.line(header.toString());
    List<Shape> shapes = new ArrayList<>();
    for (int k : SIZES) {
      StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-15s %4d", "", k));
      for (int n : SIZES) {
        // The fastest round of each: on a shared machine, the others are the neighbours' time as much as the product's.
        double[][] rounds = CrossoverBench.rounds(List.of(java, jni), transposeA, transposeB, m, n, k);
        Shape shape = new Shape(n, k, (long) m * n * k, rounds[0][0], rounds[1][0]);
        shapes.add(shape);
        line.append(String.format(Locale.ROOT, " %6.2f", shape.jni / shape.java));
      }
      report.line(line.toString());
    }
    report.line(summary(form, m, shapes));
  }

  /** The crossover of one form and row count, and what a work threshold there costs either way. */
  static String summary(String form, int m, List<Shape> shapes) {
    long lastJavaWin = 0;
    for (Shape s : shapes) {
      if (s.java <= s.jni) {
        lastJavaWin = Math.max(lastJavaWin, s.work);
      }
    }
    long crossover = Long.MAX_VALUE;
    for (Shape s : shapes) {
      if (s.work > lastJavaWin) {
        crossover = Math.min(crossover, s.work);
      }
    }
    String best = String.format(Locale.ROOT, "%s m=%d: BEST THRESHOLD %s%n   ", form, m, bestThreshold(shapes));
    if (crossover == Long.MAX_VALUE) {
      return best + String.format(Locale.ROOT, "%s m=%d: OpenBLAS is not faster at the largest shape measured", form, m);
    }
    int fasterBelow = 0;
    double worstBelow = 1;
    String worstShape = "-";
    for (Shape s : shapes) {
      if (s.work < crossover && s.jni < s.java) {
        fasterBelow++;
        if (s.jni / s.java < worstBelow) {
          worstBelow = s.jni / s.java;
          worstShape = String.format(Locale.ROOT, "%dx%dx%d %.2f vs %.2f us", m, s.n, s.k, s.java, s.jni);
        }
      }
    }
    return best + String.format(Locale.ROOT,
        "%s m=%d: ROW CROSSOVER at %,d multiply-adds (java at least as fast up to %,d); below it OpenBLAS was faster at"
            + " %d of the shapes, where java took up to %.2fx its time (%s)",
        form, m, crossover, lastJavaWin, fasterBelow, 1 / worstBelow, worstShape);
  }

  /**
   * The work {@code w} for which "OpenBLAS from {@code w} multiply-adds on" loses least against the faster backend of
   * each shape (summed logarithms of the time ratio; a tie keeps more in Java), with what it loses.
   */
  static String bestThreshold(List<Shape> shapes) {
    long best = Long.MAX_VALUE;
    double bestLoss = Double.MAX_VALUE;
    List<Long> candidates = new ArrayList<>(shapes.stream().map(Shape::work).distinct().sorted().toList());
    candidates.add(Long.MAX_VALUE);
    for (long threshold : candidates) {
      double loss = 0;
      for (Shape s : shapes) {
        double taken = s.work >= threshold ? s.jni : s.java;
        loss += Math.log(taken / Math.min(s.java, s.jni));
      }
      if (loss < bestLoss - 1e-12) {
        bestLoss = loss;
        best = threshold;
      }
    }
    int misrouted = 0;
    double worst = 1;
    for (Shape s : shapes) {
      double taken = s.work >= best ? s.jni : s.java;
      double ratio = taken / Math.min(s.java, s.jni);
      if (ratio > 1) {
        misrouted++;
        worst = Math.max(worst, ratio);
      }
    }
    return String.format(Locale.ROOT,
        "%s multiply-adds: %d of %d shapes on the slower backend, %.3fx slower in geometric mean over all, at worst %.2fx",
        best == Long.MAX_VALUE ? "none" : String.format(Locale.ROOT, "%,d", best), misrouted, shapes.size(),
        Math.exp(bestLoss / shapes.size()), worst);
  }

  /** One measured shape: {@code n}, {@code k}, its work and the microseconds per product of each backend. */
  record Shape(int n, int k, long work, double java, double jni) {}
}
