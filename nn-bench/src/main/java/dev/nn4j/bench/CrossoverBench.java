package dev.nn4j.bench;

import dev.nn4j.blas.BlasBackend;
import dev.nn4j.core.math.ComputeBackend;
import dev.nn4j.core.math.JavaBackend;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;

/**
 * Where a call into OpenBLAS starts to pay off: the three products {@code A·B}, {@code A·Bᵀ}, {@code Aᵀ·B}
 * on cubes {@code m = n = k} from 4 to 96, on one and two rows of {@code C} with {@code n} and {@code k} from 2 to
 * 1024 ({@link RowCrossover}), and at the layer shapes of W1 to W3 for batches of 1 to 64, timed
 * on the {@code java} backend, on OpenBLAS for every product ({@link BlasBackend#nativeOnly()}) and on the
 * {@code openblas} backend as nn4j runs it (small products in Java). The crossover of a form is the smallest
 * cube from which OpenBLAS is faster at that size and every larger one: what {@code nn-blas}'s {@code
 * NativeCrossover} states.
 */
final class CrossoverBench {
  /** The cube sizes measured. */
  static final int[] CUBES = {4, 5, 6, 7, 8, 10, 12, 16, 20, 24, 32, 48, 64, 96};

  /** The batch sizes of the layer shapes. */
  static final int[] BATCHES = {1, 2, 3, 4, 8, 16, 32, 64};

  /** Dense layers {@code in -> out} of W1, W2 and W3. */
  static final int[][] LAYERS = {{2, 2}, {2, 1}, {784, 128}, {128, 10}, {784, 512}, {512, 512}, {512, 10}};

  /** Timed rounds per shape and backend, interleaved; the median round is reported. */
  private static final int ROUNDS = 7;

  /** Untimed products of each shape and backend first, for this long. */
  private static final double WARM_UP_SECONDS = 0.02;

  /** Each round runs products for at least this long. */
  private static final double ROUND_SECONDS = 0.004;

  private final BackendSet backends;
  private final Report report;

  CrossoverBench(BackendSet backends, Report report) {
    this.backends = backends;
    this.report = report;
  }

  void run() {
    Optional<ComputeBackend> java = backends.measured().stream().filter(b -> b.name().equals("java")).findFirst();
    Optional<BlasBackend> blas =
        backends.measured().stream().filter(BlasBackend.class::isInstance).map(BlasBackend.class::cast).findFirst();
    report.title("Crossover: where a product is faster through JNI on OpenBLAS than on the java backend",
        "microseconds per product, median of " + ROUNDS + " interleaved rounds of at least " + (int) (ROUND_SECONDS * 1e3)
            + " ms each; 'jni' sends every product to OpenBLAS, 'openblas' is the backend as nn4j runs it",
        "work = m n k multiply-adds; crossover = smallest cube from which jni is faster at that size and every larger one");
    if (java.isEmpty() || blas.isEmpty()) {
      report.line("skipped: needs the java and openblas backends (measured: "
          + backends.measured().stream().map(ComputeBackend::name).toList() + ")");
      return;
    }
    BlasBackend jni = blas.get().nativeOnly();
    report.line("threads: java " + Optional.ofNullable(Integer.getInteger(JavaBackend.THREADS_PROPERTY))
        .map(String::valueOf).orElse("all " + Runtime.getRuntime().availableProcessors() + " processors")
        + " (-D" + JavaBackend.THREADS_PROPERTY + "), OpenBLAS "
        + Optional.ofNullable(System.getenv("OPENBLAS_NUM_THREADS")).orElse("its default") + " (OPENBLAS_NUM_THREADS)");
    String[] forms = {"A*B", "A*B^T", "A^T*B"};
    for (int form = 0; form < 3; form++) {
      boolean transposeA = form == 2;
      boolean transposeB = form == 1;
      List<double[]> rows = new ArrayList<>();
      for (int size : CUBES) {
        double[] times = time(List.of(java.get(), jni), transposeA, transposeB, size, size, size);
        rows.add(times);
        report.line(String.format(Locale.ROOT, "%-6s %4d^3  work %,11d  java %10.2f us  jni %10.2f us  jni/java %5.2f",
            forms[form], size, (long) size * size * size, times[0], times[1], times[1] / times[0]));
      }
      int crossover = CUBES.length;
      while (crossover > 0 && rows.get(crossover - 1)[1] < rows.get(crossover - 1)[0]) {
        crossover--;
      }
      report.line(crossover == CUBES.length
          ? forms[form] + ": OpenBLAS is not faster at any cube up to " + CUBES[CUBES.length - 1]
          : String.format(Locale.ROOT, "%s: CROSSOVER at %d^3 = %,d multiply-adds (OpenBLAS faster from there on)",
              forms[form], CUBES[crossover], (long) CUBES[crossover] * CUBES[crossover] * CUBES[crossover]));
    }
    new RowCrossover(java.get(), jni, report).run();
    report.line("");
    report.line("layer shapes (forward x W^T = NT batch x out x in, weight gradient d^T x = TN out x in x batch,"
        + " input gradient d W = NN batch x in x out):");
    for (int[] layer : LAYERS) {
      for (int batch : BATCHES) {
        int in = layer[0];
        int out = layer[1];
        int[][] products = {{0, 1, batch, out, in}, {1, 0, out, in, batch}, {0, 0, batch, in, out}};
        String[] names = {"fwd NT", "wgrad TN", "igrad NN"};
        for (int p = 0; p < 3; p++) {
          int[] s = products[p];
          double[] times = time(List.of(java.get(), jni, blas.get()), s[0] == 1, s[1] == 1, s[2], s[3], s[4]);
          report.line(String.format(Locale.ROOT,
              "%4d-%-4d batch %3d  %-8s %4dx%4dx%4d  java %9.2f us  jni %9.2f us (%5.2fx)  openblas %9.2f us (%5.2fx)",
              in, out, batch, names[p], s[2], s[3], s[4], times[0], times[1], times[1] / times[0], times[2],
              times[2] / times[0]));
        }
      }
    }
  }

  /** Microseconds per product of each backend: the median of interleaved rounds. */
  static double[] time(List<ComputeBackend> backends, boolean transposeA, boolean transposeB, int m, int n, int k) {
    double[][] rounds = rounds(backends, transposeA, transposeB, m, n, k);
    double[] medians = new double[backends.size()];
    for (int i = 0; i < backends.size(); i++) {
      medians[i] = rounds[i][ROUNDS / 2];
    }
    return medians;
  }

  /** Microseconds per product of each backend in each of {@link #ROUNDS} interleaved rounds, sorted fastest first. */
  static double[][] rounds(List<ComputeBackend> backends, boolean transposeA, boolean transposeB, int m, int n, int k) {
    Random random = new Random(7);
    double[] a = random.doubles((long) m * k, -1, 1).toArray();
    double[] b = random.doubles((long) k * n, -1, 1).toArray();
    double[] c = new double[m * n];
    int[] reps = new int[backends.size()];
    for (int i = 0; i < backends.size(); i++) {
      reps[i] = calibrate(backends.get(i), transposeA, transposeB, m, n, k, a, b, c);
    }
    double[][] rounds = new double[backends.size()][ROUNDS];
    for (int round = 0; round < ROUNDS; round++) {
      for (int i = 0; i < backends.size(); i++) {
        long started = System.nanoTime();
        for (int r = 0; r < reps[i]; r++) {
          backends.get(i).gemm(transposeA, transposeB, m, n, k, a, b, c);
        }
        rounds[i][round] = (System.nanoTime() - started) / 1e3 / reps[i];
      }
    }
    for (double[] times : rounds) {
      Arrays.sort(times);
    }
    return rounds;
  }

  /**
   * Runs the product for {@link #WARM_UP_SECONDS} (so that the JIT has compiled the path it takes) and returns how
   * many make a round of at least {@link #ROUND_SECONDS}.
   */
  private static int calibrate(
      ComputeBackend backend, boolean transposeA, boolean transposeB, int m, int n, int k, double[] a, double[] b, double[] c) {
    long warmUpStarted = System.nanoTime();
    while (System.nanoTime() - warmUpStarted < WARM_UP_SECONDS * 1e9) {
      backend.gemm(transposeA, transposeB, m, n, k, a, b, c);
    }
    int reps = 1;
    while (true) {
      long started = System.nanoTime();
      for (int r = 0; r < reps; r++) {
        backend.gemm(transposeA, transposeB, m, n, k, a, b, c);
      }
      if (System.nanoTime() - started >= ROUND_SECONDS * 1e9 || reps >= 1 << 22) {
        return reps;
      }
      reps *= 2;
    }
  }
}
