package dev.nn4j.core.listeners;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.nn4j.core.EpochEnd;
import dev.nn4j.core.FitOptions;

/**
 * A value of the history that a listener watches for improvement, as Keras' callbacks watch their {@code
 * monitor}: its name, its direction, and the smallest change that counts ({@code min_delta}). Immutable.
 */
final class Monitor {
  private final String name;
  private final boolean lowerIsBetter;
  private final double minDelta;

  Monitor(String name, boolean lowerIsBetter, double minDelta) {
    this.name = checkNotNull(name, "monitor");
    checkArgument(!name.isBlank(), "Expected the name of a value in the history to monitor, got \"%s\"", name);
    checkArgument(
        minDelta >= 0 && Double.isFinite(minDelta), "Expected a minDelta of 0 or more, got minDelta=%s", minDelta);
    this.lowerIsBetter = lowerIsBetter;
    this.minDelta = minDelta;
  }

  /** Lower is better for a loss (a name ending in {@code "loss"}), higher for anything else. */
  static boolean lowerIsBetter(String name) {
    return checkNotNull(name, "monitor").endsWith("loss");
  }

  String name() {
    return name;
  }

  boolean lowerIsBetter() {
    return lowerIsBetter;
  }

  double minDelta() {
    return minDelta;
  }

  /** The starting "best", which any finite value improves on. */
  double worst() {
    return lowerIsBetter ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
  }

  /** Whether {@code value} beats {@code best} by more than {@code minDelta}, in the monitor's direction. */
  boolean improves(double value, double best) {
    return lowerIsBetter ? value < best - minDelta : value > best + minDelta;
  }

  /** The monitored value of this epoch; the error lists the values there are. */
  double valueOf(EpochEnd epoch) {
    return epoch.metric(name);
  }

  /**
   * Refuses, before the first epoch, a validation value ({@code "val_..."}) with no validation data to
   * measure it on, naming the listener.
   */
  void checkMeasurable(FitOptions options, Object listener) {
    if (name.startsWith("val_") && !options.hasValidation()) {
      throw new IllegalArgumentException(
          listener + " monitors " + name + ", but fit was given no validation data: add"
              + " FitOptions.Builder.validation(...), or monitor \"" + name.substring("val_".length()) + "\"");
    }
  }

  @Override
  public String toString() {
    return name + (lowerIsBetter ? " (lower is better)" : " (higher is better)");
  }
}
