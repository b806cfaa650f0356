package dev.nn4j.core;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import java.util.Arrays;

/**
 * The shape of one sample, or of one named tensor: its sizes, outermost first. A feature vector is
 * {@code [4]}, an image {@code [1, 28, 28]} (channels, rows, columns), a sequence {@code [T, F]} (steps,
 * features); a dense layer's weights are {@code [out, in]}, a running statistic {@code [C]}, a counter
 * {@code []} (a scalar).
 *
 * <p>A batch of {@code n} samples is always the row-major {@code [n, size()]} {@link
 * dev.nn4j.core.math.Matrix}: each sample flattened, its last dimension varying fastest. So a shape tells a
 * layer how to read a row; it never changes how rows are stored. Immutable; equal when the sizes are.
 */
public final class Shape {
  private static final Shape SCALAR = new Shape(new int[0]);

  private final int[] dims;
  private final int size;

  private Shape(int[] dims) {
    this.dims = dims;
    long product = 1;
    for (int d : dims) {
      product *= d;
      checkArgument(product <= Integer.MAX_VALUE - 8, "Shape %s has more values than a Java array holds", Arrays.toString(dims));
    }
    this.size = (int) product;
  }

  /**
   * The shape with sizes {@code dims}, outermost first.
   *
   * @param dims the sizes, each at least 1; none for a scalar
   * @return the shape
   * @throws IllegalArgumentException if a size is not positive, or the shape has more values than a Java
   *     array holds
   */
  public static Shape of(int... dims) {
    checkNotNull(dims, "dims");
    for (int d : dims) {
      checkArgument(d > 0, "Expected positive sizes in a shape, got %s", Arrays.toString(dims));
    }
    return dims.length == 0 ? SCALAR : new Shape(dims.clone());
  }

  /**
   * The shape of a scalar, {@code []}: rank 0, one value.
   *
   * @return the scalar shape
   */
  public static Shape scalar() {
    return SCALAR;
  }

  /**
   * The number of dimensions.
   *
   * @return the rank, 0 for a scalar
   */
  public int rank() {
    return dims.length;
  }

  /**
   * The size of dimension {@code axis}; a negative axis counts from the end ({@code -1} is the last).
   *
   * @param axis the dimension, in {@code [-rank(), rank())}
   * @return its size
   * @throws IllegalArgumentException if there is no such dimension
   */
  public int dim(int axis) {
    return dims[index(axis)];
  }

  /**
   * The sizes, outermost first.
   *
   * @return a copy of the sizes
   */
  public int[] dims() {
    return dims.clone();
  }

  /**
   * The number of values: the product of the sizes (1 for a scalar).
   *
   * @return the number of values
   */
  public int size() {
    return size;
  }

  /**
   * The shape of dimensions {@code [from, rank())}: {@code [1, 28, 28].from(1)} is {@code [28, 28]}.
   *
   * @param from the first dimension kept, in {@code [0, rank()]}
   * @return the trailing dimensions
   */
  public Shape from(int from) {
    checkArgument(from >= 0 && from <= dims.length, "Expected a dimension in [0, %s], got %s", dims.length, from);
    return of(Arrays.copyOfRange(dims, from, dims.length));
  }

  /**
   * This shape with its last dimension replaced by {@code size}: the output shape of a layer that acts
   * on the last dimension, such as a dense layer on each step of a sequence.
   *
   * @param size the new last size
   * @return the shape
   * @throws IllegalArgumentException for a scalar, which has no last dimension
   */
  public Shape withLast(int size) {
    checkArgument(dims.length > 0, "A scalar has no last dimension");
    int[] copy = dims.clone();
    copy[copy.length - 1] = size;
    return of(copy);
  }

  /**
   * The shape written as in a model file's configuration, {@code "1,28,28"}; {@link #parse} reads it back.
   *
   * @return the sizes separated by commas; empty for a scalar
   */
  public String toConfig() {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < dims.length; i++) {
      sb.append(i == 0 ? "" : ",").append(dims[i]);
    }
    return sb.toString();
  }

  /**
   * Reads a shape written by {@link #toConfig()}: positive decimal sizes separated by commas.
   *
   * @param text such as {@code "1,28,28"}, or {@code "4"}
   * @return the shape
   * @throws IllegalArgumentException naming the text if it is not such a list, or has more than 8 sizes
   */
  public static Shape parse(String text) {
    checkNotNull(text, "shape text");
    checkArgument(
        text.matches("[1-9][0-9]{0,9}(,[1-9][0-9]{0,9}){0,7}"),
        "Expected a shape as 1 to 8 positive sizes separated by commas (such as 1,28,28), got '%s'",
        text.length() > 80 ? text.substring(0, 80) + "..." : text);
    String[] parts = text.split(",");
    int[] dims = new int[parts.length];
    for (int i = 0; i < parts.length; i++) {
      long d = Long.parseLong(parts[i]);
      checkArgument(d <= Integer.MAX_VALUE, "Expected sizes that fit an int in shape '%s'", text);
      dims[i] = (int) d;
    }
    return of(dims);
  }

  private int index(int axis) {
    int i = axis < 0 ? dims.length + axis : axis;
    checkArgument(i >= 0 && i < dims.length, "Shape %s has no dimension %s", this, axis);
    return i;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Shape s && Arrays.equals(dims, s.dims);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(dims);
  }

  /** The sizes in brackets, as PyTorch prints them: {@code [1, 28, 28]}. */
  @Override
  public String toString() {
    return Arrays.toString(dims);
  }
}
