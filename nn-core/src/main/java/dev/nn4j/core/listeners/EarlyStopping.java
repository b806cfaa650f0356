package dev.nn4j.core.listeners;

import static com.google.common.base.Preconditions.checkArgument;

import dev.nn4j.core.EpochEnd;
import dev.nn4j.core.FitOptions;
import dev.nn4j.core.History;
import dev.nn4j.core.StateDict;
import dev.nn4j.core.Trainer;
import dev.nn4j.core.TrainingListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops training when a monitored value ({@code "val_loss"} by default) has not improved for {@code
 * patience} epochs, and puts back the parameters of the best epoch when training ends, as Keras' <a
 * href="https://keras.io/api/callbacks/early_stopping/">{@code EarlyStopping(monitor, min_delta, patience,
 * restore_best_weights=True)}</a>. A value improves when it beats the best so far by more than {@code
 * minDelta}: downwards for losses (a name ending in {@code "loss"}), upwards for anything else (such as
 * {@code "val_accuracy"}).
 *
 * <p>As in Keras, a counter of epochs without improvement ({@code wait}) goes up by one each epoch and back
 * to 0 when the value improves; training stops after the epoch at which it reaches {@code patience}. So with
 * {@code patience} 2 and a validation loss of 0.5, 0.4, 0.45, 0.42, training stops after epoch 4, the second
 * epoch in a row that did not beat 0.4; with {@code patience} 0 it stops after the first epoch that does not
 * improve. It never stops after the first epoch of a run.
 *
 * <p>The message saying that training stopped ({@code "Epoch 4: early stopping ..."}, at INFO) and the one
 * saying which epoch's parameters were put back are logged when training ends, as Keras prints them, so they
 * follow the last epoch's own line (from {@link LoggingListener}, say) whatever the order of the listeners.
 * Epochs are numbered from 1, as {@link EpochEnd#epoch()} numbers them.
 *
 * <p>It keeps state for one training run at a time and resets it when a run begins.
 */
public final class EarlyStopping implements TrainingListener {
  private static final Logger log = LoggerFactory.getLogger(EarlyStopping.class);

  private final Monitor monitor;
  private final int patience;
  private final boolean restoreBest;

  private double best;
  private int bestEpoch;
  /** Keras' {@code wait}: epochs since the best one. */
  private int wait;
  /** The epoch after which this listener stopped training, or 0. */
  private int stoppedEpoch;
  private StateDict bestState;

  private EarlyStopping(String monitor, int patience, double minDelta, boolean restoreBest) {
    checkArgument(patience >= 0, "Expected a patience of 0 or more epochs, got patience=%s", patience);
    this.monitor = new Monitor(monitor, Monitor.lowerIsBetter(monitor), minDelta);
    this.patience = patience;
    this.restoreBest = restoreBest;
  }

  /**
   * Monitors {@code "val_loss"} with the given patience, restoring the best parameters.
   *
   * @param patience the number of epochs without improvement after which training stops
   * @return the listener
   */
  public static EarlyStopping onValidationLoss(int patience) {
    return monitoring("val_loss", patience, 0.0, true);
  }

  /**
   * Monitors {@code monitor} (a name in the history, such as {@code "val_accuracy"}).
   *
   * @param monitor the name of the value to watch; lower is better when it ends in {@code "loss"}
   * @param patience the number of epochs without improvement after which training stops
   * @param minDelta the smallest change that counts as an improvement
   * @param restoreBest whether to put back the parameters of the best epoch when training ends
   * @return the listener
   * @throws IllegalArgumentException if {@code patience} or {@code minDelta} is negative
   */
  public static EarlyStopping monitoring(String monitor, int patience, double minDelta, boolean restoreBest) {
    return new EarlyStopping(monitor, patience, minDelta, restoreBest);
  }

  /**
   * The epoch (counted from 1) with the best monitored value in the last run, or 0 before any.
   *
   * @return the best epoch, from 1, or 0
   */
  public int bestEpoch() {
    return bestEpoch;
  }

  /**
   * The best monitored value of the last run.
   *
   * @return the best value
   */
  public double best() {
    return best;
  }

  /**
   * The epoch (counted from 1) after which this listener stopped the last run, or 0 if it did not stop it
   * (Keras' {@code stopped_epoch}, counted from 1).
   *
   * @return the epoch training stopped after, or 0
   */
  public int stoppedEpoch() {
    return stoppedEpoch;
  }

  /**
   * Resets the state for a new run.
   *
   * @throws IllegalArgumentException if the monitored value is a validation value and {@code fit} has no
   *     validation data
   */
  @Override
  public void onTrainBegin(Trainer trainer, FitOptions options) {
    monitor.checkMeasurable(options, this);
    best = monitor.worst();
    bestEpoch = 0;
    wait = 0;
    stoppedEpoch = 0;
    bestState = null;
  }

  @Override
  public void onEpochEnd(EpochEnd epoch) {
    double value = monitor.valueOf(epoch);
    wait++;
    if (monitor.improves(value, best)) {
      best = value;
      bestEpoch = epoch.epoch();
      wait = 0;
      if (restoreBest) {
        bestState = epoch.network().stateDict();
      }
      return;
    }
    if (wait >= patience && epoch.epoch() > 1) {
      stoppedEpoch = epoch.epoch();
      epoch.stopTraining();
    }
  }

  /** Says why training stopped, then puts back the best epoch's parameters and buffers. */
  @Override
  public void onTrainEnd(Trainer trainer, History history) {
    if (stoppedEpoch > 0) {
      log.info(
          "Epoch {}: early stopping: {} has not improved on {} (epoch {}) for {} epochs",
          stoppedEpoch,
          monitor.name(),
          best,
          bestEpoch,
          wait);
    }
    if (restoreBest && bestState != null && bestEpoch != history.epochs()) {
      log.info("Restoring the parameters and buffers of epoch {} ({} = {})", bestEpoch, monitor.name(), best);
      trainer.network().loadStateDict(bestState);
    }
  }

  @Override
  public String toString() {
    return "EarlyStopping{monitor=" + monitor.name() + ", patience=" + patience + ", minDelta=" + monitor.minDelta()
        + ", restoreBest=" + restoreBest + "}";
  }
}
