package dev.nn4j.optim;

/** {@code γ_s = γ}: see {@link Schedules#constant()}. Name {@code "constant"}, no parameters. */
final class ConstantSchedule implements BuiltInSchedule {
  static final String NAME = "constant";
  static final ConstantSchedule INSTANCE = new ConstantSchedule();

  private ConstantSchedule() {}

  @Override
  public double learningRate(double baseLearningRate, long step) {
    return baseLearningRate;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void writeConfig(ConfigWriter out) {}

  @Override
  public String toString() {
    return "constant()";
  }
}
