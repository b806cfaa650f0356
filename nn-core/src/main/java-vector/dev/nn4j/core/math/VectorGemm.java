package dev.nn4j.core.math;

import java.util.Arrays;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link GemmKernel} on the Vector API ({@code jdk.incubator.vector}): a register-blocked micro-kernel
 * over packed panels, loaded only when the JVM was started with {@code --add-modules jdk.incubator.vector}
 * (see {@link GemmKernels}).
 *
 * <p><b>The micro-kernel.</b> A tile of {@code MR} rows by {@code NR = 3 L} columns of {@code C} ({@code L}
 * the doubles of the preferred vector; 8 x 24 with AVX-512, 4 x 12 with AVX2) is held in {@code 3 MR}
 * vector accumulators across a whole block of the inner index: each step {@code p} loads three vectors of a
 * packed row of {@code B}, broadcasts {@code MR} elements of a packed column of {@code A} and does {@code 3
 * MR} fused multiply-adds, with no load or store of {@code C}. Each lane of an accumulator is one element of
 * {@code C}, and its chain is {@code c = fma(a(i,p), b(p,j), c)} over {@code p} ascending, exactly as in
 * {@link BlockedGemm}: same bits. What C2 (JDK 17) makes of the 8 x 24 loop on AVX-512, read with
 * {@code -XX:+PrintAssembly}: three {@code vmovdqu32} loads of {@code B}, eight {@code vbroadcastsd} of
 * {@code A} and 24 {@code vfmadd231pd} on zmm registers, the accumulators never leaving their registers,
 * plus a few scalar instructions of loop control and range checks.
 *
 * <p><b>Packing.</b> For a block of {@code KC} steps ({@code KC_FEW_ROWS} for products of at most {@code MC}
 * rows), {@code op(B)} is copied into micro-panels of {@code NR} columns ({@code KC x NR}, step after step: 48 KiB
 * with AVX-512, the size of L1, 24 KiB for the fewer steps, half that with AVX2, where a micro-panel stays while it
 * meets every row tile of the block of {@code A}), and a block of {@value #MC} rows of {@code op(A)} into
 * micro-panels of {@code MR} rows, read from L2 (see {@link #packA} for their two layouts). Both copies
 * read {@code A} and {@code B} as stored, transposed or not, so the three products of training run the
 * same micro-kernel. Rows past the end of {@code A} and columns past the end of {@code B} are packed as
 * zeros: ragged tiles run the same micro-kernel (one or two vectors wide when that covers the columns left,
 * in products narrower than {@link #WIDE}) into a scratch tile, and only their valid part is copied to {@code
 * C}.
 *
 * <p>{@code B} stored transposed ({@code A·Bᵀ}, the forward product of a dense layer) is packed by scalar
 * copies, the one part of the kernel that is not vectorized: a gather ({@code DoubleVector.fromArray} with
 * an index map) packed it 15 % faster at W2's shapes, but C2 (JDK 17) sometimes failed to intrinsify it
 * when it was inlined deep in a caller, and then boxed every vector.
 */
final class VectorGemm implements GemmKernel {
  private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
  private static final int L = S.length();
  /**
   * Rows of a tile of {@code C}: eight with 32 vector registers (AVX-512: 24 accumulators, three rows of
   * {@code B}, one broadcast), four with 16 (AVX2: 12 + 3 + 1).
   */
  static final int MR = L >= 8 ? 8 : 4;
  /** Columns of a tile of {@code C}: three vectors. */
  static final int NR = 3 * L;
  /**
   * Steps of the inner index per block: a micro-panel of {@code B}, {@code KC x NR}, is 48 KiB with AVX-512
   * (24 KiB with AVX2). Measured against 128 steps (24 KiB, half of L1) on AVX-512: the same 1024³ rate, W3's
   * batched inference on 2 threads 7 to 8 % faster, since {@code C}, too large for the caches, is loaded and stored
   * once per block and fewer blocks stream it fewer times (products of few rows take {@link #KC_FEW_ROWS}).
   */
  static final int KC = 256;
  /**
   * Steps per block when the rows of a product fit one block of {@code A} ({@link #MC}), as the batch of 64 of a
   * training step does: there, a block of {@code C} (64 rows: about 1 MiB at most) stays in L2 between blocks, so more
   * blocks cost little, and a micro-panel of {@code B} half the size of L1 (with AVX-512) stays there while the
   * tiles of {@code A} stream past. Measured on one thread, both block sizes in one JVM (harness AD): the products
   * of more than 128 steps ran up to 13 % faster (W3's input gradient {@code A·B} 64 x 784 x 512 51.6 to 58.2
   * GFLOP/s, 64 x 512 x 512 53.5 to 57.8, the forward products 1 % to 6 %; those of fewer steps run the same blocks
   * either way); W4's training level within the noise (its convolutions' products have at most 64 rows); with
   * batches of 1,000 rows (W3's inference on 2 threads) 128 steps were 7 % slower, {@code C} streamed twice as often.
   */
  static final int KC_FEW_ROWS = 128;
  /** Rows of {@code A} per packed block ({@code MC x KC}, 256 KiB to 512 KiB, in L2). */
  static final int MC = 256;
  /**
   * Columns of {@code B} per packed block, a multiple of {@link #NR}: about 2,000 (2 MiB of panel), so that
   * the products of nn4j's layers and their chunks for threads pack {@code A} once per block of steps.
   */
  static final int NC = 86 * NR;

  /**
   * From this width on, the last columns of a product take a whole tile (the panel is zero-padded), at most
   * a 32nd more work, rather than a narrower tile of their own: a method called once per row of tiles
   * reached C2 only after a hundred steps of a small CNN's training, boxing its vectors until then (1.5 MB a
   * step). Narrower products keep the narrower tiles, which are then a large share of their work.
   */
  static final int WIDE = 32 * NR;

  /** Per-thread scratch, allocated on a thread's first product and then reused. */
  private static final class Workspace {
    final double[] a = new double[MC * KC];
    final double[] b = new double[NC * KC];
    final double[] tile = new double[MR * NR];
  }

  private static final ThreadLocal<Workspace> WORKSPACE = ThreadLocal.withInitial(Workspace::new);

  @Override
  public String name() {
    return "vector-api-" + S.vectorBitSize() + "bit-" + MR + "x" + NR;
  }

  @Override
  public int columnTile() {
    return NR;
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
    // Blocks of the inner index of equal size (at most KC, or KC_FEW_ROWS), so that no block is a sliver.
    int kcLimit = rowEnd - rowStart <= MC ? KC_FEW_ROWS : KC;
    int kBlocks = (k + kcLimit - 1) / kcLimit;
    int kcMax = (k + kBlocks - 1) / kBlocks;
    for (int jc = colStart; jc < colEnd; jc += NC) {
      int nc = Math.min(NC, colEnd - jc);
      for (int pc = 0; pc < k; pc += kcMax) {
        int kc = Math.min(kcMax, k - pc);
        packB(transposeB, b, n, k, pc, kc, jc, nc, w.b);
        boolean fromC = accumulate || pc > 0;
        for (int ic = rowStart; ic < rowEnd; ic += MC) {
          int mc = Math.min(MC, rowEnd - ic);
          packA(transposeA, a, m, k, pc, kc, ic, mc, w.a);
          for (int jr = 0; jr < nc; jr += NR) {
            int cols = Math.min(NR, nc - jr);
            int vectors = n < WIDE ? (cols + L - 1) / L : 3;
            int bAt = jr * kc;
            for (int ir = 0; ir < mc; ir += MR) {
              int rows = Math.min(MR, mc - ir);
              int aAt = ir * KC;
              int cAt = (ic + ir) * n + jc + jr;
              if (rows == MR && cols == vectors * L) {
                tile(transposeA, fromC ? KEEP : ZERO, vectors, kc, w.a, aAt, w.b, bAt, c, cAt, n);
              } else {
                double[] t = w.tile;
                Arrays.fill(t, 0.0);
                if (fromC) {
                  for (int r = 0; r < rows; r++) {
                    System.arraycopy(c, cAt + r * n, t, r * NR, cols);
                  }
                }
                tile(transposeA, KEEP, vectors, kc, w.a, aAt, w.b, bAt, t, 0, NR);
                for (int r = 0; r < rows; r++) {
                  System.arraycopy(t, r * NR, c, cAt + r * n, cols);
                }
              }
            }
          }
        }
      }
    }
  }

  /**
   * Packs {@code op(B)(pc .. pc+kc-1, jc .. jc+nc-1)} into micro-panels of {@link #NR} columns: element
   * {@code (p, j)} at {@code (j / NR) * NR * kc + p * NR + j % NR}, zeros past column {@code nc}.
   */
  private static void packB(
      boolean transposeB, double[] b, int n, int k, int pc, int kc, int jc, int nc, double[] bp) {
    for (int jr = 0; jr < nc; jr += NR) {
      int cols = Math.min(NR, nc - jr);
      int at = jr * kc;
      if (cols < NR) {
        Arrays.fill(bp, at, at + kc * NR, 0.0);
      }
      if (transposeB) {
        packTransposed(b, k, pc, kc, jc + jr, cols, bp, at);
      } else {
        for (int p = 0; p < kc; p++) {
          System.arraycopy(b, (pc + p) * n + jc + jr, bp, at + p * NR, cols);
        }
      }
    }
  }

  /**
   * Packs columns {@code j0 .. j0+cols-1} of {@code op(B)} for steps {@code pc .. pc+kc-1} into the micro-panel
   * at {@code bp[at]}, with {@code B} stored {@code n x k}: each column of {@code op(B)} is a contiguous row of
   * {@code b}. Eight columns at a time, so that each step writes eight adjacent elements (one column at a
   * time wrote one element per 192-byte row of the panel: 0.65 ns an element against 0.34, measured at W2's
   * forward product, where this copy was 12 % of a training step).
   */
  private static void packTransposed(double[] b, int k, int pc, int kc, int j0, int cols, double[] bp, int at) {
    int jj = 0;
    for (; jj + 7 < cols; jj += 8) {
      int s0 = (j0 + jj) * k + pc;
      int s1 = s0 + k;
      int s2 = s1 + k;
      int s3 = s2 + k;
      int s4 = s3 + k;
      int s5 = s4 + k;
      int s6 = s5 + k;
      int s7 = s6 + k;
      for (int p = 0, dst = at + jj; p < kc; p++, dst += NR) {
        bp[dst] = b[s0 + p];
        bp[dst + 1] = b[s1 + p];
        bp[dst + 2] = b[s2 + p];
        bp[dst + 3] = b[s3 + p];
        bp[dst + 4] = b[s4 + p];
        bp[dst + 5] = b[s5 + p];
        bp[dst + 6] = b[s6 + p];
        bp[dst + 7] = b[s7 + p];
      }
    }
    for (; jj < cols; jj++) {
      int src = (j0 + jj) * k + pc;
      for (int p = 0, dst = at + jj; p < kc; p++, dst += NR) {
        bp[dst] = b[src + p];
      }
    }
  }

  /**
   * Packs {@code op(A)(ic .. ic+mc-1, pc .. pc+kc-1)} into micro-panels of {@link #MR} rows, {@code MR x KC}
   * apart, zeros past row {@code mc}, each in the layout that copies fastest from {@code A} as stored: with
   * {@code A} as stored, row after row, {@link #KC} apart (one {@link System#arraycopy} per row); with
   * {@code A} transposed, step after step ({@code MR} elements per step, one contiguous run of {@code A}).
   * Both strides are constants, so that C2 proves the micro-kernel's reads of {@code A} in bounds once per
   * loop, not once per broadcast (with strides known only at run time it checked each of the eight, and
   * spilled the offsets: measured 10 to 15 % slower).
   */
  private static void packA(boolean transposeA, double[] a, int m, int k, int pc, int kc, int ic, int mc, double[] ap) {
    int whole = mc - mc % MR;
    if (transposeA) {
      // A is stored k x m: one step of the block is a contiguous run of a row of A, read in order and
      // dealt out to the micro-panels MR elements at a time.
      for (int p = 0; p < kc; p++) {
        int src = (pc + p) * m + ic;
        for (int ir = 0; ir < whole; ir += MR) {
          System.arraycopy(a, src + ir, ap, ir * KC + p * MR, MR);
        }
      }
      if (whole < mc) {
        int at = whole * KC;
        Arrays.fill(ap, at, at + kc * MR, 0.0);
        for (int p = 0, dst = at; p < kc; p++, dst += MR) {
          System.arraycopy(a, (pc + p) * m + ic + whole, ap, dst, mc - whole);
        }
      }
    } else {
      // A is stored m x k: each row of a micro-panel is a contiguous run of a row of A.
      for (int ir = 0; ir < mc; ir += MR) {
        int rows = Math.min(MR, mc - ir);
        int at = ir * KC;
        for (int r = 0; r < rows; r++) {
          System.arraycopy(a, (ic + ir + r) * k + pc, ap, at + r * KC, kc);
        }
        for (int r = rows; r < MR; r++) {
          Arrays.fill(ap, at + r * KC, at + r * KC + kc, 0.0);
        }
      }
    }
  }



  /**
   * Advances the tile of {@link #MR} rows and {@code vectors} vectors of columns of {@code C} at {@code
   * c[cAt]} (rows {@code ldc} apart), from what {@code C} holds or from zero ({@link #start}), by {@code kc}
   * steps, reading a micro-panel of {@code A} at {@code
   * ap[aAt]} in the layout of {@link #packA}: three vectors for whole tiles, one or two for the last columns
   * of a product narrower than {@link #WIDE} whose width is not a multiple of {@link #NR}, so that they cost no
   * more than their width.
   */
  private static void tile(
      boolean steps, int zero, int vectors, int kc, double[] ap, int aAt, double[] bp, int bAt, double[] c, int cAt, int ldc) {
    if (MR == 8) {
      if (steps) {
        if (vectors == 3) {
          tile8x3Steps(zero, kc, ap, aAt, bp, bAt, c, cAt, ldc);
        } else if (vectors == 2) {
          tile8x2Steps(zero, kc, ap, aAt, bp, bAt, c, cAt, ldc);
        } else {
          tile8x1Steps(zero, kc, ap, aAt, bp, bAt, c, cAt, ldc);
        }
      } else {
        if (vectors == 3) {
          tile8x3Rows(zero, kc, ap, aAt, bp, bAt, c, cAt, ldc);
        } else if (vectors == 2) {
          tile8x2Rows(zero, kc, ap, aAt, bp, bAt, c, cAt, ldc);
        } else {
          tile8x1Rows(zero, kc, ap, aAt, bp, bAt, c, cAt, ldc);
        }
      }
    } else {
      if (steps) {
        if (vectors == 3) {
          tile4x3Steps(zero, kc, ap, aAt, bp, bAt, c, cAt, ldc);
        } else if (vectors == 2) {
          tile4x2Steps(zero, kc, ap, aAt, bp, bAt, c, cAt, ldc);
        } else {
          tile4x1Steps(zero, kc, ap, aAt, bp, bAt, c, cAt, ldc);
        }
      } else {
        if (vectors == 3) {
          tile4x3Rows(zero, kc, ap, aAt, bp, bAt, c, cAt, ldc);
        } else if (vectors == 2) {
          tile4x2Rows(zero, kc, ap, aAt, bp, bAt, c, cAt, ldc);
        } else {
          tile4x1Rows(zero, kc, ap, aAt, bp, bAt, c, cAt, ldc);
        }
      }
    }
  }

  /**
   * A tile starts from what {@code C} holds: it continues the chains in {@code C}. Like {@link #ZERO}, a mask of
   * the index {@link #start} reads ({@code at & zero}), so these two values and no others.
   */
  static final int KEEP = -1;
  /** A tile starts from zero: a new product, whatever {@code C} held ({@link #start} reads {@link #ZEROS}[0]). */
  static final int ZERO = 0;
  /** What a tile that starts from zero loads in place of {@code C}. */
  private static final double[] ZEROS = new double[L];

  /**
   * The start of one accumulator: with {@link #KEEP}, the vector of {@code C} at {@code c[at]}; with {@link
   * #ZERO}, zero, loaded from {@link #ZEROS}, which stays in L1, and not from {@code C}, which a new product
   * would load only to drop (measured with {@code NarrowGemm} on one thread, both versions in one JVM, alternating:
   * {@code A·B} 64 x 128 x 10 from 32.2 to 36.0 GFLOP/s, 64 x 512 x 10 from 28.6 to 32.1, the other narrow shapes
   * level or faster; the blend that put zero in place of {@code C}'s vectors still loaded them). A choice of array,
   * not of vector: a branch between a load and a zero vector would merge two vectors, which C2 may box. It spares
   * zero-filling {@code C} before a new product (4 % of a W2 training step).
   */
  static DoubleVector start(int zero, double[] c, int at) {
    return DoubleVector.fromArray(S, zero == KEEP ? c : ZEROS, at & zero);
  }

  // The micro-kernels, one per tile shape and layout of A, written out so that every accumulator is a local
  // variable that C2 keeps in a register for the whole loop over p (an array of vectors would be loaded and
  // stored each step), and every read of A is at a constant distance from one index that advances by a
  // constant (see packA). Each step: the tile's vectors of a packed row of B, then per row of the tile one
  // broadcast element of A and one fma per vector. Lane l of accumulator c<r><v> is C(row r, column v L + l).

  /** Eight rows by three vectors, {@code A} packed step after step: 24 accumulators. */
  private static void tile8x3Steps(
      int zero, int kc, double[] ap, int aAt, double[] bp, int bAt, double[] c, int cAt, int ldc) {
    int r0 = cAt;
    int r1 = cAt + 1 * ldc;
    int r2 = cAt + 2 * ldc;
    int r3 = cAt + 3 * ldc;
    int r4 = cAt + 4 * ldc;
    int r5 = cAt + 5 * ldc;
    int r6 = cAt + 6 * ldc;
    int r7 = cAt + 7 * ldc;
    DoubleVector c00 = start(zero, c, r0);
    DoubleVector c01 = start(zero, c, r0 + L);
    DoubleVector c02 = start(zero, c, r0 + 2 * L);
    DoubleVector c10 = start(zero, c, r1);
    DoubleVector c11 = start(zero, c, r1 + L);
    DoubleVector c12 = start(zero, c, r1 + 2 * L);
    DoubleVector c20 = start(zero, c, r2);
    DoubleVector c21 = start(zero, c, r2 + L);
    DoubleVector c22 = start(zero, c, r2 + 2 * L);
    DoubleVector c30 = start(zero, c, r3);
    DoubleVector c31 = start(zero, c, r3 + L);
    DoubleVector c32 = start(zero, c, r3 + 2 * L);
    DoubleVector c40 = start(zero, c, r4);
    DoubleVector c41 = start(zero, c, r4 + L);
    DoubleVector c42 = start(zero, c, r4 + 2 * L);
    DoubleVector c50 = start(zero, c, r5);
    DoubleVector c51 = start(zero, c, r5 + L);
    DoubleVector c52 = start(zero, c, r5 + 2 * L);
    DoubleVector c60 = start(zero, c, r6);
    DoubleVector c61 = start(zero, c, r6 + L);
    DoubleVector c62 = start(zero, c, r6 + 2 * L);
    DoubleVector c70 = start(zero, c, r7);
    DoubleVector c71 = start(zero, c, r7 + L);
    DoubleVector c72 = start(zero, c, r7 + 2 * L);
    for (int p = 0, ao = aAt, bo = bAt; p < kc; p++, ao += 8, bo += NR) {
      DoubleVector b0 = DoubleVector.fromArray(S, bp, bo);
      DoubleVector b1 = DoubleVector.fromArray(S, bp, bo + L);
      DoubleVector b2 = DoubleVector.fromArray(S, bp, bo + 2 * L);
      DoubleVector a0 = DoubleVector.broadcast(S, ap[ao]);
      c00 = b0.fma(a0, c00);
      c01 = b1.fma(a0, c01);
      c02 = b2.fma(a0, c02);
      DoubleVector a1 = DoubleVector.broadcast(S, ap[ao + 1]);
      c10 = b0.fma(a1, c10);
      c11 = b1.fma(a1, c11);
      c12 = b2.fma(a1, c12);
      DoubleVector a2 = DoubleVector.broadcast(S, ap[ao + 2]);
      c20 = b0.fma(a2, c20);
      c21 = b1.fma(a2, c21);
      c22 = b2.fma(a2, c22);
      DoubleVector a3 = DoubleVector.broadcast(S, ap[ao + 3]);
      c30 = b0.fma(a3, c30);
      c31 = b1.fma(a3, c31);
      c32 = b2.fma(a3, c32);
      DoubleVector a4 = DoubleVector.broadcast(S, ap[ao + 4]);
      c40 = b0.fma(a4, c40);
      c41 = b1.fma(a4, c41);
      c42 = b2.fma(a4, c42);
      DoubleVector a5 = DoubleVector.broadcast(S, ap[ao + 5]);
      c50 = b0.fma(a5, c50);
      c51 = b1.fma(a5, c51);
      c52 = b2.fma(a5, c52);
      DoubleVector a6 = DoubleVector.broadcast(S, ap[ao + 6]);
      c60 = b0.fma(a6, c60);
      c61 = b1.fma(a6, c61);
      c62 = b2.fma(a6, c62);
      DoubleVector a7 = DoubleVector.broadcast(S, ap[ao + 7]);
      c70 = b0.fma(a7, c70);
      c71 = b1.fma(a7, c71);
      c72 = b2.fma(a7, c72);
    }
    c00.intoArray(c, r0);
    c01.intoArray(c, r0 + L);
    c02.intoArray(c, r0 + 2 * L);
    c10.intoArray(c, r1);
    c11.intoArray(c, r1 + L);
    c12.intoArray(c, r1 + 2 * L);
    c20.intoArray(c, r2);
    c21.intoArray(c, r2 + L);
    c22.intoArray(c, r2 + 2 * L);
    c30.intoArray(c, r3);
    c31.intoArray(c, r3 + L);
    c32.intoArray(c, r3 + 2 * L);
    c40.intoArray(c, r4);
    c41.intoArray(c, r4 + L);
    c42.intoArray(c, r4 + 2 * L);
    c50.intoArray(c, r5);
    c51.intoArray(c, r5 + L);
    c52.intoArray(c, r5 + 2 * L);
    c60.intoArray(c, r6);
    c61.intoArray(c, r6 + L);
    c62.intoArray(c, r6 + 2 * L);
    c70.intoArray(c, r7);
    c71.intoArray(c, r7 + L);
    c72.intoArray(c, r7 + 2 * L);
  }

  /** 8 rows by 2 vectors, {@code A} packed step after step: see {@link #tile8x3Steps}. */
  private static void tile8x2Steps(
      int zero, int kc, double[] ap, int aAt, double[] bp, int bAt, double[] c, int cAt, int ldc) {
    int r0 = cAt;
    int r1 = cAt + 1 * ldc;
    int r2 = cAt + 2 * ldc;
    int r3 = cAt + 3 * ldc;
    int r4 = cAt + 4 * ldc;
    int r5 = cAt + 5 * ldc;
    int r6 = cAt + 6 * ldc;
    int r7 = cAt + 7 * ldc;
    DoubleVector c00 = start(zero, c, r0);
    DoubleVector c01 = start(zero, c, r0 + L);
    DoubleVector c10 = start(zero, c, r1);
    DoubleVector c11 = start(zero, c, r1 + L);
    DoubleVector c20 = start(zero, c, r2);
    DoubleVector c21 = start(zero, c, r2 + L);
    DoubleVector c30 = start(zero, c, r3);
    DoubleVector c31 = start(zero, c, r3 + L);
    DoubleVector c40 = start(zero, c, r4);
    DoubleVector c41 = start(zero, c, r4 + L);
    DoubleVector c50 = start(zero, c, r5);
    DoubleVector c51 = start(zero, c, r5 + L);
    DoubleVector c60 = start(zero, c, r6);
    DoubleVector c61 = start(zero, c, r6 + L);
    DoubleVector c70 = start(zero, c, r7);
    DoubleVector c71 = start(zero, c, r7 + L);
    for (int p = 0, ao = aAt, bo = bAt; p < kc; p++, ao += 8, bo += NR) {
      DoubleVector b0 = DoubleVector.fromArray(S, bp, bo);
      DoubleVector b1 = DoubleVector.fromArray(S, bp, bo + L);
      DoubleVector a0 = DoubleVector.broadcast(S, ap[ao]);
      c00 = b0.fma(a0, c00);
      c01 = b1.fma(a0, c01);
      DoubleVector a1 = DoubleVector.broadcast(S, ap[ao + 1]);
      c10 = b0.fma(a1, c10);
      c11 = b1.fma(a1, c11);
      DoubleVector a2 = DoubleVector.broadcast(S, ap[ao + 2]);
      c20 = b0.fma(a2, c20);
      c21 = b1.fma(a2, c21);
      DoubleVector a3 = DoubleVector.broadcast(S, ap[ao + 3]);
      c30 = b0.fma(a3, c30);
      c31 = b1.fma(a3, c31);
      DoubleVector a4 = DoubleVector.broadcast(S, ap[ao + 4]);
      c40 = b0.fma(a4, c40);
      c41 = b1.fma(a4, c41);
      DoubleVector a5 = DoubleVector.broadcast(S, ap[ao + 5]);
      c50 = b0.fma(a5, c50);
      c51 = b1.fma(a5, c51);
      DoubleVector a6 = DoubleVector.broadcast(S, ap[ao + 6]);
      c60 = b0.fma(a6, c60);
      c61 = b1.fma(a6, c61);
      DoubleVector a7 = DoubleVector.broadcast(S, ap[ao + 7]);
      c70 = b0.fma(a7, c70);
      c71 = b1.fma(a7, c71);
    }
    c00.intoArray(c, r0);
    c01.intoArray(c, r0 + L);
    c10.intoArray(c, r1);
    c11.intoArray(c, r1 + L);
    c20.intoArray(c, r2);
    c21.intoArray(c, r2 + L);
    c30.intoArray(c, r3);
    c31.intoArray(c, r3 + L);
    c40.intoArray(c, r4);
    c41.intoArray(c, r4 + L);
    c50.intoArray(c, r5);
    c51.intoArray(c, r5 + L);
    c60.intoArray(c, r6);
    c61.intoArray(c, r6 + L);
    c70.intoArray(c, r7);
    c71.intoArray(c, r7 + L);
  }

  /** 8 rows by 1 vector, {@code A} packed step after step: see {@link #tile8x3Steps}. */
  private static void tile8x1Steps(
      int zero, int kc, double[] ap, int aAt, double[] bp, int bAt, double[] c, int cAt, int ldc) {
    int r0 = cAt;
    int r1 = cAt + 1 * ldc;
    int r2 = cAt + 2 * ldc;
    int r3 = cAt + 3 * ldc;
    int r4 = cAt + 4 * ldc;
    int r5 = cAt + 5 * ldc;
    int r6 = cAt + 6 * ldc;
    int r7 = cAt + 7 * ldc;
    DoubleVector c00 = start(zero, c, r0);
    DoubleVector c10 = start(zero, c, r1);
    DoubleVector c20 = start(zero, c, r2);
    DoubleVector c30 = start(zero, c, r3);
    DoubleVector c40 = start(zero, c, r4);
    DoubleVector c50 = start(zero, c, r5);
    DoubleVector c60 = start(zero, c, r6);
    DoubleVector c70 = start(zero, c, r7);
    for (int p = 0, ao = aAt, bo = bAt; p < kc; p++, ao += 8, bo += NR) {
      DoubleVector b0 = DoubleVector.fromArray(S, bp, bo);
      DoubleVector a0 = DoubleVector.broadcast(S, ap[ao]);
      c00 = b0.fma(a0, c00);
      DoubleVector a1 = DoubleVector.broadcast(S, ap[ao + 1]);
      c10 = b0.fma(a1, c10);
      DoubleVector a2 = DoubleVector.broadcast(S, ap[ao + 2]);
      c20 = b0.fma(a2, c20);
      DoubleVector a3 = DoubleVector.broadcast(S, ap[ao + 3]);
      c30 = b0.fma(a3, c30);
      DoubleVector a4 = DoubleVector.broadcast(S, ap[ao + 4]);
      c40 = b0.fma(a4, c40);
      DoubleVector a5 = DoubleVector.broadcast(S, ap[ao + 5]);
      c50 = b0.fma(a5, c50);
      DoubleVector a6 = DoubleVector.broadcast(S, ap[ao + 6]);
      c60 = b0.fma(a6, c60);
      DoubleVector a7 = DoubleVector.broadcast(S, ap[ao + 7]);
      c70 = b0.fma(a7, c70);
    }
    c00.intoArray(c, r0);
    c10.intoArray(c, r1);
    c20.intoArray(c, r2);
    c30.intoArray(c, r3);
    c40.intoArray(c, r4);
    c50.intoArray(c, r5);
    c60.intoArray(c, r6);
    c70.intoArray(c, r7);
  }

  /** 4 rows by 3 vectors, {@code A} packed step after step: see {@link #tile8x3Steps}. */
  private static void tile4x3Steps(
      int zero, int kc, double[] ap, int aAt, double[] bp, int bAt, double[] c, int cAt, int ldc) {
    int r0 = cAt;
    int r1 = cAt + 1 * ldc;
    int r2 = cAt + 2 * ldc;
    int r3 = cAt + 3 * ldc;
    DoubleVector c00 = start(zero, c, r0);
    DoubleVector c01 = start(zero, c, r0 + L);
    DoubleVector c02 = start(zero, c, r0 + 2 * L);
    DoubleVector c10 = start(zero, c, r1);
    DoubleVector c11 = start(zero, c, r1 + L);
    DoubleVector c12 = start(zero, c, r1 + 2 * L);
    DoubleVector c20 = start(zero, c, r2);
    DoubleVector c21 = start(zero, c, r2 + L);
    DoubleVector c22 = start(zero, c, r2 + 2 * L);
    DoubleVector c30 = start(zero, c, r3);
    DoubleVector c31 = start(zero, c, r3 + L);
    DoubleVector c32 = start(zero, c, r3 + 2 * L);
    for (int p = 0, ao = aAt, bo = bAt; p < kc; p++, ao += 4, bo += NR) {
      DoubleVector b0 = DoubleVector.fromArray(S, bp, bo);
      DoubleVector b1 = DoubleVector.fromArray(S, bp, bo + L);
      DoubleVector b2 = DoubleVector.fromArray(S, bp, bo + 2 * L);
      DoubleVector a0 = DoubleVector.broadcast(S, ap[ao]);
      c00 = b0.fma(a0, c00);
      c01 = b1.fma(a0, c01);
      c02 = b2.fma(a0, c02);
      DoubleVector a1 = DoubleVector.broadcast(S, ap[ao + 1]);
      c10 = b0.fma(a1, c10);
      c11 = b1.fma(a1, c11);
      c12 = b2.fma(a1, c12);
      DoubleVector a2 = DoubleVector.broadcast(S, ap[ao + 2]);
      c20 = b0.fma(a2, c20);
      c21 = b1.fma(a2, c21);
      c22 = b2.fma(a2, c22);
      DoubleVector a3 = DoubleVector.broadcast(S, ap[ao + 3]);
      c30 = b0.fma(a3, c30);
      c31 = b1.fma(a3, c31);
      c32 = b2.fma(a3, c32);
    }
    c00.intoArray(c, r0);
    c01.intoArray(c, r0 + L);
    c02.intoArray(c, r0 + 2 * L);
    c10.intoArray(c, r1);
    c11.intoArray(c, r1 + L);
    c12.intoArray(c, r1 + 2 * L);
    c20.intoArray(c, r2);
    c21.intoArray(c, r2 + L);
    c22.intoArray(c, r2 + 2 * L);
    c30.intoArray(c, r3);
    c31.intoArray(c, r3 + L);
    c32.intoArray(c, r3 + 2 * L);
  }

  /** 4 rows by 2 vectors, {@code A} packed step after step: see {@link #tile8x3Steps}. */
  private static void tile4x2Steps(
      int zero, int kc, double[] ap, int aAt, double[] bp, int bAt, double[] c, int cAt, int ldc) {
    int r0 = cAt;
    int r1 = cAt + 1 * ldc;
    int r2 = cAt + 2 * ldc;
    int r3 = cAt + 3 * ldc;
    DoubleVector c00 = start(zero, c, r0);
    DoubleVector c01 = start(zero, c, r0 + L);
    DoubleVector c10 = start(zero, c, r1);
    DoubleVector c11 = start(zero, c, r1 + L);
    DoubleVector c20 = start(zero, c, r2);
    DoubleVector c21 = start(zero, c, r2 + L);
    DoubleVector c30 = start(zero, c, r3);
    DoubleVector c31 = start(zero, c, r3 + L);
    for (int p = 0, ao = aAt, bo = bAt; p < kc; p++, ao += 4, bo += NR) {
      DoubleVector b0 = DoubleVector.fromArray(S, bp, bo);
      DoubleVector b1 = DoubleVector.fromArray(S, bp, bo + L);
      DoubleVector a0 = DoubleVector.broadcast(S, ap[ao]);
      c00 = b0.fma(a0, c00);
      c01 = b1.fma(a0, c01);
      DoubleVector a1 = DoubleVector.broadcast(S, ap[ao + 1]);
      c10 = b0.fma(a1, c10);
      c11 = b1.fma(a1, c11);
      DoubleVector a2 = DoubleVector.broadcast(S, ap[ao + 2]);
      c20 = b0.fma(a2, c20);
      c21 = b1.fma(a2, c21);
      DoubleVector a3 = DoubleVector.broadcast(S, ap[ao + 3]);
      c30 = b0.fma(a3, c30);
      c31 = b1.fma(a3, c31);
    }
    c00.intoArray(c, r0);
    c01.intoArray(c, r0 + L);
    c10.intoArray(c, r1);
    c11.intoArray(c, r1 + L);
    c20.intoArray(c, r2);
    c21.intoArray(c, r2 + L);
    c30.intoArray(c, r3);
    c31.intoArray(c, r3 + L);
  }

  /** 4 rows by 1 vector, {@code A} packed step after step: see {@link #tile8x3Steps}. */
  private static void tile4x1Steps(
      int zero, int kc, double[] ap, int aAt, double[] bp, int bAt, double[] c, int cAt, int ldc) {
    int r0 = cAt;
    int r1 = cAt + 1 * ldc;
    int r2 = cAt + 2 * ldc;
    int r3 = cAt + 3 * ldc;
    DoubleVector c00 = start(zero, c, r0);
    DoubleVector c10 = start(zero, c, r1);
    DoubleVector c20 = start(zero, c, r2);
    DoubleVector c30 = start(zero, c, r3);
    for (int p = 0, ao = aAt, bo = bAt; p < kc; p++, ao += 4, bo += NR) {
      DoubleVector b0 = DoubleVector.fromArray(S, bp, bo);
      DoubleVector a0 = DoubleVector.broadcast(S, ap[ao]);
      c00 = b0.fma(a0, c00);
      DoubleVector a1 = DoubleVector.broadcast(S, ap[ao + 1]);
      c10 = b0.fma(a1, c10);
      DoubleVector a2 = DoubleVector.broadcast(S, ap[ao + 2]);
      c20 = b0.fma(a2, c20);
      DoubleVector a3 = DoubleVector.broadcast(S, ap[ao + 3]);
      c30 = b0.fma(a3, c30);
    }
    c00.intoArray(c, r0);
    c10.intoArray(c, r1);
    c20.intoArray(c, r2);
    c30.intoArray(c, r3);
  }

  /** 8 rows by 3 vectors, {@code A} packed row after row: see {@link #tile8x3Steps}. */
  private static void tile8x3Rows(
      int zero, int kc, double[] ap, int aAt, double[] bp, int bAt, double[] c, int cAt, int ldc) {
    int r0 = cAt;
    int r1 = cAt + 1 * ldc;
    int r2 = cAt + 2 * ldc;
    int r3 = cAt + 3 * ldc;
    int r4 = cAt + 4 * ldc;
    int r5 = cAt + 5 * ldc;
    int r6 = cAt + 6 * ldc;
    int r7 = cAt + 7 * ldc;
    DoubleVector c00 = start(zero, c, r0);
    DoubleVector c01 = start(zero, c, r0 + L);
    DoubleVector c02 = start(zero, c, r0 + 2 * L);
    DoubleVector c10 = start(zero, c, r1);
    DoubleVector c11 = start(zero, c, r1 + L);
    DoubleVector c12 = start(zero, c, r1 + 2 * L);
    DoubleVector c20 = start(zero, c, r2);
    DoubleVector c21 = start(zero, c, r2 + L);
    DoubleVector c22 = start(zero, c, r2 + 2 * L);
    DoubleVector c30 = start(zero, c, r3);
    DoubleVector c31 = start(zero, c, r3 + L);
    DoubleVector c32 = start(zero, c, r3 + 2 * L);
    DoubleVector c40 = start(zero, c, r4);
    DoubleVector c41 = start(zero, c, r4 + L);
    DoubleVector c42 = start(zero, c, r4 + 2 * L);
    DoubleVector c50 = start(zero, c, r5);
    DoubleVector c51 = start(zero, c, r5 + L);
    DoubleVector c52 = start(zero, c, r5 + 2 * L);
    DoubleVector c60 = start(zero, c, r6);
    DoubleVector c61 = start(zero, c, r6 + L);
    DoubleVector c62 = start(zero, c, r6 + 2 * L);
    DoubleVector c70 = start(zero, c, r7);
    DoubleVector c71 = start(zero, c, r7 + L);
    DoubleVector c72 = start(zero, c, r7 + 2 * L);
    for (int p = 0, ao = aAt, bo = bAt; p < kc; p++, ao += 1, bo += NR) {
      DoubleVector b0 = DoubleVector.fromArray(S, bp, bo);
      DoubleVector b1 = DoubleVector.fromArray(S, bp, bo + L);
      DoubleVector b2 = DoubleVector.fromArray(S, bp, bo + 2 * L);
      DoubleVector a0 = DoubleVector.broadcast(S, ap[ao]);
      c00 = b0.fma(a0, c00);
      c01 = b1.fma(a0, c01);
      c02 = b2.fma(a0, c02);
      DoubleVector a1 = DoubleVector.broadcast(S, ap[ao + KC]);
      c10 = b0.fma(a1, c10);
      c11 = b1.fma(a1, c11);
      c12 = b2.fma(a1, c12);
      DoubleVector a2 = DoubleVector.broadcast(S, ap[ao + 2 * KC]);
      c20 = b0.fma(a2, c20);
      c21 = b1.fma(a2, c21);
      c22 = b2.fma(a2, c22);
      DoubleVector a3 = DoubleVector.broadcast(S, ap[ao + 3 * KC]);
      c30 = b0.fma(a3, c30);
      c31 = b1.fma(a3, c31);
      c32 = b2.fma(a3, c32);
      DoubleVector a4 = DoubleVector.broadcast(S, ap[ao + 4 * KC]);
      c40 = b0.fma(a4, c40);
      c41 = b1.fma(a4, c41);
      c42 = b2.fma(a4, c42);
      DoubleVector a5 = DoubleVector.broadcast(S, ap[ao + 5 * KC]);
      c50 = b0.fma(a5, c50);
      c51 = b1.fma(a5, c51);
      c52 = b2.fma(a5, c52);
      DoubleVector a6 = DoubleVector.broadcast(S, ap[ao + 6 * KC]);
      c60 = b0.fma(a6, c60);
      c61 = b1.fma(a6, c61);
      c62 = b2.fma(a6, c62);
      DoubleVector a7 = DoubleVector.broadcast(S, ap[ao + 7 * KC]);
      c70 = b0.fma(a7, c70);
      c71 = b1.fma(a7, c71);
      c72 = b2.fma(a7, c72);
    }
    c00.intoArray(c, r0);
    c01.intoArray(c, r0 + L);
    c02.intoArray(c, r0 + 2 * L);
    c10.intoArray(c, r1);
    c11.intoArray(c, r1 + L);
    c12.intoArray(c, r1 + 2 * L);
    c20.intoArray(c, r2);
    c21.intoArray(c, r2 + L);
    c22.intoArray(c, r2 + 2 * L);
    c30.intoArray(c, r3);
    c31.intoArray(c, r3 + L);
    c32.intoArray(c, r3 + 2 * L);
    c40.intoArray(c, r4);
    c41.intoArray(c, r4 + L);
    c42.intoArray(c, r4 + 2 * L);
    c50.intoArray(c, r5);
    c51.intoArray(c, r5 + L);
    c52.intoArray(c, r5 + 2 * L);
    c60.intoArray(c, r6);
    c61.intoArray(c, r6 + L);
    c62.intoArray(c, r6 + 2 * L);
    c70.intoArray(c, r7);
    c71.intoArray(c, r7 + L);
    c72.intoArray(c, r7 + 2 * L);
  }

  /** 8 rows by 2 vectors, {@code A} packed row after row: see {@link #tile8x3Steps}. */
  private static void tile8x2Rows(
      int zero, int kc, double[] ap, int aAt, double[] bp, int bAt, double[] c, int cAt, int ldc) {
    int r0 = cAt;
    int r1 = cAt + 1 * ldc;
    int r2 = cAt + 2 * ldc;
    int r3 = cAt + 3 * ldc;
    int r4 = cAt + 4 * ldc;
    int r5 = cAt + 5 * ldc;
    int r6 = cAt + 6 * ldc;
    int r7 = cAt + 7 * ldc;
    DoubleVector c00 = start(zero, c, r0);
    DoubleVector c01 = start(zero, c, r0 + L);
    DoubleVector c10 = start(zero, c, r1);
    DoubleVector c11 = start(zero, c, r1 + L);
    DoubleVector c20 = start(zero, c, r2);
    DoubleVector c21 = start(zero, c, r2 + L);
    DoubleVector c30 = start(zero, c, r3);
    DoubleVector c31 = start(zero, c, r3 + L);
    DoubleVector c40 = start(zero, c, r4);
    DoubleVector c41 = start(zero, c, r4 + L);
    DoubleVector c50 = start(zero, c, r5);
    DoubleVector c51 = start(zero, c, r5 + L);
    DoubleVector c60 = start(zero, c, r6);
    DoubleVector c61 = start(zero, c, r6 + L);
    DoubleVector c70 = start(zero, c, r7);
    DoubleVector c71 = start(zero, c, r7 + L);
    for (int p = 0, ao = aAt, bo = bAt; p < kc; p++, ao += 1, bo += NR) {
      DoubleVector b0 = DoubleVector.fromArray(S, bp, bo);
      DoubleVector b1 = DoubleVector.fromArray(S, bp, bo + L);
      DoubleVector a0 = DoubleVector.broadcast(S, ap[ao]);
      c00 = b0.fma(a0, c00);
      c01 = b1.fma(a0, c01);
      DoubleVector a1 = DoubleVector.broadcast(S, ap[ao + KC]);
      c10 = b0.fma(a1, c10);
      c11 = b1.fma(a1, c11);
      DoubleVector a2 = DoubleVector.broadcast(S, ap[ao + 2 * KC]);
      c20 = b0.fma(a2, c20);
      c21 = b1.fma(a2, c21);
      DoubleVector a3 = DoubleVector.broadcast(S, ap[ao + 3 * KC]);
      c30 = b0.fma(a3, c30);
      c31 = b1.fma(a3, c31);
      DoubleVector a4 = DoubleVector.broadcast(S, ap[ao + 4 * KC]);
      c40 = b0.fma(a4, c40);
      c41 = b1.fma(a4, c41);
      DoubleVector a5 = DoubleVector.broadcast(S, ap[ao + 5 * KC]);
      c50 = b0.fma(a5, c50);
      c51 = b1.fma(a5, c51);
      DoubleVector a6 = DoubleVector.broadcast(S, ap[ao + 6 * KC]);
      c60 = b0.fma(a6, c60);
      c61 = b1.fma(a6, c61);
      DoubleVector a7 = DoubleVector.broadcast(S, ap[ao + 7 * KC]);
      c70 = b0.fma(a7, c70);
      c71 = b1.fma(a7, c71);
    }
    c00.intoArray(c, r0);
    c01.intoArray(c, r0 + L);
    c10.intoArray(c, r1);
    c11.intoArray(c, r1 + L);
    c20.intoArray(c, r2);
    c21.intoArray(c, r2 + L);
    c30.intoArray(c, r3);
    c31.intoArray(c, r3 + L);
    c40.intoArray(c, r4);
    c41.intoArray(c, r4 + L);
    c50.intoArray(c, r5);
    c51.intoArray(c, r5 + L);
    c60.intoArray(c, r6);
    c61.intoArray(c, r6 + L);
    c70.intoArray(c, r7);
    c71.intoArray(c, r7 + L);
  }

  /** 8 rows by 1 vector, {@code A} packed row after row: see {@link #tile8x3Steps}. */
  private static void tile8x1Rows(
      int zero, int kc, double[] ap, int aAt, double[] bp, int bAt, double[] c, int cAt, int ldc) {
    int r0 = cAt;
    int r1 = cAt + 1 * ldc;
    int r2 = cAt + 2 * ldc;
    int r3 = cAt + 3 * ldc;
    int r4 = cAt + 4 * ldc;
    int r5 = cAt + 5 * ldc;
    int r6 = cAt + 6 * ldc;
    int r7 = cAt + 7 * ldc;
    DoubleVector c00 = start(zero, c, r0);
    DoubleVector c10 = start(zero, c, r1);
    DoubleVector c20 = start(zero, c, r2);
    DoubleVector c30 = start(zero, c, r3);
    DoubleVector c40 = start(zero, c, r4);
    DoubleVector c50 = start(zero, c, r5);
    DoubleVector c60 = start(zero, c, r6);
    DoubleVector c70 = start(zero, c, r7);
    for (int p = 0, ao = aAt, bo = bAt; p < kc; p++, ao += 1, bo += NR) {
      DoubleVector b0 = DoubleVector.fromArray(S, bp, bo);
      DoubleVector a0 = DoubleVector.broadcast(S, ap[ao]);
      c00 = b0.fma(a0, c00);
      DoubleVector a1 = DoubleVector.broadcast(S, ap[ao + KC]);
      c10 = b0.fma(a1, c10);
      DoubleVector a2 = DoubleVector.broadcast(S, ap[ao + 2 * KC]);
      c20 = b0.fma(a2, c20);
      DoubleVector a3 = DoubleVector.broadcast(S, ap[ao + 3 * KC]);
      c30 = b0.fma(a3, c30);
      DoubleVector a4 = DoubleVector.broadcast(S, ap[ao + 4 * KC]);
      c40 = b0.fma(a4, c40);
      DoubleVector a5 = DoubleVector.broadcast(S, ap[ao + 5 * KC]);
      c50 = b0.fma(a5, c50);
      DoubleVector a6 = DoubleVector.broadcast(S, ap[ao + 6 * KC]);
      c60 = b0.fma(a6, c60);
      DoubleVector a7 = DoubleVector.broadcast(S, ap[ao + 7 * KC]);
      c70 = b0.fma(a7, c70);
    }
    c00.intoArray(c, r0);
    c10.intoArray(c, r1);
    c20.intoArray(c, r2);
    c30.intoArray(c, r3);
    c40.intoArray(c, r4);
    c50.intoArray(c, r5);
    c60.intoArray(c, r6);
    c70.intoArray(c, r7);
  }

  /** 4 rows by 3 vectors, {@code A} packed row after row: see {@link #tile8x3Steps}. */
  private static void tile4x3Rows(
      int zero, int kc, double[] ap, int aAt, double[] bp, int bAt, double[] c, int cAt, int ldc) {
    int r0 = cAt;
    int r1 = cAt + 1 * ldc;
    int r2 = cAt + 2 * ldc;
    int r3 = cAt + 3 * ldc;
    DoubleVector c00 = start(zero, c, r0);
    DoubleVector c01 = start(zero, c, r0 + L);
    DoubleVector c02 = start(zero, c, r0 + 2 * L);
    DoubleVector c10 = start(zero, c, r1);
    DoubleVector c11 = start(zero, c, r1 + L);
    DoubleVector c12 = start(zero, c, r1 + 2 * L);
    DoubleVector c20 = start(zero, c, r2);
    DoubleVector c21 = start(zero, c, r2 + L);
    DoubleVector c22 = start(zero, c, r2 + 2 * L);
    DoubleVector c30 = start(zero, c, r3);
    DoubleVector c31 = start(zero, c, r3 + L);
    DoubleVector c32 = start(zero, c, r3 + 2 * L);
    for (int p = 0, ao = aAt, bo = bAt; p < kc; p++, ao += 1, bo += NR) {
      DoubleVector b0 = DoubleVector.fromArray(S, bp, bo);
      DoubleVector b1 = DoubleVector.fromArray(S, bp, bo + L);
      DoubleVector b2 = DoubleVector.fromArray(S, bp, bo + 2 * L);
      DoubleVector a0 = DoubleVector.broadcast(S, ap[ao]);
      c00 = b0.fma(a0, c00);
      c01 = b1.fma(a0, c01);
      c02 = b2.fma(a0, c02);
      DoubleVector a1 = DoubleVector.broadcast(S, ap[ao + KC]);
      c10 = b0.fma(a1, c10);
      c11 = b1.fma(a1, c11);
      c12 = b2.fma(a1, c12);
      DoubleVector a2 = DoubleVector.broadcast(S, ap[ao + 2 * KC]);
      c20 = b0.fma(a2, c20);
      c21 = b1.fma(a2, c21);
      c22 = b2.fma(a2, c22);
      DoubleVector a3 = DoubleVector.broadcast(S, ap[ao + 3 * KC]);
      c30 = b0.fma(a3, c30);
      c31 = b1.fma(a3, c31);
      c32 = b2.fma(a3, c32);
    }
    c00.intoArray(c, r0);
    c01.intoArray(c, r0 + L);
    c02.intoArray(c, r0 + 2 * L);
    c10.intoArray(c, r1);
    c11.intoArray(c, r1 + L);
    c12.intoArray(c, r1 + 2 * L);
    c20.intoArray(c, r2);
    c21.intoArray(c, r2 + L);
    c22.intoArray(c, r2 + 2 * L);
    c30.intoArray(c, r3);
    c31.intoArray(c, r3 + L);
    c32.intoArray(c, r3 + 2 * L);
  }

  /** 4 rows by 2 vectors, {@code A} packed row after row: see {@link #tile8x3Steps}. */
  private static void tile4x2Rows(
      int zero, int kc, double[] ap, int aAt, double[] bp, int bAt, double[] c, int cAt, int ldc) {
    int r0 = cAt;
    int r1 = cAt + 1 * ldc;
    int r2 = cAt + 2 * ldc;
    int r3 = cAt + 3 * ldc;
    DoubleVector c00 = start(zero, c, r0);
    DoubleVector c01 = start(zero, c, r0 + L);
    DoubleVector c10 = start(zero, c, r1);
    DoubleVector c11 = start(zero, c, r1 + L);
    DoubleVector c20 = start(zero, c, r2);
    DoubleVector c21 = start(zero, c, r2 + L);
    DoubleVector c30 = start(zero, c, r3);
    DoubleVector c31 = start(zero, c, r3 + L);
    for (int p = 0, ao = aAt, bo = bAt; p < kc; p++, ao += 1, bo += NR) {
      DoubleVector b0 = DoubleVector.fromArray(S, bp, bo);
      DoubleVector b1 = DoubleVector.fromArray(S, bp, bo + L);
      DoubleVector a0 = DoubleVector.broadcast(S, ap[ao]);
      c00 = b0.fma(a0, c00);
      c01 = b1.fma(a0, c01);
      DoubleVector a1 = DoubleVector.broadcast(S, ap[ao + KC]);
      c10 = b0.fma(a1, c10);
      c11 = b1.fma(a1, c11);
      DoubleVector a2 = DoubleVector.broadcast(S, ap[ao + 2 * KC]);
      c20 = b0.fma(a2, c20);
      c21 = b1.fma(a2, c21);
      DoubleVector a3 = DoubleVector.broadcast(S, ap[ao + 3 * KC]);
      c30 = b0.fma(a3, c30);
      c31 = b1.fma(a3, c31);
    }
    c00.intoArray(c, r0);
    c01.intoArray(c, r0 + L);
    c10.intoArray(c, r1);
    c11.intoArray(c, r1 + L);
    c20.intoArray(c, r2);
    c21.intoArray(c, r2 + L);
    c30.intoArray(c, r3);
    c31.intoArray(c, r3 + L);
  }

  /** 4 rows by 1 vector, {@code A} packed row after row: see {@link #tile8x3Steps}. */
  private static void tile4x1Rows(
      int zero, int kc, double[] ap, int aAt, double[] bp, int bAt, double[] c, int cAt, int ldc) {
    int r0 = cAt;
    int r1 = cAt + 1 * ldc;
    int r2 = cAt + 2 * ldc;
    int r3 = cAt + 3 * ldc;
    DoubleVector c00 = start(zero, c, r0);
    DoubleVector c10 = start(zero, c, r1);
    DoubleVector c20 = start(zero, c, r2);
    DoubleVector c30 = start(zero, c, r3);
    for (int p = 0, ao = aAt, bo = bAt; p < kc; p++, ao += 1, bo += NR) {
      DoubleVector b0 = DoubleVector.fromArray(S, bp, bo);
      DoubleVector a0 = DoubleVector.broadcast(S, ap[ao]);
      c00 = b0.fma(a0, c00);
      DoubleVector a1 = DoubleVector.broadcast(S, ap[ao + KC]);
      c10 = b0.fma(a1, c10);
      DoubleVector a2 = DoubleVector.broadcast(S, ap[ao + 2 * KC]);
      c20 = b0.fma(a2, c20);
      DoubleVector a3 = DoubleVector.broadcast(S, ap[ao + 3 * KC]);
      c30 = b0.fma(a3, c30);
    }
    c00.intoArray(c, r0);
    c10.intoArray(c, r1);
    c20.intoArray(c, r2);
    c30.intoArray(c, r3);
  }
}
