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
 * SGD with momentum, Nesterov momentum, dampening and weight decay, against torch.optim.SGD's
 * algorithm computed by hand: b_1 = g_1, b_t = μ b_{t-1} + (1 − τ) g_t, θ_t = θ_{t-1} − γ g_t with
 * g_t replaced by b_t (or g_t + μ b_t for Nesterov).
 */
class MomentumTest {
  private static final double TOLERANCE = 1e-12;

  @Test
  void heavyBallMomentumAccumulatesGradientsAndStartsWithTheFirstGradient() {
    double lr = 0.1;
    double mu = 0.9;
    Parameter p = parameter(1.0, -2.0);
    StatefulUpdater updater = Optimizers.sgd(lr).withMomentum(mu).start(named(p));

    double[] g1 = {0.5, -1.0};
    double[] g2 = {0.25, 0.75};
    double[] g3 = {-0.5, 0.1};
    double[] expected = new double[2];
    double[] b = new double[2];
    for (int i = 0; i < 2; i++) {
      double theta0 = p.value().data()[i];
      double b1 = g1[i];
      double theta1 = theta0 - lr * b1;
      double b2 = mu * b1 + g2[i];
      double theta2 = theta1 - lr * b2;
      double b3 = mu * b2 + g3[i];
      expected[i] = theta2 - lr * b3;
      b[i] = b3;
    }

    step(updater, p, g1);
    step(updater, p, g2);
    step(updater, p, g3);

    assertThat(p.value().data()[0]).isCloseTo(expected[0], within(TOLERANCE));
    assertThat(p.value().data()[1]).isCloseTo(expected[1], within(TOLERANCE));
    assertThat(updater.state().buffer(FIRST, "momentum_buffer")[0]).isCloseTo(b[0], within(TOLERANCE));
    assertThat(updater.state().buffer(FIRST, "momentum_buffer")[1]).isCloseTo(b[1], within(TOLERANCE));
  }

  @Test
  void nesterovMomentumStepsAlongTheGradientPlusTheDecayedBuffer() {
    double lr = 0.05;
    double mu = 0.8;
    double theta0 = 1.5;
    double g1 = 2.0;
    double g2 = -1.0;
    Parameter p = parameter(theta0);
    StatefulUpdater updater = Optimizers.sgd(lr).withMomentum(mu, true).start(named(p));

    double b1 = g1;
    double theta1 = theta0 - lr * (g1 + mu * b1);
    double b2 = mu * b1 + g2;
    double theta2 = theta1 - lr * (g2 + mu * b2);

    step(updater, p, g1);
    assertThat(p.value().data()[0]).isCloseTo(theta1, within(TOLERANCE));
    step(updater, p, g2);
    assertThat(p.value().data()[0]).isCloseTo(theta2, within(TOLERANCE));
  }

  @Test
  void dampeningScalesNewGradientsFromTheSecondStepOnly() {
    double lr = 0.1;
    double mu = 0.9;
    double tau = 0.5;
    double theta0 = -0.3;
    double g1 = 1.0;
    double g2 = 3.0;
    double g3 = -2.0;
    Parameter p = parameter(theta0);
    StatefulUpdater updater =
        Optimizers.sgd(lr).withMomentum(mu).withDampening(tau).start(named(p));

    double b1 = g1; // torch: the first buffer is the gradient itself, undamped
    double theta1 = theta0 - lr * b1;
    double b2 = mu * b1 + (1 - tau) * g2;
    double theta2 = theta1 - lr * b2;
    double b3 = mu * b2 + (1 - tau) * g3;
    double theta3 = theta2 - lr * b3;

    step(updater, p, g1);
    assertThat(p.value().data()[0]).isCloseTo(theta1, within(TOLERANCE));
    step(updater, p, g2);
    assertThat(p.value().data()[0]).isCloseTo(theta2, within(TOLERANCE));
    step(updater, p, g3);
    assertThat(p.value().data()[0]).isCloseTo(theta3, within(TOLERANCE));
  }

  @Test
  void weightDecayEntersTheMomentumBufferThroughTheGradient() {
    double lr = 0.1;
    double mu = 0.5;
    double lambda = 0.2;
    double theta0 = 2.0;
    double g1 = 0.5;
    double g2 = -0.5;
    Parameter p = parameter(theta0);
    StatefulUpdater updater =
        Optimizers.sgd(lr).withMomentum(mu).withWeightDecay(lambda).start(named(p));

    double b1 = g1 + lambda * theta0;
    double theta1 = theta0 - lr * b1;
    double b2 = mu * b1 + (g2 + lambda * theta1);
    double theta2 = theta1 - lr * b2;

    step(updater, p, g1);
    step(updater, p, g2);
    assertThat(p.value().data()[0]).isCloseTo(theta2, within(TOLERANCE));
  }

  @Test
  void plainSgdKeepsNoBuffer() {
    Parameter p = parameter(1.0);
    StatefulUpdater updater = Optimizers.sgd(0.1).start(named(p));
    step(updater, p, 1.0);
    assertThat(updater.state().bufferNames()).isEmpty();
    assertThat(p.value().data()[0]).isEqualTo(1.0 - 0.1 * 1.0);
  }

  @Test
  void nesterovNeedsMomentumAndNoDampening() {
    assertThatThrownBy(() -> Optimizers.sgd(0.1).withMomentum(0.0, true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Nesterov")
        .hasMessageContaining("momentum=0.0");
    assertThatThrownBy(() -> Optimizers.sgd(0.1).withDampening(0.1).withMomentum(0.9, true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("dampening=0.1");
    assertThatThrownBy(() -> Optimizers.sgd(0.1).withMomentum(0.9, true).withDampening(0.1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("dampening=0.1");
  }

  @Test
  void rejectsMomentumAndDampeningOutOfRange() {
    assertThatThrownBy(() -> Optimizers.sgd(0.1).withMomentum(1.0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Expected 0 <= momentum < 1, got momentum=1.0");
    assertThatThrownBy(() -> Optimizers.sgd(0.1).withMomentum(-0.1))
        .hasMessage("Expected 0 <= momentum < 1, got momentum=-0.1");
    assertThatThrownBy(() -> Optimizers.sgd(0.1).withDampening(1.5))
        .hasMessage("Expected 0 <= dampening <= 1, got dampening=1.5");
  }
}
