package dev.nn4j.core.math;

import java.util.Random;

/**
 * A manual benchmark of {@link JavaBackend} against {@link NaiveBackend}, in one process: not a test (no
 * test runs it; timings on a shared machine are noisy, so it reports the best of many runs).
 *
 * <p>Run from the repository root after {@code mvn -o -q test-compile -pl nn-core}:
 *
 * <pre>
 * java -cp nn-core/target/classes:nn-core/target/test-classes dev.nn4j.core.math.JavaBackendManualBenchmark [seconds]
 * </pre>
 */
public final class JavaBackendManualBenchmark {
  private JavaBackendManualBenchmark() {}

  /** Prints GFLOP/s for 1024³ and the training shapes, and the latency of single-sample products. */
  public static void main(String[] args) {
    double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 2.0;
    NaiveBackend naive = new NaiveBackend();
    JavaBackend one = new JavaBackend(1);
    JavaBackend two = new JavaBackend(2);
    System.out.printf(
        "1024x1024x1024 A·B: naive %.1f, java 1 thread %.1f, java 2 threads %.1f GFLOP/s%n",
        gflops(naive, false, false, 1024, 1024, 1024, seconds),
        gflops(one, false, false, 1024, 1024, 1024, seconds),
        gflops(two, false, false, 1024, 1024, 1024, seconds));
    // {transposeA, transposeB, m, n, k}
    int[][] shapes = {
      {0, 1, 64, 128, 784}, {1, 0, 128, 784, 64}, {0, 0, 64, 784, 128}, {0, 1, 64, 512, 784},
      {0, 1, 64, 512, 512}, {0, 1, 1000, 128, 784}
    };
    for (int[] s : shapes) {
      boolean ta = s[0] == 1;
      boolean tb = s[1] == 1;
      System.out.printf(
          "%-4s %dx%dx%d: naive %.1f, java 1 thread %.1f, java 2 threads %.1f GFLOP/s%n",
          (ta ? "Aᵀ" : "A") + (tb ? "Bᵀ" : "B"),
          s[2],
          s[3],
          s[4],
          gflops(naive, ta, tb, s[2], s[3], s[4], seconds),
          gflops(one, ta, tb, s[2], s[3], s[4], seconds),
          gflops(two, ta, tb, s[2], s[3], s[4], seconds));
    }
    System.out.printf(
        "single sample: x[1,784]·W[128,784]ᵀ naive %.2f us, java %.2f us; x[1,784]·W[784,128] java %.2f us;"
            + " h[1,128]·W[10,128]ᵀ java %.2f us%n",
        micros(naive, false, true, 1, 128, 784, seconds),
        micros(two, false, true, 1, 128, 784, seconds),
        micros(two, false, false, 1, 128, 784, seconds),
        micros(two, false, true, 1, 10, 128, seconds));
  }

  private static double gflops(
      ComputeBackend backend, boolean ta, boolean tb, int m, int n, int k, double seconds) {
    return 2.0 * m * n * k / bestNanos(backend, ta, tb, m, n, k, seconds);
  }

  private static double micros(
      ComputeBackend backend, boolean ta, boolean tb, int m, int n, int k, double seconds) {
    return bestNanos(backend, ta, tb, m, n, k, seconds) / 1e3;
  }

  private static double bestNanos(
      ComputeBackend backend, boolean ta, boolean tb, int m, int n, int k, double seconds) {
    Random random = new Random(1);
    double[] a = random.doubles((long) m * k).toArray();
    double[] b = random.doubles((long) k * n).toArray();
    double[] c = new double[m * n];
    long best = Long.MAX_VALUE;
    long end = System.nanoTime() + (long) (seconds * 1e9);
    for (int run = 0; run < 3 || System.nanoTime() < end; run++) {
      long start = System.nanoTime();
      backend.gemm(ta, tb, m, n, k, a, b, c);
      best = Math.min(best, System.nanoTime() - start);
    }
    return best;
  }
}
