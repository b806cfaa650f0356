package dev.nn4j.activations;

import dev.nn4j.core.ElementwiseActivation;
import dev.nn4j.core.SimpleActivationProvider;

/**
 * The rectified linear unit, {@code f(x) = max(0, x)}, with {@code f'(x) = 1} for {@code x > 0} and 0
 * otherwise (0 at the kink, as in PyTorch).
 */
public final class Relu extends ElementwiseActivation {

  /** Use {@link Activations#relu()}. */
  Relu() {
    super("relu");
  }

  @Override
  public double value(double x) {
    return x > 0 ? x : 0.0;
  }

  @Override
  public double derivative(double x, double y) {
    return x > 0 ? 1.0 : 0.0;
  }

  /** Registers {@code "relu"}. */
  public static final class Provider extends SimpleActivationProvider {
    /** Called by {@link java.util.ServiceLoader}. */
    public Provider() {
      super("relu", Activations::relu);
    }
  }

  /** {@link Outputs#REAL}: not probabilities: the cross-entropies refuse it. */
  @Override
  public Outputs outputs() {
    return Outputs.REAL;
  }
}
