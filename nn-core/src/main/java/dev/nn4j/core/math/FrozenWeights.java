package dev.nn4j.core.math;

import static com.google.common.base.Preconditions.checkNotNull;

/**
 * A copy of a weight matrix {@code W} ({@code [outputs, inputs]}), laid out for products with one sample
 * at a time, {@code y = x · Wᵀ}: the latency-bound case of serving predictions.
 *
 * <p>The copy is taken once, so later changes to {@code W} are not seen: that is what lets the copy be
 * laid out for speed. It is stored transposed, one run of outputs per input, so that the product streams
 * through the weights once while the outputs stay in cache ({@code "java"}) or, when the JVM runs with
 * {@code --add-modules jdk.incubator.vector}, in vector registers ({@code "vector-api-..."}). Both give each
 * output as the chain {@code y = fma(x[p], w(j, p), y)} over {@code p = 0, 1, ..., k-1}, the order of
 * {@link JavaBackend}, so the bits do not depend on the flag (a NaN among the weights or inputs gives NaN
 * either way, though not always the same NaN bits). The library never requires the flag: the module is
 * looked for once, and its absence costs only speed.
 *
 * <p>Immutable and thread-safe.
 */
public final class FrozenWeights {
  private static final RowKernel KERNEL = chooseKernel();

  private final int outputs;
  private final int inputs;
  private final RowKernel.Product product;

  FrozenWeights(Matrix weights, RowKernel kernel) {
    checkNotNull(weights, "weights");
    this.outputs = weights.rows();
    this.inputs = weights.cols();
    this.product = kernel.pack(weights.data(), outputs, inputs);
  }

  /**
   * A copy of {@code weights}, laid out for the fastest kernel available.
   *
   * @param weights {@code W}, {@code [outputs, inputs]}
   * @return the copy
   * @throws NullPointerException if {@code weights} is null
   */
  public static FrozenWeights of(Matrix weights) {
    return new FrozenWeights(weights, KERNEL);
  }

  /**
   * The kernel that {@link #of} chooses: {@code "vector-api-512bit"} (or the width of this machine's
   * vectors) with the Vector API, otherwise {@code "java"}.
   *
   * @return the name of the kernel for one-sample products
   */
  public static String kernelName() {
    return KERNEL.name();
  }

  /**
   * The number of outputs, the rows of {@code W}.
   *
   * @return the number of outputs
   */
  public int outputs() {
    return outputs;
  }

  /**
   * The number of inputs, the columns of {@code W}.
   *
   * @return the number of inputs
   */
  public int inputs() {
    return inputs;
  }

  /**
   * {@code y = x · Wᵀ} for one sample.
   *
   * @param x the sample, {@link #inputs()} values
   * @param y receives the {@link #outputs()} values
   * @throws IllegalArgumentException if {@code x} or {@code y} has the wrong length
   */
  public void multiply(double[] x, double[] y) {
    if (x.length != inputs || y.length != outputs) {
      throw new IllegalArgumentException(
          "Expected a sample of " + inputs + " values and room for " + outputs + " outputs, got " + x.length
              + " and " + y.length);
    }
    product.multiply(x, y);
  }

  private static RowKernel chooseKernel() {
    RowKernel vector = VectorApi.kernel("dev.nn4j.core.math.VectorRowKernel", RowKernel.class);
    return vector == null ? new JavaRowKernel() : vector;
  }
}
