package dev.nn4j.core.math;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link RowKernel} on the Vector API ({@code jdk.incubator.vector}), loaded only when the JVM was started
 * with {@code --add-modules jdk.incubator.vector} (see {@link FrozenWeights}).
 *
 * <p>The weights are stored transposed, {@code [k, n]}, so that one step {@code p} of the inner index
 * updates a run of consecutive outputs: the accumulators of up to sixteen vectors of outputs stay in
 * registers while the weights stream past once, and each output is still the chain {@code c = fma(x[p],
 * w(j, p), c)} over {@code p = 0, 1, ..., k-1} from {@code +0.0}, so the bits are those of {@link
 * JavaBackend}. Fewer outputs than one vector holds are computed one at a time, in the same order.
 */
final class VectorRowKernel implements RowKernel {
  private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
  private static final int L = S.length();
  /** Sixteen accumulators and two operands fit the 32 vector registers of AVX-512, not the 16 of AVX2. */
  private static final boolean SIXTEEN = L >= 8;

  @Override
  public String name() {
    return "vector-api-" + S.vectorBitSize() + "bit";
  }

  @Override
  public Product pack(double[] w, int n, int k) {
    double[] wt = RowKernel.transpose(w, n, k);
    return (x, y) -> multiply(x, wt, n, k, y);
  }

  /** The product with {@code wt}, the weights transposed: {@code [k, n]}, row-major. */
  static void multiply(double[] x, double[] wt, int n, int k, double[] y) {
    int j = 0;
    if (SIXTEEN) {
      for (; j + 16 * L <= n; j += 16 * L) {
        sixteen(x, wt, n, k, j, y);
      }
    }
    for (; j + 8 * L <= n; j += 8 * L) {
      eight(x, wt, n, k, j, y);
    }
    for (; j + 2 * L <= n; j += 2 * L) {
      two(x, wt, n, k, j, j + L, y);
    }
    // The last outputs: whole vectors that end at n, overlapping outputs already done. An overlapped output
    // is computed again by the same chain, so it is written again with the same value.
    if (n - j > L) {
      two(x, wt, n, k, j, n - L, y);
    } else if (j < n && n >= L) {
      one(x, wt, n, k, n - L, y);
    } else {
      for (; j < n; j++) {
        double c = 0.0;
        for (int p = 0, o = j; p < k; p++, o += n) {
          c = Math.fma(x[p], wt[o], c);
        }
        y[j] = c;
      }
    }
  }

  /** Outputs {@code [j, j + L)}. */
  private static void one(double[] x, double[] wt, int n, int k, int j, double[] y) {
    DoubleVector c = DoubleVector.zero(S);
    for (int p = 0, o = j; p < k; p++, o += n) {
      c = DoubleVector.fromArray(S, wt, o).fma(DoubleVector.broadcast(S, x[p]), c);
    }
    c.intoArray(y, j);
  }

  /** Outputs {@code [j0, j0 + L)} and {@code [j1, j1 + L)}, two chains side by side. */
  private static void two(double[] x, double[] wt, int n, int k, int j0, int j1, double[] y) {
    DoubleVector c0 = DoubleVector.zero(S);
    DoubleVector c1 = c0;
    for (int p = 0, o = 0; p < k; p++, o += n) {
      DoubleVector xp = DoubleVector.broadcast(S, x[p]);
      c0 = DoubleVector.fromArray(S, wt, o + j0).fma(xp, c0);
      c1 = DoubleVector.fromArray(S, wt, o + j1).fma(xp, c1);
    }
    c0.intoArray(y, j0);
    c1.intoArray(y, j1);
  }

  /** Outputs {@code [j, j + 16 L)}, sixteen vector accumulators. */
  private static void sixteen(double[] x, double[] wt, int n, int k, int j, double[] y) {
    DoubleVector zero = DoubleVector.zero(S);
    DoubleVector c0 = zero, c1 = zero, c2 = zero, c3 = zero, c4 = zero, c5 = zero, c6 = zero, c7 = zero, c8 = zero, c9 = zero, c10 = zero, c11 = zero, c12 = zero, c13 = zero, c14 = zero, c15 = zero;
    for (int p = 0, o = j; p < k; p++, o += n) {
      DoubleVector xp = DoubleVector.broadcast(S, x[p]);
      c0 = DoubleVector.fromArray(S, wt, o + 0 * L).fma(xp, c0);
      c1 = DoubleVector.fromArray(S, wt, o + 1 * L).fma(xp, c1);
      c2 = DoubleVector.fromArray(S, wt, o + 2 * L).fma(xp, c2);
      c3 = DoubleVector.fromArray(S, wt, o + 3 * L).fma(xp, c3);
      c4 = DoubleVector.fromArray(S, wt, o + 4 * L).fma(xp, c4);
      c5 = DoubleVector.fromArray(S, wt, o + 5 * L).fma(xp, c5);
      c6 = DoubleVector.fromArray(S, wt, o + 6 * L).fma(xp, c6);
      c7 = DoubleVector.fromArray(S, wt, o + 7 * L).fma(xp, c7);
      c8 = DoubleVector.fromArray(S, wt, o + 8 * L).fma(xp, c8);
      c9 = DoubleVector.fromArray(S, wt, o + 9 * L).fma(xp, c9);
      c10 = DoubleVector.fromArray(S, wt, o + 10 * L).fma(xp, c10);
      c11 = DoubleVector.fromArray(S, wt, o + 11 * L).fma(xp, c11);
      c12 = DoubleVector.fromArray(S, wt, o + 12 * L).fma(xp, c12);
      c13 = DoubleVector.fromArray(S, wt, o + 13 * L).fma(xp, c13);
      c14 = DoubleVector.fromArray(S, wt, o + 14 * L).fma(xp, c14);
      c15 = DoubleVector.fromArray(S, wt, o + 15 * L).fma(xp, c15);
    }
    c0.intoArray(y, j + 0 * L);
    c1.intoArray(y, j + 1 * L);
    c2.intoArray(y, j + 2 * L);
    c3.intoArray(y, j + 3 * L);
    c4.intoArray(y, j + 4 * L);
    c5.intoArray(y, j + 5 * L);
    c6.intoArray(y, j + 6 * L);
    c7.intoArray(y, j + 7 * L);
    c8.intoArray(y, j + 8 * L);
    c9.intoArray(y, j + 9 * L);
    c10.intoArray(y, j + 10 * L);
    c11.intoArray(y, j + 11 * L);
    c12.intoArray(y, j + 12 * L);
    c13.intoArray(y, j + 13 * L);
    c14.intoArray(y, j + 14 * L);
    c15.intoArray(y, j + 15 * L);
  }

  /** Outputs {@code [j, j + 8 L)}, eight vector accumulators. */
  private static void eight(double[] x, double[] wt, int n, int k, int j, double[] y) {
    DoubleVector zero = DoubleVector.zero(S);
    DoubleVector c0 = zero, c1 = zero, c2 = zero, c3 = zero, c4 = zero, c5 = zero, c6 = zero, c7 = zero;
    for (int p = 0, o = j; p < k; p++, o += n) {
      DoubleVector xp = DoubleVector.broadcast(S, x[p]);
      c0 = DoubleVector.fromArray(S, wt, o + 0 * L).fma(xp, c0);
      c1 = DoubleVector.fromArray(S, wt, o + 1 * L).fma(xp, c1);
      c2 = DoubleVector.fromArray(S, wt, o + 2 * L).fma(xp, c2);
      c3 = DoubleVector.fromArray(S, wt, o + 3 * L).fma(xp, c3);
      c4 = DoubleVector.fromArray(S, wt, o + 4 * L).fma(xp, c4);
      c5 = DoubleVector.fromArray(S, wt, o + 5 * L).fma(xp, c5);
      c6 = DoubleVector.fromArray(S, wt, o + 6 * L).fma(xp, c6);
      c7 = DoubleVector.fromArray(S, wt, o + 7 * L).fma(xp, c7);
    }
    c0.intoArray(y, j + 0 * L);
    c1.intoArray(y, j + 1 * L);
    c2.intoArray(y, j + 2 * L);
    c3.intoArray(y, j + 3 * L);
    c4.intoArray(y, j + 4 * L);
    c5.intoArray(y, j + 5 * L);
    c6.intoArray(y, j + 6 * L);
    c7.intoArray(y, j + 7 * L);
  }
}
