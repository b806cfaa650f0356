package dev.nn4j.core.math;

import java.util.Arrays;

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

  /**
   * The product of {@link #gemm(boolean, boolean, int, int, int, double[], double[], double[], boolean)}, computed on
   * the calling thread alone, for loops that share their own work between threads, a product each (a convolution's
   * groups of samples, whose data then stay in their core's cache). The arrays may be longer than the product's
   * sizes (threads' reusable buffers): only their first {@code m·k}, {@code k·n} and {@code m·n} elements are read
   * or written. Called from several threads at once, each with its own {@code C}.
   *
   * <p>The default copies arrays longer than the product's sizes into new ones of its sizes (on every such call)
   * and calls {@code gemm}, which may use threads of its own: correct for any backend written before this method
   * existed, and slower. nn4j's backends override it.
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
   * @throws IllegalArgumentException if a size is negative or an array shorter than the product needs
   */
  default void gemmOnCallingThread(
      boolean transposeA, boolean transposeB, int m, int n, int k, double[] a, double[] b, double[] c, boolean accumulate) {
    if (m < 0 || n < 0 || k < 0 || a.length < (long) m * k || b.length < (long) k * n || c.length < (long) m * n) {
      throw new IllegalArgumentException(
          "Expected arrays of at least m·k, k·n and m·n values for m=" + m + " n=" + n + " k=" + k + ", got " + a.length
              + ", " + b.length + " and " + c.length);
    }
    int sizeC = m * n;
    double[] exactA = a.length == m * k ? a : Arrays.copyOf(a, m * k);
    double[] exactB = b.length == k * n ? b : Arrays.copyOf(b, k * n);
    double[] exactC = c.length == sizeC ? c : Arrays.copyOf(c, sizeC);
    gemm(transposeA, transposeB, m, n, k, exactA, exactB, exactC, accumulate);
    if (exactC != c) {
      System.arraycopy(exactC, 0, c, 0, sizeC);
    }
  }
}
