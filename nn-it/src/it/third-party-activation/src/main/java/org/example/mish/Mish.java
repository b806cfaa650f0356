package org.example.mish;

import dev.nn4j.core.ElementwiseActivation;

/**
 * Mish, {@code f(x) = x tanh(softplus(x))} with {@code softplus(x) = ln(1 + e^x)}: smooth, unbounded above,
 * slightly negative below zero. Its derivative is {@code tanh(sp) + x sech²(sp) σ(x)}, since {@code sp' = σ(x)}.
 */
public final class Mish extends ElementwiseActivation {
  /** The name it is registered under, {@code "mish"}. */
  public static final String NAME = "mish";

  /** Mish; it has no parameters. */
  public Mish() {
    super(NAME);
  }

  @Override
  public double value(double x) {
    return x * Math.tanh(softplus(x));
  }

  @Override
  public double derivative(double x, double y) {
    double t = Math.tanh(softplus(x));
    double sigmoid = 1 / (1 + Math.exp(-x));
    return t + x * (1 - t * t) * sigmoid;
  }

  /** {@code ln(1 + e^x)}, without overflow for large {@code x} (where it equals {@code x} in doubles). */
  private static double softplus(double x) {
    return x > 30 ? x : Math.log1p(Math.exp(x));
  }
}
