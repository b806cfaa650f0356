package dev.nn4j.optim;

import static dev.nn4j.optim.OptimizerTesting.named;
import static dev.nn4j.optim.OptimizerTesting.parameter;
import static dev.nn4j.optim.OptimizerTesting.setGradient;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

import dev.nn4j.core.Parameter;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Gradient clipping with torch.nn.utils.clip_grad_norm_'s semantics: one L2 norm over all
 * parameters, gradients scaled by max_norm / (total + 1e-6) when that is below one.
 */
class ClippingTest {

  @Test
  void measuresOneNormOverAllParametersTogether() {
    Parameter a = parameter(0.0, 0.0);
    Parameter b = parameter(0.0);
    setGradient(a, 3.0, 4.0);
    setGradient(b, 12.0);
    assertThat(Clipping.gradientNorm(List.of(a, b))).isEqualTo(13.0);
  }

  @Test
  void scalesGradientsAboveTheMaximumDownToIt() {
    Parameter a = parameter(0.0, 0.0);
    Parameter b = parameter(0.0);
    setGradient(a, 3.0, 4.0);
    setGradient(b, 12.0);

    double total = Clipping.clipGradientNorm(List.of(a, b), 5.0);

    assertThat(total).isEqualTo(13.0);
    double coefficient = 5.0 / (13.0 + 1e-6);
    assertThat(a.gradient().data()).containsExactly(3.0 * coefficient, 4.0 * coefficient);
    assertThat(b.gradient().data()).containsExactly(12.0 * coefficient);
    // the direction is kept and the norm is max_norm, to torch's 1e-6 guard
    assertThat(Clipping.gradientNorm(List.of(a, b))).isCloseTo(5.0, withinPercentage(1e-4));
    assertThat(Clipping.gradientNorm(List.of(a, b))).isLessThanOrEqualTo(5.0);
  }

  @Test
  void leavesGradientsBelowTheMaximumUnchanged() {
    Parameter a = parameter(0.0, 0.0);
    setGradient(a, 3.0, 4.0);
    double total = Clipping.clipGradientNorm(List.of(a), 5.1);
    assertThat(total).isEqualTo(5.0);
    assertThat(a.gradient().data()).containsExactly(3.0, 4.0);
  }

  @Test
  void optimizerClipsBeforeItsUpdate() {
    double lr = 0.1;
    Parameter a = parameter(1.0, 1.0);
    Parameter b = parameter(1.0);
    StatefulUpdater updater = Optimizers.sgd(lr).withClipNorm(1.0).start(named(a, b));
    setGradient(a, 3.0, 4.0);
    setGradient(b, 12.0);

    updater.step();

    double coefficient = 1.0 / (13.0 + 1e-6);
    assertThat(a.value().data()[0]).isCloseTo(1.0 - lr * 3.0 * coefficient, within(1e-12));
    assertThat(a.value().data()[1]).isCloseTo(1.0 - lr * 4.0 * coefficient, within(1e-12));
    assertThat(b.value().data()[0]).isCloseTo(1.0 - lr * 12.0 * coefficient, within(1e-12));
    // as clip_grad_norm_, the gradients themselves are clipped in place
    assertThat(Clipping.gradientNorm(List.of(a, b))).isCloseTo(1.0, withinPercentage(1e-4));
  }

  @Test
  void weightDecayIsAddedAfterClipping() {
    // torch: clip_grad_norm_ runs before optimizer.step(), which then adds λθ to the clipped
    // gradient
    double lr = 0.1;
    double lambda = 0.5;
    double theta0 = 4.0;
    Parameter p = parameter(theta0);
    StatefulUpdater updater =
        Optimizers.sgd(lr).withWeightDecay(lambda).withClipNorm(1.0).start(named(p));
    setGradient(p, 10.0);

    updater.step();

    double clipped = 10.0 * 1.0 / (10.0 + 1e-6);
    assertThat(p.value().data()[0])
        .isCloseTo(theta0 - lr * (clipped + lambda * theta0), within(1e-12));
  }

  @Test
  void rejectsNonPositiveMaximumNorm() {
    assertThatThrownBy(() -> Optimizers.adam().withClipNorm(0.0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Expected a positive, finite clipNorm, got clipNorm=0.0");
    assertThatThrownBy(() -> Clipping.clipGradientNorm(List.of(), Double.POSITIVE_INFINITY))
        .hasMessage("Expected a positive, finite maxNorm, got maxNorm=Infinity");
  }
}
