package dev.nn4j.bench;

import dev.nn4j.core.math.ComputeBackend;
import dev.nn4j.core.math.JavaBackend;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;

/**
 * Square 1024 x 1024 x 1024 products on each backend, called directly (not through the network), in the
 * three forms nn4j's layers use: {@code A·B}, {@code A·Bᵀ} and {@code Aᵀ·B}; then the products of W2's and
 * W3's dense layers (batch 64) and 1024³ on the {@code java} backend with one and two threads beside
 * OpenBLAS, whose thread count is fixed for the process ({@code OPENBLAS_NUM_THREADS}, else every processor).
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
    layerShapes();
  }

  /** {@code FORM m n k}: FORM gives the transposes of A and B (N or T) as in BLAS; with the layer they belong to. */
  private static final String[][] LAYER_SHAPES = {
    {"NN 1024 1024 1024", "square"}, {"NT 1024 1024 1024", "square"}, {"TN 1024 1024 1024", "square"},
    {"NT 64 128 784", "W2 784-128 forward x.W^T"}, {"TN 128 784 64", "W2 784-128 weight gradient d^T.x"},
    {"NN 64 784 128", "W2 784-128 input gradient d.W"},
    {"NT 64 512 784", "W3 784-512 forward"}, {"TN 512 784 64", "W3 784-512 weight gradient"},
    {"NN 64 784 512", "W3 784-512 input gradient"},
    {"NT 64 512 512", "W3 512-512 forward"}, {"TN 512 512 64", "W3 512-512 weight gradient"},
    {"NN 64 512 512", "W3 512-512 input gradient"},
    {"NT 64 10 512", "W3 512-10 forward"}, {"TN 10 512 64", "W3 512-10 weight gradient"},
    {"NN 64 512 10", "W3 512-10 input gradient"},
  };

  /**
   * The {@code java} backend with one and with two threads, and OpenBLAS with the threads of this process,
   * at the shapes of {@link #LAYER_SHAPES}: GFLOP/s of the best of timed batches (each at least {@value
   * #BATCH_SECONDS} s, for {@value #SHAPE_SECONDS} s after {@value #WARM_SECONDS} s of warm-up: on a machine
   * shared with other work, the batch least disturbed), and their ratios, all measured in this run.
   */
  private void layerShapes() {
    Optional<ComputeBackend> openBlas = backends.measured().stream().filter(b -> b.name().equals("openblas")).findFirst();
    String env = System.getenv("OPENBLAS_NUM_THREADS");
    int blasThreads = env == null ? Runtime.getRuntime().availableProcessors() : Integer.parseInt(env.trim());
    JavaBackend one = JavaBackend.withThreads(1);
    JavaBackend two = JavaBackend.withThreads(2);
    JavaBackend same = blasThreads == 1 ? one : blasThreads == 2 ? two : JavaBackend.withThreads(blasThreads);
    report.title(
        "GEMM at layer shapes (batch 64): java with 1 and 2 threads beside openblas with " + blasThreads
            + " thread(s) (OPENBLAS_NUM_THREADS " + (env == null ? "unset" : env) + ")",
        "java kernel: " + one.kernelName() + "; GFLOP/s = the best of batches of at least "
            + (int) (BATCH_SECONDS * 1000) + " ms over " + SHAPE_SECONDS + " s, after " + WARM_SECONDS
            + " s of warm-up (the batch least disturbed by other processes)",
        "java 2/1 = speed-up from the second thread; java/blas = java with " + blasThreads
            + " thread(s) / openblas with as many; bits = java 1 and 2 threads give the same C");
    report.line(String.format(Locale.ROOT, "%-6s %-18s %8s %8s %8s %10s %9s %5s  %s", "form", "m x n x k", "java 1T",
        "java 2T", "java 2/1", "openblas", "java/blas", "bits", "layer"));
    Random random = new Random(7);
    for (String[] shape : LAYER_SHAPES) {
      String[] f = shape[0].split(" ");
      boolean transposeA = f[0].charAt(0) == 'T';
      boolean transposeB = f[0].charAt(1) == 'T';
      int m = Integer.parseInt(f[1]);
      int n = Integer.parseInt(f[2]);
      int k = Integer.parseInt(f[3]);
      double[] a = uniform(random, m * k);
      double[] b = uniform(random, k * n);
      double[] c1 = new double[m * n];
      double[] c2 = new double[m * n];
      double rate1 = bestRate(one, transposeA, transposeB, m, n, k, a, b, c1);
      double rate2 = bestRate(two, transposeA, transposeB, m, n, k, a, b, c2);
      boolean same1and2 = Arrays.equals(c1, c2);
      double rateBlas = openBlas.map(blas -> bestRate(blas, transposeA, transposeB, m, n, k, a, b, new double[m * n])).orElse(Double.NaN);
      double rateSame = same == one ? rate1 : same == two ? rate2 : bestRate(same, transposeA, transposeB, m, n, k, a, b, c1);
      report.line(String.format(Locale.ROOT, "%-6s %-18s %8.1f %8.1f %7.2fx %10.1f %8.2fx %5s  %s", f[0],
          m + "x" + n + "x" + k, rate1, rate2, rate2 / rate1, rateBlas, rateSame / rateBlas, same1and2 ? "same" : "DIFF", shape[1]));
    }
  }

  private static final double WARM_SECONDS = 0.3;
  private static final double SHAPE_SECONDS = 1.0;
  private static final double BATCH_SECONDS = 0.01;

  private static double bestRate(
      ComputeBackend backend, boolean transposeA, boolean transposeB, int m, int n, int k, double[] a, double[] b, double[] c) {
    long started = System.nanoTime();
    int warm = 0;
    while (warm < 3 || System.nanoTime() - started < WARM_SECONDS * 1e9) {
      backend.gemm(transposeA, transposeB, m, n, k, a, b, c);
      warm++;
    }
    double[] rates = new double[1000];
    int batches = 0;
    started = System.nanoTime();
    while (batches < rates.length && (batches < 3 || System.nanoTime() - started < SHAPE_SECONDS * 1e9)) {
      long batchStart = System.nanoTime();
      long products = 0;
      long elapsed;
      do {
        backend.gemm(transposeA, transposeB, m, n, k, a, b, c);
        products++;
        elapsed = System.nanoTime() - batchStart;
      } while (elapsed < BATCH_SECONDS * 1e9);
      rates[batches++] = 2.0 * m * n * k * products / elapsed;
    }
    double[] measured = Arrays.copyOf(rates, batches);
    Arrays.sort(measured);
    return measured[batches - 1];
  }

  private static double[] uniform(Random random, int size) {
    double[] x = new double[size];
    for (int i = 0; i < size; i++) {
      x[i] = 2 * random.nextDouble() - 1;
    }
    return x;
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
