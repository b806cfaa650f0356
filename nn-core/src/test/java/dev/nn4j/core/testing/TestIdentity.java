package dev.nn4j.core.testing;

import dev.nn4j.core.ElementwiseActivation;

/** The identity {@code f(x) = x}, {@code f'(x) = 1}: a linear layer, for tests. Not registered by name. */
public final class TestIdentity extends ElementwiseActivation {

  /** An identity named {@code "test_identity"}. */
  public TestIdentity() {
    super("test_identity");
  }

  @Override
  public double value(double x) {
    return x;
  }

  @Override
  public double derivative(double x, double y) {
    return 1.0;
  }

  @Override
  public Outputs outputs() {
    return Outputs.REAL;
  }
}
