package dev.nn4j.core.math;

import java.util.Arrays;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link RowKernel} on the Vector API ({@code jdk.incubator.vector}), loaded only when the JVM was started
 * with {@code --add-modules jdk.incubator.vector} (see {@link FrozenWeights}).
 *
 * <p>The outputs are computed a tile at a time, up to sixteen vectors of consecutive outputs whose accumulators
 * stay in registers while that tile's weights stream past once, and each output is still the chain {@code c =
 * fma(x[p], w(j, p), c)} over {@code p = 0, 1, ..., k-1} from {@code +0.0}, so the bits are those of {@link
 * JavaBackend}. Fewer outputs than one vector holds are computed one at a time, in the same order.
 *
 * <p>The weights are stored as one <em>panel</em> per tile: its columns of {@code wᵀ} ({@code [k, width]}, step
 * after step) in one contiguous run, the panels one after the other, so that the product reads its weights in
 * one sequential stream. From {@code wᵀ} as a whole ({@code [k, n]}), each step of a tile read the run of its
 * outputs (128 with AVX-512) and jumped {@code n} ahead, a new page every step or two, which the hardware
 * prefetchers follow less well: one sample through W3's 784-512-512 layers (5.4 MB of weights, more than L2) took 0.244 ms on one thread,
 * against 0.183 from panels (harness RK, same JVM, alternating).
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
    return new Panels(w, n, k);
  }

  /**
   * The tiles of a product with {@code n} outputs, in order, and their panels: tile {@code t} computes vectors
   * of {@link #vectors}{@code [t]} (16, 8, 2 or 1; 0 for outputs one at a time) from output {@link #firsts}{@code
   * [t]}, reading its panel of {@link #widths}{@code [t]} columns at {@link #offsets}{@code [t]}. Whole tiles of
   * sixteen vectors (AVX-512), then of eight, then of two; the last outputs take whole vectors that end at {@code
   * n} and overlap outputs already done (an overlapped output is computed again by the same chain, so it is
   * written again with the same value): a panel of two vectors that overlap each other, or one vector's panel
   * that repeats columns of the panel before it.
   */
  private static final class Panels implements Product {
    private final int k;
    private final double[] weights;
    private final int[] vectors;
    private final int[] firsts;
    private final int[] widths;
    private final int[] offsets;

    /** The panels of {@code w}, {@code [n, k]} row-major. */
    Panels(double[] w, int n, int k) {
      this.k = k;
      int[] v = new int[n / (2 * L) + 2];
      int[] f = new int[v.length];
      int[] width = new int[v.length];
      int tiles = 0;
      int j = 0;
      for (int wide : SIXTEEN ? new int[] {16, 8, 2} : new int[] {8, 2}) {
        for (; j + wide * L <= n; j += wide * L, tiles++) {
          v[tiles] = wide;
          f[tiles] = j;
          width[tiles] = wide * L;
        }
      }
      if (n - j > L) {
        v[tiles] = 2;
        f[tiles] = j;
        width[tiles++] = n - j;
      } else if (j < n && n >= L) {
        v[tiles] = 1;
        f[tiles] = n - L;
        width[tiles++] = L;
      } else if (j < n) {
        v[tiles] = 0;
        f[tiles] = j;
        width[tiles++] = n - j;
      }
      vectors = Arrays.copyOf(v, tiles);
      firsts = Arrays.copyOf(f, tiles);
      widths = Arrays.copyOf(width, tiles);
      offsets = new int[tiles];
      int size = 0;
      for (int t = 0; t < tiles; t++) {
        offsets[t] = size;
        size += k * widths[t];
      }
      weights = new double[size];
      for (int t = 0; t < tiles; t++) {
        for (int q = 0; q < widths[t]; q++) {
          for (int p = 0, from = (firsts[t] + q) * k, to = offsets[t] + q; p < k; p++, to += widths[t]) {
            weights[to] = w[from + p];
          }
        }
      }
    }

    @Override
    public void multiply(double[] x, double[] y) {
      for (int t = 0; t < vectors.length; t++) {
        int o = offsets[t];
        int j = firsts[t];
        int width = widths[t];
        switch (vectors[t]) {
          case 16:
            sixteen(x, weights, k, o, j, y);
            break;
          case 8:
            eight(x, weights, k, o, j, y);
            break;
          case 2:
            two(x, weights, width, k, o, j, y);
            break;
          case 1:
            one(x, weights, k, o, j, y);
            break;
          case 0:
            for (int q = 0; q < width; q++) {
              double c = 0.0;
              for (int p = 0, at = o + q; p < k; p++, at += width) {
                c = Math.fma(x[p], weights[at], c);
              }
              y[j + q] = c;
            }
            break;
          default:
            throw new AssertionError(vectors[t]);
        }
      }
    }
  }

  /** Outputs {@code [j, j + L)} from the panel at {@code o}, {@code L} wide. */
  private static void one(double[] x, double[] wp, int k, int o, int j, double[] y) {
    DoubleVector c = DoubleVector.zero(S);
    for (int p = 0; p < k; p++, o += L) {
      c = DoubleVector.fromArray(S, wp, o).fma(DoubleVector.broadcast(S, x[p]), c);
    }
    c.intoArray(y, j);
  }

  /**
   * Outputs {@code [j, j + L)} and {@code [j + width - L, j + width)}, two chains side by side, from the panel at
   * {@code o}, {@code width} wide (two vectors, which overlap when {@code width < 2 L}).
   */
  private static void two(double[] x, double[] wp, int width, int k, int o, int j, double[] y) {
    DoubleVector c0 = DoubleVector.zero(S);
    DoubleVector c1 = c0;
    int second = width - L;
    for (int p = 0; p < k; p++, o += width) {
      DoubleVector xp = DoubleVector.broadcast(S, x[p]);
      c0 = DoubleVector.fromArray(S, wp, o).fma(xp, c0);
      c1 = DoubleVector.fromArray(S, wp, o + second).fma(xp, c1);
    }
    c0.intoArray(y, j);
    c1.intoArray(y, j + second);
  }

  /** Outputs {@code [j, j + 16 L)}, sixteen vector accumulators, from the panel at {@code o}. */
  private static void sixteen(double[] x, double[] wp, int k, int o, int j, double[] y) {
    DoubleVector zero = DoubleVector.zero(S);
    DoubleVector c0 = zero, c1 = zero, c2 = zero, c3 = zero, c4 = zero, c5 = zero, c6 = zero, c7 = zero, c8 = zero, c9 = zero, c10 = zero, c11 = zero, c12 = zero, c13 = zero, c14 = zero, c15 = zero;
    for (int p = 0; p < k; p++, o += 16 * L) {
      DoubleVector xp = DoubleVector.broadcast(S, x[p]);
      c0 = DoubleVector.fromArray(S, wp, o + 0 * L).fma(xp, c0);
      c1 = DoubleVector.fromArray(S, wp, o + 1 * L).fma(xp, c1);
      c2 = DoubleVector.fromArray(S, wp, o + 2 * L).fma(xp, c2);
      c3 = DoubleVector.fromArray(S, wp, o + 3 * L).fma(xp, c3);
      c4 = DoubleVector.fromArray(S, wp, o + 4 * L).fma(xp, c4);
      c5 = DoubleVector.fromArray(S, wp, o + 5 * L).fma(xp, c5);
      c6 = DoubleVector.fromArray(S, wp, o + 6 * L).fma(xp, c6);
      c7 = DoubleVector.fromArray(S, wp, o + 7 * L).fma(xp, c7);
      c8 = DoubleVector.fromArray(S, wp, o + 8 * L).fma(xp, c8);
      c9 = DoubleVector.fromArray(S, wp, o + 9 * L).fma(xp, c9);
      c10 = DoubleVector.fromArray(S, wp, o + 10 * L).fma(xp, c10);
      c11 = DoubleVector.fromArray(S, wp, o + 11 * L).fma(xp, c11);
      c12 = DoubleVector.fromArray(S, wp, o + 12 * L).fma(xp, c12);
      c13 = DoubleVector.fromArray(S, wp, o + 13 * L).fma(xp, c13);
      c14 = DoubleVector.fromArray(S, wp, o + 14 * L).fma(xp, c14);
      c15 = DoubleVector.fromArray(S, wp, o + 15 * L).fma(xp, c15);
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

  /** Outputs {@code [j, j + 8 L)}, eight vector accumulators, from the panel at {@code o}. */
  private static void eight(double[] x, double[] wp, int k, int o, int j, double[] y) {
    DoubleVector zero = DoubleVector.zero(S);
    DoubleVector c0 = zero, c1 = zero, c2 = zero, c3 = zero, c4 = zero, c5 = zero, c6 = zero, c7 = zero;
    for (int p = 0; p < k; p++, o += 8 * L) {
      DoubleVector xp = DoubleVector.broadcast(S, x[p]);
      c0 = DoubleVector.fromArray(S, wp, o + 0 * L).fma(xp, c0);
      c1 = DoubleVector.fromArray(S, wp, o + 1 * L).fma(xp, c1);
      c2 = DoubleVector.fromArray(S, wp, o + 2 * L).fma(xp, c2);
      c3 = DoubleVector.fromArray(S, wp, o + 3 * L).fma(xp, c3);
      c4 = DoubleVector.fromArray(S, wp, o + 4 * L).fma(xp, c4);
      c5 = DoubleVector.fromArray(S, wp, o + 5 * L).fma(xp, c5);
      c6 = DoubleVector.fromArray(S, wp, o + 6 * L).fma(xp, c6);
      c7 = DoubleVector.fromArray(S, wp, o + 7 * L).fma(xp, c7);
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
