package dev.nn4j.optim;

import dev.nn4j.core.Optimizer;

/** The optimizers that come with nn4j, one factory each. Use them with static imports: {@code sgd(0.1)}. */
public final class Optimizers {
  private Optimizers() {}

  /**
   * Plain stochastic gradient descent, {@code w ← w − η · ∂L/∂w}: see {@link Sgd}.
   *
   * @throws IllegalArgumentException unless {@code learningRate} is positive and finite
   */
  public static Optimizer sgd(double learningRate) {
    return new Sgd(learningRate);
  }
}
