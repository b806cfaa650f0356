package dev.nn4j.core;

/**
 * Thrown by {@link Network#fit} when the loss of a batch becomes NaN or infinite. The step that would have
 * used it is not taken, so the network keeps the parameters it had before that batch.
 */
public final class TrainingDivergedException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  /** The epoch in which the loss diverged, counted from 0. */
  private final int epoch;
  /** The batch (within its epoch, counted from 0) whose loss was not finite. */
  private final int batch;

  TrainingDivergedException(int epoch, int batch, double loss, Optimizer optimizer) {
    super(
        "Training diverged: the loss became "
            + loss
            + " at epoch "
            + epoch
            + ", batch "
            + batch
            + " (both counted from 0). The network keeps its parameters from before that step."
            + " Try a lower learning rate than "
            + optimizer
            + ", or standardize the inputs.");
    this.epoch = epoch;
    this.batch = batch;
  }

  /**
   * The epoch in which the loss diverged, counted from 0.
   *
   * @return the epoch, from 0
   */
  public int epoch() {
    return epoch;
  }

  /**
   * The batch (within its epoch, counted from 0) whose loss was not finite.
   *
   * @return the batch, from 0
   */
  public int batch() {
    return batch;
  }
}
