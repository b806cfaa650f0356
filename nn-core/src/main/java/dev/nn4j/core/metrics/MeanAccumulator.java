package dev.nn4j.core.metrics;

import dev.nn4j.core.math.Matrix;

/**
 * The default {@link Metric.Accumulator}: the mean of a metric's batch values weighted by the batches'
 * sizes, {@code Σ n_b · value_b / Σ n_b}, which is the metric over all the samples for a metric that is a
 * mean over samples.
 */
final class MeanAccumulator implements Metric.Accumulator {
  private final Metric metric;
  private double weightedSum;
  private long samples;
  private int batches;
  private double lastValue;

  MeanAccumulator(Metric metric) {
    this.metric = metric;
  }

  @Override
  public void update(Matrix prediction, Matrix target) {
    if (prediction.rows() == 0) {
      return;
    }
    lastValue = metric.value(prediction, target);
    weightedSum += prediction.rows() * lastValue;
    samples += prediction.rows();
    batches++;
  }

  @Override
  public double result() {
    if (batches == 0) {
      return 0.0;
    }
    // One batch: its value as the metric gave it ((n · v) / n can differ from v in the last bit).
    return batches == 1 ? lastValue : weightedSum / samples;
  }

  @Override
  public String toString() {
    return "mean of " + metric.name() + " over " + batches + " batches";
  }
}
