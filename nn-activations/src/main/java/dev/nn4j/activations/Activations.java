package dev.nn4j.activations;

import dev.nn4j.core.Activation;

/**
 * The activations that come with nn4j, one factory each. Every one is also registered by name through
 * {@link java.util.ServiceLoader}, so {@code Activation.named("relu")} finds it too.
 *
 * <p>Use them with static imports: {@code .dense(2, sigmoid())}.
 */
public final class Activations {
  private static final Sigmoid SIGMOID = new Sigmoid();
  private static final Relu RELU = new Relu();
  private static final Tanh TANH = new Tanh();

  private Activations() {}

  /** {@code 1 / (1 + e^(-x))}: see {@link Sigmoid}. */
  public static Activation sigmoid() {
    return SIGMOID;
  }

  /** {@code max(0, x)}: see {@link Relu}. */
  public static Activation relu() {
    return RELU;
  }

  /** {@code tanh(x)}: see {@link Tanh}. */
  public static Activation tanh() {
    return TANH;
  }
}
