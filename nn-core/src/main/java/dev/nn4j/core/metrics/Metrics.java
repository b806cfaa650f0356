package dev.nn4j.core.metrics;

import dev.nn4j.core.math.Matrix;

/** The metrics that come with nn4j. */
public final class Metrics {
  private static final Metric ACCURACY = new Accuracy();

  private Metrics() {}

  /**
   * The fraction of samples classified correctly. With several outputs (one per class, one-hot targets) a
   * sample is correct when its largest output is at its target's largest entry; with one output (a yes/no
   * classifier) when the output and the target fall on the same side of 0.5.
   *
   * @return the accuracy metric, named {@code "accuracy"}
   */
  public static Metric accuracy() {
    return ACCURACY;
  }

  /**
   * The class a row of outputs stands for: the index of its largest value (the first, on ties).
   *
   * @param m outputs or one-hot targets, one sample per row
   * @param row the row
   * @return the column of the row's largest value
   */
  public static int argmax(Matrix m, int row) {
    int best = 0;
    for (int c = 1; c < m.cols(); c++) {
      if (m.get(row, c) > m.get(row, best)) {
        best = c;
      }
    }
    return best;
  }

  /** The class of one row as {@link #accuracy()} sees it: argmax, or 0/1 around 0.5 for one output. */
  static int classOf(Matrix m, int row) {
    return m.cols() == 1 ? (m.get(row, 0) >= 0.5 ? 1 : 0) : argmax(m, row);
  }

  private static final class Accuracy implements Metric {
    @Override
    public String name() {
      return "accuracy";
    }

    @Override
    public double value(Matrix prediction, Matrix target) {
      prediction.requireSameShape(target, "targets");
      int correct = 0;
      for (int r = 0; r < prediction.rows(); r++) {
        if (classOf(prediction, r) == classOf(target, r)) {
          correct++;
        }
      }
      return (double) correct / prediction.rows();
    }

    @Override
    public String toString() {
      return name();
    }
  }
}
