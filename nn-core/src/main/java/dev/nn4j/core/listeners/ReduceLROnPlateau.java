package dev.nn4j.core.listeners;

import static com.google.common.base.Preconditions.checkArgument;

import dev.nn4j.core.EpochEnd;
import dev.nn4j.core.FitOptions;
import dev.nn4j.core.History;
import dev.nn4j.core.Trainer;
import dev.nn4j.core.TrainingListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lowers the learning rate when a monitored value ({@code "val_loss"} by default) has stopped improving, as
 * Keras' <a href="https://keras.io/api/callbacks/reduce_lr_on_plateau/">{@code ReduceLROnPlateau(monitor,
 * factor, patience, min_delta, cooldown, min_lr)}</a>, with its defaults: {@code factor} 0.1, {@code patience}
 * 10, {@code minDelta} 1e-4, {@code cooldown} 0, {@code minLearningRate} 0.
 *
 * <pre>{@code
 * FitOptions.builder().epochs(100).validation(validation)
 *     .listener(new LoggingListener())
 *     .listener(ReduceLROnPlateau.builder().factor(0.5).patience(3).minLearningRate(1e-5).build())
 *     .build();
 * }</pre>
 *
 * <p>At the end of each epoch, as Keras does: if a cooldown is running, it counts down and {@code wait} is
 * reset; if the value beats the best so far by more than {@code minDelta} (downwards for a name ending in
 * {@code "loss"}, upwards otherwise, unless {@link Builder#lowerIsBetter} says), it becomes the best and
 * {@code wait} is reset; otherwise, outside a cooldown, {@code wait} goes up by one, and when it reaches
 * {@code patience} the base learning rate {@code lr} becomes {@code max(lr × factor, minLearningRate)} (if
 * {@code lr} is above {@code minLearningRate}), the cooldown starts and {@code wait} is reset. The
 * reduction is logged at INFO ({@code "Epoch 7: ReduceLROnPlateau reducing the learning rate from 0.01 to
 * 0.001 ..."}); add this listener after a {@link LoggingListener} for the message to follow that epoch's
 * line.
 *
 * <p>The rate changes through {@link Trainer#setLearningRate}: the optimizer's state (momentum, moments,
 * step count) carries on, the next step uses the new rate, and a schedule applies to it as to the rate it
 * replaces. The {@link History} records the rate of each epoch under {@value History#LEARNING_RATE}, the
 * reduced one from the epoch after the reduction. A checkpoint written afterwards holds the reduced rate in
 * its optimizer's configuration, so {@link Trainer#resume} continues with it; this listener's own counters
 * are not saved (nor are Keras').
 *
 * <p>It keeps state for one training run at a time and resets it when a run begins. Not for optimizers
 * without a learning rate to change ({@link dev.nn4j.core.Optimizer#withLearningRate}).
 */
public final class ReduceLROnPlateau implements TrainingListener {
  private static final Logger log = LoggerFactory.getLogger(ReduceLROnPlateau.class);

  private final Monitor monitor;
  private final double factor;
  private final int patience;
  private final int cooldown;
  private final double minLearningRate;

  private double best;
  private int wait;
  private int cooldownCounter;

  private ReduceLROnPlateau(Builder b) {
    boolean lowerIsBetter = b.lowerIsBetter != null ? b.lowerIsBetter : Monitor.lowerIsBetter(b.monitor);
    this.monitor = new Monitor(b.monitor, lowerIsBetter, b.minDelta);
    this.factor = b.factor;
    this.patience = b.patience;
    this.cooldown = b.cooldown;
    this.minLearningRate = b.minLearningRate;
    reset();
  }

  /**
   * A builder with Keras' defaults: monitor {@code "val_loss"}, factor 0.1, patience 10, minDelta 1e-4,
   * cooldown 0, minLearningRate 0.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  private void reset() {
    best = monitor.worst();
    wait = 0;
    cooldownCounter = 0;
  }

  /**
   * Resets the counters for a new run.
   *
   * @throws IllegalArgumentException if the monitored value is a validation value and {@code fit} has no
   *     validation data, or if the optimizer has no learning rate to change
   */
  @Override
  public void onTrainBegin(Trainer trainer, FitOptions options) {
    monitor.checkMeasurable(options, this);
    checkArgument(
        !Double.isNaN(trainer.learningRate()),
        "%s changes the optimizer's learning rate, but %s has none (Optimizer.learningRate() is NaN): use an"
            + " optimizer of nn-optim, or implement learningRate() and withLearningRate(double) in yours",
        this,
        trainer.optimizer());
    reset();
  }

  @Override
  public void onEpochEnd(EpochEnd epoch) {
    double current = monitor.valueOf(epoch);
    if (cooldownCounter > 0) {
      cooldownCounter--;
      wait = 0;
    }
    if (monitor.improves(current, best)) {
      best = current;
      wait = 0;
    } else if (cooldownCounter == 0) {
      wait++;
      if (wait >= patience) {
        reduce(epoch);
      }
    }
  }

  private void reduce(EpochEnd epoch) {
    Trainer trainer = epoch.trainer();
    double old = trainer.learningRate();
    double reduced = Math.max(old * factor, minLearningRate);
    if (!(old > minLearningRate) || !(reduced > 0)) {
      return; // Already at the floor (Keras waits on, as here); a rate of 0 would stop learning altogether.
    }
    trainer.setLearningRate(reduced);
    log.info(
        "Epoch {}: ReduceLROnPlateau reducing the learning rate from {} to {} ({} has not improved on {} for {}"
            + " epochs)",
        epoch.epoch(),
        old,
        reduced,
        monitor.name(),
        best,
        wait);
    cooldownCounter = cooldown;
    wait = 0;
  }

  @Override
  public String toString() {
    return "ReduceLROnPlateau{monitor=" + monitor + ", factor=" + factor + ", patience=" + patience + ", minDelta="
        + monitor.minDelta() + ", cooldown=" + cooldown + ", minLearningRate=" + minLearningRate + "}";
  }

  /** Builds a {@link ReduceLROnPlateau}; every option has Keras' default. */
  public static final class Builder {
    private String monitor = "val_loss";
    private Boolean lowerIsBetter;
    private double factor = 0.1;
    private int patience = 10;
    private double minDelta = 1e-4;
    private int cooldown = 0;
    private double minLearningRate = 0.0;

    private Builder() {}

    /**
     * The value to watch, a name in the history such as {@code "val_loss"} (the default) or {@code
     * "val_accuracy"}.
     *
     * @param monitor the name of the value (checked by {@link #build()})
     * @return this builder
     */
    public Builder monitor(String monitor) {
      this.monitor = monitor;
      return this;
    }

    /**
     * Whether a lower value is better (Keras' {@code mode="min"}) or a higher one ({@code "max"}); by default
     * lower is better for a name ending in {@code "loss"}, higher for anything else.
     *
     * @param lowerIsBetter true if lower is better
     * @return this builder
     */
    public Builder lowerIsBetter(boolean lowerIsBetter) {
      this.lowerIsBetter = lowerIsBetter;
      return this;
    }

    /**
     * The factor of each reduction: {@code new_lr = lr × factor}. Default 0.1.
     *
     * @param factor the factor, in {@code (0, 1)}
     * @return this builder
     * @throws IllegalArgumentException unless {@code 0 < factor < 1}
     */
    public Builder factor(double factor) {
      checkArgument(factor > 0 && factor < 1, "Expected a factor between 0 and 1 (exclusive), got factor=%s", factor);
      this.factor = factor;
      return this;
    }

    /**
     * The number of epochs without improvement after which the rate is reduced. Default 10.
     *
     * @param patience the number of epochs, 0 or more
     * @return this builder
     * @throws IllegalArgumentException if {@code patience} is negative
     */
    public Builder patience(int patience) {
      checkArgument(patience >= 0, "Expected a patience of 0 or more epochs, got patience=%s", patience);
      this.patience = patience;
      return this;
    }

    /**
     * The smallest change that counts as an improvement. Default 1e-4.
     *
     * @param minDelta the threshold, 0 or more (checked by {@link #build()})
     * @return this builder
     */
    public Builder minDelta(double minDelta) {
      this.minDelta = minDelta;
      return this;
    }

    /**
     * The number of epochs after a reduction during which epochs without improvement are not counted.
     * Default 0.
     *
     * @param cooldown the number of epochs, 0 or more
     * @return this builder
     * @throws IllegalArgumentException if {@code cooldown} is negative
     */
    public Builder cooldown(int cooldown) {
      checkArgument(cooldown >= 0, "Expected a cooldown of 0 or more epochs, got cooldown=%s", cooldown);
      this.cooldown = cooldown;
      return this;
    }

    /**
     * The lowest learning rate a reduction goes to (Keras' {@code min_lr}). Default 0.
     *
     * @param minLearningRate the floor, 0 or more
     * @return this builder
     * @throws IllegalArgumentException if {@code minLearningRate} is negative or not finite
     */
    public Builder minLearningRate(double minLearningRate) {
      checkArgument(
          minLearningRate >= 0 && Double.isFinite(minLearningRate),
          "Expected a minLearningRate of 0 or more, got minLearningRate=%s",
          minLearningRate);
      this.minLearningRate = minLearningRate;
      return this;
    }

    /**
     * The listener.
     *
     * @return a new listener with these options
     * @throws IllegalArgumentException if the monitor is blank or {@code minDelta} is negative or not finite
     * @throws NullPointerException if the monitor is null
     */
    public ReduceLROnPlateau build() {
      return new ReduceLROnPlateau(this);
    }
  }
}
