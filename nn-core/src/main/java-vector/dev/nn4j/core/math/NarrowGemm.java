package dev.nn4j.core.math;

import jdk.incubator.vector.DoubleVector;
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
 *       into a per-thread scratch of {@code f} rows of two vectors per group of {@code 2 L} outputs (the only
 *       copy, of {@code 2 L f} elements a group), and {@code A} is read in place, a row per broadcast;
 *   <li>{@code Aᵀ·B}, the weight gradient ({@code o x f x b}): the {@code o x b} block of {@code op(A)} is
 *       copied into rows ({@code o b} elements) and {@code B} is read in place, its rows contiguous;
 *   <li>{@code A·B}, the input gradient ({@code b x f x o}, few steps): both read in place, but for a ragged
 *       group of columns of {@code B}, copied.
 * </ul>
 *
 * <p><b>The tile.</b> {@value #ROWS} rows by two vectors of {@code C}, 20 accumulators held in registers for
 * all {@code k} steps: each step loads two vectors of a row of {@code op(B)}, broadcasts one element of
 * {@code op(A)} per row and does one fma per accumulator. Each lane is one element of {@code C} and its chain
 * is {@code c = fma(a(i,p), b(p,j), c)} over {@code p} ascending, from zero or {@code C}'s value, as in every
 * {@link GemmKernel}: the same bits. Ten rows, the outputs of a ten-class layer ({@code Aᵀ·B} is one row of
 * tiles); a batch of 64 rows ({@code A·Bᵀ}, {@code A·B}) takes seven tiles, 9 % more work than its rows.
 * Measured against two tiles, eight rows by two vectors and five by four: five by four ran {@code A·B} and
 * {@code Aᵀ·B} at W2's and W3's shapes up to 10 % faster, but a second tile method, called by the forward
 * product only (eight calls a step), stayed in C1's code, which boxes every vector, for 75 steps of a small
 * CNN's training (2.5 MB a step), and one method holding both tiles made C2 box them in every product.
 *
 * <p><b>Edges</b> cost no scalar loop: a tile's rows past the end of its block repeat its last row, and a
 * tile's second vector, when its columns are fewer than two vectors, is moved back to end at its last column,
 * overlapping the first. The repeated lanes compute the same chains from the same values (every accumulator
 * is loaded before any is stored), so storing them twice writes the same bits, and never outside the block.
 * This needs blocks at least one vector wide, which {@link #takes} asks for; a narrower block (the last chunk
 * of columns of a threaded product) runs on {@link BlockedGemm}.
 *
 * <p>Only with vectors of at least eight doubles (AVX-512, 32 registers): the tile needs 20 accumulators.
 */
final class NarrowGemm implements GemmKernel {
  private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
  private static final int L = S.length();
  /** The widest narrow side: four vectors, 32 doubles with AVX-512. */
  static final int NARROW = 4 * L;
  /** Columns of a tile: two vectors. */
  static final int COLUMNS = 2 * L;
  /** Rows of a tile. */
  static final int ROWS = 10;
  /**
   * The fewest rows it takes: with 1 to 3 rows, the tile repeating them, the plain loops ran {@code A·B} 784 x 10
   * and {@code Aᵀ·B} 128 x 64 in 1.5 to 2.6 µs against 2.4 to 4.3 (one-output layers' weight gradients, input
   * gradients of a batch of one); from 4 rows on this kernel was as fast or faster (review measurements, loaded
   * machine).
   */
  static final int MIN_ROWS = 4;
  /**
   * Steps of the inner index beyond which products keep the packed kernels: a per-thread copy of {@code op(B)}
   * holds two vectors a step (256 KiB at most), and one of {@code Aᵀ}'s block up to {@link #NARROW} rows a step
   * (512 KiB at most).
   */
  static final int MAX_STEPS = 2048;

  /** Per-thread scratch: grown to a product's size when needed, then reused. */
  private static final class Workspace {
    double[] b = new double[0];
    double[] a = new double[0];
    final int[] rows = new int[COLUMNS];

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
    return "vector-api-" + S.vectorBitSize() + "bit-narrow-" + ROWS + "x" + COLUMNS;
  }

  @Override
  public int columnTile() {
    return COLUMNS;
  }

  @Override
  public int rowTile() {
    return ROWS;
  }

  /**
   * {@code A·Bᵀ} with at most {@link #NARROW} columns, {@code Aᵀ·B} with at most {@link #NARROW} rows, {@code
   * A·B} with at most {@link #NARROW} steps; in each, at least a vector of columns, at least {@link #MIN_ROWS}
   * rows and at most {@link #MAX_STEPS} steps. With vectors of fewer than eight doubles, none.
   */
  @Override
  public boolean takes(boolean transposeA, boolean transposeB, int m, int n, int k) {
    if (L < 8 || n < L || m < MIN_ROWS || k > MAX_STEPS) {
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
    int zero = accumulate ? VectorGemm.KEEP : VectorGemm.ZERO;
    // op(A)(i, p) = as[aOrigin + i * k + p]: A itself, or its rows of the block copied (Aᵀ·B).
    double[] as = a;
    int aOrigin = 0;
    if (transposeA) {
      as = w.a((rowEnd - rowStart) * k);
      aOrigin = -rowStart * k;
      transposeRows(a, m, k, rowStart, rowEnd, as);
    }
    int last = rowEnd - 1;
    // B stored k x n: its whole groups of two vectors of columns read in place, rows of tiles outer (measured 10 %
    // faster on A·B at k = 10 than columns outer). A call per tile, not per row of tiles (which spares a call's
    // offsets of rows and loads of C, about ten steps' time): the method must be called often enough to
    // reach C2 early, since until then C1's code boxes every vector (W2's training with a call per row of
    // tiles: 15 calls a step, 1.5 MB allocated a step over mlp-steps' 500 timed steps, several times slower).
    int inPlace = 0;
    if (!transposeB) {
      inPlace = width / COLUMNS - (width % COLUMNS == 0 || width % COLUMNS >= L ? 0 : 1);
      int inPlaceEnd = colStart + inPlace * COLUMNS;
      for (int i = rowStart; i < rowEnd && inPlace > 0; i += ROWS) {
        for (int j0 = colStart; j0 < inPlaceEnd; j0 += COLUMNS) {
          tile(zero, k, as, aOrigin, i, last, b, j0, n, c, j0, n, L);
        }
      }
    }
    // The other columns (all of A·Bᵀ's) from a copy of op(B), a group at a time: two vectors of columns, the
    // last columns in a group of their own width (two groups if that would leave one narrower than a vector).
    for (int j0 = colStart + inPlace * COLUMNS, cols; j0 < colEnd; j0 += cols) {
      int rest = colEnd - j0;
      cols = rest >= COLUMNS + L || rest == COLUMNS ? COLUMNS : rest < COLUMNS ? rest : rest / 2;
      double[] copy = w.b(k * COLUMNS);
      if (transposeB) {
        transposeColumns(b, k, j0, cols, w.rows, copy);
      } else {
        copyColumns(b, n, k, j0, cols, copy);
      }
      // The second vector moved back to end at the group's last column.
      for (int i = rowStart; i < rowEnd; i += ROWS) {
        tile(zero, k, as, aOrigin, i, last, copy, 0, COLUMNS, c, j0, n, cols - L);
      }
    }
  }

  /**
   * Copies columns {@code j0 .. j0+cols-1} of {@code B} (stored {@code k x n}) into two vectors a step, step
   * after step, in the layout of {@link #transposeColumns}.
   */
  private static void copyColumns(double[] b, int n, int k, int j0, int cols, double[] bt) {
    for (int p = 0; p < k; p++) {
      System.arraycopy(b, p * n + j0, bt, p * COLUMNS, L);
      System.arraycopy(b, p * n + j0 + cols - L, bt, p * COLUMNS + L, L);
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
   * Copies columns {@code j0 .. j0+cols-1} of {@code Bᵀ} ({@code B} stored {@code n x k}) into two vectors a
   * step, step after step ({@link #COLUMNS} apart), the second moved back to end at the last column as the
   * tiles' stores are: lane {@code l} of the first vector of step {@code p} is {@code B(j0 + l, p)}, of the
   * second {@code B(j0 + cols - L + l, p)}. Eight lanes at a time: eight rows of {@code B} read in order, eight
   * adjacent elements written per step.
   */
  private static void transposeColumns(double[] b, int k, int j0, int cols, int[] rows, double[] bt) {
    for (int q = 0; q < COLUMNS; q++) {
      rows[q] = (j0 + (q < L ? q : cols - L + q - L)) * k;
    }
    int q = 0;
    for (; q + 8 <= COLUMNS; q += 8) {
      int s0 = rows[q];
      int s1 = rows[q + 1];
      int s2 = rows[q + 2];
      int s3 = rows[q + 3];
      int s4 = rows[q + 4];
      int s5 = rows[q + 5];
      int s6 = rows[q + 6];
      int s7 = rows[q + 7];
      for (int p = 0, dst = q; p < k; p++, dst += COLUMNS) {
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
    for (; q < COLUMNS; q++) {
      for (int p = 0, dst = q, src = rows[q]; p < k; p++, dst += COLUMNS) {
        bt[dst] = b[src + p];
      }
    }
  }

  /**
   * The tile of {@value #ROWS} rows from row {@code i} by two vectors from column {@code j0} of {@code C}
   * ({@code ldc} apart), written out so that every accumulator is a local variable that C2 keeps in a register
   * for the whole loop over {@code p}: row {@code r} is row {@code min(i + r, last)}, the second vector starts at
   * column {@code j0 + second}; {@code op(A)(row, p)} is {@code a[aOrigin + row k + p]} and step {@code p} of the
   * two vectors of {@code op(B)} is at {@code b[bAt + p ldb]} and {@code L} further: a constant distance, so that
   * C2 checks one range per step. From {@code C}'s values or from zero ({@link VectorGemm#start}).
   */
  private static void tile(
      int zero, int k, double[] a, int aOrigin, int i, int last, double[] b, int bAt, int ldb,
      double[] c, int j0, int ldc, int second) {
    int a0 = aOrigin + i * k;
    int a1 = aOrigin + Math.min(i + 1, last) * k;
    int a2 = aOrigin + Math.min(i + 2, last) * k;
    int a3 = aOrigin + Math.min(i + 3, last) * k;
    int a4 = aOrigin + Math.min(i + 4, last) * k;
    int a5 = aOrigin + Math.min(i + 5, last) * k;
    int a6 = aOrigin + Math.min(i + 6, last) * k;
    int a7 = aOrigin + Math.min(i + 7, last) * k;
    int a8 = aOrigin + Math.min(i + 8, last) * k;
    int a9 = aOrigin + Math.min(i + 9, last) * k;
    int r0 = i * ldc + j0;
    int r1 = Math.min(i + 1, last) * ldc + j0;
    int r2 = Math.min(i + 2, last) * ldc + j0;
    int r3 = Math.min(i + 3, last) * ldc + j0;
    int r4 = Math.min(i + 4, last) * ldc + j0;
    int r5 = Math.min(i + 5, last) * ldc + j0;
    int r6 = Math.min(i + 6, last) * ldc + j0;
    int r7 = Math.min(i + 7, last) * ldc + j0;
    int r8 = Math.min(i + 8, last) * ldc + j0;
    int r9 = Math.min(i + 9, last) * ldc + j0;
    DoubleVector c00 = VectorGemm.start(zero, c, r0);
    DoubleVector c01 = VectorGemm.start(zero, c, r0 + second);
    DoubleVector c10 = VectorGemm.start(zero, c, r1);
    DoubleVector c11 = VectorGemm.start(zero, c, r1 + second);
    DoubleVector c20 = VectorGemm.start(zero, c, r2);
    DoubleVector c21 = VectorGemm.start(zero, c, r2 + second);
    DoubleVector c30 = VectorGemm.start(zero, c, r3);
    DoubleVector c31 = VectorGemm.start(zero, c, r3 + second);
    DoubleVector c40 = VectorGemm.start(zero, c, r4);
    DoubleVector c41 = VectorGemm.start(zero, c, r4 + second);
    DoubleVector c50 = VectorGemm.start(zero, c, r5);
    DoubleVector c51 = VectorGemm.start(zero, c, r5 + second);
    DoubleVector c60 = VectorGemm.start(zero, c, r6);
    DoubleVector c61 = VectorGemm.start(zero, c, r6 + second);
    DoubleVector c70 = VectorGemm.start(zero, c, r7);
    DoubleVector c71 = VectorGemm.start(zero, c, r7 + second);
    DoubleVector c80 = VectorGemm.start(zero, c, r8);
    DoubleVector c81 = VectorGemm.start(zero, c, r8 + second);
    DoubleVector c90 = VectorGemm.start(zero, c, r9);
    DoubleVector c91 = VectorGemm.start(zero, c, r9 + second);
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
      x = DoubleVector.broadcast(S, a[a8 + p]);
      c80 = v0.fma(x, c80);
      c81 = v1.fma(x, c81);
      x = DoubleVector.broadcast(S, a[a9 + p]);
      c90 = v0.fma(x, c90);
      c91 = v1.fma(x, c91);
    }
    c00.intoArray(c, r0);
    c01.intoArray(c, r0 + second);
    c10.intoArray(c, r1);
    c11.intoArray(c, r1 + second);
    c20.intoArray(c, r2);
    c21.intoArray(c, r2 + second);
    c30.intoArray(c, r3);
    c31.intoArray(c, r3 + second);
    c40.intoArray(c, r4);
    c41.intoArray(c, r4 + second);
    c50.intoArray(c, r5);
    c51.intoArray(c, r5 + second);
    c60.intoArray(c, r6);
    c61.intoArray(c, r6 + second);
    c70.intoArray(c, r7);
    c71.intoArray(c, r7 + second);
    c80.intoArray(c, r8);
    c81.intoArray(c, r8 + second);
    c90.intoArray(c, r9);
    c91.intoArray(c, r9 + second);
  }
}
