package dev.nn4j.core;

import static com.google.common.base.Preconditions.checkNotNull;

import dev.nn4j.core.math.Matrix;

/**
 * A trainable tensor of a layer: its current value and the gradient of the loss with respect to it.
 *
 * <p>The value and the gradient always have the same shape. A layer's backward pass writes the
 * gradient; an optimizer reads it and updates the value. The name is local to the layer ({@code
 * "weight"}, {@code "bias"}); the network qualifies it as {@code layers.<i>.<name>}.
 */
public final class Parameter {
  private final String name;
  private final Matrix value;
  private final Matrix gradient;

  /**
   * A parameter called {@code name} of shape {@code [rows, cols]}, its value and gradient zero.
   *
   * @param name the name within its layer, such as {@code "weight"}
   * @param rows the number of rows
   * @param cols the number of columns
   */
  public Parameter(String name, int rows, int cols) {
    this.name = checkNotNull(name, "name");
    this.value = new Matrix(rows, cols);
    this.gradient = new Matrix(rows, cols);
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
   * The current value; optimizers and initializers write to it.
   *
   * @return the value, live
   */
  public Matrix value() {
    return value;
  }

  /**
   * The gradient of the loss with respect to {@link #value()} for the last batch.
   *
   * @return the gradient, live, of the value's shape
   */
  public Matrix gradient() {
    return gradient;
  }

  /**
   * Number of scalars in the parameter.
   *
   * @return {@code rows * cols}
   */
  public int size() {
    return value.size();
  }

  @Override
  public String toString() {
    return name + value.shape();
  }
}
