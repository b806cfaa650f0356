package dev.nn4j.core.testing;

import dev.nn4j.core.ComponentConfig;
import dev.nn4j.core.Optimizer;
import dev.nn4j.core.OptimizerProvider;
import dev.nn4j.core.OptimizerState;
import dev.nn4j.core.Parameter;
import java.util.List;
import java.util.Map;

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
  public Map<String, String> config() {
    return Map.of("lr", ComponentConfig.format(learningRate));
  }

  @Override
  public double learningRate() {
    return learningRate;
  }

  @Override
  public Optimizer withLearningRate(double learningRate) {
    return new TestSgd(learningRate);
  }

  @Override
  public Updater start(Map<String, Parameter> parameters) {
    List<Parameter> params = List.copyOf(parameters.values());
    return new Updater() {
      private long steps;

      @Override
      public void step() {
        for (Parameter p : params) {
          double[] value = p.value().data();
          double[] gradient = p.gradient().data();
          for (int i = 0; i < value.length; i++) {
            value[i] -= learningRate * gradient[i];
          }
        }
        steps++;
      }

      @Override
      public double nextLearningRate() {
        return learningRate;
      }

      @Override
      public OptimizerState state() {
        return OptimizerState.ofSteps(steps);
      }

      @Override
      public void restore(OptimizerState state) {
        steps = state.step();
      }
    };
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TestSgd t && t.learningRate == learningRate;
  }

  @Override
  public int hashCode() {
    return Double.hashCode(learningRate);
  }

  @Override
  public String toString() {
    return "test_sgd(learningRate=" + learningRate + ")";
  }

  /** Registers {@code "test_sgd"} with its learning rate {@code lr}. */
  public static final class Provider implements OptimizerProvider {
    @Override
    public String name() {
      return "test_sgd";
    }

    @Override
    public Optimizer create(Map<String, String> config) {
      return new TestSgd(ComponentConfig.of("optimizer 'test_sgd'", config, "lr").finiteDouble("lr", 0.01));
    }
  }
}
