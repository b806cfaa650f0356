package dev.nn4j.optim;

/**
 * PyTorch's {@code ExponentialLR}, {@code γ_s = γ · gamma^s}: see {@link Schedules#exponential}.
 * Name {@code "exponential"}, configuration {@code gamma}.
 */
record ExponentialSchedule(double gamma) implements BuiltInSchedule {
  static final String NAME = "exponential";
  static final String GAMMA = "gamma";

  ExponentialSchedule {
    Checks.positive("gamma", gamma);
  }

  @Override
  public double learningRate(double baseLearningRate, long step) {
    return baseLearningRate * Math.pow(gamma, step);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void writeConfig(ConfigWriter out) {
    out.put(GAMMA, gamma);
  }

  @Override
  public String toString() {
    return "exponential(gamma=" + gamma + ")";
  }
}
