package dev.nn4j.activations;

import dev.nn4j.core.ComponentConfig;
import dev.nn4j.core.Activation;
import dev.nn4j.core.ActivationProvider;
import dev.nn4j.core.ElementwiseActivation;
import java.util.Map;

/**
 * The leaky rectified linear unit, {@code f(x) = x} for {@code x > 0} and {@code slope · x} otherwise,
 * with {@code f'(x) = 1} for {@code x > 0} and {@code slope} otherwise (the slope at the kink, as in
 * PyTorch's {@code LeakyReLU}).
 *
 * <p>Unlike ReLU, a unit with a negative pre-activation still passes a small gradient back, so it cannot
 * "die". Name {@code "leaky_relu"}, configuration {@code {"slope": "0.01"}}; the default slope, 0.01, is
 * PyTorch's {@code negative_slope}.
 */
public final class LeakyRelu extends ElementwiseActivation {
  /** The registered name. */
  static final String NAME = "leaky_relu";
  /** The configuration key of the slope. */
  static final String SLOPE = "slope";
  /** The slope for {@code x <= 0} when none is given, as PyTorch's {@code negative_slope}. */
  public static final double DEFAULT_SLOPE = 0.01;

  private final double slope;
  private final Map<String, String> config;

  /** Use {@link Activations#leakyRelu(double)}. */
  LeakyRelu(double slope) {
    super(NAME);
    this.slope = ComponentConfig.requireFinite("activation '" + NAME + "'", SLOPE, slope);
    this.config = Map.of(SLOPE, ComponentConfig.format(this.slope));
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

  /** {@code {"slope": "<slope>"}}. */
  @Override
  public Map<String, String> config() {
    return config;
  }

  /** Registers {@code "leaky_relu"}, configured by {@code "slope"} (default 0.01). */
  public static final class Provider implements ActivationProvider {
    /** Called by {@link java.util.ServiceLoader}. */
    public Provider() {}

    @Override
    public String name() {
      return NAME;
    }

    /**
     * @throws IllegalArgumentException for a key other than {@code "slope"} or a slope that is not a
     *     finite number
     */
    @Override
    public Activation create(Map<String, String> config) {
      double slope = ComponentConfig.of("activation '" + NAME + "'", config, SLOPE).finiteDouble(SLOPE, DEFAULT_SLOPE);
      return Activations.leakyRelu(slope);
    }
  }
}
