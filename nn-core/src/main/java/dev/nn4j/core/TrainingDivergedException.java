package dev.nn4j.core;

/**
 * Thrown by {@link Trainer#fit} and {@link Trainer#step} when training diverges: the loss of a batch becomes
 * NaN or infinite, a layer's buffer (such as batch normalization's running variance) overflows, or the
 * optimizer's update would make a parameter NaN or infinite. The step is not taken, or is undone, so the
 * network keeps the parameters and buffers it had before that step, and can still predict and be saved;
 * unless an optimizer of your own took the diverging step without undoing it (see {@link
 * Optimizer.Updater#stepIfFinite()}), which the message then says.
 */
public final class TrainingDivergedException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  /** The epoch in which training diverged, counted from 1; -1 for a step taken outside {@code fit}. */
  private final int epoch;
  /** The batch (within its epoch, counted from 0) of the failing step; -1 outside {@code fit}. */
  private final int batch;

  /**
   * @param what what became non-finite, such as "the loss became NaN"
   * @param epoch the epoch, from 1, or -1 outside {@code fit}
   * @param batch the batch within the epoch, from 0, or -1 outside {@code fit}
   * @param step the number of steps taken before the failing one, named outside {@code fit}
   * @param nonFiniteParameter a parameter that is not finite any more, or null if all are as before the step
   */
  TrainingDivergedException(String what, int epoch, int batch, long step, Optimizer optimizer, String nonFiniteParameter) {
    super(
        "Training diverged: "
            + what
            + (epoch >= 0
                ? " at epoch " + epoch + ", batch " + batch + " (epochs counted from 1, batches from 0)"
                : " at step " + step + " (counted from 0)")
            + (nonFiniteParameter == null
                ? ". The network keeps its parameters and buffers from before that step."
                : ". Parameter '" + nonFiniteParameter + "' is no longer finite: the optimizer took a diverging step"
                    + " without undoing it (it does not implement Optimizer.Updater.stepIfFinite()); restore the"
                    + " network from a checkpoint.")
            + " Try a lower learning rate than "
            + optimizer
            + ", or standardize the inputs.");
    this.epoch = epoch;
    this.batch = batch;
  }

  /**
   * The epoch in which training diverged, counted from 1 as in every message and listener.
   *
   * @return the epoch, from 1; -1 if the step was taken outside {@code fit}
   */
  public int epoch() {
    return epoch;
  }

  /**
   * The batch (within its epoch, counted from 0) of the step that diverged: the batch whose loss was not
   * finite, or the last batch of the step whose update overflowed.
   *
   * @return the batch, from 0; -1 if the step was taken outside {@code fit}
   */
  public int batch() {
    return batch;
  }
}
