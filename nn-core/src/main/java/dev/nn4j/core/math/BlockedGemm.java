package dev.nn4j.core.math;

import java.util.Arrays;

/**
 * The plain-Java {@link GemmKernel} of {@link JavaBackend}, used without the Vector API (and for products of
 * fewer rows than its tile): cache blocking, packing of {@code B} and tiles of three rows of {@code C},
 * written so that C2 auto-vectorizes the inner loop.
 *
 * <p>Every output element is the chain {@code c = fma(a(i,p), b(p,j), c)} over {@code p = 0, 1, ..., k-1}
 * in ascending order, starting from {@code +0.0}. Blocking, packing, tile shape and the partition of
 * {@code C} between threads only decide <em>when</em> each step of a chain runs, never its order or its
 * arithmetic, so every path here gives the same bits.
 *
 * <p>Why the loops look the way they do: C2 (Java 17) vectorizes a loop only when it can prove that the
 * stores of one iteration do not feed the loads of the next, and it can prove that only for accesses
 * {@code array[j + constant]}; an offset computed at run time ({@code c[row * n + j]}) is "not
 * comparable" and stops vectorization. So each packed row of {@code B} is an array of its own (read as
 * {@code b0[j]}), and the three rows of the {@code C} tile live in one accumulator array at the constant
 * stride {@link #NC} ({@code acc[j]}, {@code acc[j + NC]}, {@code acc[j + 2 * NC]}), copied from and
 * back to {@code C} with {@link System#arraycopy} around each block.
 *
 * <p>What limits it: C2 vectorizes only innermost loops, here the loop over the columns, so the
 * accumulators are array elements, not registers. Read with {@code -XX:+PrintAssembly} (JDK 17, AVX-512),
 * each pass of {@link #rows3} does 6 {@code vfmadd231pd} on zmm registers for 5 vector loads (3 of {@code
 * acc}, 2 of the panel) and 3 vector stores; at one 512-bit store per cycle and three memory operations per
 * cycle, that caps it near half the fma peak (about 40 GFLOP/s per core here, against 84 to 91 for
 * OpenBLAS and 76 to 80 for the register tiles of the Vector API kernel, which load three vectors and eight
 * broadcasts and store nothing per 24 fma).
 */
final class BlockedGemm implements GemmKernel {
  /** The one instance: the kernel keeps only per-thread scratch. */
  static final BlockedGemm INSTANCE = new BlockedGemm();

  /** Columns of {@code C} per block: the accumulator stride, a compile-time constant (see above). */
  static final int NC = 256;
  /** Steps of the inner index per block: a packed panel of {@code B} is {@code KC x NC} (512 KiB, in L2). */
  static final int KC = 256;
  /** Rows of {@code C} updated together, each packed element of {@code B} being used for all three. */
  static final int MR = 3;
  /** Rows of a block of {@code A} copied when it is stored transposed: a multiple of {@link #MR} (510 KiB, in L2). */
  static final int MA = 85 * MR;
  /** Rows of {@code B} copied at a time when {@code C} has few rows (16 KiB, in L1). */
  static final int STREAM_STEPS = 8;

  /** Per-thread scratch, allocated on a thread's first product and then reused. */
  private static final class Workspace {
    final double[][] panel = new double[KC][NC];
    final double[] acc = new double[MR * NC];
    private double[] aBlock;

    /** The copy of a block of {@code A} stored transposed, allocated on the thread's first such product. */
    double[] aBlock() {
      if (aBlock == null) {
        aBlock = new double[MA * KC];
      }
      return aBlock;
    }
  }

  private static final ThreadLocal<Workspace> WORKSPACE = ThreadLocal.withInitial(Workspace::new);

  private BlockedGemm() {}

  @Override
  public String name() {
    return "java-" + MR + "x" + NC;
  }

  @Override
  public int columnTile() {
    return 8;
  }

  @Override
  public int rowTile() {
    return MR;
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
    Workspace w = WORKSPACE.get();
    double[][] panel = w.panel;
    double[] acc = w.acc;
    // a(i, p) = a[i * aRow + p * aStep]
    int aRow = transposeA ? 1 : k;
    int aStep = transposeA ? m : 1;
    if (!transposeB && rowEnd - rowStart <= MR) {
      streamRows(n, k, a, b, c, accumulate, rowStart, rowEnd, colStart, colEnd, aRow, aStep, panel, acc);
      return;
    }
    for (int jc = colStart; jc < colEnd; jc += NC) {
      int nc = Math.min(NC, colEnd - jc);
      for (int pc = 0; pc < k; pc += KC) {
        int kc = Math.min(KC, k - pc);
        if (transposeB) {
          packTransposed(b, k, pc, kc, jc, nc, panel);
        } else {
          for (int p = 0; p < kc; p++) {
            System.arraycopy(b, (pc + p) * n + jc, panel[p], 0, nc);
          }
        }
        // With A transposed, its rows of a tile are m apart at each step: over a block of steps they would
        // fall in the same few sets of the caches (m a power of two) and be read again for every tile, so
        // each block of MA rows is first copied into rows of kc steps.
        for (int ib = rowStart; ib < rowEnd; ib += MA) {
          int blockEnd = Math.min(rowEnd, ib + MA);
          if (transposeA) {
            packTransposedA(a, m, pc, kc, ib, blockEnd, w.aBlock());
          }
          int rows;
          for (int i = ib; i < blockEnd; i += rows) {
            rows = Math.min(MR, blockEnd - i);
            for (int r = 0; r < rows; r++) {
              if (pc == 0 && !accumulate) {
                Arrays.fill(acc, r * NC, r * NC + nc, 0.0);
              } else {
                System.arraycopy(c, (i + r) * n + jc, acc, r * NC, nc);
              }
            }
            if (transposeA) {
              updateRows(rows, kc, nc, w.aBlock(), (i - ib) * kc, kc, 1, panel, acc);
            } else {
              updateRows(rows, kc, nc, a, i * aRow + pc * aStep, aRow, aStep, panel, acc);
            }
            for (int r = 0; r < rows; r++) {
              System.arraycopy(acc, r * NC, c, (i + r) * n + jc, nc);
            }
          }
        }
      }
    }
  }

  /** {@code block[(i - from) * kc + p] = A(i, pc + p)} for rows {@code [from, to)}, {@code A} stored {@code k x m}. */
  private static void packTransposedA(double[] a, int m, int pc, int kc, int from, int to, double[] block) {
    for (int p = 0; p < kc; p++) {
      int src = (pc + p) * m;
      for (int i = from, dst = p; i < to; i++, dst += kc) {
        block[dst] = a[src + i];
      }
    }
  }

  /**
   * The same chains for at most {@link #MR} rows of {@code C} with {@code B} not transposed: no panel
   * would be reused by another row, so rows of {@code B} are copied {@value #STREAM_STEPS} at a time into
   * buffers that stay in L1, and the accumulators hold each block of {@code C} over all of {@code k}.
   */
  private static void streamRows(
      int n,
      int k,
      double[] a,
      double[] b,
      double[] c,
      boolean accumulate,
      int rowStart,
      int rowEnd,
      int colStart,
      int colEnd,
      int aRow,
      int aStep,
      double[][] panel,
      double[] acc) {
    int rows = rowEnd - rowStart;
    for (int jc = colStart; jc < colEnd; jc += NC) {
      int nc = Math.min(NC, colEnd - jc);
      for (int r = 0; r < rows; r++) {
        if (accumulate) {
          System.arraycopy(c, (rowStart + r) * n + jc, acc, r * NC, nc);
        } else {
          Arrays.fill(acc, r * NC, r * NC + nc, 0.0);
        }
      }
      for (int pc = 0; pc < k; pc += STREAM_STEPS) {
        int kc = Math.min(STREAM_STEPS, k - pc);
        for (int p = 0; p < kc; p++) {
          System.arraycopy(b, (pc + p) * n + jc, panel[p], 0, nc);
        }
        updateRows(rows, kc, nc, a, rowStart * aRow + pc * aStep, aRow, aStep, panel, acc);
      }
      for (int r = 0; r < rows; r++) {
        System.arraycopy(acc, r * NC, c, (rowStart + r) * n + jc, nc);
      }
    }
  }

  /**
   * {@code panel[p][j] = B(pc + p, jc + j)} for {@code B} stored {@code n x k}: a transposing copy, eight
   * rows of the panel at a time so that each element read from {@code B} comes from a cache line just
   * used, and each panel row is written in order.
   */
  private static void packTransposed(double[] b, int k, int pc, int kc, int jc, int nc, double[][] panel) {
    int p = 0;
    for (; p + 7 < kc; p += 8) {
      double[] r0 = panel[p];
      double[] r1 = panel[p + 1];
      double[] r2 = panel[p + 2];
      double[] r3 = panel[p + 3];
      double[] r4 = panel[p + 4];
      double[] r5 = panel[p + 5];
      double[] r6 = panel[p + 6];
      double[] r7 = panel[p + 7];
      int s = jc * k + pc + p;
      for (int j = 0; j < nc; j++, s += k) {
        r0[j] = b[s];
        r1[j] = b[s + 1];
        r2[j] = b[s + 2];
        r3[j] = b[s + 3];
        r4[j] = b[s + 4];
        r5[j] = b[s + 5];
        r6[j] = b[s + 6];
        r7[j] = b[s + 7];
      }
    }
    for (; p < kc; p++) {
      double[] row = panel[p];
      int s = jc * k + pc + p;
      for (int j = 0; j < nc; j++, s += k) {
        row[j] = b[s];
      }
    }
  }

  /**
   * Advances the chains of {@code rows} (1 to {@link #MR}) rows of {@code C}, held in {@code acc}, by the
   * {@code kc} steps of the packed panel; {@code a(row r, step p) = a[aAt + r * aRow + p * aStep]}.
   */
  private static void updateRows(
      int rows, int kc, int nc, double[] a, int aAt, int aRow, int aStep, double[][] panel, double[] acc) {
    if (rows == 3) {
      rows3(kc, nc, a, aAt, aRow, aStep, panel, acc);
    } else if (rows == 2) {
      rows2(kc, nc, a, aAt, aRow, aStep, panel, acc);
    } else {
      rows1(kc, nc, a, aAt, aStep, panel, acc);
    }
  }

  // The micro-kernels: two steps of p per pass over the columns (three or two rows: each packed element
  // loaded once serves every row; one row: four steps per pass), so each accumulator is loaded and
  // stored once per two or four fma. Measured on AVX-512: 3 rows x 2 steps was the fastest shape that C2
  // still vectorizes; larger bodies (4 rows, or 3 rows x 4 steps) are not unrolled, hence not vectorized.

  private static void rows3(
      int kc, int nc, double[] a, int aAt, int aRow, int aStep, double[][] panel, double[] acc) {
    int p = 0;
    for (; p + 1 < kc; p += 2) {
      int q = aAt + p * aStep;
      double a00 = a[q];
      double a01 = a[q + aStep];
      q += aRow;
      double a10 = a[q];
      double a11 = a[q + aStep];
      q += aRow;
      double a20 = a[q];
      double a21 = a[q + aStep];
      double[] b0 = panel[p];
      double[] b1 = panel[p + 1];
      for (int j = 0; j < nc; j++) {
        double x0 = b0[j];
        double x1 = b1[j];
        acc[j] = Math.fma(a01, x1, Math.fma(a00, x0, acc[j]));
        acc[j + NC] = Math.fma(a11, x1, Math.fma(a10, x0, acc[j + NC]));
        acc[j + 2 * NC] = Math.fma(a21, x1, Math.fma(a20, x0, acc[j + 2 * NC]));
      }
    }
    if (p < kc) {
      int q = aAt + p * aStep;
      double a0 = a[q];
      double a1 = a[q + aRow];
      double a2 = a[q + 2 * aRow];
      double[] b0 = panel[p];
      for (int j = 0; j < nc; j++) {
        double x0 = b0[j];
        acc[j] = Math.fma(a0, x0, acc[j]);
        acc[j + NC] = Math.fma(a1, x0, acc[j + NC]);
        acc[j + 2 * NC] = Math.fma(a2, x0, acc[j + 2 * NC]);
      }
    }
  }

  private static void rows2(
      int kc, int nc, double[] a, int aAt, int aRow, int aStep, double[][] panel, double[] acc) {
    int p = 0;
    for (; p + 1 < kc; p += 2) {
      int q = aAt + p * aStep;
      double a00 = a[q];
      double a01 = a[q + aStep];
      q += aRow;
      double a10 = a[q];
      double a11 = a[q + aStep];
      double[] b0 = panel[p];
      double[] b1 = panel[p + 1];
      for (int j = 0; j < nc; j++) {
        double x0 = b0[j];
        double x1 = b1[j];
        acc[j] = Math.fma(a01, x1, Math.fma(a00, x0, acc[j]));
        acc[j + NC] = Math.fma(a11, x1, Math.fma(a10, x0, acc[j + NC]));
      }
    }
    if (p < kc) {
      int q = aAt + p * aStep;
      double a0 = a[q];
      double a1 = a[q + aRow];
      double[] b0 = panel[p];
      for (int j = 0; j < nc; j++) {
        double x0 = b0[j];
        acc[j] = Math.fma(a0, x0, acc[j]);
        acc[j + NC] = Math.fma(a1, x0, acc[j + NC]);
      }
    }
  }

  /**
   * Adds to {@code acc[0, nc)} the terms of one row of {@code op(A)} (starting at {@code aAt}, a step of
   * {@code aStep} per inner index) times the panel's rows, four steps per pass; also the whole product of
   * {@link JavaRowKernel}.
   */
  static void rows1(int kc, int nc, double[] a, int aAt, int aStep, double[][] panel, double[] acc) {
    int p = 0;
    for (; p + 3 < kc; p += 4) {
      int q = aAt + p * aStep;
      double a0 = a[q];
      double a1 = a[q + aStep];
      double a2 = a[q + 2 * aStep];
      double a3 = a[q + 3 * aStep];
      double[] b0 = panel[p];
      double[] b1 = panel[p + 1];
      double[] b2 = panel[p + 2];
      double[] b3 = panel[p + 3];
      for (int j = 0; j < nc; j++) {
        acc[j] = Math.fma(a3, b3[j], Math.fma(a2, b2[j], Math.fma(a1, b1[j], Math.fma(a0, b0[j], acc[j]))));
      }
    }
    for (; p < kc; p++) {
      double a0 = a[aAt + p * aStep];
      double[] b0 = panel[p];
      for (int j = 0; j < nc; j++) {
        acc[j] = Math.fma(a0, b0[j], acc[j]);
      }
    }
  }

  /**
   * {@code C = A · Bᵀ} for one or two rows of {@code C} (a single sample), without packing: transposing
   * {@code B} into a panel would cost more than the product. Each element is the dot product of a row of
   * {@code A} with a row of {@code B}, the same ascending fma chain as in {@link #multiply}, eight
   * chains side by side so that the fma units stay busy (C2 does not vectorize these reductions).
   */
  static void multiplyFewRowsTransposeB(
      int m, int n, int k, double[] a, double[] b, double[] c, boolean accumulate) {
    for (int i = 0; i < m; i++) {
      int ai = i * k;
      int ci = i * n;
      int j = 0;
      for (; j + 7 < n; j += 8) {
        int o0 = j * k;
        int o1 = o0 + k;
        int o2 = o1 + k;
        int o3 = o2 + k;
        int o4 = o3 + k;
        int o5 = o4 + k;
        int o6 = o5 + k;
        int o7 = o6 + k;
        double s0 = accumulate ? c[ci + j] : 0.0;
        double s1 = accumulate ? c[ci + j + 1] : 0.0;
        double s2 = accumulate ? c[ci + j + 2] : 0.0;
        double s3 = accumulate ? c[ci + j + 3] : 0.0;
        double s4 = accumulate ? c[ci + j + 4] : 0.0;
        double s5 = accumulate ? c[ci + j + 5] : 0.0;
        double s6 = accumulate ? c[ci + j + 6] : 0.0;
        double s7 = accumulate ? c[ci + j + 7] : 0.0;
        for (int p = 0; p < k; p++) {
          double x = a[ai + p];
          s0 = Math.fma(x, b[o0 + p], s0);
          s1 = Math.fma(x, b[o1 + p], s1);
          s2 = Math.fma(x, b[o2 + p], s2);
          s3 = Math.fma(x, b[o3 + p], s3);
          s4 = Math.fma(x, b[o4 + p], s4);
          s5 = Math.fma(x, b[o5 + p], s5);
          s6 = Math.fma(x, b[o6 + p], s6);
          s7 = Math.fma(x, b[o7 + p], s7);
        }
        c[ci + j] = s0;
        c[ci + j + 1] = s1;
        c[ci + j + 2] = s2;
        c[ci + j + 3] = s3;
        c[ci + j + 4] = s4;
        c[ci + j + 5] = s5;
        c[ci + j + 6] = s6;
        c[ci + j + 7] = s7;
      }
      for (; j < n; j++) {
        int o = j * k;
        double s = accumulate ? c[ci + j] : 0.0;
        for (int p = 0; p < k; p++) {
          s = Math.fma(a[ai + p], b[o + p], s);
        }
        c[ci + j] = s;
      }
    }
  }
}
