package dev.nn4j.core;

/**
 * User code called by {@link Network#fit} as training goes on, on the training thread. A listener may
 * read the network (predict, loss) and may ask training to stop, but must not change its parameters.
 */
@FunctionalInterface
public interface TrainingListener {

  /** Called after each epoch, once the optimizer has taken that epoch's last step. */
  void onEpochEnd(EpochEnd epoch);
}
