package dev.nn4j.blas;

/**
 * Which products {@link BlasBackend} sends to BLAS through JNI, and which it keeps on nn4j's pure-Java
 * backend: any product of fewer multiply-adds than the crossover of its form and row count, below which the call costs
 * more than OpenBLAS saves, and the largest products of one or two rows, which the {@code java} backend streams
 * faster.
 *
 * <p><b>Three rows or more. Measured</b> with {@code java -jar nn-bench/target/nn-bench.jar crossover} (microseconds per product,
 * medians of interleaved rounds; 2 cores of an Intel Xeon with AVX-512, JDK 17, Debian's OpenBLAS 0.3.21 on its
 * SkylakeX kernels, which it detects there; nn4j's {@code java} backend before issue 16's register-blocked
 * kernel). A call through netlib's JNI costs about 0.15 µs, and OpenBLAS's cubes were faster from
 *
 * <table>
 *   <caption>Crossover of cubes {@code m = n = k}: java / OpenBLAS through JNI, µs per product</caption>
 *   <tr><th>form</th><th>4³ (64)</th><th>5³ (125)</th><th>6³ (216)</th><th>7³ (343)</th><th>8³ (512)</th>
 *       <th>10³ (1,000)</th><th>crossover, 2 threads / 1 thread</th></tr>
 *   <tr><td>{@code A·B}</td><td>0.06 / 0.16</td><td>0.11 / 0.15</td><td>0.17 / 0.14</td><td>0.30 / 0.15</td>
 *       <td>0.43 / 0.15</td><td>0.68 / 0.19</td><td>216 / 125</td></tr>
 *   <tr><td>{@code A·Bᵀ}</td><td>0.07 / 0.22</td><td>0.10 / 0.22</td><td>0.17 / 0.20</td><td>0.27 / 0.23</td>
 *       <td>0.36 / 0.24</td><td>0.60 / 0.29</td><td>343 / 343</td></tr>
 *   <tr><td>{@code Aᵀ·B}</td><td>0.10 / 0.17</td><td>0.16 / 0.16</td><td>0.26 / 0.14</td><td>0.40 / 0.15</td>
 *       <td>0.57 / 0.15</td><td>1.03 / 0.18</td><td>125 / 216</td></tr>
 * </table>
 *
 * <p>and stayed faster at every larger cube up to 96³ (1.4 to 16 times). The thresholds below are about twice those
 * crossovers, rounded up to a power of two: a product kept in Java just above its crossover loses a fraction of
 * a microsecond (the narrow {@code 64x2x2} of a 2-unit layer: 0.5 against 0.2 µs), and nn4j's pure-Java kernel
 * is being made faster, which moves the crossover up. Shapes that are not cubes agree: at the layers of W1 to W3
 * with batches of 1 to 64 (100 products of at least 3 rows above these thresholds, in two quiet runs), OpenBLAS
 * took a median 0.39 to 0.49 of the {@code java} backend's time (0.05 at best), except a few memory-bound
 * products with a narrow inner or row size (a weight gradient {@code 512x512x1} to {@code x4}, an input gradient
 * {@code 3x512x512} or {@code 3x784x512}), up to 1.25 times slower. Below the thresholds, OpenBLAS took up to 25
 * times as long (the tutorial's {@code 1x1x2}: 0.18 against 0.01 µs).
 *
 * <p><b>One and two rows</b> (a single sample through a dense layer, or two) have crossovers of their own, measured
 * by the same workload on {@code C} of 1 and 2 rows with {@code n} and {@code k} each from 2 to 1024 (100 shapes per
 * form and row count; fastest of 7 interleaved rounds; {@code -Dnn4j.threads=1} with {@code OPENBLAS_NUM_THREADS=1},
 * and both 2; load average 3.6 to 5.7 on the 2 cores). OpenBLAS's time over the {@code java} backend's:
 *
 * <table>
 *   <caption>One and two rows: OpenBLAS through JNI / java (1 thread; 2 threads in brackets where they differ)</caption>
 *   <tr><th>shape {@code m x n x k} (work)</th><th>{@code A·Bᵀ}</th><th>{@code A·B}</th><th>{@code Aᵀ·B}</th></tr>
 *   <tr><td>{@code 1x2x2} (4), the tutorial</td><td>18.6 (18.4)</td><td>10.3</td><td>10.8</td></tr>
 *   <tr><td>{@code 1x16x16} (256)</td><td>2.67</td><td>0.86</td><td>0.66</td></tr>
 *   <tr><td>{@code 1x32x16} (512)</td><td>1.66</td><td>0.41</td><td>0.34</td></tr>
 *   <tr><td>{@code 1x32x32} (1,024)</td><td>0.67</td><td>0.24</td><td>0.20</td></tr>
 *   <tr><td>{@code 2x16x16} (512)</td><td>1.45</td><td>0.41</td><td>0.34</td></tr>
 *   <tr><td>{@code 1x128x784}, W2's forward (100,352)</td><td>0.38: 10.6 against 28.1 µs (medians)</td><td></td><td></td></tr>
 *   <tr><td>{@code 1x10x128}, W2's output layer (1,280)</td><td>0.41: 0.20 against 0.48 µs (medians)</td><td></td><td></td></tr>
 *   <tr><td>{@code 1x512x1024} (524,288)</td><td>0.94 (0.93)</td><td>1.40 (1.36)</td><td>1.23 (1.22)</td></tr>
 *   <tr><td>{@code 1x1024x1024} (1,048,576)</td><td>1.70 (1.98)</td><td>1.11 (1.30)</td><td>1.05 (1.30)</td></tr>
 *   <tr><td>{@code 2x1024x1024} (2,097,152)</td><td>0.90 (1.09)</td><td>1.12 (1.16)</td><td>1.12 (1.23)</td></tr>
 * </table>
 *
 * <p>Ruled by work alone, a one- or two-row product best goes to OpenBLAS from 512 multiply-adds for {@code A·Bᵀ}
 * and from 256 for {@code A·B} and {@code Aᵀ·B} ({@link #MIN_NATIVE_ROW_WORK_NT} and the others): of the powers of
 * two tried (64 to 4,096), these lose least against the faster backend of each of the 100 shapes, for every form and
 * row count, on 1 thread and on 2, or within 0.004 of the least (128, for two rows of {@code A·B} and {@code Aᵀ·B}
 * on 2 threads, and of {@code Aᵀ·B} on 1; the sum of the logarithms of time taken over the faster backend's: 1.003 to 1.022
 * times the faster one in geometric mean, against 1.022 to 1.051 with thresholds twice as large and 1.069 to 1.144
 * four times as large). The largest products of one or two rows stream a {@code B} of 4 to 8 MB once, and there the
 * {@code java} backend was ahead again, by up to 2 times: from {@link #MAX_NATIVE_ROW_WORK} multiply-adds on, they
 * stay in Java (of the 12 shapes measured there, 3 were faster through OpenBLAS on 1 thread, {@code A·Bᵀ} of two rows,
 * by at most 1.15 times, and none on 2 threads). The tutorial's products (at most 16 multiply-adds) stay in Java, and
 * W2's one-sample forward goes to OpenBLAS. Re-measure after changing either kernel: issue 16's register-blocked
 * kernel packs products of three rows or more; those of one or two rows have kernels of their own.
 *
 * <p>With {@code OPENBLAS_CORETYPE=Prescott}, the generic kernels that OpenBLAS 0.3.21 falls back to on
 * processors it does not know, OpenBLAS was slower than the {@code java} backend at W2's and W3's batch-64
 * products (1.4 to 2.1 times on one thread, {@code nn-bench vs-numpy}): no size threshold helps there; set
 * {@code OPENBLAS_CORETYPE} (see nn-bench's README) or use {@code -Dnn4j.backend=java}.
 */
final class NativeCrossover {
  /** Products of at most this many rows of {@code C} have the crossovers of one and two rows. */
  static final int MAX_FEW_ROWS = 2;

  /** {@code A·B} goes to BLAS from this many multiply-adds ({@code m·n·k}) on: measured crossover 125 to 216. */
  static final long MIN_NATIVE_WORK_NN = 512;

  /** {@code A·Bᵀ} goes to BLAS from this many multiply-adds on: measured crossover 343. */
  static final long MIN_NATIVE_WORK_NT = 1024;

  /** {@code Aᵀ·B} goes to BLAS from this many multiply-adds on: measured crossover 125 to 216. */
  static final long MIN_NATIVE_WORK_TN = 512;

  /** {@code A·B} of one or two rows goes to BLAS from this many multiply-adds on (measured: 256). */
  static final long MIN_NATIVE_ROW_WORK_NN = 256;

  /** {@code A·Bᵀ} of one or two rows goes to BLAS from this many multiply-adds on (measured: 512). */
  static final long MIN_NATIVE_ROW_WORK_NT = 512;

  /** {@code Aᵀ·B} of one or two rows goes to BLAS from this many multiply-adds on (measured: 256). */
  static final long MIN_NATIVE_ROW_WORK_TN = 256;

  /** Products of one or two rows of at least this many multiply-adds stay in Java: it streams them faster. */
  static final long MAX_NATIVE_ROW_WORK = 1L << 20;

  private NativeCrossover() {}

  /**
   * Whether the product {@code op(A)·op(B)} of {@code m x n x k} is worth a call into BLAS.
   *
   * @return true to call BLAS, false to keep the product in Java
   */
  static boolean paysOff(boolean transposeA, boolean transposeB, int m, int n, int k) {
    long work = (long) m * n * k;
    if (m <= MAX_FEW_ROWS && work >= MAX_NATIVE_ROW_WORK) {
      return false;
    }
    return work >= minNativeWork(transposeA, transposeB, m);
  }

  /**
   * The crossover of a form and row count; {@code Aᵀ·Bᵀ}, which nn4j's layers never ask for, takes {@code A·B}'s.
   */
  static long minNativeWork(boolean transposeA, boolean transposeB, int m) {
    boolean fewRows = m <= MAX_FEW_ROWS;
    if (transposeB && !transposeA) {
      return fewRows ? MIN_NATIVE_ROW_WORK_NT : MIN_NATIVE_WORK_NT;
    }
    if (transposeA && !transposeB) {
      return fewRows ? MIN_NATIVE_ROW_WORK_TN : MIN_NATIVE_WORK_TN;
    }
    return fewRows ? MIN_NATIVE_ROW_WORK_NN : MIN_NATIVE_WORK_NN;
  }
}
