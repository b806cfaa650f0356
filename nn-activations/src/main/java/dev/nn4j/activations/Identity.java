package dev.nn4j.activations;

import dev.nn4j.core.ElementwiseActivation;
import dev.nn4j.core.SimpleActivationProvider;

/**
 * The identity, {@code f(x) = x}, with {@code f'(x) = 1}: no activation, for the output layer of a
 * regression or a purely linear layer.
 *
 * <p>Name {@code "identity"}, alias {@code "linear"} (Keras' name for it).
 */
public final class Identity extends ElementwiseActivation {

  /** Use {@link Activations#identity()}. */
  Identity() {
    super("identity");
  }

  @Override
  public double value(double x) {
    return x;
  }

  @Override
  public double derivative(double x, double y) {
    return 1.0;
  }

  /** Registers {@code "identity"}, alias {@code "linear"}. */
  public static final class Provider extends SimpleActivationProvider {
    /** Called by {@link java.util.ServiceLoader}. */
    public Provider() {
      super("identity", Activations::identity, "linear");
    }
  }

  /** {@link Outputs#REAL}: not probabilities: the cross-entropies refuse it. */
  @Override
  public Outputs outputs() {
    return Outputs.REAL;
  }

  /** Its derivative is 1: the output is enough. */
  @Override
  public boolean derivativeFromOutput() {
    return true;
  }
}
