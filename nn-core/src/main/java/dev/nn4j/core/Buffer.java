package dev.nn4j.core;

import static com.google.common.base.Preconditions.checkNotNull;

import dev.nn4j.core.math.Matrix;

/**
 * A non-trainable tensor of a layer: state that the layer itself changes, such as batch normalization's
 * running mean and variance, or a count. It is part of the state dict (saved, loaded, restored with the best
 * weights) but has no gradient and the optimizer never sees it.
 *
 * <p>Stored as a matrix laid out as a {@link Parameter}'s, made when first used. A buffer made by {@link
 * #counter} holds a whole number and is saved as {@code I64}, as PyTorch saves {@code num_batches_tracked}.
 */
public final class Buffer {
  private final String name;
  private final Shape shape;
  private final boolean integer;
  private final double initialValue;
  private volatile Matrix value;

  private Buffer(String name, Shape shape, boolean integer, double initialValue) {
    this.name = checkNotNull(name, "name");
    this.shape = checkNotNull(shape, "shape");
    this.integer = integer;
    this.initialValue = initialValue;
  }

  /**
   * A buffer of real values, zero at first.
   *
   * @param name the name within its layer, such as {@code "running_mean"}
   * @param shape its shape
   * @return the buffer
   */
  public static Buffer of(String name, Shape shape) {
    return of(name, shape, 0.0);
  }

  /**
   * A buffer of real values, each {@code initialValue} at first, such as a running variance, 1.
   *
   * @param name the name within its layer, such as {@code "running_var"}
   * @param shape its shape
   * @param initialValue the value of every element at first
   * @return the buffer
   */
  public static Buffer of(String name, Shape shape, double initialValue) {
    return new Buffer(name, shape, false, initialValue);
  }

  /**
   * A scalar count, zero at first, saved as an integer.
   *
   * @param name the name within its layer, such as {@code "num_batches_tracked"}
   * @return the buffer
   */
  public static Buffer counter(String name) {
    return new Buffer(name, Shape.scalar(), true, 0.0);
  }

  /**
   * The name within its layer.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * The tensor's shape.
   *
   * @return the shape
   */
  public Shape shape() {
    return shape;
  }

  /**
   * The current value, which the layer updates.
   *
   * @return the value, live
   */
  public Matrix value() {
    Matrix v = value;
    if (v == null) {
      synchronized (this) {
        v = value;
        if (v == null) {
          v = Parameter.matrix(shape);
          if (initialValue != 0) {
            v.fill(initialValue);
          }
          value = v;
        }
      }
    }
    return v;
  }

  /**
   * True for a count, saved as an integer.
   *
   * @return whether the values are whole numbers
   */
  public boolean isInteger() {
    return integer;
  }

  @Override
  public String toString() {
    return name + shape + (integer ? " (counter)" : "");
  }
}
