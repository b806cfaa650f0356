package dev.nn4j.core;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableMap;
import java.util.Map;

/** What a {@link TrainingListener} learns at the end of an epoch, and its way to stop training. */
public final class EpochEnd {
  private final Trainer trainer;
  private final int epoch;
  private final int epochs;
  private final ImmutableMap<String, Double> metrics;
  private final double seconds;
  private boolean stopRequested;

  EpochEnd(Trainer trainer, int epoch, int epochs, Map<String, Double> metrics, double seconds) {
    this.trainer = trainer;
    this.epoch = epoch;
    this.epochs = epochs;
    this.metrics = ImmutableMap.copyOf(metrics);
    this.seconds = seconds;
  }

  /**
   * The network being trained.
   *
   * @return the network
   */
  public Network network() {
    return trainer.network();
  }

  /**
   * The training session: its optimizer, counters and checkpoints.
   *
   * @return the trainer
   */
  public Trainer trainer() {
    return trainer;
  }

  /**
   * The epoch that ended, counted from 1 within this call of {@code fit} (as Keras numbers epochs in its
   * messages): {@code epochs()} for the last one.
   *
   * @return the epoch, from 1
   */
  public int epoch() {
    return epoch;
  }

  /**
   * The number of epochs this call of {@code fit} was asked for.
   *
   * @return the number of epochs
   */
  public int epochs() {
    return epochs;
  }

  /**
   * The mean training loss over the epoch's samples, each taken as its batch was trained.
   *
   * @return the mean training loss, the metric {@code "loss"}
   */
  public double loss() {
    return metrics.get("loss");
  }

  /**
   * Everything measured this epoch, by name, as recorded in the {@link History}.
   *
   * @return the values by name, such as {@code "loss"}, {@code "val_loss"} and {@value History#LEARNING_RATE}
   */
  public Map<String, Double> metrics() {
    return metrics;
  }

  /**
   * One value measured this epoch, such as {@code "val_loss"}.
   *
   * @param name the name of the metric, such as {@code "val_loss"}
   * @return its value for this epoch
   * @throws IllegalArgumentException if there is none by that name; the message lists the names
   */
  public double metric(String name) {
    Double v = metrics.get(name);
    checkArgument(v != null, "Nothing named '%s' was measured; this epoch has %s", name, metrics.keySet());
    return v;
  }

  /**
   * Wall-clock seconds the epoch took, validation included.
   *
   * @return the duration in seconds
   */
  public double seconds() {
    return seconds;
  }

  /** Ends training after this epoch; {@code fit} returns the history so far. */
  public void stopTraining() {
    stopRequested = true;
  }

  boolean stopRequested() {
    return stopRequested;
  }

  @Override
  public String toString() {
    return "EpochEnd{epoch=" + epoch + "/" + epochs + ", " + metrics + "}";
  }
}
