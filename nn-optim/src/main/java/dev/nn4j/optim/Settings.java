package dev.nn4j.optim;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import java.util.List;
import java.util.Set;

/**
 * The hyper-parameters that every optimizer of nn4j has, whatever its rule: the base learning rate
 * {@code γ}, the weight decay {@code λ}, the gradient-clipping norm (infinite for none) and the
 * learning-rate schedule. In an optimizer's configuration they are {@value #LR}, {@value
 * #WEIGHT_DECAY} (both always written), {@value #CLIP_NORM} (written when the gradients are clipped)
 * and {@value #SCHEDULE} with its dotted sub-keys (written unless the schedule is constant; see
 * {@link ScheduleConfig}).
 */
record Settings(double learningRate, double weightDecay, double clipNorm, Schedule schedule) {
  /** No clipping. */
  static final double NO_CLIPPING = Double.POSITIVE_INFINITY;

  /** The configuration key of the learning rate, PyTorch's. */
  static final String LR = "lr";
  /** The configuration key of the weight decay, PyTorch's. */
  static final String WEIGHT_DECAY = "weight_decay";
  /** The configuration key of the clipping norm ({@code max_norm} of {@code clip_grad_norm_}). */
  static final String CLIP_NORM = "clip_norm";
  /** The configuration key of the schedule's name; its parameters are dotted sub-keys. */
  static final String SCHEDULE = "schedule";
  /** Every key of the shared settings. */
  static final List<String> KEYS = List.of(LR, WEIGHT_DECAY, CLIP_NORM, SCHEDULE);
  /** The keys that take dotted sub-keys. */
  static final Set<String> NESTED = Set.of(SCHEDULE);

  Settings {
    checkArgument(
        learningRate > 0 && Double.isFinite(learningRate),
        "Expected a positive, finite learning rate, got learningRate=%s",
        learningRate);
    weightDecay = Checks.nonNegative("weightDecay", weightDecay);
    if (clipNorm != NO_CLIPPING) {
      Checks.positive("clipNorm", clipNorm);
    }
    checkNotNull(schedule, "schedule");
  }

  /** The settings of an optimizer with learning rate {@code γ} and weight decay {@code λ}. */
  static Settings of(double learningRate, double weightDecay) {
    return new Settings(learningRate, weightDecay, NO_CLIPPING, Schedules.constant());
  }

  /**
   * The settings in {@code config}.
   *
   * @param defaultLearningRate the learning rate if {@value #LR} is absent; NaN if it is required
   * @param defaultWeightDecay the weight decay if {@value #WEIGHT_DECAY} is absent
   * @throws IllegalArgumentException if a value is absent without a default, or bad
   */
  static Settings read(ConfigReader config, double defaultLearningRate, double defaultWeightDecay) {
    if (Double.isNaN(defaultLearningRate)) {
      config.require(LR);
    }
    return new Settings(
        config.positive(LR, defaultLearningRate),
        config.nonNegative(WEIGHT_DECAY, defaultWeightDecay),
        config.has(CLIP_NORM) ? config.positive(CLIP_NORM, Double.NaN) : NO_CLIPPING,
        ScheduleConfig.read(config, SCHEDULE, Schedules.constant()));
  }

  /** Writes these settings, as {@link #read} reads them. */
  void write(ConfigWriter out) {
    out.put(LR, learningRate).put(WEIGHT_DECAY, weightDecay);
    if (clips()) {
      out.put(CLIP_NORM, clipNorm);
    }
    if (!schedule.equals(Schedules.constant())) {
      ScheduleConfig.write(out, SCHEDULE, schedule);
    }
  }

  Settings withLearningRate(double value) {
    return new Settings(value, weightDecay, clipNorm, schedule);
  }

  Settings withWeightDecay(double value) {
    return new Settings(learningRate, value, clipNorm, schedule);
  }

  Settings withClipNorm(double value) {
    Checks.positive("clipNorm", value);
    return new Settings(learningRate, weightDecay, value, schedule);
  }

  Settings withSchedule(Schedule value) {
    return new Settings(learningRate, weightDecay, clipNorm, value);
  }

  boolean clips() {
    return clipNorm != NO_CLIPPING;
  }
}
