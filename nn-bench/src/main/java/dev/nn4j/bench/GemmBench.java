package dev.nn4j.bench;

import dev.nn4j.core.math.ComputeBackend;
import java.util.Locale;
import java.util.Random;

/**
 * Square 1024 x 1024 x 1024 products on each backend, called directly (not through the network), in the
 * three forms nn4j's layers use: {@code A·B}, {@code A·Bᵀ} and {@code Aᵀ·B}.
 */
final class GemmBench {
  private static final int SIZE = 1024;
  private static final double MIN_SECONDS = 3.0;
  private static final int MIN_REPS = 3;
  private static final int MAX_REPS = 200;

  private final BackendSet backends;
  private final Report report;

  GemmBench(BackendSet backends, Report report) {
    this.backends = backends;
    this.report = report;
  }

  void run() {
    double flops = 2.0 * SIZE * SIZE * SIZE;
    report.title(
        String.format(Locale.ROOT, "GEMM: C = op(A) op(B), m = n = k = %d, %.3f GFLOP per product (2 m n k)", SIZE, flops / 1e9),
        String.format(Locale.ROOT,
            "one untimed product, then products until %.0f s (at least %d); GFLOP/s over all timed products", MIN_SECONDS,
            MIN_REPS),
        "max diff = max |C - C_naive| / max |C_naive|, elements of A and B uniform in [-1, 1)");
    Random random = new Random(1);
    double[] a = new double[SIZE * SIZE];
    double[] b = new double[SIZE * SIZE];
    for (int i = 0; i < a.length; i++) {
      a[i] = 2 * random.nextDouble() - 1;
      b[i] = 2 * random.nextDouble() - 1;
    }
    report.header("products/s", "product");
    String[] forms = {"A*B", "A*B^T", "A^T*B"};
    for (int form = 0; form < 3; form++) {
      boolean transposeA = form == 2;
      boolean transposeB = form == 1;
      double[] reference = new double[SIZE * SIZE];
      Result naive = time(backends.naive(), forms[form], transposeA, transposeB, a, b, reference, flops);
      report.row(naive, naive);
      for (ComputeBackend backend : backends.measured()) {
        double[] c = new double[SIZE * SIZE];
        Result result = time(backend, forms[form], transposeA, transposeB, a, b, c, flops);
        report.row(result, naive);
        report.line(String.format(Locale.ROOT, "%s %s: max diff vs naive %.2e", backend.name(), forms[form], maxDiff(c, reference)));
      }
    }
  }

  /**
   * The rate of {@code backend} on {@code A·B}, 1024 x 1024 x 1024, for other workloads to compare with:
   * one untimed product, then products for {@value #MIN_SECONDS} s.
   *
   * @return the GFLOP/s
   */
  static double largeGemmRate(ComputeBackend backend) {
    Random random = new Random(1);
    double[] a = new double[SIZE * SIZE];
    double[] b = new double[SIZE * SIZE];
    for (int i = 0; i < a.length; i++) {
      a[i] = 2 * random.nextDouble() - 1;
      b[i] = 2 * random.nextDouble() - 1;
    }
    return time(backend, "A*B", false, false, a, b, new double[SIZE * SIZE], 2.0 * SIZE * SIZE * SIZE).gflops();
  }

  private static Result time(
      ComputeBackend backend, String form, boolean transposeA, boolean transposeB, double[] a, double[] b, double[] c,
      double flops) {
    backend.gemm(transposeA, transposeB, SIZE, SIZE, SIZE, a, b, c);
    Meter.resetPeakHeap();
    long allocated = Meter.allocatedBytes();
    long started = System.nanoTime();
    int reps = 0;
    do {
      backend.gemm(transposeA, transposeB, SIZE, SIZE, SIZE, a, b, c);
      reps++;
    } while (reps < MAX_REPS && (reps < MIN_REPS || System.nanoTime() - started < MIN_SECONDS * 1e9));
    double seconds = (System.nanoTime() - started) / 1e9;
    allocated = Meter.allocatedBytes() - allocated;
    return new Result(backend.name(), form + " (" + reps + " products)", reps, reps, seconds, flops, allocated,
        Meter.peakHeapBytes());
  }

  private static double maxDiff(double[] c, double[] reference) {
    double diff = 0;
    double scale = 0;
    for (int i = 0; i < c.length; i++) {
      diff = Math.max(diff, Math.abs(c[i] - reference[i]));
      scale = Math.max(scale, Math.abs(reference[i]));
    }
    return diff / scale;
  }
}
