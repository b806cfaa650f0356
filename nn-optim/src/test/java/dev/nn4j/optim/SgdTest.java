package dev.nn4j.optim;

import static dev.nn4j.optim.OptimizerTesting.named;
import static dev.nn4j.optim.Optimizers.sgd;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nn4j.core.Optimizer;
import dev.nn4j.core.Parameter;
import org.junit.jupiter.api.Test;

/** Stochastic gradient descent: one step is exactly {@code w ← w − η · ∂L/∂w}; bad learning rates are rejected. */
class SgdTest {

  private static Parameter parameter(String name, double[] value, double[] gradient) {
    Parameter p = new Parameter(name, 1, value.length);
    System.arraycopy(value, 0, p.value().data(), 0, value.length);
    System.arraycopy(gradient, 0, p.gradient().data(), 0, gradient.length);
    return p;
  }

  @Test
  void oneStepSubtractsLearningRateTimesGradientExactly() {
    double learningRate = 0.1;
    double[] w = {0.5, -1.25, 3.0, 0.0};
    double[] grad = {0.0214, -0.3, 7.0, 1e-9};
    double[] b = {0.2};
    double[] gradB = {-0.952};
    Parameter weights = parameter("weight", w, grad);
    Parameter bias = parameter("bias", b, gradB);
    sgd(learningRate).start(named(weights, bias)).step();
    for (int i = 0; i < w.length; i++) {
      assertThat(weights.value().data()[i]).as("w[%s]", i).isEqualTo(w[i] - learningRate * grad[i]);
    }
    assertThat(bias.value().data()[0]).isEqualTo(b[0] - learningRate * gradB[0]);
    assertThat(weights.gradient().data()).as("the gradient is read, not changed").containsExactly(grad);
  }

  @Test
  void eachStepUsesTheCurrentGradient() {
    Parameter p = parameter("weight", new double[] {1.0}, new double[] {2.0});
    Optimizer.Updater updater = sgd(0.25).start(named(p));
    updater.step(); // 1 − 0.25·2 = 0.5
    p.gradient().data()[0] = -4.0;
    updater.step(); // 0.5 + 0.25·4 = 1.5
    assertThat(p.value().data()).containsExactly(1.5);
  }

  @Test
  void zeroGradientLeavesTheParameterUnchanged() {
    Parameter p = parameter("weight", new double[] {0.3, -0.7}, new double[] {0.0, 0.0});
    sgd(0.5).start(named(p)).step();
    assertThat(p.value().data()).containsExactly(0.3, -0.7);
  }

  @Test
  void learningRateOfZeroIsRejectedNamingIt() {
    assertThatThrownBy(() -> sgd(0.0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContainingAll("positive, finite learning rate", "learningRate=0.0");
  }

  @Test
  void negativeLearningRateIsRejectedNamingIt() {
    assertThatThrownBy(() -> sgd(-0.1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("learningRate=-0.1");
  }

  @Test
  void nanOrInfiniteLearningRateIsRejectedNamingIt() {
    assertThatThrownBy(() -> sgd(Double.NaN)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("learningRate=NaN");
    assertThatThrownBy(() -> sgd(Double.POSITIVE_INFINITY))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("learningRate=Infinity");
  }

  @Test
  void optimizersWithTheSameLearningRateAreEqual() {
    assertThat(sgd(0.1)).isEqualTo(sgd(0.1));
    assertThat(sgd(0.1).hashCode()).isEqualTo(sgd(0.1).hashCode());
    assertThat(sgd(0.1)).isNotEqualTo(sgd(0.2));
    assertThat(sgd(0.1)).isNotEqualTo("sgd(learningRate=0.1)");
  }

  @Test
  void printsItsConfiguration() {
    assertThat(sgd(0.1)).hasToString("sgd(learningRate=0.1)");
    assertThat(sgd(0.1).name()).isEqualTo("sgd");
    assertThat(((Sgd) sgd(0.05)).learningRate()).isEqualTo(0.05);
  }
}
