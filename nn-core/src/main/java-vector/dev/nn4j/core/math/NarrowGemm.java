package dev.nn4j.core.math;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link GemmKernel} on the Vector API for narrow products, those of a layer with few outputs (ten classes):
 * register tiles of {@code C} over {@code A} and {@code B} read where they are stored, with none of {@link
 * VectorGemm}'s packing, which at these sizes costs about as much as the product itself. {@link JavaBackend}
 * gives it the products it {@linkplain #takes takes}, and only when {@link GemmKernels} chose the Vector API.
 *
 * <p><b>The three products of a narrow layer</b> (batch {@code b}, {@code f} inputs, {@code o <= 4 L} outputs,
 * {@code L} the doubles of a vector):
 *
 * <ul>
 *   <li>{@code A·Bᵀ}, the forward product ({@code b x o x f}): {@code B}, the {@code o x f} weights, is copied
 *       once per product into a per-thread scratch of {@code f} rows of two or four vectors (the only copy, of
 *       about {@code o f} elements), and {@code A} is read in place, a row per broadcast;
 *   <li>{@code Aᵀ·B}, the weight gradient ({@code o x f x b}): the {@code o x b} block of {@code op(A)} is
 *       copied into rows ({@code o b} elements) and {@code B} is read in place, its rows contiguous;
 *   <li>{@code A·B}, the input gradient ({@code b x f x o}, few steps): both read in place.
 * </ul>
 *
 * <p><b>The tiles.</b> Eight rows by two vectors (columns of {@code C} up to {@code 2 L} wide) or five rows by
 * four vectors (up to {@code 4 L}), 16 or 20 accumulators held in registers for all {@code k} steps: each step
 * loads the tile's vectors of a row of {@code op(B)}, broadcasts one element of {@code op(A)} per row and does
 * one fma per accumulator. Each lane is one element of {@code C} and its chain is {@code c = fma(a(i,p),
 * b(p,j), c)} over {@code p} ascending, from zero or {@code C}'s value, as in every {@link GemmKernel}: the
 * same bits.
 *
 * <p><b>Edges</b> cost no scalar loop: a tile's rows past the end of its block repeat its last row, and a
 * tile's vectors past the end of its columns are moved back to end at its last column, overlapping the vector
 * before. The repeated lanes compute the same chains from the same values (every accumulator is loaded
 * before any is stored), so storing them twice writes the same bits, and never outside the block. This
 * needs blocks at least one vector wide, which {@link #takes} asks for; a narrower block (the last chunk of
 * columns of a threaded product) runs on {@link BlockedGemm}.
 *
 * <p>Only with vectors of eight doubles (AVX-512, 32 registers): the tiles need 20 accumulators.
 */
final class NarrowGemm implements GemmKernel {
  private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
  private static final int L = S.length();
  /** The widest narrow side: four vectors, 32 doubles with AVX-512. */
  static final int NARROW = 4 * L;
  /** Rows of the tile of two vectors. */
  static final int ROWS_OF_TWO = 8;
  /** Rows of the tile of four vectors. */
  static final int ROWS_OF_FOUR = 5;
  /** Steps of the inner index beyond which products keep the packed kernels (the scratch stays below 512 KiB). */
  static final int MAX_STEPS = 2048;

  /** Per-thread scratch: grown to a product's size when needed, then reused. */
  private static final class Workspace {
    double[] b = new double[0];
    double[] a = new double[0];
    final int[] rows = new int[NARROW];

    double[] b(int size) {
      if (b.length < size) {
        b = new double[size];
      }
      return b;
    }

    double[] a(int size) {
      if (a.length < size) {
        a = new double[size];
      }
      return a;
    }
  }

  private static final ThreadLocal<Workspace> WORKSPACE = ThreadLocal.withInitial(Workspace::new);

  @Override
  public String name() {
    return "vector-api-" + S.vectorBitSize() + "bit-narrow-" + ROWS_OF_TWO + "x" + 2 * L + "-" + ROWS_OF_FOUR + "x" + 4 * L;
  }

  @Override
  public int columnTile() {
    return NARROW;
  }

  @Override
  public int rowTile() {
    return ROWS_OF_TWO;
  }

  /**
   * {@code A·Bᵀ} with at most {@link #NARROW} columns, {@code Aᵀ·B} with at most {@link #NARROW} rows, {@code
   * A·B} with at most {@link #NARROW} steps; in each, at least a vector of columns and at most {@link
   * #MAX_STEPS} steps. With vectors of fewer than eight doubles, none.
   */
  @Override
  public boolean takes(boolean transposeA, boolean transposeB, int m, int n, int k) {
    if (L < 8 || n < L || k > MAX_STEPS) {
      return false;
    }
    if (transposeA) {
      return !transposeB && m <= NARROW;
    }
    return transposeB ? n <= NARROW : k <= NARROW;
  }

  @Override
  public void multiply(
      boolean transposeA,
      boolean transposeB,
      int m,
      int n,
      int k,
      double[] a,
      double[] b,
      double[] c,
      boolean accumulate,
      int rowStart,
      int rowEnd,
      int colStart,
      int colEnd) {
    int width = colEnd - colStart;
    if (width <= 0 || rowEnd <= rowStart) {
      return;
    }
    if (width < L || transposeA && transposeB) {
      BlockedGemm.INSTANCE.multiply(
          transposeA, transposeB, m, n, k, a, b, c, accumulate, rowStart, rowEnd, colStart, colEnd);
      return;
    }
    Workspace w = WORKSPACE.get();
    VectorMask<Double> zero = accumulate ? VectorGemm.KEEP : VectorGemm.ZERO;
    // op(A)(i, p) = as[aOrigin + i * k + p]: A itself, or its rows of the block copied (Aᵀ·B).
    double[] as = a;
    int aOrigin = 0;
    if (transposeA) {
      as = w.a((rowEnd - rowStart) * k);
      aOrigin = -rowStart * k;
      transposeRows(a, m, k, rowStart, rowEnd, as);
    }
    // Groups of four vectors of columns, the last columns in a group of their own width (two groups if that
    // would leave one narrower than a vector), each group's tiles read op(B) with a constant distance between
    // its vectors: B in place when it is stored k x n and the group is whole, otherwise a copy.
    int last = rowEnd - 1;
    for (int j0 = colStart, cols; j0 < colEnd; j0 += cols) {
      int rest = colEnd - j0;
      cols = rest >= NARROW + L || rest == NARROW ? NARROW : rest < NARROW ? rest : rest / 2;
      boolean two = cols <= 2 * L;
      int ld = two ? 2 * L : NARROW;
      double[] bs = b;
      int bAt = j0;
      int ldb = n;
      if (transposeB || cols != ld) {
        bs = w.b(k * ld);
        bAt = 0;
        ldb = ld;
        if (transposeB) {
          transposeColumns(b, k, j0, cols, ld, w.rows, bs);
        } else {
          copyColumns(b, n, k, j0, cols, ld, bs);
        }
      }
      // The vectors' columns in C: the last ones moved back to end at the group's last column.
      int c1 = Math.min(L, cols - L);
      int c2 = Math.min(2 * L, cols - L);
      int c3 = Math.min(3 * L, cols - L);
      if (two) {
        for (int i = rowStart; i < rowEnd; i += ROWS_OF_TWO) {
          tile8x2(zero, k, as, aOrigin, i, last, bs, bAt, ldb, c, j0, n, c1);
        }
      } else {
        for (int i = rowStart; i < rowEnd; i += ROWS_OF_FOUR) {
          tile5x4(zero, k, as, aOrigin, i, last, bs, bAt, ldb, c, j0, n, c1, c2, c3);
        }
      }
    }
  }

  /**
   * Copies columns {@code j0 .. j0+cols-1} of {@code B} (stored {@code k x n}) into {@code ld / L} vectors a
   * step, {@code ld} apart, in the layout of {@link #transposeColumns}.
   */
  private static void copyColumns(double[] b, int n, int k, int j0, int cols, int ld, double[] bt) {
    for (int p = 0; p < k; p++) {
      for (int v = 0; v < ld; v += L) {
        System.arraycopy(b, p * n + j0 + Math.min(v, cols - L), bt, p * ld + v, L);
      }
    }
  }

  /** {@code rowsOfA[(i - from) * k + p] = a[p * m + i]}, rows {@code [from, to)} of {@code Aᵀ}, {@code A} stored {@code k x m}. */
  private static void transposeRows(double[] a, int m, int k, int from, int to, double[] rowsOfA) {
    for (int p = 0; p < k; p++) {
      for (int i = from, dst = p; i < to; i++, dst += k) {
        rowsOfA[dst] = a[p * m + i];
      }
    }
  }

  /**
   * Copies columns {@code j0 .. j0+cols-1} of {@code Bᵀ} ({@code B} stored {@code n x k}) into {@code ld / L}
   * vectors a step, step after step ({@code ld} apart), the last vectors moved back to end at the last column
   * as the tiles' stores are: lane {@code l} of vector {@code v} of step {@code p} is {@code B(j0 + min(v L, cols
   * - L) + l, p)}. Step after step so that each step's lanes are written together (one row of {@code B} per
   * lane, read in order).
   */
  private static void transposeColumns(double[] b, int k, int j0, int cols, int ld, int[] rows, double[] bt) {
    for (int q = 0; q < ld; q++) {
      rows[q] = (j0 + Math.min(q / L * L, cols - L) + q % L) * k;
    }
    // Eight lanes at a time: eight rows of B read in order, eight adjacent elements written per step.
    int q = 0;
    for (; q + 8 <= ld; q += 8) {
      int s0 = rows[q];
      int s1 = rows[q + 1];
      int s2 = rows[q + 2];
      int s3 = rows[q + 3];
      int s4 = rows[q + 4];
      int s5 = rows[q + 5];
      int s6 = rows[q + 6];
      int s7 = rows[q + 7];
      for (int p = 0, dst = q; p < k; p++, dst += ld) {
        bt[dst] = b[s0 + p];
        bt[dst + 1] = b[s1 + p];
        bt[dst + 2] = b[s2 + p];
        bt[dst + 3] = b[s3 + p];
        bt[dst + 4] = b[s4 + p];
        bt[dst + 5] = b[s5 + p];
        bt[dst + 6] = b[s6 + p];
        bt[dst + 7] = b[s7 + p];
      }
    }
    for (; q < ld; q++) {
      for (int p = 0, dst = q, src = rows[q]; p < k; p++, dst += ld) {
        bt[dst] = b[src + p];
      }
    }
  }

  // The two tiles, written out so that every accumulator is a local variable that C2 keeps in a register for
  // the whole loop over p. Row r of a tile is row min(i + r, last) of C; lane l of accumulator c<r><v> is
  // column j0 + o_v + l of C, o_v the vector's offset (0, c1, c2, c3), and its step p of op(B) is at
  // b[bAt + p ldb + v L]: constant distances between the vectors, so that C2 checks one range per step.

  /** Eight rows by two vectors: 16 accumulators. */
  private static void tile8x2(
      VectorMask<Double> zero, int k, double[] a, int aOrigin, int i, int last, double[] b, int bAt, int ldb,
      double[] c, int j0, int ldc, int c1) {
    int a0 = aOrigin + i * k;
    int a1 = aOrigin + Math.min(i + 1, last) * k;
    int a2 = aOrigin + Math.min(i + 2, last) * k;
    int a3 = aOrigin + Math.min(i + 3, last) * k;
    int a4 = aOrigin + Math.min(i + 4, last) * k;
    int a5 = aOrigin + Math.min(i + 5, last) * k;
    int a6 = aOrigin + Math.min(i + 6, last) * k;
    int a7 = aOrigin + Math.min(i + 7, last) * k;
    int r0 = i * ldc + j0;
    int r1 = Math.min(i + 1, last) * ldc + j0;
    int r2 = Math.min(i + 2, last) * ldc + j0;
    int r3 = Math.min(i + 3, last) * ldc + j0;
    int r4 = Math.min(i + 4, last) * ldc + j0;
    int r5 = Math.min(i + 5, last) * ldc + j0;
    int r6 = Math.min(i + 6, last) * ldc + j0;
    int r7 = Math.min(i + 7, last) * ldc + j0;
    DoubleVector c00 = VectorGemm.start(zero, c, r0);
    DoubleVector c01 = VectorGemm.start(zero, c, r0 + c1);
    DoubleVector c10 = VectorGemm.start(zero, c, r1);
    DoubleVector c11 = VectorGemm.start(zero, c, r1 + c1);
    DoubleVector c20 = VectorGemm.start(zero, c, r2);
    DoubleVector c21 = VectorGemm.start(zero, c, r2 + c1);
    DoubleVector c30 = VectorGemm.start(zero, c, r3);
    DoubleVector c31 = VectorGemm.start(zero, c, r3 + c1);
    DoubleVector c40 = VectorGemm.start(zero, c, r4);
    DoubleVector c41 = VectorGemm.start(zero, c, r4 + c1);
    DoubleVector c50 = VectorGemm.start(zero, c, r5);
    DoubleVector c51 = VectorGemm.start(zero, c, r5 + c1);
    DoubleVector c60 = VectorGemm.start(zero, c, r6);
    DoubleVector c61 = VectorGemm.start(zero, c, r6 + c1);
    DoubleVector c70 = VectorGemm.start(zero, c, r7);
    DoubleVector c71 = VectorGemm.start(zero, c, r7 + c1);
    for (int p = 0; p < k; p++) {
      int bo = bAt + p * ldb;
      DoubleVector v0 = DoubleVector.fromArray(S, b, bo);
      DoubleVector v1 = DoubleVector.fromArray(S, b, bo + L);
      DoubleVector x = DoubleVector.broadcast(S, a[a0 + p]);
      c00 = v0.fma(x, c00);
      c01 = v1.fma(x, c01);
      x = DoubleVector.broadcast(S, a[a1 + p]);
      c10 = v0.fma(x, c10);
      c11 = v1.fma(x, c11);
      x = DoubleVector.broadcast(S, a[a2 + p]);
      c20 = v0.fma(x, c20);
      c21 = v1.fma(x, c21);
      x = DoubleVector.broadcast(S, a[a3 + p]);
      c30 = v0.fma(x, c30);
      c31 = v1.fma(x, c31);
      x = DoubleVector.broadcast(S, a[a4 + p]);
      c40 = v0.fma(x, c40);
      c41 = v1.fma(x, c41);
      x = DoubleVector.broadcast(S, a[a5 + p]);
      c50 = v0.fma(x, c50);
      c51 = v1.fma(x, c51);
      x = DoubleVector.broadcast(S, a[a6 + p]);
      c60 = v0.fma(x, c60);
      c61 = v1.fma(x, c61);
      x = DoubleVector.broadcast(S, a[a7 + p]);
      c70 = v0.fma(x, c70);
      c71 = v1.fma(x, c71);
    }
    c00.intoArray(c, r0);
    c01.intoArray(c, r0 + c1);
    c10.intoArray(c, r1);
    c11.intoArray(c, r1 + c1);
    c20.intoArray(c, r2);
    c21.intoArray(c, r2 + c1);
    c30.intoArray(c, r3);
    c31.intoArray(c, r3 + c1);
    c40.intoArray(c, r4);
    c41.intoArray(c, r4 + c1);
    c50.intoArray(c, r5);
    c51.intoArray(c, r5 + c1);
    c60.intoArray(c, r6);
    c61.intoArray(c, r6 + c1);
    c70.intoArray(c, r7);
    c71.intoArray(c, r7 + c1);
  }

  /** Five rows by four vectors: 20 accumulators. */
  private static void tile5x4(
      VectorMask<Double> zero, int k, double[] a, int aOrigin, int i, int last, double[] b, int bAt, int ldb,
      double[] c, int j0, int ldc, int c1, int c2, int c3) {
    int a0 = aOrigin + i * k;
    int a1 = aOrigin + Math.min(i + 1, last) * k;
    int a2 = aOrigin + Math.min(i + 2, last) * k;
    int a3 = aOrigin + Math.min(i + 3, last) * k;
    int a4 = aOrigin + Math.min(i + 4, last) * k;
    int r0 = i * ldc + j0;
    int r1 = Math.min(i + 1, last) * ldc + j0;
    int r2 = Math.min(i + 2, last) * ldc + j0;
    int r3 = Math.min(i + 3, last) * ldc + j0;
    int r4 = Math.min(i + 4, last) * ldc + j0;
    DoubleVector c00 = VectorGemm.start(zero, c, r0);
    DoubleVector c01 = VectorGemm.start(zero, c, r0 + c1);
    DoubleVector c02 = VectorGemm.start(zero, c, r0 + c2);
    DoubleVector c03 = VectorGemm.start(zero, c, r0 + c3);
    DoubleVector c10 = VectorGemm.start(zero, c, r1);
    DoubleVector c11 = VectorGemm.start(zero, c, r1 + c1);
    DoubleVector c12 = VectorGemm.start(zero, c, r1 + c2);
    DoubleVector c13 = VectorGemm.start(zero, c, r1 + c3);
    DoubleVector c20 = VectorGemm.start(zero, c, r2);
    DoubleVector c21 = VectorGemm.start(zero, c, r2 + c1);
    DoubleVector c22 = VectorGemm.start(zero, c, r2 + c2);
    DoubleVector c23 = VectorGemm.start(zero, c, r2 + c3);
    DoubleVector c30 = VectorGemm.start(zero, c, r3);
    DoubleVector c31 = VectorGemm.start(zero, c, r3 + c1);
    DoubleVector c32 = VectorGemm.start(zero, c, r3 + c2);
    DoubleVector c33 = VectorGemm.start(zero, c, r3 + c3);
    DoubleVector c40 = VectorGemm.start(zero, c, r4);
    DoubleVector c41 = VectorGemm.start(zero, c, r4 + c1);
    DoubleVector c42 = VectorGemm.start(zero, c, r4 + c2);
    DoubleVector c43 = VectorGemm.start(zero, c, r4 + c3);
    for (int p = 0; p < k; p++) {
      int bo = bAt + p * ldb;
      DoubleVector v0 = DoubleVector.fromArray(S, b, bo);
      DoubleVector v1 = DoubleVector.fromArray(S, b, bo + L);
      DoubleVector v2 = DoubleVector.fromArray(S, b, bo + 2 * L);
      DoubleVector v3 = DoubleVector.fromArray(S, b, bo + 3 * L);
      DoubleVector x = DoubleVector.broadcast(S, a[a0 + p]);
      c00 = v0.fma(x, c00);
      c01 = v1.fma(x, c01);
      c02 = v2.fma(x, c02);
      c03 = v3.fma(x, c03);
      x = DoubleVector.broadcast(S, a[a1 + p]);
      c10 = v0.fma(x, c10);
      c11 = v1.fma(x, c11);
      c12 = v2.fma(x, c12);
      c13 = v3.fma(x, c13);
      x = DoubleVector.broadcast(S, a[a2 + p]);
      c20 = v0.fma(x, c20);
      c21 = v1.fma(x, c21);
      c22 = v2.fma(x, c22);
      c23 = v3.fma(x, c23);
      x = DoubleVector.broadcast(S, a[a3 + p]);
      c30 = v0.fma(x, c30);
      c31 = v1.fma(x, c31);
      c32 = v2.fma(x, c32);
      c33 = v3.fma(x, c33);
      x = DoubleVector.broadcast(S, a[a4 + p]);
      c40 = v0.fma(x, c40);
      c41 = v1.fma(x, c41);
      c42 = v2.fma(x, c42);
      c43 = v3.fma(x, c43);
    }
    c00.intoArray(c, r0);
    c01.intoArray(c, r0 + c1);
    c02.intoArray(c, r0 + c2);
    c03.intoArray(c, r0 + c3);
    c10.intoArray(c, r1);
    c11.intoArray(c, r1 + c1);
    c12.intoArray(c, r1 + c2);
    c13.intoArray(c, r1 + c3);
    c20.intoArray(c, r2);
    c21.intoArray(c, r2 + c1);
    c22.intoArray(c, r2 + c2);
    c23.intoArray(c, r2 + c3);
    c30.intoArray(c, r3);
    c31.intoArray(c, r3 + c1);
    c32.intoArray(c, r3 + c2);
    c33.intoArray(c, r3 + c3);
    c40.intoArray(c, r4);
    c41.intoArray(c, r4 + c1);
    c42.intoArray(c, r4 + c2);
    c43.intoArray(c, r4 + c3);
  }
}
