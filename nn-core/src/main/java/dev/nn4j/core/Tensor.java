package dev.nn4j.core;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import java.util.Arrays;

/**
 * One named value of a {@link StateDict}: a shape and its values, row-major, as {@code double}s. A tensor
 * of counts (batch normalization's {@code num_batches_tracked}) is marked {@linkplain #isInteger()
 * integer}: its values are whole numbers, and a model file stores it as {@code I64}, as PyTorch does.
 * Immutable: the values are copied in and out.
 */
public final class Tensor {
  /** Integers up to this magnitude are exact in a {@code double}. */
  private static final double MAX_EXACT_INTEGER = 9007199254740992.0;

  private final Shape shape;
  private final double[] values;
  private final boolean integer;

  private Tensor(Shape shape, double[] values, boolean integer) {
    this.shape = checkNotNull(shape, "shape");
    checkNotNull(values, "values");
    checkArgument(
        values.length == shape.size(), "A tensor of shape %s needs %s values, got %s", shape, shape.size(), values.length);
    this.values = values.clone();
    this.integer = integer;
    if (integer) {
      for (double v : this.values) {
        checkArgument(
            v == Math.rint(v) && Math.abs(v) <= MAX_EXACT_INTEGER,
            "An integer tensor holds whole numbers of magnitude up to 2^53, got %s",
            v);
      }
    }
  }

  /**
   * A tensor of real values.
   *
   * @param shape its shape
   * @param values its values, row-major, {@code shape.size()} of them (copied)
   * @return the tensor
   * @throws IllegalArgumentException if the number of values does not match the shape
   */
  public static Tensor of(Shape shape, double... values) {
    return new Tensor(shape, values, false);
  }

  /**
   * A tensor of whole numbers, stored as {@code I64} in model files.
   *
   * @param shape its shape
   * @param values its values, whole numbers of magnitude up to 2^53
   * @return the tensor
   * @throws IllegalArgumentException if a value is not such a whole number, or their number does not match
   *     the shape
   */
  public static Tensor ofIntegers(Shape shape, double... values) {
    return new Tensor(shape, values, true);
  }

  /**
   * The shape.
   *
   * @return the shape
   */
  public Shape shape() {
    return shape;
  }

  /**
   * The values, row-major.
   *
   * @return a copy of the values
   */
  public double[] values() {
    return values.clone();
  }

  /**
   * Value {@code index} in row-major order.
   *
   * @param index in {@code [0, size())}
   * @return the value
   */
  public double get(int index) {
    return values[index];
  }

  /**
   * The number of values.
   *
   * @return {@code shape().size()}
   */
  public int size() {
    return values.length;
  }

  /**
   * True for a tensor of counts, stored as {@code I64}.
   *
   * @return whether the values are whole numbers stored as integers
   */
  public boolean isInteger() {
    return integer;
  }

  /** Copies the values into {@code target}, which has {@link #size()} elements: for the network's own state. */
  void copyTo(double[] target) {
    System.arraycopy(values, 0, target, 0, values.length);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Tensor t && integer == t.integer && shape.equals(t.shape) && Arrays.equals(values, t.values);
  }

  @Override
  public int hashCode() {
    return 31 * shape.hashCode() + Arrays.hashCode(values);
  }

  @Override
  public String toString() {
    String head = values.length <= 6 ? Arrays.toString(values) : "[" + values[0] + ", " + values[1] + ", ...]";
    return "Tensor" + shape + (integer ? " (integer) " : " ") + head;
  }
}
