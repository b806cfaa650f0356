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
   * The targets a classifier with {@code outputs} outputs is trained against for the class indices {@code
   * labels}: with several outputs (one per class, softmax) the one-hot rows of {@link #encode}; with one
   * output (a yes/no classifier, sigmoid) the label itself, 0 or 1, in a single column, which is how {@code
   * Metrics.accuracy()} reads one output (class 1 from 0.5).
   *
   * @param labels one class index per sample
   * @param outputs the classifier's outputs: 1, or the number of classes
   * @return the targets, shape {@code [labels.length, outputs]}
   * @throws IllegalArgumentException if {@code outputs < 1} or a label is not a class of such a classifier
   *     (outside {@code [0, outputs)}, or other than 0 and 1 for one output); the message names the label, its
   *     row and the classes expected
   */
  public static Matrix targets(int[] labels, int outputs) {
    checkNotNull(labels, "labels");
    checkArgument(outputs >= 1, "Expected at least 1 output, got outputs=%s", outputs);
    int classes = Math.max(2, outputs);
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] < 0 || labels[i] >= classes) {
        throw new IllegalArgumentException(
            outputs == 1
                ? "Label " + labels[i] + " at row " + i + " is not a class of a classifier with one output: expected 0"
                    + " or 1 (the output reads as class 1 from 0.5); for more classes, give the network one output"
                    + " per class"
                : "Label " + labels[i] + " at row " + i + " is not a class of a classifier with " + outputs
                    + " outputs: expected 0 to " + (outputs - 1) + ", one class per output");
      }
    }
    if (outputs > 1) {
      return encode(labels, outputs);
    }
    Matrix column = new Matrix(labels.length, 1);
    for (int i = 0; i < labels.length; i++) {
      column.data()[i] = labels[i];
    }
    return column;
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
