package dev.nn4j.core.math;

/**
 * The reference backend: plain loops, no blocking, one thread. It is what the benchmarks compare every
 * other backend against, in the same run, and what tests check them against. Select it with {@code
 * -Dnn4j.backend=naive}.
 */
public final class NaiveBackend implements ComputeBackend {

  /** The reference backend; stateless. */
  public NaiveBackend() {}

  @Override
  public String name() {
    return "naive";
  }

  @Override
  public void gemm(boolean transposeA, boolean transposeB, int m, int n, int k, double[] a, double[] b, double[] c) {
    gemm(transposeA, transposeB, m, n, k, a, b, c, false);
  }

  @Override
  public void gemm(
      boolean transposeA, boolean transposeB, int m, int n, int k, double[] a, double[] b, double[] c, boolean accumulate) {
    if (!accumulate) {
      java.util.Arrays.fill(c, 0, m * n, 0.0);
    }
    if (transposeB) {
      // c[i][j] = Σ_p a(i,p) · b[j][p]: a dot product of two rows.
      for (int i = 0; i < m; i++) {
        for (int j = 0; j < n; j++) {
          double sum = c[i * n + j];
          for (int p = 0; p < k; p++) {
            sum += (transposeA ? a[p * m + i] : a[i * k + p]) * b[j * k + p];
          }
          c[i * n + j] = sum;
        }
      }
      return;
    }
    // i-k-j: c[i][·] += a(i,p) · b[p][·].
    for (int i = 0; i < m; i++) {
      for (int p = 0; p < k; p++) {
        double aip = transposeA ? a[p * m + i] : a[i * k + p];
        for (int j = 0; j < n; j++) {
          c[i * n + j] += aip * b[p * n + j];
        }
      }
    }
  }

  /** Registers {@code "naive"} with the lowest priority: it is chosen only by name. */
  public static final class Provider implements ComputeBackendProvider {
    /** Called by {@link java.util.ServiceLoader}. */
    public Provider() {}

    @Override
    public String name() {
      return "naive";
    }

    @Override
    public int priority() {
      return -100;
    }

    @Override
    public java.util.Optional<ComputeBackend> create() {
      return java.util.Optional.of(new NaiveBackend());
    }
  }
}
