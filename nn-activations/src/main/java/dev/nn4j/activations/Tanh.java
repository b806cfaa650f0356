package dev.nn4j.activations;

import dev.nn4j.core.ElementwiseActivation;
import dev.nn4j.core.SimpleActivationProvider;

/** The hyperbolic tangent, {@code f(x) = tanh(x)}, with {@code f'(x) = 1 - f(x)²}. */
public final class Tanh extends ElementwiseActivation {

  /** Use {@link Activations#tanh()}. */
  Tanh() {
    super("tanh");
  }

  @Override
  public double value(double x) {
    return Math.tanh(x);
  }

  @Override
  public double derivative(double x, double y) {
    return 1.0 - y * y;
  }

  /** Registers {@code "tanh"}. */
  public static final class Provider extends SimpleActivationProvider {
    /** Called by {@link java.util.ServiceLoader}. */
    public Provider() {
      super("tanh", Activations::tanh);
    }
  }

  /** {@link Outputs#REAL}: not probabilities: the cross-entropies refuse it. */
  @Override
  public Outputs outputs() {
    return Outputs.REAL;
  }

  /** Its derivative is {@code 1 − a²}: the output is enough. */
  @Override
  public boolean derivativeFromOutput() {
    return true;
  }
}
