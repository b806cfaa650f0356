package dev.nn4j.optim;

import static dev.nn4j.optim.OptimizerTesting.FIRST;
import static dev.nn4j.optim.OptimizerTesting.named;
import static dev.nn4j.optim.OptimizerTesting.parameter;
import static dev.nn4j.optim.OptimizerTesting.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.nn4j.core.Parameter;
import org.junit.jupiter.api.Test;

/**
 * AdamW against torch.optim.AdamW's algorithm computed by hand: θ ← θ − γλθ first, then the Adam
 * step on the unchanged gradient.
 */
class AdamWTest {
  private static final double TOLERANCE = 1e-12;

  @Test
  void decaysTheParameterThenTakesAnAdamStepOnTheRawGradient() {
    double lr = 0.01;
    double lambda = 0.1;
    double b1 = 0.9;
    double b2 = 0.999;
    double eps = 1e-8;
    double theta0 = 3.0;
    double g1 = -0.2;
    double g2 = 0.7;
    double g3 = 0.05;
    Parameter p = parameter(theta0);
    StatefulUpdater updater = Optimizers.adamW(lr).withWeightDecay(lambda).start(named(p));

    double m1 = (1 - b1) * g1;
    double v1 = (1 - b2) * g1 * g1;
    double theta1 =
        (theta0 - lr * lambda * theta0) - lr * (m1 / (1 - b1)) / (Math.sqrt(v1 / (1 - b2)) + eps);
    double m2 = b1 * m1 + (1 - b1) * g2;
    double v2 = b2 * v1 + (1 - b2) * g2 * g2;
    double theta2 =
        (theta1 - lr * lambda * theta1)
            - lr * (m2 / (1 - b1 * b1)) / (Math.sqrt(v2 / (1 - b2 * b2)) + eps);
    double m3 = b1 * m2 + (1 - b1) * g3;
    double v3 = b2 * v2 + (1 - b2) * g3 * g3;
    double theta3 =
        (theta2 - lr * lambda * theta2)
            - lr * (m3 / (1 - b1 * b1 * b1)) / (Math.sqrt(v3 / (1 - b2 * b2 * b2)) + eps);

    step(updater, p, g1);
    assertThat(p.value().data()[0]).isCloseTo(theta1, within(TOLERANCE));
    step(updater, p, g2);
    assertThat(p.value().data()[0]).isCloseTo(theta2, within(TOLERANCE));
    step(updater, p, g3);
    assertThat(p.value().data()[0]).isCloseTo(theta3, within(TOLERANCE));
    // the moments never see the decay
    assertThat(updater.state().buffer(FIRST, "exp_avg")[0]).isCloseTo(m3, within(TOLERANCE));
    assertThat(updater.state().buffer(FIRST, "exp_avg_sq")[0]).isCloseTo(v3, within(TOLERANCE));
  }

  @Test
  void withZeroGradientsEveryParameterShrinksByTheSameFactorPerStep() {
    double lr = 0.1;
    double lambda = 0.01; // torch's default
    Parameter p = parameter(2.0, -0.001);
    StatefulUpdater updater = Optimizers.adamW(lr).start(named(p));
    for (int t = 0; t < 3; t++) {
      step(updater, p, 0.0, 0.0);
    }
    double factor = (1 - lr * lambda) * (1 - lr * lambda) * (1 - lr * lambda);
    assertThat(p.value().data()[0]).isCloseTo(2.0 * factor, within(TOLERANCE));
    assertThat(p.value().data()[1]).isCloseTo(-0.001 * factor, within(TOLERANCE));
  }

  @Test
  void amsgradVariantKeepsTheMaximumSecondMoment() {
    double lr = 0.1;
    double b1 = 0.9;
    double b2 = 0.5;
    double eps = 1e-8;
    double theta0 = 1.0;
    double g1 = 1.0;
    double g2 = 0.1;
    Parameter p = parameter(theta0);
    StatefulUpdater updater =
        Optimizers.adamW(lr)
            .withWeightDecay(0.0)
            .withBetas(b1, b2)
            .withAmsgrad(true)
            .start(named(p));

    double m1 = (1 - b1) * g1;
    double v1 = (1 - b2) * g1 * g1;
    double theta1 = theta0 - lr * (m1 / (1 - b1)) / (Math.sqrt(v1 / (1 - b2)) + eps);
    double m2 = b1 * m1 + (1 - b1) * g2;
    double v2 = b2 * v1 + (1 - b2) * g2 * g2;
    double theta2 =
        theta1 - lr * (m2 / (1 - b1 * b1)) / (Math.sqrt(Math.max(v1, v2) / (1 - b2 * b2)) + eps);

    step(updater, p, g1);
    step(updater, p, g2);
    assertThat(p.value().data()[0]).isCloseTo(theta2, within(TOLERANCE));
  }

  @Test
  void hasTorchDefaultsIncludingWeightDecay() {
    Adam adamW = Optimizers.adamW();
    assertThat(adamW.learningRate()).isEqualTo(0.001);
    assertThat(adamW.weightDecay()).isEqualTo(0.01);
    assertThat(adamW.beta1()).isEqualTo(0.9);
    assertThat(adamW.beta2()).isEqualTo(0.999);
    assertThat(adamW.epsilon()).isEqualTo(1e-8);
    assertThat(adamW.amsgrad()).isFalse();
    assertThat(adamW.name()).isEqualTo("adamw");
  }
}
