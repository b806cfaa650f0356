package dev.nn4j.optim;

import static com.google.common.base.Preconditions.checkNotNull;

/**
 * PyTorch's {@code SequentialLR} with one milestone: {@code first} before {@code milestone}, then
 * {@code then} with its clock restarted at zero. See {@link Schedules#sequential}.
 */
record SequentialSchedule(Schedule first, long milestone, Schedule then) implements Schedule {
  SequentialSchedule {
    checkNotNull(first, "first");
    checkNotNull(then, "then");
    Checks.positiveSteps("milestone", milestone);
  }

  @Override
  public double learningRate(double baseLearningRate, long step) {
    return step < milestone
        ? first.learningRate(baseLearningRate, step)
        : then.learningRate(baseLearningRate, step - milestone);
  }

  @Override
  public String toString() {
    return "sequential(" + first + ", milestone=" + milestone + ", " + then + ")";
  }
}
