package dev.nn4j.core;

import java.util.List;
import java.util.Map;

/**
 * Drives the listeners of a {@link FitOptions} through a run whose measured values are given instead of
 * trained: the calls {@link Trainer#fit} makes ({@code onTrainBegin}, then for each epoch the history entry
 * and {@code onEpochEnd}, stopping when a listener asks, then {@code onTrainEnd}), so that a listener's
 * decisions are checked against exact, scripted values. Epochs are numbered from 1, as {@code fit} numbers
 * them.
 */
public final class ScriptedEpochs {
  private ScriptedEpochs() {}

  /**
   * Runs the listeners of {@code options} over {@code epochs}, one map of values per epoch.
   *
   * @param trainer the session the listeners see (nothing trains it)
   * @param options the listeners, and what they check when the run begins
   * @param epochs the values measured at the end of each epoch, such as {@code "val_loss"}
   * @return the history of the epochs run, fewer than given if a listener stopped training
   */
  public static History run(Trainer trainer, FitOptions options, List<Map<String, Double>> epochs) {
    History history = new History();
    for (TrainingListener listener : options.listeners()) {
      listener.onTrainBegin(trainer, options);
    }
    for (int i = 0; i < epochs.size(); i++) {
      history.addEpoch(epochs.get(i));
      EpochEnd end = new EpochEnd(trainer, i + 1, epochs.size(), epochs.get(i), 0.0);
      for (TrainingListener listener : options.listeners()) {
        listener.onEpochEnd(end);
      }
      if (end.stopRequested()) {
        break;
      }
    }
    for (TrainingListener listener : options.listeners()) {
      listener.onTrainEnd(trainer, history);
    }
    return history;
  }
}
