package dev.nn4j.core.metrics;

import static com.google.common.base.Preconditions.checkArgument;

import dev.nn4j.core.math.Matrix;

/**
 * The fraction of samples whose true class is among the {@code k} highest outputs (Keras' {@code
 * top_k_categorical_accuracy}). Ties as TensorFlow's {@code in_top_k}: a sample counts when fewer than
 * {@code k} classes score strictly higher than its true class, so classes tied at the boundary are all
 * inside. A mean over samples, so the default accumulator averages it exactly. Immutable.
 */
final class TopKAccuracy implements Metric {
  private final int k;

  TopKAccuracy(int k) {
    checkArgument(k >= 1, "Expected k >= 1 for top-k accuracy, got k=%s", k);
    this.k = k;
  }

  @Override
  public String name() {
    return "top_" + k + "_accuracy";
  }

  @Override
  public double value(Matrix prediction, Matrix target) {
    prediction.requireSameShape(target, "targets");
    checkArgument(
        prediction.cols() >= 2,
        "Top-%s accuracy needs one output per class, got %s output (a yes/no classifier): measure it with"
            + " Metrics.accuracy()",
        k,
        prediction.cols());
    int correct = 0;
    for (int r = 0; r < prediction.rows(); r++) {
      double trueScore = prediction.get(r, Metrics.argmax(target, r));
      int higher = 0;
      for (int c = 0; c < prediction.cols(); c++) {
        if (prediction.get(r, c) > trueScore) {
          higher++;
        }
      }
      if (higher < k) {
        correct++;
      }
    }
    return (double) correct / prediction.rows();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TopKAccuracy t && k == t.k;
  }

  @Override
  public int hashCode() {
    return k;
  }

  @Override
  public String toString() {
    return name();
  }
}
