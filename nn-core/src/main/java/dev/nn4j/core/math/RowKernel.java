package dev.nn4j.core.math;

/**
 * How {@link FrozenWeights} lays out a weight matrix and multiplies one row by it. Each output must be
 * the chain {@code c = fma(x[p], w(j, p), c)} over {@code p = 0, 1, ..., k-1} from {@code +0.0}, the
 * order of {@link JavaBackend}, so that every kernel gives the same bits.
 */
interface RowKernel {
  /** A short name for logs and benchmarks. */
  String name();

  /** Copies {@code w}, {@code [n, k]} row-major, into the kernel's layout; the product reads only the copy. */
  Product pack(double[] w, int n, int k);

  /** {@code wᵀ}, {@code [k, n]} row-major, from {@code w}, {@code [n, k]} row-major. */
  static double[] transpose(double[] w, int n, int k) {
    double[] t = new double[n * k];
    for (int j = 0; j < n; j++) {
      for (int p = 0; p < k; p++) {
        t[p * n + j] = w[j * k + p];
      }
    }
    return t;
  }

  /** {@code y[j] = Σ_p x[p] · w(j, p)} for every output {@code j}, from a packed copy of {@code w}. */
  @FunctionalInterface
  interface Product {
    void multiply(double[] x, double[] y);
  }
}
