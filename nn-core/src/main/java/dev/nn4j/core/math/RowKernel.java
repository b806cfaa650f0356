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

  /** {@code y[j] = Σ_p x[p] · w(j, p)} for every output {@code j}, from a packed copy of {@code w}. */
  @FunctionalInterface
  interface Product {
    void multiply(double[] x, double[] y);
  }
}
