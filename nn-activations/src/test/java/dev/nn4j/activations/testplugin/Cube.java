package dev.nn4j.activations.testplugin;

import dev.nn4j.core.ElementwiseActivation;

/**
 * {@code f(x) = x³/3}, {@code f'(x) = x²}: an activation that exists only in test code, to prove that a
 * jar can add an activation by name without touching nn4j.
 */
public final class Cube extends ElementwiseActivation {

  /** Registered as {@code "test_cube"} by {@link CubeProvider}. */
  public Cube() {
    super("test_cube");
  }

  @Override
  public double value(double x) {
    return x * x * x / 3.0;
  }

  @Override
  public double derivative(double x, double y) {
    return x * x;
  }
}
