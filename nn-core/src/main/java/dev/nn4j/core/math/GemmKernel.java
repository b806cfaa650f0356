package dev.nn4j.core.math;

/**
 * The single-threaded loops of a product: a block of {@code C = op(A) · op(B)} on the calling thread. {@link
 * JavaBackend} cuts a large product into such blocks for its threads; every kernel computes each element of
 * {@code C} as the chain {@code c = fma(a(i,p), b(p,j), c)} over {@code p = 0, 1, ..., k-1} in ascending
 * order, from {@code +0.0} (or from {@code C}'s value when accumulating), so all kernels give the same bits.
 *
 * <p>Implementations are stateless or keep per-thread scratch, and are thread-safe.
 */
interface GemmKernel {
  /** A short name for logs and benchmarks. */
  String name();

  /**
   * The width of the kernel's column tiles: blocks of columns that start at a multiple of it and are a
   * multiple of it wide have no ragged edge, so {@link JavaBackend} cuts columns for threads at multiples of it.
   */
  int columnTile();

  /** The height of the kernel's row tiles: {@link JavaBackend} cuts rows for threads at multiples of it. */
  int rowTile();

  /**
   * Whether the kernel is meant for products of this shape ({@code op(A)} {@code m x k}, {@code op(B)} {@code k x
   * n}): {@link JavaBackend} asks its narrow kernel ({@link GemmKernels#narrow}) first. Only about speed: every kernel computes
   * every shape, with the same bits.
   *
   * @return true unless the kernel is made for some shapes only
   */
  default boolean takes(boolean transposeA, boolean transposeB, int m, int n, int k) {
    return true;
  }

  /**
   * Computes the block {@code rows [rowStart, rowEnd) x columns [colStart, colEnd)} of {@code C = op(A) ·
   * op(B)} (the shapes of {@link ComputeBackend#gemm}), overwriting it or, when {@code accumulate}, adding to
   * it (each chain then starts from {@code C}'s value instead of zero); {@code k > 0}.
   */
  void multiply(
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
      int colEnd);
}
