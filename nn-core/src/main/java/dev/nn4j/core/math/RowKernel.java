package dev.nn4j.core.math;

/**
 * How {@link FrozenWeights} lays out a weight matrix and multiplies one row by it. Each output must be
 * the chain {@code c = fma(x[p], w(j, p), c)} over {@code p = 0, 1, ..., k-1} from {@code +0.0}, the
 * order of {@link JavaBackend}, so that every kernel gives the same bits.
 */
interface RowKernel {
  /** A short name for logs and benchmarks. */
  String name();

  /** The kernel's own copy of {@code w}, {@code [n, k]} row-major (never {@code w} itself). */
  double[] pack(double[] w, int n, int k);

  /** {@code y[j] = Σ_p x[p] · w(j, p)} for {@code j < n}, from the packed copy of {@code w}. */
  void multiply(double[] x, double[] packed, int n, int k, double[] y);
}
