package dev.nn4j.activations;

/**
 * The leaky rectified linear unit, {@code f(x) = x} for {@code x > 0} and {@code slope · x} otherwise,
 * with {@code f'(x) = 1} for {@code x > 0} and {@code slope} otherwise (the slope at the kink, as in
 * PyTorch's {@code LeakyReLU}).
 *
 * <p>Unlike ReLU, a unit with a negative pre-activation still passes a small gradient back, so it cannot
 * "die". Name {@code "leaky_relu"}, configuration {@code {"slope": "0.01"}}; the default slope, 0.01, is
 * PyTorch's {@code negative_slope}.
 */
public final class LeakyRelu extends OneParameterActivation {
  /** The registered name. */
  static final String NAME = "leaky_relu";
  /** The configuration key of the slope. */
  static final String SLOPE = "slope";
  /** The slope for {@code x <= 0} when none is given, as PyTorch's {@code negative_slope}. */
  public static final double DEFAULT_SLOPE = 0.01;

  private final double slope;

  /** Use {@link Activations#leakyRelu(double)}. */
  LeakyRelu(double slope) {
    super(NAME, SLOPE, slope);
    this.slope = parameter();
  }

  /**
   * The slope for {@code x <= 0}.
   *
   * @return the slope
   */
  public double slope() {
    return slope;
  }

  @Override
  public double value(double x) {
    return x > 0 ? x : slope * x;
  }

  @Override
  public double derivative(double x, double y) {
    return x > 0 ? 1.0 : slope;
  }

  /** Registers {@code "leaky_relu"}, configured by {@code "slope"} (default 0.01). */
  public static final class Provider extends OneParameterActivation.Provider {
    /** Called by {@link java.util.ServiceLoader}. */
    public Provider() {
      super(NAME, SLOPE, DEFAULT_SLOPE, Activations::leakyRelu);
    }
  }

  /** {@link Outputs#REAL}: not probabilities: the cross-entropies refuse it. */
  @Override
  public Outputs outputs() {
    return Outputs.REAL;
  }
}
