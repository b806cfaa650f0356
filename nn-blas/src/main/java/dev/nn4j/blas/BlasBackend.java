package dev.nn4j.blas;

import dev.ludovic.netlib.blas.BLAS;
import dev.ludovic.netlib.blas.NativeBLAS;
import dev.nn4j.core.math.ComputeBackend;
import dev.nn4j.core.math.JavaBackend;
import java.util.Arrays;
import java.util.Objects;

/**
 * nn4j's matrix products on a netlib {@link BLAS}: {@code dgemm} of the system's OpenBLAS through JNI when
 * {@link OpenBlasProvider} finds it (the backend named {@code "openblas"}).
 *
 * <p><b>Row-major on column-major.</b> BLAS reads matrices column by column; nn4j stores them row by row.
 * A row-major {@code r x c} array read column-major is the {@code c x r} transpose, so the row-major
 * {@code C = op(A) · op(B)} is the column-major {@code Cᵀ = op(B)ᵀ · op(A)ᵀ}: call {@code dgemm} with the
 * operands swapped ({@code B} first), each keeping its own transpose flag, and {@code m} and {@code n}
 * swapped. The leading dimension of each array is its row-major row length.
 *
 * <p><b>Results.</b> OpenBLAS blocks the sums differently from {@link dev.nn4j.core.math.NaiveBackend} and
 * uses fused multiply-adds, so results agree with it to rounding (about {@code 1e-15} relative to {@code Σ_p
 * |a_ip b_pj|}), not bit for bit. Instances are stateless and thread-safe.
 *
 * <p><b>Small products stay in Java.</b> A call through JNI into OpenBLAS has a fixed cost that small
 * products do not repay, so the products that {@link NativeCrossover} keeps in Java (everything below the
 * measured crossover of its form and row count, and the largest products of one or two rows, which the Java
 * kernel streams faster) run on nn4j's pure-Java backend, with its bits: with {@code nn-blas} on the class path,
 * the tutorial's network trains as fast as without it, while a single sample through a layer such as W2's
 * {@code 784 -> 128} goes to OpenBLAS, which is faster at it. {@link #nativeOnly()} sends every product to BLAS, to measure where it pays off.
 * The products a loop runs on each of its threads ({@link #gemmOnCallingThread}: a convolution's groups of
 * samples) stay in Java too, whatever their size.
 */
public final class BlasBackend implements ComputeBackend {
  private final String name;
  private final BLAS blas;

  /** Where the products below the crossover run (a final class: a direct call); null when every product goes to BLAS. */
  private final JavaBackend java;

  /**
   * A backend named {@code name} on {@code blas} that keeps small products in Java; {@link OpenBlasProvider}
   * makes the native one.
   */
  BlasBackend(String name, BLAS blas) {
    this(name, blas, new JavaBackend());
  }

  private BlasBackend(String name, BLAS blas, JavaBackend java) {
    this.name = Objects.requireNonNull(name, "name");
    this.blas = Objects.requireNonNull(blas, "blas");
    this.java = java;
  }

  /**
   * The same BLAS with every product sent to it, however small (named {@code "<name>-jni"}): what this
   * backend was before it kept small products in Java, for benchmarks that measure the crossover ({@code
   * java -jar nn-bench.jar crossover}) and for tests of the call itself.
   *
   * @return a backend that calls {@code dgemm} for every non-empty product
   */
  public BlasBackend nativeOnly() {
    return new BlasBackend(name + "-jni", blas, null);
  }

  /**
   * Whether this backend keeps the small products that {@link NativeCrossover} names in Java ({@code false}
   * for {@link #nativeOnly()}).
   *
   * @return whether small products run in Java
   */
  public boolean keepsSmallProductsInJava() {
    return java != null;
  }

  @Override
  public String name() {
    return name;
  }

  /**
   * True when the products run in native code (netlib's {@link NativeBLAS}), false for its Java code.
   *
   * @return whether the products run in native code
   */
  public boolean isNative() {
    return blas instanceof NativeBLAS;
  }

  /**
   * The netlib implementation class, such as {@code JNIBLAS} (native) or {@code Java11BLAS}.
   *
   * @return the simple class name of netlib's implementation
   */
  public String implementation() {
    return blas.getClass().getSimpleName();
  }

  @Override
  public void gemm(boolean transposeA, boolean transposeB, int m, int n, int k, double[] a, double[] b, double[] c) {
    gemm(transposeA, transposeB, m, n, k, a, b, c, false);
  }

  @Override
  public void gemm(
      boolean transposeA, boolean transposeB, int m, int n, int k, double[] a, double[] b, double[] c, boolean accumulate) {
    if (java != null && !NativeCrossover.paysOff(transposeA, transposeB, m, n, k)) {
      java.gemm(transposeA, transposeB, m, n, k, a, b, c, accumulate);
      return;
    }
    if (m == 0 || n == 0) {
      return;
    }
    if (k == 0) {
      // An empty sum; BLAS would also give zeros with beta = 0, but rejects the leading dimension 0.
      if (!accumulate) {
        Arrays.fill(c, 0, m * n, 0.0);
      }
      return;
    }
    // Column-major Cᵀ (n x m) = op(B)ᵀ (n x k) · op(A)ᵀ (k x m). Stored B is k x n (row length n), or n x k
    // (row length k) when transposed; stored A is m x k (row length k), or k x m (row length m).
    blas.dgemm(
        transposeB ? "T" : "N",
        transposeA ? "T" : "N",
        n,
        m,
        k,
        1.0,
        b,
        transposeB ? k : n,
        a,
        transposeA ? m : k,
        accumulate ? 1.0 : 0.0,
        c,
        n);
  }

  /**
   * On nn4j's Java kernel, unless this backend sends every product to BLAS ({@link #nativeOnly()}): OpenBLAS
   * cannot be told to keep one call on its calling thread, and a loop that already shares its work between
   * threads (a convolution's groups of samples, each product a few million multiply-adds) would have each call
   * start OpenBLAS's threads as well. Measured on W4's training (2 cores, alternating runs): with the groups'
   * products sent to OpenBLAS, 1,049–1,080 samples/s (1,786–1,901 with {@code OPENBLAS_NUM_THREADS=1}); on the
   * Java kernel, 1,745–1,977 (2,056–2,201).
   */
  @Override
  public void gemmOnCallingThread(
      boolean transposeA, boolean transposeB, int m, int n, int k, double[] a, double[] b, double[] c, boolean accumulate) {
    if (java != null) {
      java.gemmOnCallingThread(transposeA, transposeB, m, n, k, a, b, c, accumulate);
    } else {
      ComputeBackend.super.gemmOnCallingThread(transposeA, transposeB, m, n, k, a, b, c, accumulate);
    }
  }

  @Override
  public String toString() {
    return name + " (netlib " + implementation() + (java == null ? ", every product" : ", small products in Java") + ")";
  }
}
