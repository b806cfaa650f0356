package dev.nn4j.core;

/**
 * Thrown by {@link Trainer#fit} and {@link Trainer#step} when the loss of a batch becomes NaN or infinite.
 * The step that would have used it is not taken, so the network keeps the parameters it had before that
 * batch.
 */
public final class TrainingDivergedException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  private static final String ADVICE = ". The network keeps its parameters from before that step. Try a lower learning rate than ";

  /** The epoch in which the loss diverged, counted from 0; -1 for a step taken outside {@code fit}. */
  private final int epoch;
  /** The batch (within its epoch, counted from 0) whose loss was not finite; -1 outside {@code fit}. */
  private final int batch;

  TrainingDivergedException(int epoch, int batch, double loss, Optimizer optimizer) {
    this(
        "Training diverged: the loss became " + loss + " at epoch " + epoch + ", batch " + batch + " (both counted from 0)"
            + ADVICE + optimizer + ", or standardize the inputs.",
        epoch,
        batch);
  }

  private TrainingDivergedException(String message, int epoch, int batch) {
    super(message);
    this.epoch = epoch;
    this.batch = batch;
  }

  /** For a step taken with {@link Trainer#step} or {@link Trainer#computeGradients}, outside {@code fit}. */
  static TrainingDivergedException atStep(long step, double loss, Optimizer optimizer) {
    return new TrainingDivergedException(
        "Training diverged: the loss became " + loss + " at step " + step + " (counted from 0)" + ADVICE + optimizer
            + ", or standardize the inputs.",
        -1,
        -1);
  }

  /**
   * The epoch in which the loss diverged, counted from 0.
   *
   * @return the epoch, from 0; -1 if the step was taken outside {@code fit}
   */
  public int epoch() {
    return epoch;
  }

  /**
   * The batch (within its epoch, counted from 0) whose loss was not finite.
   *
   * @return the batch, from 0; -1 if the step was taken outside {@code fit}
   */
  public int batch() {
    return batch;
  }
}
