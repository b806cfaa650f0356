package dev.nn4j.core.metrics;

import static com.google.common.base.Preconditions.checkArgument;

import dev.nn4j.core.math.Matrix;

/**
 * Counts of a classifier's answers: {@code count(actual, predicted)} is the number of samples of class
 * {@code actual} that were predicted as {@code predicted}. The diagonal holds the correct answers. Classes
 * are read as by {@link Metrics#accuracy()}. Immutable.
 */
public final class ConfusionMatrix {
  private final int[][] counts;
  private final int total;

  private ConfusionMatrix(int[][] counts, int total) {
    this.counts = counts;
    this.total = total;
  }

  /**
   * Tallies {@code predictions} against {@code targets}, both {@code [n, outputs]}; with one output there
   * are two classes, 0 and 1.
   *
   * @param predictions the network's outputs, {@code [n, outputs]}
   * @param targets the targets, same shape
   * @return the counts
   */
  public static ConfusionMatrix of(Matrix predictions, Matrix targets) {
    predictions.requireSameShape(targets, "targets");
    int classes = Math.max(2, predictions.cols());
    int[][] counts = new int[classes][classes];
    for (int r = 0; r < predictions.rows(); r++) {
      counts[Metrics.classOf(targets, r)][Metrics.classOf(predictions, r)]++;
    }
    return new ConfusionMatrix(counts, predictions.rows());
  }

  /**
   * The number of classes.
   *
   * @return the number of classes, at least 2
   */
  public int classes() {
    return counts.length;
  }

  /**
   * The number of samples tallied.
   *
   * @return the number of samples
   */
  public int total() {
    return total;
  }

  /**
   * Samples of class {@code actual} predicted as {@code predicted}.
   *
   * @param actual the true class
   * @param predicted the predicted class
   * @return the number of such samples
   */
  public int count(int actual, int predicted) {
    checkArgument(actual >= 0 && actual < classes(), "Class %s is out of range 0..%s", actual, classes() - 1);
    checkArgument(predicted >= 0 && predicted < classes(), "Class %s is out of range 0..%s", predicted, classes() - 1);
    return counts[actual][predicted];
  }

  /**
   * The fraction of samples on the diagonal; 0 when empty.
   *
   * @return the accuracy, in {@code [0, 1]}
   */
  public double accuracy() {
    int correct = 0;
    for (int c = 0; c < classes(); c++) {
      correct += counts[c][c];
    }
    return total == 0 ? 0.0 : (double) correct / total;
  }

  /**
   * Of the samples predicted as {@code c}, the fraction that are {@code c}; 0 when none was.
   *
   * @param c the class
   * @return the precision of {@code c}
   */
  public double precision(int c) {
    int predicted = 0;
    for (int a = 0; a < classes(); a++) {
      predicted += count(a, c);
    }
    return predicted == 0 ? 0.0 : (double) counts[c][c] / predicted;
  }

  /**
   * Of the samples of class {@code c}, the fraction predicted as {@code c}; 0 when there are none.
   *
   * @param c the class
   * @return the recall of {@code c}
   */
  public double recall(int c) {
    int actual = 0;
    for (int p = 0; p < classes(); p++) {
      actual += count(c, p);
    }
    return actual == 0 ? 0.0 : (double) counts[c][c] / actual;
  }

  /** A table: one row per actual class, one column per predicted class, then each class's recall. */
  @Override
  public String toString() {
    int width = Math.max(5, String.valueOf(total).length() + 1);
    StringBuilder sb = new StringBuilder(String.format("%-" + (width + 8) + "s", "actual\\pred"));
    for (int p = 0; p < classes(); p++) {
      sb.append(String.format("%" + width + "d", p));
    }
    sb.append(String.format("%9s%n", "recall"));
    for (int a = 0; a < classes(); a++) {
      sb.append(String.format("%-" + (width + 8) + "d", a));
      for (int p = 0; p < classes(); p++) {
        sb.append(String.format("%" + width + "d", counts[a][p]));
      }
      sb.append(String.format("%9.3f%n", recall(a)));
    }
    sb.append(String.format("accuracy %.4f over %d samples", accuracy(), total));
    return sb.toString();
  }
}
