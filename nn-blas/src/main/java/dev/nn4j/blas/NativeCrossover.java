package dev.nn4j.blas;

/**
 * Which products {@link BlasBackend} sends to BLAS through JNI, and which it keeps on nn4j's pure-Java
 * backend: one and two rows always stay in Java, and so does any product of fewer multiply-adds than the
 * crossover of its form, below which the call costs more than OpenBLAS saves.
 *
 * <p><b>Measured</b> with {@code java -jar nn-bench/target/nn-bench.jar crossover} (microseconds per product,
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
 * <p><b>Rows.</b> Issue 16 keeps one- and two-row products in Java whatever their size, as measured on an AMD
 * Zen 3, where OpenBLAS was slower at them. On this Xeon it was faster at the large ones ({@code 1x128x784}: 10
 * against 20 µs), so W2's one-sample {@code network.predict(x)} on the {@code openblas} backend now takes the
 * {@code java} backend's 21 µs instead of 11.5; the Java kernel is to catch up ({@code network.predictor()}, with
 * its own kernel, takes 12 µs either way). Setting {@link #MAX_JAVA_ROWS} to 0 gives such products to the work
 * thresholds alone. Re-measure after changing either kernel.
 *
 * <p>With {@code OPENBLAS_CORETYPE=Prescott}, the generic kernels that OpenBLAS 0.3.21 falls back to on
 * processors it does not know, OpenBLAS was slower than the {@code java} backend at W2's and W3's batch-64
 * products (1.4 to 2.1 times on one thread, {@code nn-bench vs-numpy}): no size threshold helps there; set
 * {@code OPENBLAS_CORETYPE} (see nn-bench's README) or use {@code -Dnn4j.backend=java}.
 */
final class NativeCrossover {
  /** Products of at most this many rows of {@code C} stay in Java, whatever their size. */
  static final int MAX_JAVA_ROWS = 2;

  /** {@code A·B} goes to BLAS from this many multiply-adds ({@code m·n·k}) on: measured crossover 125 to 216. */
  static final long MIN_NATIVE_WORK_NN = 512;

  /** {@code A·Bᵀ} goes to BLAS from this many multiply-adds on: measured crossover 343. */
  static final long MIN_NATIVE_WORK_NT = 1024;

  /** {@code Aᵀ·B} goes to BLAS from this many multiply-adds on: measured crossover 125 to 216. */
  static final long MIN_NATIVE_WORK_TN = 512;

  private NativeCrossover() {}

  /**
   * Whether the product {@code op(A)·op(B)} of {@code m x n x k} is worth a call into BLAS.
   *
   * @return true to call BLAS, false to keep the product in Java
   */
  static boolean paysOff(boolean transposeA, boolean transposeB, int m, int n, int k) {
    if (m <= MAX_JAVA_ROWS) {
      return false;
    }
    long work = (long) m * n * k;
    return work >= minNativeWork(transposeA, transposeB);
  }

  /** The crossover of a form; {@code Aᵀ·Bᵀ}, which nn4j's layers never ask for, takes {@code A·B}'s. */
  static long minNativeWork(boolean transposeA, boolean transposeB) {
    if (transposeB && !transposeA) {
      return MIN_NATIVE_WORK_NT;
    }
    if (transposeA && !transposeB) {
      return MIN_NATIVE_WORK_TN;
    }
    return MIN_NATIVE_WORK_NN;
  }
}
