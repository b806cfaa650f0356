package dev.nn4j.optim;

/** PyTorch's {@code StepLR}, {@code γ_s = γ · gamma^⌊s / stepSize⌋}: see {@link Schedules#step}. */
record StepSchedule(long stepSize, double gamma) implements Schedule {
  StepSchedule {
    Checks.positiveSteps("stepSize", stepSize);
    Checks.positive("gamma", gamma);
  }

  @Override
  public double learningRate(double baseLearningRate, long step) {
    return baseLearningRate * Math.pow(gamma, step / stepSize);
  }

  @Override
  public String toString() {
    return "step(stepSize=" + stepSize + ", gamma=" + gamma + ")";
  }
}
