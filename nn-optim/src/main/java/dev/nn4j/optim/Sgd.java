package dev.nn4j.optim;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import dev.nn4j.core.Optimizer;
import dev.nn4j.core.Parameter;
import dev.nn4j.core.math.Kernels;
import java.util.List;

/**
 * Stochastic gradient descent, the tutorial's update: for every weight and bias {@code w},
 *
 * <pre>    w ← w − η · ∂L/∂w</pre>
 *
 * <p>with learning rate {@code η}. Stateless between steps. Immutable; equal when the learning rates are
 * equal.
 */
public final class Sgd implements Optimizer {
  private final double learningRate;

  /** Use {@link Optimizers#sgd(double)}. */
  Sgd(double learningRate) {
    checkArgument(
        learningRate > 0 && Double.isFinite(learningRate),
        "Expected a positive, finite learning rate, got learningRate=%s",
        learningRate);
    this.learningRate = learningRate;
  }

  /** The learning rate {@code η}. */
  public double learningRate() {
    return learningRate;
  }

  @Override
  public String name() {
    return "sgd";
  }

  @Override
  public Updater start(List<Parameter> parameters) {
    List<Parameter> params = ImmutableList.copyOf(parameters);
    return () -> {
      for (Parameter p : params) {
        Kernels.addScaled(p.value(), -learningRate, p.gradient());
      }
    };
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Sgd s && Double.compare(learningRate, s.learningRate) == 0;
  }

  @Override
  public int hashCode() {
    return Double.hashCode(learningRate);
  }

  @Override
  public String toString() {
    return "sgd(learningRate=" + learningRate + ")";
  }
}
