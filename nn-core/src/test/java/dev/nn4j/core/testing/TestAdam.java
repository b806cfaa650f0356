package dev.nn4j.core.testing;

import dev.nn4j.core.Optimizer;
import dev.nn4j.core.Parameter;
import java.util.List;
import java.util.Map;

/**
 * PyTorch's Adam with its default betas and epsilon, written in the test tree because nn-core cannot depend
 * on nn-optim: {@code m ← β1·m + (1 − β1)·g}, {@code v ← β2·v + (1 − β2)·g²}, {@code θ ← θ − γ/(1 − β1ᵗ) · m /
 * (√v / √(1 − β2ᵗ) + ε)}. Its moments are allocated by {@link #start}, so a step allocates nothing.
 */
public final class TestAdam implements Optimizer {
  private static final double BETA1 = 0.9;
  private static final double BETA2 = 0.999;
  private static final double EPS = 1e-8;

  private final double learningRate;

  /** @param learningRate the step size {@code γ} */
  public TestAdam(double learningRate) {
    this.learningRate = learningRate;
  }

  @Override
  public String name() {
    return "test_adam";
  }

  @Override
  public Updater start(Map<String, Parameter> parameters) {
    List<Parameter> params = List.copyOf(parameters.values());
    double[][] m = new double[params.size()][];
    double[][] v = new double[params.size()][];
    for (int p = 0; p < params.size(); p++) {
      m[p] = new double[params.get(p).size()];
      v[p] = new double[params.get(p).size()];
    }
    return new Updater() {
      private int steps;

      @Override
      public void step() {
        steps++;
        double correction1 = 1 - Math.pow(BETA1, steps);
        double correction2 = Math.sqrt(1 - Math.pow(BETA2, steps));
        for (int p = 0; p < params.size(); p++) {
          double[] g = params.get(p).gradient().data();
          double[] theta = params.get(p).value().data();
          double[] mp = m[p];
          double[] vp = v[p];
          for (int i = 0; i < g.length; i++) {
            mp[i] = BETA1 * mp[i] + (1 - BETA1) * g[i];
            vp[i] = BETA2 * vp[i] + (1 - BETA2) * g[i] * g[i];
            theta[i] -= learningRate / correction1 * mp[i] / (Math.sqrt(vp[i]) / correction2 + EPS);
          }
        }
      }
    };
  }
}
