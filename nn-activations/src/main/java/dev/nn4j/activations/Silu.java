package dev.nn4j.activations;

import dev.nn4j.core.ElementwiseActivation;
import dev.nn4j.core.SimpleActivationProvider;

/**
 * The sigmoid linear unit, also called swish: {@code f(x) = x σ(x)} with {@code σ(x) = 1 / (1 + e^(-x))},
 * and {@code f'(x) = σ(x) + x σ(x) (1 - σ(x)) = σ(x) (1 + x σ(-x))}.
 *
 * <p>Name {@code "silu"} as in PyTorch, alias {@code "swish"} as in Keras. The derivative uses {@code
 * σ(-x)} for {@code 1 - σ(x)}, which stays accurate where {@code σ(x)} is close to 1.
 */
public final class Silu extends ElementwiseActivation {

  /** Use {@link Activations#silu()}. */
  Silu() {
    super("silu");
  }

  @Override
  public double value(double x) {
    return x * Sigmoid.logistic(x);
  }

  @Override
  public double derivative(double x, double y) {
    return Sigmoid.logistic(x) * (1.0 + x * Sigmoid.logistic(-x));
  }

  /** Registers {@code "silu"}, alias {@code "swish"}. */
  public static final class Provider extends SimpleActivationProvider {
    /** Called by {@link java.util.ServiceLoader}. */
    public Provider() {
      super("silu", Activations::silu, "swish");
    }
  }

  /** {@link Outputs#REAL}: not probabilities: the cross-entropies refuse it. */
  @Override
  public Outputs outputs() {
    return Outputs.REAL;
  }
}
