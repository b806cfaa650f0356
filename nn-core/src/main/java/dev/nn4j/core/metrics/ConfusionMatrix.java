package dev.nn4j.core.metrics;

import static com.google.common.base.Preconditions.checkArgument;

import dev.nn4j.core.math.Matrix;

/**
 * Counts of a classifier's answers: {@code count(actual, predicted)} is the number of samples of class
 * {@code actual} that were predicted as {@code predicted}. The diagonal holds the correct answers. Classes
 * are read as by {@link Metrics#accuracy()}. Each class's precision, recall and F1, and their macro
 * averages, are read from the counts as {@link Metrics} defines them (a ratio over nothing is 0); the
 * metrics {@link Metrics#precision()}, {@link Metrics#f1OfClass(int)} and the others are these over an
 * epoch's or a data set's counts. Immutable.
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
    int[][] counts = new int[classesOf(predictions)][classesOf(predictions)];
    return new ConfusionMatrix(counts, tally(predictions, targets, counts));
  }

  /** The number of classes of outputs {@code m} wide: one per column, or 2 for a single output. */
  static int classesOf(Matrix m) {
    return Math.max(2, m.cols());
  }

  /**
   * Adds each row's answer to {@code counts[actual][predicted]}, for predictions and targets of the same
   * shape and {@code counts} of {@link #classesOf} their width; returns the number of rows added.
   */
  static int tally(Matrix predictions, Matrix targets, int[][] counts) {
    for (int r = 0; r < predictions.rows(); r++) {
      counts[Metrics.classOf(targets, r)][Metrics.classOf(predictions, r)]++;
    }
    return predictions.rows();
  }

  /** A confusion matrix of a copy of {@code counts} (square, {@code [actual][predicted]}) over {@code total} samples. */
  static ConfusionMatrix copyOf(int[][] counts, int total) {
    int[][] copy = new int[counts.length][];
    for (int a = 0; a < counts.length; a++) {
      copy[a] = counts[a].clone();
    }
    return new ConfusionMatrix(copy, total);
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

  /**
   * The harmonic mean of {@link #precision(int) precision} and {@link #recall(int) recall} of class {@code
   * c}, computed from the counts as {@code 2·TP / (2·TP + FP + FN)} (scikit-learn's and Keras' F1); 0 when
   * the class was neither predicted nor present ({@code TP + FP + FN = 0}), as scikit-learn's {@code
   * zero_division=0}.
   *
   * @param c the class
   * @return the F1 score of {@code c}, in {@code [0, 1]}
   */
  public double f1(int c) {
    int truePositives = count(c, c);
    int predicted = 0;
    int actual = 0;
    for (int k = 0; k < classes(); k++) {
      predicted += counts[k][c];
      actual += counts[c][k];
    }
    // FP + FN = (predicted - TP) + (actual - TP), so 2TP + FP + FN = predicted + actual.
    int denominator = predicted + actual;
    return denominator == 0 ? 0.0 : 2.0 * truePositives / denominator;
  }

  /**
   * The unweighted mean of {@link #precision(int)} over every class (scikit-learn's {@code
   * average='macro'} with {@code labels} all the classes, {@code zero_division=0}): a class never predicted
   * counts as 0.
   *
   * @return the macro-averaged precision
   */
  public double macroPrecision() {
    double sum = 0.0;
    for (int c = 0; c < classes(); c++) {
      sum += precision(c);
    }
    return sum / classes();
  }

  /**
   * The unweighted mean of {@link #recall(int)} over every class ({@code average='macro'}, {@code
   * zero_division=0}): a class with no samples counts as 0.
   *
   * @return the macro-averaged recall
   */
  public double macroRecall() {
    double sum = 0.0;
    for (int c = 0; c < classes(); c++) {
      sum += recall(c);
    }
    return sum / classes();
  }

  /**
   * The unweighted mean of {@link #f1(int)} over every class ({@code average='macro'}): the mean of the
   * classes' F1 scores, not the harmonic mean of {@link #macroPrecision()} and {@link #macroRecall()}.
   *
   * @return the macro-averaged F1 score
   */
  public double macroF1() {
    double sum = 0.0;
    for (int c = 0; c < classes(); c++) {
      sum += f1(c);
    }
    return sum / classes();
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
