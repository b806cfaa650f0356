package dev.nn4j.core.math;

/**
 * Where the matrix products of nn4j run: the one seam between the network and the hardware.
 *
 * <p>{@link Kernels} checks shapes and then calls the current backend ({@link Backends#current()}) for
 * every product; the pure-Java backend is the default and others (OpenBLAS through {@code nn-blas}) are
 * plug-ins found with {@link java.util.ServiceLoader} through {@link ComputeBackendProvider}.
 *
 * <p>Implementations are thread-safe: products may be requested from many threads at once (concurrent
 * predictions), each with its own output.
 */
public interface ComputeBackend {

  /**
   * A short name for logs and benchmark reports, such as {@code "java"} or {@code "openblas"}.
   *
   * @return the name
   */
  String name();

  /**
   * The general matrix product {@code C = op(A) · op(B)} of row-major arrays, overwriting {@code C}.
   *
   * <p>{@code op(A)} is {@code m x k}: {@code A} is stored as {@code m x k}, or as {@code k x m} when {@code
   * transposeA}. {@code op(B)} is {@code k x n}: {@code B} is stored as {@code k x n}, or as {@code n x k}
   * when {@code transposeB}. {@code C} is {@code m x n}. The arrays hold exactly these sizes; {@code C} is
   * distinct from {@code A} and {@code B}. Any of {@code m, n, k} may be 0 (with {@code k = 0}, {@code C}
   * becomes zeros).
   *
   * @param transposeA whether {@code A} is stored transposed
   * @param transposeB whether {@code B} is stored transposed
   * @param m the rows of {@code op(A)} and {@code C}
   * @param n the columns of {@code op(B)} and {@code C}
   * @param k the columns of {@code op(A)}, the rows of {@code op(B)}
   * @param a the elements of {@code A}, row-major, read only
   * @param b the elements of {@code B}, row-major, read only
   * @param c receives {@code C}, row-major
   */
  void gemm(boolean transposeA, boolean transposeB, int m, int n, int k, double[] a, double[] b, double[] c);

  /**
   * The general matrix product {@code C = op(A) · op(B)}, or {@code C += op(A) · op(B)} when {@code
   * accumulate}: how layers add parameter gradients. The shapes are those of the product above. A backend
   * should add the products to {@code C}'s values in the same order as if {@code C} were the first term of
   * each sum, so that accumulating into zeros gives the bits of the plain product, as nn4j's backends do;
   * the default computes the product into a new array and adds it, which is correct for any backend written
   * before this method existed, and slower.
   *
   * @param transposeA whether {@code A} is stored transposed
   * @param transposeB whether {@code B} is stored transposed
   * @param m the rows of {@code op(A)} and {@code C}
   * @param n the columns of {@code op(B)} and {@code C}
   * @param k the columns of {@code op(A)}, the rows of {@code op(B)}
   * @param a the elements of {@code A}, row-major, read only
   * @param b the elements of {@code B}, row-major, read only
   * @param c receives {@code C}, row-major
   * @param accumulate whether to add to {@code C} instead of overwriting it
   */
  default void gemm(
      boolean transposeA, boolean transposeB, int m, int n, int k, double[] a, double[] b, double[] c, boolean accumulate) {
    if (!accumulate) {
      gemm(transposeA, transposeB, m, n, k, a, b, c);
      return;
    }
    double[] product = new double[m * n];
    gemm(transposeA, transposeB, m, n, k, a, b, product);
    for (int i = 0; i < product.length; i++) {
      c[i] += product[i];
    }
  }
}
