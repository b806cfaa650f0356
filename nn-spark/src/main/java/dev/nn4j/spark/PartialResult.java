package dev.nn4j.spark;

import java.io.Serializable;

/**
 * What one partition sends the driver after a step (synchronous training) or a round (local SGD): the rows
 * it used, their summed loss, and either its share of the step's gradient or its weights after the round,
 * flat in the network's parameter order.
 */
final class PartialResult implements Serializable {
  private static final long serialVersionUID = 1L;

  final int partition;
  /** The rows of this partition in the step's batch (or the round's batches); 0 contributes nothing. */
  final int rows;
  /** The sum over those rows of their loss (each batch's mean loss times its rows). */
  final double lossSum;
  /** The weighted gradient, or the weights after local steps; null when {@link #rows} is 0. */
  final double[] values;
  /** The time the task spent computing, in nanoseconds. */
  final long computeNanos;

  PartialResult(int partition, int rows, double lossSum, double[] values, long computeNanos) {
    this.partition = partition;
    this.rows = rows;
    this.lossSum = lossSum;
    this.values = values;
    this.computeNanos = computeNanos;
  }

  static PartialResult empty(int partition) {
    return new PartialResult(partition, 0, 0.0, null, 0L);
  }
}
