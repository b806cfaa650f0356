package dev.nn4j.core;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.nn4j.core.math.Kernels;
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
 * <p>The matrices are made when first used, so that a network loaded to serve predictions never holds
 * gradients, and a model file's sizes are checked before anything is allocated.
 *
 * <p>A layer's backward pass <em>adds</em> into the gradient; a training step zeroes every gradient first
 * ({@link #zeroGradient()}), so gradients of several micro-batches can be accumulated. {@link
 * #accumulateGradient} and {@link #accumulateGradientSums} add the two usual terms, writing them outright
 * when the gradient was just zeroed (the same bits, without a pass that clears it). An optimizer reads the
 * gradient and updates the value in place. The value may be read from many threads; the gradient belongs to
 * the training thread.
 */
public final class Parameter {
  private final String name;
  private final Shape shape;
  private final double initialValue;
  private volatile Matrix value;
  private Matrix gradient;
  /** True after {@link #zeroGradient()} until something is written to the gradient: it holds old values. */
  private boolean gradientPendingZero;

  /**
   * A parameter called {@code name} of shape {@code shape}, its value and gradient zero.
   *
   * @param name the name within its layer, such as {@code "weight"}
   * @param shape the tensor's shape, such as {@code [out, in]}
   */
  public Parameter(String name, Shape shape) {
    this(name, shape, 0.0);
  }

  /**
   * A parameter whose every value starts at {@code initialValue}, such as batch normalization's scale, 1.
   *
   * @param name the name within its layer, such as {@code "weight"}
   * @param shape the tensor's shape
   * @param initialValue the value of every element until the network initializes or loads it
   */
  public Parameter(String name, Shape shape, double initialValue) {
    this.name = checkNotNull(name, "name");
    this.shape = checkNotNull(shape, "shape");
    checkArgument(Double.isFinite(initialValue), "Expected a finite initial value for %s, got %s", name, initialValue);
    this.initialValue = initialValue;
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
    Matrix v = value;
    if (v == null) {
      synchronized (this) {
        v = value;
        if (v == null) {
          v = matrix(shape);
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
   * The gradient of the loss with respect to {@link #value()}, summed over the backward passes since it
   * was last zeroed.
   *
   * @return the gradient, live, of the value's shape
   */
  public Matrix gradient() {
    Matrix g = gradientMatrix();
    if (gradientPendingZero) {
      g.fill(0.0);
      gradientPendingZero = false;
    }
    return g;
  }

  /** Sets the gradient to zero, before the backward passes of a step; the clearing waits for the first use. */
  public void zeroGradient() {
    gradientPendingZero = true;
  }

  /**
   * Adds {@code aᵀ · b} to the gradient, for {@code a: [k, rows]} and {@code b: [k, cols]}: how a layer adds
   * {@code dL/dW = δᵀ · x}.
   *
   * @param a the left factor, stored as {@code [k, rows]}, such as {@code δ}
   * @param b the right factor, {@code [k, cols]}, such as {@code x}
   */
  public void accumulateGradient(Matrix a, Matrix b) {
    Matrix g = gradientMatrix();
    if (gradientPendingZero) {
      Kernels.multiplyTransposeA(a, b, g);
      gradientPendingZero = false;
    } else {
      Kernels.addProductTransposeA(a, b, g);
    }
  }

  /**
   * Adds the column sums of {@code a} to the gradient, a {@code [1, cols]} row: how a layer adds {@code
   * dL/db = Σ_rows δ}.
   *
   * @param a the matrix to sum, {@code [rows, cols]}, such as {@code δ}
   */
  public void accumulateGradientSums(Matrix a) {
    Matrix g = gradientMatrix();
    if (gradientPendingZero) {
      Kernels.columnSums(a, g);
      gradientPendingZero = false;
    } else {
      Kernels.addColumnSums(a, g);
    }
  }

  private Matrix gradientMatrix() {
    if (gradient == null) {
      gradient = matrix(shape);
      gradientPendingZero = false;
    }
    return gradient;
  }

  /** The matrix that stores a tensor of {@code shape}: {@code [dim(0), rest]}, or one row below rank 2. */
  static Matrix matrix(Shape shape) {
    int rows = shape.rank() >= 2 ? shape.dim(0) : 1;
    return new Matrix(rows, shape.size() / rows);
  }

  /**
   * Number of scalars in the parameter.
   *
   * @return {@code shape().size()}
   */
  public int size() {
    return shape.size();
  }

  @Override
  public String toString() {
    return name + shape;
  }
}
