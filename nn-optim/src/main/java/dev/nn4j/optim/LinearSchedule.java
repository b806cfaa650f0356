package dev.nn4j.optim;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * PyTorch's {@code LinearLR}, {@code γ_s = γ · (start + (end − start) · min(s, totalIters) /
 * totalIters)}: see {@link Schedules#linear}.
 */
record LinearSchedule(double startFactor, double endFactor, long totalIters) implements Schedule {
  LinearSchedule {
    checkArgument(
        startFactor > 0 && startFactor <= 1,
        "Expected 0 < startFactor <= 1, got startFactor=%s",
        startFactor);
    checkArgument(
        endFactor >= 0 && endFactor <= 1,
        "Expected 0 <= endFactor <= 1, got endFactor=%s",
        endFactor);
    Checks.positiveSteps("totalIters", totalIters);
  }

  @Override
  public double learningRate(double baseLearningRate, long step) {
    double progress = (double) Math.min(step, totalIters) / totalIters;
    return baseLearningRate * (startFactor + (endFactor - startFactor) * progress);
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
