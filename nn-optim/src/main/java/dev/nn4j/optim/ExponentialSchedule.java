package dev.nn4j.optim;

/**
 * PyTorch's {@code ExponentialLR}, {@code γ_s = γ · gamma^s}: see {@link Schedules#exponential}.
 */
record ExponentialSchedule(double gamma) implements Schedule {
  ExponentialSchedule {
    Checks.positive("gamma", gamma);
  }

  @Override
  public double learningRate(double baseLearningRate, long step) {
    return baseLearningRate * Math.pow(gamma, step);
  }

  @Override
  public String toString() {
    return "exponential(gamma=" + gamma + ")";
  }
}
