package dev.nn4j.core;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.nn4j.core.math.Kernels;
import dev.nn4j.core.math.Matrix;

/**
 * The checks of the batches and samples given to a network, with messages in the user's words: which
 * sample, which column, expected and given.
 */
final class Batches {
  private Batches() {}

  /** {@code rows} as a batch matrix, after checking that each has {@code width} finite values. */
  static Matrix of(double[][] rows, String what, int width) {
    checkNotNull(rows, "%ss", what);
    for (int r = 0; r < rows.length; r++) {
      checkNotNull(rows[r], "%s sample %s is null", what, r);
      checkArgument(
          rows[r].length == width,
          "Expected each %s sample to have %s values, got %s in sample %s",
          what,
          width,
          rows[r].length,
          r);
    }
    Matrix m = rows.length == 0 ? new Matrix(0, width) : Matrix.of(rows);
    checkFinite(m, what);
    return m;
  }

  /** Checks a batch: {@code width} columns, at least one row, finite values. */
  static void check(Matrix m, String what, int width) {
    checkNotNull(m, "%ss", what);
    if (m.cols() != width) {
      throw new IllegalArgumentException(
          "Expected each " + what + " sample to have " + width + " values, got " + m.cols() + " (shape " + m.shape() + ")");
    }
    if (m.rows() == 0) {
      throw new IllegalArgumentException("Expected at least one " + what + " sample, got none (an empty batch " + m.shape() + ")");
    }
    checkFinite(m, what);
  }

  /** Checks one input sample as {@link Network#predict(double[])} does, for it and {@link Predictor}. */
  static void checkSample(double[] sample, int inputSize) {
    checkNotNull(sample, "sample");
    if (sample.length != inputSize) {
      throw new IllegalArgumentException(
          "Expected each input sample to have " + inputSize + " values, got " + sample.length + " in sample 0");
    }
    checkFinite(Matrix.wrap(1, inputSize, sample), "input");
  }

  private static void checkFinite(Matrix m, String what) {
    int at = Kernels.firstNonFinite(m);
    if (at >= 0) {
      throw new IllegalArgumentException(
          "Expected finite " + what + " values, got " + m.data()[at] + " in sample " + at / m.cols() + ", column " + at % m.cols());
    }
  }
}
