package dev.nn4j.optim;

import static dev.nn4j.optim.OptimizerTesting.FIRST;
import static dev.nn4j.optim.OptimizerTesting.named;
import static dev.nn4j.optim.OptimizerTesting.parameter;
import static dev.nn4j.optim.OptimizerTesting.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.nn4j.core.OptimizerState;
import dev.nn4j.core.Parameter;
import org.junit.jupiter.api.Test;

/**
 * Adam against torch.optim.Adam's algorithm computed by hand: m_t = β₁ m_{t−1} + (1 − β₁) g_t, v_t
 * = β₂ v_{t−1} + (1 − β₂) g_t², θ_t = θ_{t−1} − γ m̂_t / (√v̂_t + ε) with m̂_t = m_t / (1 − β₁^t),
 * v̂_t = v_t / (1 − β₂^t).
 */
class AdamTest {
  private static final double TOLERANCE = 1e-12;

  @Test
  void threeStepsFollowTheBiasCorrectedMoments() {
    double lr = 0.01;
    double b1 = 0.9;
    double b2 = 0.999;
    double eps = 1e-8;
    double theta0 = 0.5;
    double g1 = 0.2;
    double g2 = -0.4;
    double g3 = 0.1;
    Parameter p = parameter(theta0);
    StatefulUpdater updater = Optimizers.adam(lr).start(named(p));

    double m1 = (1 - b1) * g1;
    double v1 = (1 - b2) * g1 * g1;
    double theta1 = theta0 - lr * (m1 / (1 - b1)) / (Math.sqrt(v1 / (1 - b2)) + eps);
    double m2 = b1 * m1 + (1 - b1) * g2;
    double v2 = b2 * v1 + (1 - b2) * g2 * g2;
    double theta2 = theta1 - lr * (m2 / (1 - b1 * b1)) / (Math.sqrt(v2 / (1 - b2 * b2)) + eps);
    double m3 = b1 * m2 + (1 - b1) * g3;
    double v3 = b2 * v2 + (1 - b2) * g3 * g3;
    double theta3 =
        theta2 - lr * (m3 / (1 - b1 * b1 * b1)) / (Math.sqrt(v3 / (1 - b2 * b2 * b2)) + eps);

    step(updater, p, g1);
    assertThat(p.value().data()[0]).isCloseTo(theta1, within(TOLERANCE));
    step(updater, p, g2);
    assertThat(p.value().data()[0]).isCloseTo(theta2, within(TOLERANCE));
    step(updater, p, g3);
    assertThat(p.value().data()[0]).isCloseTo(theta3, within(TOLERANCE));
    OptimizerState state = updater.state();
    assertThat(state.step()).isEqualTo(3);
    assertThat(state.buffer(FIRST, "exp_avg")[0]).isCloseTo(m3, within(TOLERANCE));
    assertThat(state.buffer(FIRST, "exp_avg_sq")[0]).isCloseTo(v3, within(TOLERANCE));
  }

  @Test
  void firstStepMovesEveryElementByAboutTheLearningRateWhateverTheGradientScale() {
    // m̂_1 = g and v̂_1 = g², so the first step is γ g / (|g| + ε): each element moves by ≈ γ.
    double lr = 0.001;
    Parameter p = parameter(1.0, 1.0, 1.0);
    StatefulUpdater updater = Optimizers.adam(lr).start(named(p));
    double[] g = {1000.0, -0.01, 3.0};
    step(updater, p, g);
    for (int i = 0; i < g.length; i++) {
      assertThat(p.value().data()[i])
          .isCloseTo(1.0 - lr * g[i] / (Math.abs(g[i]) + 1e-8), within(TOLERANCE));
    }
  }

  @Test
  void epsilonIsAddedToTheSquareRootOfTheCorrectedSecondMoment() {
    // A large ε makes its placement visible: γ m̂ / (√v̂ + ε), not γ m̂ / √(v̂ + ε).
    double lr = 0.1;
    double eps = 0.5;
    double g = 0.25;
    Parameter p = parameter(0.0);
    StatefulUpdater updater = Optimizers.adam(lr).withEpsilon(eps).start(named(p));
    step(updater, p, g);
    assertThat(p.value().data()[0])
        .isCloseTo(-lr * g / (Math.sqrt(g * g) + eps), within(TOLERANCE));
  }

  @Test
  void customBetasAndWeightDecayAddedToTheGradient() {
    double lr = 0.05;
    double b1 = 0.5;
    double b2 = 0.75;
    double eps = 1e-8;
    double lambda = 0.1;
    double theta0 = -2.0;
    double g1 = 0.3;
    double g2 = 0.6;
    Parameter p = parameter(theta0);
    StatefulUpdater updater =
        Optimizers.adam(lr).withBetas(b1, b2).withWeightDecay(lambda).start(named(p));

    double d1 = g1 + lambda * theta0;
    double m1 = (1 - b1) * d1;
    double v1 = (1 - b2) * d1 * d1;
    double theta1 = theta0 - lr * (m1 / (1 - b1)) / (Math.sqrt(v1 / (1 - b2)) + eps);
    double d2 = g2 + lambda * theta1;
    double m2 = b1 * m1 + (1 - b1) * d2;
    double v2 = b2 * v1 + (1 - b2) * d2 * d2;
    double theta2 =
        theta1 - lr * (m2 / (1 - Math.pow(b1, 2))) / (Math.sqrt(v2 / (1 - Math.pow(b2, 2))) + eps);

    step(updater, p, g1);
    step(updater, p, g2);
    assertThat(p.value().data()[0]).isCloseTo(theta2, within(TOLERANCE));
  }

  @Test
  void amsgradNormalizesByTheLargestSecondMomentSoFar() {
    double lr = 0.1;
    double b1 = 0.9;
    double b2 = 0.5; // a fast-decaying v, so that v_2 < v_1 and the maximum matters
    double eps = 1e-8;
    double theta0 = 1.0;
    double g1 = 1.0;
    double g2 = 0.1;
    Parameter p = parameter(theta0);
    Parameter plain = parameter(theta0);
    StatefulUpdater updater =
        Optimizers.adam(lr).withBetas(b1, b2).withAmsgrad(true).start(named(p));
    StatefulUpdater plainUpdater = Optimizers.adam(lr).withBetas(b1, b2).start(named(plain));

    double m1 = (1 - b1) * g1;
    double v1 = (1 - b2) * g1 * g1;
    double theta1 = theta0 - lr * (m1 / (1 - b1)) / (Math.sqrt(v1 / (1 - b2)) + eps);
    double m2 = b1 * m1 + (1 - b1) * g2;
    double v2 = b2 * v1 + (1 - b2) * g2 * g2;
    double vMax2 = Math.max(v1, v2);
    double theta2 = theta1 - lr * (m2 / (1 - b1 * b1)) / (Math.sqrt(vMax2 / (1 - b2 * b2)) + eps);
    double plainTheta2 = theta1 - lr * (m2 / (1 - b1 * b1)) / (Math.sqrt(v2 / (1 - b2 * b2)) + eps);

    step(updater, p, g1);
    step(plainUpdater, plain, g1);
    step(updater, p, g2);
    step(plainUpdater, plain, g2);

    assertThat(v2).isLessThan(v1);
    assertThat(p.value().data()[0]).isCloseTo(theta2, within(TOLERANCE));
    assertThat(plain.value().data()[0]).isCloseTo(plainTheta2, within(TOLERANCE));
    assertThat(updater.state().buffer(FIRST, "max_exp_avg_sq")[0]).isCloseTo(v1, within(TOLERANCE));
    assertThat(updater.state().bufferNames())
        .containsExactly("exp_avg", "exp_avg_sq", "max_exp_avg_sq");
  }

  @Test
  void hasTorchDefaults() {
    Adam adam = Optimizers.adam();
    assertThat(adam.learningRate()).isEqualTo(0.001);
    assertThat(adam.beta1()).isEqualTo(0.9);
    assertThat(adam.beta2()).isEqualTo(0.999);
    assertThat(adam.epsilon()).isEqualTo(1e-8);
    assertThat(adam.weightDecay()).isEqualTo(0.0);
    assertThat(adam.amsgrad()).isFalse();
    assertThat(adam.name()).isEqualTo("adam");
  }

  @Test
  void rejectsBetasOutsideTheUnitIntervalAndNonPositiveEpsilon() {
    assertThatThrownBy(() -> Optimizers.adam().withBetas(1.0, 0.999))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Expected 0 <= beta1 < 1, got beta1=1.0");
    assertThatThrownBy(() -> Optimizers.adam().withBetas(0.9, -0.1))
        .hasMessage("Expected 0 <= beta2 < 1, got beta2=-0.1");
    assertThatThrownBy(() -> Optimizers.adam().withEpsilon(0.0))
        .hasMessage("Expected a positive, finite epsilon, got epsilon=0.0");
    assertThatThrownBy(() -> Optimizers.adam(-1e-3))
        .hasMessage("Expected a positive, finite learning rate, got learningRate=-0.001");
  }
}
