package dev.nn4j.core.data;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.nn4j.core.math.Matrix;

/**
 * One-hot encoding of class labels: class {@code k} of {@code K} becomes the row vector with 1 in column
 * {@code k} and 0 elsewhere, the target that softmax with cross-entropy is trained against. {@link
 * #decode} goes back, taking the most likely class of each row of a prediction.
 */
public final class OneHot {
  private OneHot() {}

  /**
   * Encodes class indices as an {@code n x classes} matrix: {@code y[i][labels[i]] = 1}, every other
   * element 0.
   *
   * @param labels one class index per sample, each in {@code [0, classes)}
   * @param classes the number of classes {@code K}, at least 1
   * @return the one-hot targets, shape {@code [labels.length, classes]}
   * @throws IllegalArgumentException if {@code classes < 1} or a label is outside {@code [0, classes)};
   *     the message names the label, its row and the class count
   */
  public static Matrix encode(int[] labels, int classes) {
    checkNotNull(labels, "labels");
    checkArgument(classes >= 1, "Expected at least 1 class, got classes=%s", classes);
    Matrix encoded = new Matrix(labels.length, classes);
    double[] data = encoded.data();
    for (int i = 0; i < labels.length; i++) {
      int label = labels[i];
      checkArgument(
          label >= 0 && label < classes,
          "Label %s at row %s is outside [0, %s): expected a class index below the class count %s",
          label,
          i,
          classes,
          classes);
      data[i * classes + label] = 1.0;
    }
    return encoded;
  }

  /**
   * The column of the largest value in each row: {@code argmax_k y[i][k]}, the predicted class of each
   * sample. Works on one-hot labels and on predicted probabilities alike. A tie goes to the lowest column;
   * NaN never wins over a number.
   *
   * @param encoded one-hot labels or predicted probabilities, one row per sample
   * @return the predicted class of each row
   * @throws IllegalArgumentException if the matrix has no columns
   */
  public static int[] decode(Matrix encoded) {
    checkNotNull(encoded, "encoded");
    checkArgument(
        encoded.cols() >= 1 || encoded.rows() == 0,
        "Expected at least 1 column (one per class) to decode, got shape %s",
        encoded.shape());
    int cols = encoded.cols();
    double[] data = encoded.data();
    int[] classes = new int[encoded.rows()];
    for (int i = 0; i < classes.length; i++) {
      int offset = i * cols;
      int best = 0;
      for (int k = 1; k < cols; k++) {
        // A NaN compares false both ways, so a NaN best is replaced explicitly by whatever follows.
        if (data[offset + k] > data[offset + best] || Double.isNaN(data[offset + best])) {
          best = k;
        }
      }
      classes[i] = best;
    }
    return classes;
  }
}
