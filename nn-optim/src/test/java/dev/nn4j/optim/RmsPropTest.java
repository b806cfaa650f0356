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
 * RMSprop against torch.optim.RMSprop's algorithm computed by hand: v_t = α v_{t−1} + (1 − α) g_t²,
 * θ_t = θ_{t−1} − γ g_t / (√ṽ_t + ε), with the centered ṽ_t = v_t − (g^ave_t)² and the momentum
 * buffer b_t = μ b_{t−1} + g_t / (√ṽ_t + ε).
 */
class RmsPropTest {
  private static final double TOLERANCE = 1e-12;

  @Test
  void threePlainStepsDivideByTheRunningRootMeanSquare() {
    double lr = 0.01;
    double alpha = 0.99;
    double eps = 1e-8;
    double theta0 = 0.4;
    double g1 = 0.5;
    double g2 = -0.25;
    double g3 = 1.0;
    Parameter p = parameter(theta0);
    StatefulUpdater updater = Optimizers.rmsProp(lr).start(named(p));

    double v1 = (1 - alpha) * g1 * g1;
    double theta1 = theta0 - lr * g1 / (Math.sqrt(v1) + eps);
    double v2 = alpha * v1 + (1 - alpha) * g2 * g2;
    double theta2 = theta1 - lr * g2 / (Math.sqrt(v2) + eps);
    double v3 = alpha * v2 + (1 - alpha) * g3 * g3;
    double theta3 = theta2 - lr * g3 / (Math.sqrt(v3) + eps);

    step(updater, p, g1);
    assertThat(p.value().data()[0]).isCloseTo(theta1, within(TOLERANCE));
    step(updater, p, g2);
    assertThat(p.value().data()[0]).isCloseTo(theta2, within(TOLERANCE));
    step(updater, p, g3);
    assertThat(p.value().data()[0]).isCloseTo(theta3, within(TOLERANCE));
    assertThat(updater.state().buffer(FIRST, "square_avg")[0]).isCloseTo(v3, within(TOLERANCE));
  }

  @Test
  void momentumAccumulatesTheNormalizedGradients() {
    double lr = 0.01;
    double alpha = 0.9;
    double eps = 1e-8;
    double mu = 0.5;
    double theta0 = -1.0;
    double g1 = 2.0;
    double g2 = 1.0;
    Parameter p = parameter(theta0);
    StatefulUpdater updater =
        Optimizers.rmsProp(lr).withAlpha(alpha).withMomentum(mu).start(named(p));

    double v1 = (1 - alpha) * g1 * g1;
    double b1 = g1 / (Math.sqrt(v1) + eps);
    double theta1 = theta0 - lr * b1;
    double v2 = alpha * v1 + (1 - alpha) * g2 * g2;
    double b2 = mu * b1 + g2 / (Math.sqrt(v2) + eps);
    double theta2 = theta1 - lr * b2;

    step(updater, p, g1);
    assertThat(p.value().data()[0]).isCloseTo(theta1, within(TOLERANCE));
    step(updater, p, g2);
    assertThat(p.value().data()[0]).isCloseTo(theta2, within(TOLERANCE));
    assertThat(updater.state().buffer(FIRST, "momentum_buffer")[0]).isCloseTo(b2, within(TOLERANCE));
  }

  @Test
  void centeredSubtractsTheSquaredAverageGradient() {
    double lr = 0.01;
    double alpha = 0.9;
    double eps = 1e-8;
    double theta0 = 0.0;
    double g1 = 1.0;
    double g2 = -1.0;
    double g3 = 0.5;
    Parameter p = parameter(theta0);
    StatefulUpdater updater =
        Optimizers.rmsProp(lr).withAlpha(alpha).withCentered(true).start(named(p));

    double v1 = (1 - alpha) * g1 * g1;
    double a1 = (1 - alpha) * g1;
    double theta1 = theta0 - lr * g1 / (Math.sqrt(v1 - a1 * a1) + eps);
    double v2 = alpha * v1 + (1 - alpha) * g2 * g2;
    double a2 = alpha * a1 + (1 - alpha) * g2;
    double theta2 = theta1 - lr * g2 / (Math.sqrt(v2 - a2 * a2) + eps);
    double v3 = alpha * v2 + (1 - alpha) * g3 * g3;
    double a3 = alpha * a2 + (1 - alpha) * g3;
    double theta3 = theta2 - lr * g3 / (Math.sqrt(v3 - a3 * a3) + eps);

    step(updater, p, g1);
    step(updater, p, g2);
    step(updater, p, g3);
    assertThat(p.value().data()[0]).isCloseTo(theta3, within(TOLERANCE));
    assertThat(updater.state().buffer(FIRST, "grad_avg")[0]).isCloseTo(a3, within(TOLERANCE));
  }

  @Test
  void centeredWithMomentumAndWeightDecay() {
    double lr = 0.05;
    double alpha = 0.8;
    double eps = 1e-6;
    double mu = 0.9;
    double lambda = 0.1;
    double theta0 = 1.0;
    double g1 = 0.3;
    double g2 = 0.1;
    Parameter p = parameter(theta0);
    StatefulUpdater updater =
        Optimizers.rmsProp(lr)
            .withAlpha(alpha)
            .withEpsilon(eps)
            .withMomentum(mu)
            .withCentered(true)
            .withWeightDecay(lambda)
            .start(named(p));

    double d1 = g1 + lambda * theta0;
    double v1 = (1 - alpha) * d1 * d1;
    double a1 = (1 - alpha) * d1;
    double b1 = d1 / (Math.sqrt(v1 - a1 * a1) + eps);
    double theta1 = theta0 - lr * b1;
    double d2 = g2 + lambda * theta1;
    double v2 = alpha * v1 + (1 - alpha) * d2 * d2;
    double a2 = alpha * a1 + (1 - alpha) * d2;
    double b2 = mu * b1 + d2 / (Math.sqrt(v2 - a2 * a2) + eps);
    double theta2 = theta1 - lr * b2;

    step(updater, p, g1);
    step(updater, p, g2);
    assertThat(p.value().data()[0]).isCloseTo(theta2, within(TOLERANCE));
    assertThat(updater.state().bufferNames())
        .containsExactly("square_avg", "momentum_buffer", "grad_avg");
  }

  @Test
  void hasTorchDefaults() {
    RmsProp rmsProp = Optimizers.rmsProp();
    assertThat(rmsProp.learningRate()).isEqualTo(0.01);
    assertThat(rmsProp.alpha()).isEqualTo(0.99);
    assertThat(rmsProp.epsilon()).isEqualTo(1e-8);
    assertThat(rmsProp.momentum()).isEqualTo(0.0);
    assertThat(rmsProp.centered()).isFalse();
    assertThat(rmsProp.weightDecay()).isEqualTo(0.0);
    assertThat(rmsProp.name()).isEqualTo("rmsprop");
  }

  @Test
  void rejectsAlphaMomentumAndEpsilonOutOfRange() {
    assertThatThrownBy(() -> Optimizers.rmsProp().withAlpha(1.0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Expected 0 <= alpha < 1, got alpha=1.0");
    assertThatThrownBy(() -> Optimizers.rmsProp().withMomentum(-0.5))
        .hasMessage("Expected 0 <= momentum < 1, got momentum=-0.5");
    assertThatThrownBy(() -> Optimizers.rmsProp().withEpsilon(Double.NaN))
        .hasMessage("Expected a positive, finite epsilon, got epsilon=NaN");
  }
}
