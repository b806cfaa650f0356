package dev.nn4j.activations;

import dev.nn4j.core.ElementwiseActivation;
import dev.nn4j.core.SimpleActivationProvider;

/** The logistic sigmoid, {@code f(x) = 1 / (1 + e^(-x))}, with {@code f'(x) = f(x) (1 - f(x))}. */
public final class Sigmoid extends ElementwiseActivation {

  /** Use {@link Activations#sigmoid()}. */
  Sigmoid() {
    super("sigmoid");
  }

  @Override
  public double value(double x) {
    return 1.0 / (1.0 + Math.exp(-x));
  }

  @Override
  public double derivative(double x, double y) {
    return y * (1.0 - y);
  }

  /** Registers {@code "sigmoid"}. */
  public static final class Provider extends SimpleActivationProvider {
    /** Called by {@link java.util.ServiceLoader}. */
    public Provider() {
      super("sigmoid", Activations::sigmoid, "logistic");
    }
  }
}
