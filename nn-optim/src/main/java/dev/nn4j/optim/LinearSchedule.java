package dev.nn4j.optim;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * PyTorch's {@code LinearLR}, {@code γ_s = γ · (start + (end − start) · min(s, totalIters) /
 * totalIters)}: see {@link Schedules#linear}. Name {@code "linear"}, configuration {@code
 * start_factor}, {@code end_factor} and {@code total_iters}.
 */
record LinearSchedule(double startFactor, double endFactor, long totalIters) implements BuiltInSchedule {
  static final String NAME = "linear";
  static final String START_FACTOR = "start_factor";
  static final String END_FACTOR = "end_factor";
  static final String TOTAL_ITERS = "total_iters";
  /** PyTorch's default {@code start_factor}, for a configuration without one. */
  static final double DEFAULT_START_FACTOR = 1.0 / 3;
  /** PyTorch's default {@code total_iters}, for a configuration without one. */
  static final long DEFAULT_TOTAL_ITERS = 5;

  LinearSchedule {
    checkArgument(
        startFactor > 0 && startFactor <= 1,
        "Expected 0 < startFactor <= 1, got startFactor=%s",
        startFactor);
    endFactor = Checks.unitInterval("endFactor", endFactor);
    Checks.positiveSteps("totalIters", totalIters);
  }

  @Override
  public double learningRate(double baseLearningRate, long step) {
    double progress = (double) Math.min(step, totalIters) / totalIters;
    return baseLearningRate * (startFactor + (endFactor - startFactor) * progress);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void writeConfig(ConfigWriter out) {
    out.put(START_FACTOR, startFactor).put(END_FACTOR, endFactor).put(TOTAL_ITERS, totalIters);
  }

  @Override
  public String toString() {
    return "linear(startFactor="
        + startFactor
        + ", endFactor="
        + endFactor
        + ", totalIters="
        + totalIters
        + ")";
  }
}
