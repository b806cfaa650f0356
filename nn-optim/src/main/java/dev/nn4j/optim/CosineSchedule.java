package dev.nn4j.optim;

/**
 * PyTorch's {@code CosineAnnealingLR}, {@code γ_s = η_min + (γ − η_min) · (1 + cos(π · s / T_max))
 * / 2}: see {@link Schedules#cosine(long, double)}. Name {@code "cosine"}, configuration {@code
 * t_max} and {@code eta_min}.
 */
record CosineSchedule(long tMax, double etaMin) implements BuiltInSchedule {
  static final String NAME = "cosine";
  static final String T_MAX = "t_max";
  static final String ETA_MIN = "eta_min";

  CosineSchedule {
    Checks.positiveSteps("tMax", tMax);
    etaMin = Checks.nonNegative("etaMin", etaMin);
  }

  @Override
  public double learningRate(double baseLearningRate, long step) {
    return etaMin + (baseLearningRate - etaMin) * (1 + Math.cos(Math.PI * step / tMax)) / 2;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void writeConfig(ConfigWriter out) {
    out.put(T_MAX, tMax).put(ETA_MIN, etaMin);
  }

  @Override
  public String toString() {
    return "cosine(tMax=" + tMax + ", etaMin=" + etaMin + ")";
  }
}
