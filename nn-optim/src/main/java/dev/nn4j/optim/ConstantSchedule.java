package dev.nn4j.optim;

/** {@code γ_s = γ}: see {@link Schedules#constant()}. */
final class ConstantSchedule implements Schedule {
  static final ConstantSchedule INSTANCE = new ConstantSchedule();

  private ConstantSchedule() {}

  @Override
  public double learningRate(double baseLearningRate, long step) {
    return baseLearningRate;
  }

  @Override
  public String toString() {
    return "constant()";
  }
}
