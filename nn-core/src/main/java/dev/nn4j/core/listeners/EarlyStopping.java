package dev.nn4j.core.listeners;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

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
 * patience} epochs, and puts back the parameters of the best epoch when training ends, as Keras' {@code
 * EarlyStopping(restore_best_weights=True)}. A value improves when it beats the best so far by more than
 * {@code minDelta}: downwards for losses, upwards for anything else (such as {@code "val_accuracy"}).
 *
 * <p>It keeps state for one training run at a time and resets it when a run begins.
 */
public final class EarlyStopping implements TrainingListener {
  private static final Logger log = LoggerFactory.getLogger(EarlyStopping.class);

  private final String monitor;
  private final int patience;
  private final double minDelta;
  private final boolean restoreBest;
  private final boolean lowerIsBetter;

  private double best;
  private int bestEpoch;
  private int epochsWithoutImprovement;
  private StateDict bestState;

  private EarlyStopping(String monitor, int patience, double minDelta, boolean restoreBest) {
    this.monitor = checkNotNull(monitor, "monitor");
    checkArgument(patience >= 0, "Expected a patience of 0 or more epochs, got patience=%s", patience);
    checkArgument(minDelta >= 0, "Expected a minDelta of 0 or more, got minDelta=%s", minDelta);
    this.patience = patience;
    this.minDelta = minDelta;
    this.restoreBest = restoreBest;
    this.lowerIsBetter = monitor.endsWith("loss");
  }

  /**
   * Monitors {@code "val_loss"} with the given patience, restoring the best parameters.
   *
   * @param patience epochs without improvement to tolerate before stopping
   * @return the listener
   */
  public static EarlyStopping onValidationLoss(int patience) {
    return monitoring("val_loss", patience, 0.0, true);
  }

  /**
   * Monitors {@code monitor} (a name in the history, such as {@code "val_accuracy"}).
   *
   * @param monitor the name of the value to watch; lower is better when it ends in {@code "loss"}
   * @param patience epochs without improvement to tolerate before stopping
   * @param minDelta the smallest change that counts as an improvement
   * @param restoreBest whether to put back the parameters of the best epoch when training ends
   * @return the listener
   */
  public static EarlyStopping monitoring(String monitor, int patience, double minDelta, boolean restoreBest) {
    return new EarlyStopping(monitor, patience, minDelta, restoreBest);
  }

  /**
   * The epoch (counted from 0) with the best monitored value in the last run, or -1 before any.
   *
   * @return the best epoch, or -1
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

  @Override
  public void onTrainBegin(Trainer trainer, FitOptions options) {
    best = lowerIsBetter ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
    bestEpoch = -1;
    epochsWithoutImprovement = 0;
    bestState = null;
  }

  @Override
  public void onEpochEnd(EpochEnd epoch) {
    double value = epoch.metric(monitor);
    boolean improved = lowerIsBetter ? value < best - minDelta : value > best + minDelta;
    if (improved) {
      best = value;
      bestEpoch = epoch.epoch();
      epochsWithoutImprovement = 0;
      if (restoreBest) {
        bestState = epoch.network().stateDict();
      }
    } else if (++epochsWithoutImprovement > patience) {
      log.info(
          "Early stopping after epoch {}: {} has not improved on {} (epoch {}) for {} epochs",
          epoch.epoch(),
          monitor,
          best,
          bestEpoch,
          epochsWithoutImprovement);
      epoch.stopTraining();
    }
  }

  @Override
  public void onTrainEnd(Trainer trainer, History history) {
    if (restoreBest && bestState != null && bestEpoch != history.epochs() - 1) {
      log.info("Restoring the parameters and buffers of epoch {} ({} = {})", bestEpoch, monitor, best);
      trainer.network().loadStateDict(bestState);
    }
  }

  @Override
  public String toString() {
    return "EarlyStopping{monitor=" + monitor + ", patience=" + patience + ", minDelta=" + minDelta
        + ", restoreBest=" + restoreBest + "}";
  }
}
