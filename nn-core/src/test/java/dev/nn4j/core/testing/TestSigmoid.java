package dev.nn4j.core.testing;

import dev.nn4j.core.ElementwiseActivation;

/**
 * The tutorial's sigmoid {@code f(x) = 1 / (1 + e^(-x))}, {@code f'(x) = f(x) (1 - f(x))}, written again
 * in the test tree because nn-core cannot depend on nn-activations. Not registered by name.
 */
public final class TestSigmoid extends ElementwiseActivation {

  /** A sigmoid named {@code "test_sigmoid"}. */
  public TestSigmoid() {
    super("test_sigmoid");
  }

  @Override
  public double value(double x) {
    return 1.0 / (1.0 + Math.exp(-x));
  }

  @Override
  public double derivative(double x, double y) {
    return y * (1.0 - y);
  }

  @Override
  public Outputs outputs() {
    return Outputs.SIGMOID;
  }
}
