package dev.nn4j.optim;

/**
 * PyTorch's {@code StepLR}, {@code γ_s = γ · gamma^⌊s / stepSize⌋}: see {@link Schedules#step}.
 * Name {@code "step"}, configuration {@code step_size} and {@code gamma}.
 */
record StepSchedule(long stepSize, double gamma) implements BuiltInSchedule {
  static final String NAME = "step";
  static final String STEP_SIZE = "step_size";
  static final String GAMMA = "gamma";
  /** PyTorch's default {@code gamma}, for a configuration without one. */
  static final double DEFAULT_GAMMA = 0.1;

  StepSchedule {
    Checks.positiveSteps("stepSize", stepSize);
    Checks.positive("gamma", gamma);
  }

  @Override
  public double learningRate(double baseLearningRate, long step) {
    return baseLearningRate * Math.pow(gamma, step / stepSize);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void writeConfig(ConfigWriter out) {
    out.put(STEP_SIZE, stepSize).put(GAMMA, gamma);
  }

  @Override
  public String toString() {
    return "step(stepSize=" + stepSize + ", gamma=" + gamma + ")";
  }
}
