package dev.nn4j.optim;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

/**
 * The hyper-parameters that every optimizer of nn4j has, whatever its rule: the base learning rate
 * {@code γ}, the weight decay {@code λ}, the gradient-clipping norm (infinite for none) and the
 * learning-rate schedule.
 */
record Settings(double learningRate, double weightDecay, double clipNorm, Schedule schedule) {
  /** No clipping. */
  static final double NO_CLIPPING = Double.POSITIVE_INFINITY;

  Settings {
    checkArgument(
        learningRate > 0 && Double.isFinite(learningRate),
        "Expected a positive, finite learning rate, got learningRate=%s",
        learningRate);
    Checks.nonNegative("weightDecay", weightDecay);
    if (clipNorm != NO_CLIPPING) {
      Checks.positive("clipNorm", clipNorm);
    }
    checkNotNull(schedule, "schedule");
  }

  /** The settings of an optimizer with learning rate {@code γ} and weight decay {@code λ}. */
  static Settings of(double learningRate, double weightDecay) {
    return new Settings(learningRate, weightDecay, NO_CLIPPING, Schedules.constant());
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
