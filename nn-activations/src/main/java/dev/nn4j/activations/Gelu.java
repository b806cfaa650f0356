package dev.nn4j.activations;

import dev.nn4j.core.ComponentConfig;
import dev.nn4j.core.Activation;
import dev.nn4j.core.ActivationProvider;
import dev.nn4j.core.ElementwiseActivation;
import java.util.Map;

/**
 * The Gaussian error linear unit (Hendrycks and Gimpel, 2016), {@code f(x) = x Φ(x)}, where {@code Φ} is
 * the standard normal distribution function: the input weighted by how likely a standard normal variable
 * is to be below it. It comes in PyTorch's two forms, chosen by the configuration key {@code
 * "approximate"} as PyTorch's {@code GELU(approximate=...)}:
 *
 * <ul>
 *   <li>{@code "none"} (the default), exact: {@code f(x) = x Φ(x)} with {@code Φ(x) = (1 + erf(x/√2)) / 2},
 *       and {@code f'(x) = Φ(x) + x φ(x)}, where {@code φ(x) = e^(-x²/2) / √(2π)} is the normal density;
 *   <li>{@code "tanh"}, the approximation {@code f(x) = x (1 + tanh(u)) / 2} with {@code u = √(2/π) (x +
 *       0.044715 x³)}, and {@code f'(x) = (1 + tanh(u)) / 2 + x (1 - tanh²(u)) √(2/π) (1 + 3 · 0.044715
 *       x²) / 2}.
 * </ul>
 *
 * <p>Both are one registered name, {@code "gelu"}, with configuration {@code {"approximate": "none"}} or
 * {@code {"approximate": "tanh"}}, so a model file records the form as PyTorch does. {@code erf} comes
 * from W. J. Cody's approximation (relative error about 1e-15); {@code Φ} is computed as {@code erfc(-x/√2)
 * / 2}, which stays accurate for very negative {@code x}, where {@code 1 + erf} would cancel to 0. For the
 * same reason the tanh form is evaluated through {@code (1 + tanh(u)) / 2 = σ(2u)} and {@code (1 - tanh(u)) /
 * 2 = σ(-2u)}: the same function as PyTorch's, without its loss of digits where {@code tanh(u)} is near -1.
 */
public final class Gelu extends ElementwiseActivation {
  /** The registered name. */
  static final String NAME = "gelu";
  /** The configuration key of the form. */
  static final String APPROXIMATE = "approximate";
  /** {@code "approximate"} value of the exact form, the default. */
  public static final String EXACT = "none";
  /** {@code "approximate"} value of the tanh approximation. */
  public static final String TANH = "tanh";

  private static final double SQRT_HALF = Math.sqrt(0.5);
  private static final double ONE_OVER_SQRT_TWO_PI = 1.0 / Math.sqrt(2.0 * Math.PI);
  /** {@code √(2/π)}. */
  private static final double SQRT_TWO_OVER_PI = Math.sqrt(2.0 / Math.PI);
  /** The cubic coefficient of the tanh approximation. */
  private static final double CUBIC = 0.044715;
  /**
   * Beyond this {@code |x|} both forms are exactly {@code max(x, 0)} in double precision and their
   * derivatives exactly 0 or 1; returning those avoids {@code 0 · ∞} when {@code x²} overflows.
   */
  private static final double SATURATION = 40.0;

  private final boolean tanhApproximation;
  private final Map<String, String> config;

  /** Use {@link Activations#gelu()} or {@link Activations#geluTanh()}. */
  Gelu(boolean tanhApproximation) {
    super(NAME);
    this.tanhApproximation = tanhApproximation;
    this.config = Map.of(APPROXIMATE, approximate());
  }

  /**
   * {@code "none"} for the exact form, {@code "tanh"} for the approximation, as PyTorch's argument.
   *
   * @return {@code "none"} or {@code "tanh"}
   */
  public String approximate() {
    return tanhApproximation ? TANH : EXACT;
  }

  @Override
  public double value(double x) {
    if (Math.abs(x) > SATURATION) {
      return x > 0 ? x : -0.0;
    }
    if (tanhApproximation) {
      return x * Sigmoid.logistic(2.0 * tanhArgument(x));
    }
    return x * normalCdf(x);
  }

  @Override
  public double derivative(double x, double y) {
    if (Math.abs(x) > SATURATION) {
      return x > 0 ? 1.0 : 0.0;
    }
    if (tanhApproximation) {
      double u = tanhArgument(x);
      double du = SQRT_TWO_OVER_PI * (1.0 + 3.0 * CUBIC * x * x);
      double plus = Sigmoid.logistic(2.0 * u); // (1 + tanh(u)) / 2
      double minus = Sigmoid.logistic(-2.0 * u); // (1 - tanh(u)) / 2
      return plus + 2.0 * x * plus * minus * du;
    }
    return normalCdf(x) + x * ONE_OVER_SQRT_TWO_PI * Math.exp(-0.5 * x * x);
  }

  /** {@code u = √(2/π) (x + 0.044715 x³)}, the argument of tanh in the approximation. */
  private static double tanhArgument(double x) {
    return SQRT_TWO_OVER_PI * (x + CUBIC * x * x * x);
  }

  /** {@code Φ(x) = erfc(-x/√2) / 2}. */
  private static double normalCdf(double x) {
    return 0.5 * Erf.erfc(-x * SQRT_HALF);
  }

  /** {@code {"approximate": "none"}} or {@code {"approximate": "tanh"}}. */
  @Override
  public Map<String, String> config() {
    return config;
  }

  /** Registers {@code "gelu"}, configured by {@code "approximate"}: {@code "none"} (default) or {@code "tanh"}. */
  public static final class Provider implements ActivationProvider {
    /** Called by {@link java.util.ServiceLoader}. */
    public Provider() {}

    @Override
    public String name() {
      return NAME;
    }

    /**
     * @throws IllegalArgumentException for a key other than {@code "approximate"} or a value other than
     *     {@code "none"} and {@code "tanh"}
     */
    @Override
    public Activation create(Map<String, String> config) {
      String approximate = ComponentConfig.of("activation '" + NAME + "'", config, APPROXIMATE).choice(APPROXIMATE, EXACT, EXACT, TANH);
      return approximate.equals(TANH) ? Activations.geluTanh() : Activations.gelu();
    }
  }

  /** {@link Outputs#REAL}: not probabilities: the cross-entropies refuse it. */
  @Override
  public Outputs outputs() {
    return Outputs.REAL;
  }
}
