package org.example.mish;

import static dev.nn4j.core.losses.Losses.mse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.nn4j.core.Activation;
import dev.nn4j.core.Network;
import dev.nn4j.core.check.GradientCheck;
import dev.nn4j.core.layers.Dense;
import dev.nn4j.core.math.Matrix;
import org.junit.jupiter.api.Test;

class MishTest {
  @Test
  void valuesAreXTimesTanhOfSoftplus() {
    Mish mish = new Mish();
    assertThat(mish.value(0)).isEqualTo(0.0);
    assertThat(mish.value(1)).isCloseTo(Math.tanh(Math.log(1 + Math.E)), within(1e-15));
    assertThat(mish.value(-1)).isCloseTo(-Math.tanh(Math.log(1 + 1 / Math.E)), within(1e-15));
    assertThat(mish.value(1000)).isEqualTo(1000.0);
    assertThat(mish.value(-1000)).isEqualTo(-0.0);
    // f'(0) = tanh(ln 2) = (2 - 1/2) / (2 + 1/2) = 0.6
    assertThat(mish.derivative(0, 0)).isCloseTo(0.6, within(1e-15));
  }

  @Test
  void derivativeMatchesFiniteDifferences() {
    GradientCheck.Result result = GradientCheck.check(new Mish()).assertOk();
    assertThat(result.checked()).isPositive();
  }

  @Test
  void isFoundByNameThroughTheServiceLoader() {
    assertThat(Activation.named("mish")).isInstanceOf(Mish.class).isEqualTo(new Mish());
  }

  @Test
  void buildsAndBackpropagatesANetworkByName() {
    Network network =
        Network.builder().input(3).dense(4, "mish").dense(2, "mish").loss(mse()).seed(11).build();
    assertThat(((Dense) network.layers().get(0)).activation()).isInstanceOf(Mish.class);

    Matrix inputs = Matrix.of(new double[][] {{0.5, -1, 2}, {-0.3, 0.8, 0.1}, {1.5, 0.2, -0.7}});
    Matrix targets = Matrix.of(new double[][] {{0.1, 0.9}, {0.4, 0.2}, {-0.1, 0.6}});
    assertThat(GradientCheck.check(network, inputs, targets).assertOk().checked())
        .isEqualTo(network.parameterCount() + inputs.size());
  }
}
