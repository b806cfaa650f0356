package dev.nn4j.activations;

import dev.nn4j.core.ElementwiseActivation;
import dev.nn4j.core.SimpleActivationProvider;

/**
 * Softplus, a smooth ReLU: {@code f(x) = ln(1 + e^x)}, with {@code f'(x) = 1 / (1 + e^(-x))}, the sigmoid.
 *
 * <p>Computed as {@code max(x, 0) + ln(1 + e^(-|x|))}, which is the same function but never overflows:
 * for large {@code x} it returns {@code x} (the correction is below {@code x}'s last digit), for very
 * negative {@code x} a value tending to 0. PyTorch's {@code Softplus} (with {@code beta = 1}) instead returns
 * {@code x} outright for {@code x > 20}, which differs from this by less than {@code 2.1e-9}.
 */
public final class Softplus extends ElementwiseActivation {

  /** Use {@link Activations#softplus()}. */
  Softplus() {
    super("softplus");
  }

  @Override
  public double value(double x) {
    return Math.max(x, 0.0) + Math.log1p(Math.exp(-Math.abs(x)));
  }

  @Override
  public double derivative(double x, double y) {
    return Sigmoid.logistic(x);
  }

  /** Registers {@code "softplus"}. */
  public static final class Provider extends SimpleActivationProvider {
    /** Called by {@link java.util.ServiceLoader}. */
    public Provider() {
      super("softplus", Activations::softplus);
    }
  }

  /** {@link Outputs#REAL}: not probabilities: the cross-entropies refuse it. */
  @Override
  public Outputs outputs() {
    return Outputs.REAL;
  }
}
