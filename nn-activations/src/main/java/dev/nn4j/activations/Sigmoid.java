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
    return logistic(x);
  }

  @Override
  public double derivative(double x, double y) {
    return y * (1.0 - y);
  }

  /**
   * {@code 1 / (1 + e^(-x))}, shared with {@link Softplus} and {@link Silu}; accurate relative to itself for
   * every {@code x}, and 0 rather than NaN for very negative {@code x} (where {@code e^(-x)} is infinite).
   */
  static double logistic(double x) {
    return 1.0 / (1.0 + Math.exp(-x));
  }

  /** Registers {@code "sigmoid"}. */
  public static final class Provider extends SimpleActivationProvider {
    /** Called by {@link java.util.ServiceLoader}. */
    public Provider() {
      super("sigmoid", Activations::sigmoid, "logistic");
    }
  }

  /** {@link Outputs#SIGMOID}: the logistic sigmoid: binary cross-entropy fuses with it. */
  @Override
  public Outputs outputs() {
    return Outputs.SIGMOID;
  }

  /** Its derivative is {@code a·(1 − a)}: the output is enough. */
  @Override
  public boolean derivativeFromOutput() {
    return true;
  }
}
