package dev.nn4j.spark;

import java.util.List;
import java.util.Locale;

/**
 * What one {@link DataParallelTrainer#fit} did and what it cost: the steps and samples, the mean loss of each
 * epoch it finished, the time in all and the time the partitions spent computing gradients, and the bytes
 * that moved per step.
 *
 * <p>Time outside gradient computation is, per step, the driver's time for the step less the longest time a
 * partition spent computing its share: scheduling, serialisation, broadcasting the weights, collecting and
 * summing the gradients, and the optimizer step. Bytes per step count the payload: the weights sent to each
 * partition that runs a task and the gradient (or weights) each partition with rows sends back, 8 bytes a
 * value; Spark's own framing comes on top.
 */
public final class TrainingReport {
  private final long steps;
  private final long samples;
  private final List<Double> epochLosses;
  private final long wallNanos;
  private final long computeNanos;
  private final long bytesMoved;
  private final int partitions;

  TrainingReport(
      long steps, long samples, List<Double> epochLosses, long wallNanos, long computeNanos, long bytesMoved, int partitions) {
    this.steps = steps;
    this.samples = samples;
    this.epochLosses = List.copyOf(epochLosses);
    this.wallNanos = wallNanos;
    this.computeNanos = computeNanos;
    this.bytesMoved = bytesMoved;
    this.partitions = partitions;
  }

  /**
   * The optimizer steps this fit took (not counting those of a checkpoint it resumed from).
   *
   * @return the steps
   */
  public long steps() {
    return steps;
  }

  /**
   * The samples those steps trained on.
   *
   * @return the samples
   */
  public long samples() {
    return samples;
  }

  /**
   * The mean loss over each epoch this fit finished, weighted by samples (the loss of each batch before its
   * step), in order.
   *
   * @return the losses, possibly empty
   */
  public List<Double> epochLosses() {
    return epochLosses;
  }

  /**
   * The number of partitions of the training data.
   *
   * @return the partitions
   */
  public int partitions() {
    return partitions;
  }

  /**
   * Samples trained per second of the whole fit's steps.
   *
   * @return samples per second, 0 if no step was taken
   */
  public double samplesPerSecond() {
    return wallNanos == 0 ? 0 : samples / (wallNanos / 1e9);
  }

  /**
   * The mean time of a step, in milliseconds.
   *
   * @return milliseconds per step, 0 if no step was taken
   */
  public double millisPerStep() {
    return steps == 0 ? 0 : wallNanos / 1e6 / steps;
  }

  /**
   * The mean time of a step spent outside computing gradients (see the class comment), in milliseconds.
   *
   * @return milliseconds per step, 0 if no step was taken
   */
  public double overheadMillisPerStep() {
    return steps == 0 ? 0 : (wallNanos - computeNanos) / 1e6 / steps;
  }

  /**
   * The mean payload per step (see the class comment), in bytes: computed from the model size and the partitions
   * that ran tasks, not measured on the network (Spark adds its framing, task descriptions and results' headers).
   *
   * @return bytes per step, 0 if no step was taken
   */
  public double bytesPerStep() {
    return steps == 0 ? 0 : (double) bytesMoved / steps;
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "TrainingReport(%d steps, %d samples, %d partitions, %.0f samples/s, %.2f ms/step of which %.2f ms outside"
            + " gradients, %.0f bytes/step, epoch losses %s)",
        steps,
        samples,
        partitions,
        samplesPerSecond(),
        millisPerStep(),
        overheadMillisPerStep(),
        bytesPerStep(),
        epochLosses);
  }
}
