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
 * Weight decay as in torch.optim: an L2 penalty added to the gradient (g ← g + λθ) for SGD, Adam,
 * RMSprop and Adagrad, but decoupled for AdamW (θ ← θ − γλθ, outside the moments).
 */
class WeightDecayTest {
  private static final double TOLERANCE = 1e-12;

  @Test
  void sgdAddsTheDecayToTheGradient() {
    double lr = 0.1;
    double lambda = 0.01;
    double theta0 = 2.0;
    double g = 0.5;
    Parameter p = parameter(theta0);
    StatefulUpdater updater = Optimizers.sgd(lr).withWeightDecay(lambda).start(named(p));
    step(updater, p, g);
    assertThat(p.value().data()[0])
        .isCloseTo(theta0 - lr * (g + lambda * theta0), within(TOLERANCE));
  }

  @Test
  void adamNormalizesTheDecayAwayWhileAdamWShrinksByGammaLambda() {
    // With a zero loss gradient, Adam's L2 term λθ is the whole gradient, so Adam's normalization
    // turns
    // it into a step of ≈ γ; AdamW instead shrinks θ by exactly the factor 1 − γλ.
    double lr = 0.1;
    double lambda = 0.01;
    double theta0 = 2.0;
    double eps = 1e-8;
    Parameter adamParameter = parameter(theta0);
    Parameter adamWParameter = parameter(theta0);
    StatefulUpdater adam =
        Optimizers.adam(lr).withWeightDecay(lambda).start(named(adamParameter));
    StatefulUpdater adamW =
        Optimizers.adamW(lr).withWeightDecay(lambda).start(named(adamWParameter));

    step(adam, adamParameter, 0.0);
    step(adamW, adamWParameter, 0.0);

    double l2Gradient = lambda * theta0;
    assertThat(adamParameter.value().data()[0])
        .isCloseTo(theta0 - lr * l2Gradient / (Math.abs(l2Gradient) + eps), within(TOLERANCE));
    assertThat(adamWParameter.value().data()[0])
        .isCloseTo(theta0 - lr * lambda * theta0, within(TOLERANCE));
    assertThat(adamParameter.value().data()[0]).isCloseTo(1.9, within(1e-6));
    assertThat(adamWParameter.value().data()[0]).isCloseTo(1.998, within(TOLERANCE));
  }

  @Test
  void adamsMomentsSeeTheDecayButAdamWsDoNot() {
    double lr = 0.01;
    double lambda = 0.1;
    double theta0 = 3.0;
    double g = 0.2;
    double b1 = 0.9;
    double b2 = 0.999;
    Parameter adamParameter = parameter(theta0);
    Parameter adamWParameter = parameter(theta0);
    StatefulUpdater adam =
        Optimizers.adam(lr).withWeightDecay(lambda).start(named(adamParameter));
    StatefulUpdater adamW =
        Optimizers.adamW(lr).withWeightDecay(lambda).start(named(adamWParameter));

    step(adam, adamParameter, g);
    step(adamW, adamWParameter, g);

    double withDecay = g + lambda * theta0;
    assertThat(adam.state().buffer(FIRST, "exp_avg")[0])
        .isCloseTo((1 - b1) * withDecay, within(TOLERANCE));
    assertThat(adam.state().buffer(FIRST, "exp_avg_sq")[0])
        .isCloseTo((1 - b2) * withDecay * withDecay, within(TOLERANCE));
    assertThat(adamW.state().buffer(FIRST, "exp_avg")[0]).isCloseTo((1 - b1) * g, within(TOLERANCE));
    assertThat(adamW.state().buffer(FIRST, "exp_avg_sq")[0])
        .isCloseTo((1 - b2) * g * g, within(TOLERANCE));
  }

  @Test
  void adamWDecayFollowsTheScheduledLearningRate() {
    double lr = 0.5;
    double lambda = 0.1;
    double theta0 = 1.0;
    Parameter p = parameter(theta0);
    StatefulUpdater updater =
        Optimizers.adamW(lr)
            .withWeightDecay(lambda)
            .withSchedule(Schedules.exponential(0.5))
            .start(named(p));
    step(updater, p, 0.0);
    step(updater, p, 0.0);
    assertThat(p.value().data()[0])
        .isCloseTo(theta0 * (1 - lr * lambda) * (1 - 0.5 * lr * lambda), within(TOLERANCE));
  }

  @Test
  void rmsPropAndAdagradAddTheDecayToTheGradient() {
    double lr = 0.01;
    double lambda = 0.2;
    double theta0 = -1.5;
    double g = 0.3;
    double d = g + lambda * theta0;
    Parameter rmsParameter = parameter(theta0);
    StatefulUpdater rmsProp =
        Optimizers.rmsProp(lr).withWeightDecay(lambda).start(named(rmsParameter));
    step(rmsProp, rmsParameter, g);
    double v = (1 - 0.99) * d * d;
    assertThat(rmsParameter.value().data()[0])
        .isCloseTo(theta0 - lr * d / (Math.sqrt(v) + 1e-8), within(TOLERANCE));

    Parameter adagradParameter = parameter(theta0);
    StatefulUpdater adagrad =
        Optimizers.adagrad(lr).withWeightDecay(lambda).start(named(adagradParameter));
    step(adagrad, adagradParameter, g);
    assertThat(adagradParameter.value().data()[0])
        .isCloseTo(theta0 - lr * d / (Math.sqrt(d * d) + 1e-10), within(TOLERANCE));
  }
}
