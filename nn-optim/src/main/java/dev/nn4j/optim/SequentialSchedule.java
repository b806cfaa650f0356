package dev.nn4j.optim;

import static com.google.common.base.Preconditions.checkNotNull;

/**
 * PyTorch's {@code SequentialLR} with one milestone: {@code first} before {@code milestone}, then
 * {@code then} with its clock restarted at zero. See {@link Schedules#sequential}. Name {@code
 * "sequential"}, configuration {@code milestone} and the two schedules under {@code first} and
 * {@code then}, their parameters one level further down ({@code first.start_factor}).
 */
record SequentialSchedule(Schedule first, long milestone, Schedule then) implements BuiltInSchedule {
  static final String NAME = "sequential";
  static final String FIRST = "first";
  static final String MILESTONE = "milestone";
  static final String THEN = "then";

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
  public String name() {
    return NAME;
  }

  @Override
  public void writeConfig(ConfigWriter out) {
    ScheduleConfig.write(out, FIRST, first);
    out.put(MILESTONE, milestone);
    ScheduleConfig.write(out, THEN, then);
  }

  @Override
  public String toString() {
    return "sequential(" + first + ", milestone=" + milestone + ", " + then + ")";
  }
}
