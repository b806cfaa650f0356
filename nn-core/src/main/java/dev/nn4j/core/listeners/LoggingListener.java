package dev.nn4j.core.listeners;

import dev.nn4j.core.EpochEnd;
import dev.nn4j.core.TrainingListener;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs one line per epoch through SLF4J at INFO, like Keras' per-epoch line: {@code epoch 3/10 - 1.2 s -
 * loss 0.3120 - accuracy 0.8871 - val_loss 0.3344 - val_accuracy 0.8790}. The logger is {@code
 * dev.nn4j.training}, so it can be turned on or off on its own.
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
    line.append(String.format("epoch %d/%d - %.1f s", epoch.epoch() + 1, epoch.epochs(), epoch.seconds()));
    for (Map.Entry<String, Double> e : epoch.metrics().entrySet()) {
      line.append(String.format(" - %s %.4f", e.getKey(), e.getValue()));
    }
    log.info(line.toString());
  }

  @Override
  public String toString() {
    return "LoggingListener";
  }
}
