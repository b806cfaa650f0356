package dev.nn4j.core.math;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Strings.lenientFormat;

import java.util.Arrays;

/**
 * A dense, row-major matrix of {@code double}s: the one numeric type of nn4j.
 *
 * <p>Rows are samples and columns are features, so a batch of {@code n} samples of width {@code d} is an
 * {@code n x d} matrix and a single sample is a {@code 1 x d} matrix. Element {@code (r, c)} lives at
 * {@code data()[r * cols() + c]}.
 *
 * <p>A matrix is mutable so that training can reuse its buffers; every numeric kernel that layers,
 * activations, losses and optimizers need is a static method of {@link Kernels}, so the hot loops live
 * in one place. A matrix is not thread-safe: share it between threads only for reading.
 */
public final class Matrix {
  private final int rows;
  private final int cols;
  private final double[] data;

  /**
   * Creates a {@code rows x cols} matrix of zeros.
   *
   * @param rows the number of rows, at least 0
   * @param cols the number of columns, at least 0
   */
  public Matrix(int rows, int cols) {
    this(rows, cols, new double[checkedSize(rows, cols)]);
  }

  private Matrix(int rows, int cols, double[] data) {
    this.rows = rows;
    this.cols = cols;
    this.data = data;
  }

  private static int checkedSize(int rows, int cols) {
    checkArgument(rows >= 0 && cols >= 0, "Matrix shape must not be negative, got [%s, %s]", rows, cols);
    long size = (long) rows * cols;
    // An if rather than checkArgument with three values, whose varargs and boxing would allocate on every call.
    if (size > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(
          lenientFormat("Matrix shape [%s, %s] has %s elements, more than a Java array holds", rows, cols, size));
    }
    return (int) size;
  }

  /**
   * Wraps {@code data} (not copied) as a {@code rows x cols} matrix.
   *
   * @param rows the number of rows
   * @param cols the number of columns
   * @param data the elements, row-major; the matrix uses this array
   * @return the matrix
   * @throws IllegalArgumentException if {@code data.length != rows * cols}
   */
  public static Matrix wrap(int rows, int cols, double[] data) {
    if (data.length != checkedSize(rows, cols)) {
      throw new IllegalArgumentException(
          lenientFormat("Expected %s values for a [%s, %s] matrix, got %s", (long) rows * cols, rows, cols, data.length));
    }
    return new Matrix(rows, cols, data);
  }

  /**
   * Copies a rectangular array of rows into a new matrix.
   *
   * @param values the rows, all of the same length
   * @return a new matrix
   * @throws IllegalArgumentException if the rows have different lengths
   */
  public static Matrix of(double[][] values) {
    int cols = values.length == 0 ? 0 : values[0].length;
    Matrix m = new Matrix(values.length, cols);
    for (int r = 0; r < values.length; r++) {
      checkArgument(
          values[r].length == cols,
          "Row %s has %s values, expected %s like row 0",
          r,
          values[r].length,
          cols);
      System.arraycopy(values[r], 0, m.data, r * cols, cols);
    }
    return m;
  }

  /**
   * A {@code 1 x n} matrix holding a copy of {@code values}: one sample.
   *
   * @param values the elements of the sample
   * @return a new {@code 1 x values.length} matrix
   */
  public static Matrix rowVector(double... values) {
    return new Matrix(1, values.length, values.clone());
  }

  /**
   * An {@code n x 1} matrix holding a copy of {@code values}: n samples of one value each.
   *
   * @param values one value per sample
   * @return a new {@code values.length x 1} matrix
   */
  public static Matrix columnVector(double... values) {
    return new Matrix(values.length, 1, values.clone());
  }

  /**
   * Number of rows (samples).
   *
   * @return the number of rows
   */
  public int rows() {
    return rows;
  }

  /**
   * Number of columns (features).
   *
   * @return the number of columns
   */
  public int cols() {
    return cols;
  }

  /**
   * Number of elements, {@code rows() * cols()}.
   *
   * @return the number of elements
   */
  public int size() {
    return data.length;
  }

  /**
   * The backing row-major array, not a copy: writes to it change the matrix.
   *
   * @return the backing array
   */
  public double[] data() {
    return data;
  }

  /**
   * The element at row {@code r}, column {@code c}.
   *
   * @param r the row, from 0
   * @param c the column, from 0
   * @return the element
   */
  public double get(int r, int c) {
    return data[index(r, c)];
  }

  /**
   * Sets the element at row {@code r}, column {@code c}.
   *
   * @param r the row, from 0
   * @param c the column, from 0
   * @param value the new value
   */
  public void set(int r, int c, double value) {
    data[index(r, c)] = value;
  }

  private int index(int r, int c) {
    if (r < 0 || r >= rows || c < 0 || c >= cols) {
      throw new IndexOutOfBoundsException(
          "Index (" + r + ", " + c + ") is outside a " + shape() + " matrix");
    }
    return r * cols + c;
  }

  /**
   * A copy of row {@code r}.
   *
   * @param r the row, from 0
   * @return a new array of {@code cols()} values
   */
  public double[] row(int r) {
    if (r < 0 || r >= rows) {
      // Not checkArgument: its message argument shape() would build a string on every call.
      throw new IllegalArgumentException(lenientFormat("Row %s is outside a %s matrix", r, shape()));
    }
    return Arrays.copyOfRange(data, r * cols, (r + 1) * cols);
  }

  /**
   * A copy of the contents as an array of rows.
   *
   * @return a new array of {@code rows()} rows
   */
  public double[][] toArray() {
    double[][] out = new double[rows][];
    for (int r = 0; r < rows; r++) {
      out[r] = row(r);
    }
    return out;
  }

  /**
   * A deep copy.
   *
   * @return a new matrix with the same shape and elements
   */
  public Matrix copy() {
    return new Matrix(rows, cols, data.clone());
  }

  /**
   * Copies every element of {@code source}, which must have this matrix's shape, into this one.
   *
   * @param source a matrix of the same shape
   */
  public void copyFrom(Matrix source) {
    requireSameShape(source, "source");
    System.arraycopy(source.data, 0, data, 0, data.length);
  }

  /**
   * Sets every element to {@code value}.
   *
   * @param value the value for every element
   */
  public void fill(double value) {
    Arrays.fill(data, value);
  }

  /**
   * True if {@code other} has the same number of rows and columns.
   *
   * @param other the matrix to compare with
   * @return whether the shapes are equal
   */
  public boolean sameShape(Matrix other) {
    return rows == other.rows && cols == other.cols;
  }

  /**
   * Throws unless {@code other} has this matrix's shape; the message names {@code what} and both shapes.
   *
   * @param other the matrix to check
   * @param what what {@code other} is, for the message, such as {@code "targets"}
   */
  public void requireSameShape(Matrix other, String what) {
    // Checked on every kernel call: build the message only when it is needed.
    if (!sameShape(other)) {
      throw new IllegalArgumentException("Expected " + what + " of shape " + shape() + ", got " + other.shape());
    }
  }

  /**
   * The shape as {@code [rows, cols]}, the form used in every error message.
   *
   * @return the shape, such as {@code "[4, 2]"}
   */
  public String shape() {
    return "[" + rows + ", " + cols + "]";
  }

  /**
   * True if no element is NaN or infinite.
   *
   * @return whether every element is finite
   */
  public boolean isFinite() {
    return Kernels.firstNonFinite(this) < 0;
  }

  /** Matrices are equal when their shapes and all elements are equal ({@link Double#compare} semantics). */
  @Override
  public boolean equals(Object o) {
    return o instanceof Matrix m && rows == m.rows && cols == m.cols && Arrays.equals(data, m.data);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * rows + cols) + Arrays.hashCode(data);
  }

  /** The shape followed by the rows, for small matrices; the shape alone for large ones. */
  @Override
  public String toString() {
    if (data.length > 100) {
      return "Matrix" + shape();
    }
    return "Matrix" + shape() + Arrays.deepToString(toArray());
  }
}
