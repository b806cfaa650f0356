package dev.nn4j.optim;

/**
 * PyTorch's {@code CosineAnnealingLR}, {@code γ_s = η_min + (γ − η_min) · (1 + cos(π · s / T_max))
 * / 2}: see {@link Schedules#cosine(long, double)}.
 */
record CosineSchedule(long tMax, double etaMin) implements Schedule {
  CosineSchedule {
    Checks.positiveSteps("tMax", tMax);
    Checks.nonNegative("etaMin", etaMin);
  }

  @Override
  public double learningRate(double baseLearningRate, long step) {
    return etaMin + (baseLearningRate - etaMin) * (1 + Math.cos(Math.PI * step / tMax)) / 2;
  }

  @Override
  public String toString() {
    return "cosine(tMax=" + tMax + ", etaMin=" + etaMin + ")";
  }
}
