package dev.nn4j.optim;

import static dev.nn4j.optim.OptimizerTesting.FIRST;
import static dev.nn4j.optim.OptimizerTesting.named;
import static dev.nn4j.optim.OptimizerTesting.parameter;
import static dev.nn4j.optim.OptimizerTesting.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.nn4j.core.Parameter;
import org.junit.jupiter.api.Test;

/**
 * Adagrad against torch.optim.Adagrad's algorithm computed by hand: γ̃ = γ / (1 + (t − 1) η),
 * state_sum_t = state_sum_{t−1} + g_t² from state_sum_0 = τ, θ_t = θ_{t−1} − γ̃ g_t / (√state_sum_t
 * + ε).
 */
class AdagradTest {
  private static final double TOLERANCE = 1e-12;

  @Test
  void threeStepsDivideByTheRootOfTheSumOfSquaredGradients() {
    double lr = 0.1;
    double eps = 1e-10;
    double theta0 = 1.0;
    double g1 = 0.5;
    double g2 = -2.0;
    double g3 = 0.25;
    Parameter p = parameter(theta0);
    StatefulUpdater updater = Optimizers.adagrad(lr).start(named(p));

    double s1 = g1 * g1;
    double theta1 = theta0 - lr * g1 / (Math.sqrt(s1) + eps);
    double s2 = s1 + g2 * g2;
    double theta2 = theta1 - lr * g2 / (Math.sqrt(s2) + eps);
    double s3 = s2 + g3 * g3;
    double theta3 = theta2 - lr * g3 / (Math.sqrt(s3) + eps);

    step(updater, p, g1);
    assertThat(p.value().data()[0]).isCloseTo(theta1, within(TOLERANCE));
    step(updater, p, g2);
    assertThat(p.value().data()[0]).isCloseTo(theta2, within(TOLERANCE));
    step(updater, p, g3);
    assertThat(p.value().data()[0]).isCloseTo(theta3, within(TOLERANCE));
    assertThat(updater.state().buffer(FIRST, "sum")[0]).isCloseTo(s3, within(TOLERANCE));
  }

  @Test
  void learningRateDecayAndInitialAccumulatorValue() {
    double lr = 0.5;
    double eta = 0.25;
    double tau = 0.1;
    double eps = 1e-10;
    double theta0 = -1.0;
    double g1 = 1.0;
    double g2 = 0.5;
    double g3 = -0.75;
    Parameter p = parameter(theta0, theta0);
    StatefulUpdater updater =
        Optimizers.adagrad(lr)
            .withLearningRateDecay(eta)
            .withInitialAccumulatorValue(tau)
            .start(named(p));
    assertThat(updater.state().buffer(FIRST, "sum")).containsExactly(tau, tau);

    double s1 = tau + g1 * g1;
    double theta1 = theta0 - (lr / (1 + 0 * eta)) * g1 / (Math.sqrt(s1) + eps);
    double s2 = s1 + g2 * g2;
    double theta2 = theta1 - (lr / (1 + 1 * eta)) * g2 / (Math.sqrt(s2) + eps);
    double s3 = s2 + g3 * g3;
    double theta3 = theta2 - (lr / (1 + 2 * eta)) * g3 / (Math.sqrt(s3) + eps);

    step(updater, p, g1, g1);
    step(updater, p, g2, g2);
    step(updater, p, g3, g3);
    assertThat(p.value().data()[0]).isCloseTo(theta3, within(TOLERANCE));
    assertThat(p.value().data()[1]).isCloseTo(theta3, within(TOLERANCE));
  }

  @Test
  void weightDecayIsAddedToTheGradient() {
    double lr = 0.1;
    double lambda = 0.5;
    double eps = 1e-10;
    double theta0 = 2.0;
    double g1 = 0.5;
    Parameter p = parameter(theta0);
    StatefulUpdater updater = Optimizers.adagrad(lr).withWeightDecay(lambda).start(named(p));

    double d1 = g1 + lambda * theta0;
    double theta1 = theta0 - lr * d1 / (Math.sqrt(d1 * d1) + eps);

    step(updater, p, g1);
    assertThat(p.value().data()[0]).isCloseTo(theta1, within(TOLERANCE));
  }

  @Test
  void hasTorchDefaults() {
    Adagrad adagrad = Optimizers.adagrad();
    assertThat(adagrad.learningRate()).isEqualTo(0.01);
    assertThat(adagrad.learningRateDecay()).isEqualTo(0.0);
    assertThat(adagrad.initialAccumulatorValue()).isEqualTo(0.0);
    assertThat(adagrad.epsilon()).isEqualTo(1e-10);
    assertThat(adagrad.weightDecay()).isEqualTo(0.0);
    assertThat(adagrad.name()).isEqualTo("adagrad");
  }

  @Test
  void rejectsNegativeDecayAndAccumulator() {
    assertThatThrownBy(() -> Optimizers.adagrad().withLearningRateDecay(-0.1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Expected a non-negative, finite learningRateDecay, got learningRateDecay=-0.1");
    assertThatThrownBy(() -> Optimizers.adagrad().withInitialAccumulatorValue(-1))
        .hasMessage(
            "Expected a non-negative, finite initialAccumulatorValue, got"
                + " initialAccumulatorValue=-1.0");
  }
}
