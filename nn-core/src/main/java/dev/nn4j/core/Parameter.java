package dev.nn4j.core;

import static com.google.common.base.Preconditions.checkNotNull;

import dev.nn4j.core.math.Matrix;

/**
 * A trainable tensor of a layer: its current value and the gradient of the loss with respect to it.
 *
 * <p>The tensor has a {@link Shape} in PyTorch's layout (a dense layer's weights {@code [out, in]}, its
 * bias {@code [out]}); its value and gradient are stored as matrices of the same values, row-major, {@code
 * [dim(0), size / dim(0)]} for a tensor of rank 2 or more (so a convolution's {@code [out, in, kh, kw]}
 * weights are the {@code [out, in·kh·kw]} matrix its product needs) and {@code [1, size]} for a vector or a
 * scalar. The name is local to the layer ({@code "weight"}); the network qualifies it as {@code
 * layers.<i>.weight}.
 *
 * <p>A layer's backward pass <em>adds</em> into the gradient; a training step zeroes every gradient first
 * ({@link #zeroGradient()}), so gradients of several micro-batches can be accumulated. An optimizer reads
 * the gradient and updates the value in place.
 */
public final class Parameter {
  private final String name;
  private final Shape shape;
  private final Matrix value;
  private final Matrix gradient;

  /**
   * A parameter called {@code name} of shape {@code shape}, its value and gradient zero.
   *
   * @param name the name within its layer, such as {@code "weight"}
   * @param shape the tensor's shape, such as {@code [out, in]}
   */
  public Parameter(String name, Shape shape) {
    this.name = checkNotNull(name, "name");
    this.shape = checkNotNull(shape, "shape");
    int rows = shape.rank() >= 2 ? shape.dim(0) : 1;
    this.value = new Matrix(rows, shape.size() / rows);
    this.gradient = new Matrix(rows, shape.size() / rows);
  }

  /**
   * A parameter of shape {@code [rows, cols]}.
   *
   * @param name the name within its layer, such as {@code "weight"}
   * @param rows the number of rows
   * @param cols the number of columns
   */
  public Parameter(String name, int rows, int cols) {
    this(name, Shape.of(rows, cols));
  }

  /**
   * The name within its layer, such as {@code "weight"}.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * The tensor's shape, as the state dict and model files give it.
   *
   * @return the shape
   */
  public Shape shape() {
    return shape;
  }

  /**
   * The current value; optimizers and initializers write to it.
   *
   * @return the value, live
   */
  public Matrix value() {
    return value;
  }

  /**
   * The gradient of the loss with respect to {@link #value()}, summed over the backward passes since it
   * was last zeroed.
   *
   * @return the gradient, live, of the value's shape
   */
  public Matrix gradient() {
    return gradient;
  }

  /** Sets the gradient to zero, before the backward passes of a step. */
  public void zeroGradient() {
    gradient.fill(0.0);
  }

  /**
   * Number of scalars in the parameter.
   *
   * @return {@code shape().size()}
   */
  public int size() {
    return value.size();
  }

  @Override
  public String toString() {
    return name + shape;
  }
}
