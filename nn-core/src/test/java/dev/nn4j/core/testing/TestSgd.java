package dev.nn4j.core.testing;

import dev.nn4j.core.Optimizer;
import dev.nn4j.core.Parameter;
import java.util.List;

/**
 * Plain gradient descent {@code w ← w − η · ∂L/∂w}, written in the test tree because nn-core cannot
 * depend on nn-optim.
 */
public final class TestSgd implements Optimizer {
  private final double learningRate;

  /** @param learningRate the step size {@code η} */
  public TestSgd(double learningRate) {
    this.learningRate = learningRate;
  }

  @Override
  public String name() {
    return "test_sgd";
  }

  @Override
  public Updater start(List<Parameter> parameters) {
    List<Parameter> params = List.copyOf(parameters);
    return () -> {
      for (Parameter p : params) {
        double[] value = p.value().data();
        double[] gradient = p.gradient().data();
        for (int i = 0; i < value.length; i++) {
          value[i] -= learningRate * gradient[i];
        }
      }
    };
  }

  @Override
  public String toString() {
    return "test_sgd(learningRate=" + learningRate + ")";
  }
}
