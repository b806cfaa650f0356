package dev.nn4j.core.listeners;

import dev.nn4j.core.EpochEnd;
import dev.nn4j.core.TrainingListener;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs one line per epoch through SLF4J at INFO, like Keras' per-epoch line: {@code epoch 3/10 - 1.2 s -
 * loss 0.3120 - accuracy 0.8871 - val_loss 0.3344 - val_accuracy 0.8790 - learning_rate 1.0000e-03}, epochs
 * counted from 1. Values are written as Keras writes them: with four decimals, or in scientific notation
 * when smaller than 0.001 in magnitude (so a small learning rate does not show as 0.0000). The logger is
 * {@code dev.nn4j.training}, so it can be turned on or off on its own; nn4j logs nothing per epoch unless a
 * listener such as this one is added.
 */
public final class LoggingListener implements TrainingListener {
  private static final Logger log = LoggerFactory.getLogger("dev.nn4j.training");

  /** A listener that logs every epoch. */
  public LoggingListener() {}

  @Override
  public void onEpochEnd(EpochEnd epoch) {
    if (!log.isInfoEnabled()) {
      return;
    }
    StringBuilder line = new StringBuilder();
    line.append(String.format(Locale.ROOT, "epoch %d/%d - %.1f s", epoch.epoch(), epoch.epochs(), epoch.seconds()));
    for (Map.Entry<String, Double> e : epoch.metrics().entrySet()) {
      line.append(" - ").append(e.getKey()).append(' ').append(format(e.getValue()));
    }
    log.info(line.toString());
  }

  /** Keras' progress-bar rule: {@code %.4f} above 0.001 in magnitude, {@code %.4e} at or below it. */
  static String format(double value) {
    return String.format(Locale.ROOT, Math.abs(value) > 1e-3 ? "%.4f" : "%.4e", value);
  }

  @Override
  public String toString() {
    return "LoggingListener";
  }
}
