package dev.nn4j.core;

/**
 * User code that {@link Trainer#fit} calls as training goes on, on the training thread, in this order:
 * {@link #onTrainBegin} once, then {@link #onBatchEnd} after each batch and {@link #onEpochEnd} after each
 * epoch, then {@link #onTrainEnd} once (also when a listener stopped training early, but not when training
 * failed with an exception). Each call goes to every listener in the order they were added to {@link
 * FitOptions}. Epochs are numbered from 1. A listener may read the network (predict, loss, parameter values)
 * and may restore saved parameter values in {@code onTrainEnd}, but must not change them during training;
 * it may change the learning rate between epochs ({@link Trainer#setLearningRate} in {@code onEpochEnd}).
 *
 * <p>A message about the whole run (why it stopped, which epoch was restored) belongs in {@code onTrainEnd}:
 * by then every listener has handled the last epoch, so the message follows that epoch's own line whatever
 * the order of the listeners.
 *
 * <p>Only {@link #onEpochEnd} must be written, so a lambda is a listener.
 */
@FunctionalInterface
public interface TrainingListener {

  /**
   * Called before the first batch.
   *
   * @param trainer the training session about to train, and through it the network
   * @param options the options of this call of {@code fit}
   */
  default void onTrainBegin(Trainer trainer, FitOptions options) {}

  /**
   * Called after each batch, once its gradients are computed and, if it ends a step (every batch, unless
   * {@link FitOptions#accumulate()} sums several into one step), after the optimizer's update.
   *
   * @param batch the batch's progress and loss; reused for every batch, so read it now
   */
  default void onBatchEnd(BatchEnd batch) {}

  /**
   * Called after each epoch, once the optimizer has taken that epoch's last step and validation has run.
   *
   * @param epoch the epoch's metrics, and the way to stop training
   */
  void onEpochEnd(EpochEnd epoch);

  /**
   * Called when training ends normally.
   *
   * @param trainer the training session, and through it the trained network
   * @param history what was measured, one value per epoch
   */
  default void onTrainEnd(Trainer trainer, History history) {}
}
