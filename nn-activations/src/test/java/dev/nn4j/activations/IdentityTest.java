package dev.nn4j.activations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nn4j.core.Activation;
import dev.nn4j.core.check.GradientCheck;
import dev.nn4j.core.math.Matrix;
import org.junit.jupiter.api.Test;

class IdentityTest {
  private final Activation identity = Activations.identity();

  @Test
  void passesValuesAndGradientsThroughUnchanged() {
    Matrix z = Matrix.of(new double[][] {{-3.5, 0, 2}, {1e300, -1e-300, 7}});
    Matrix a = new Matrix(2, 3);
    identity.forward(z, a);
    Matrix gradOut = Matrix.of(new double[][] {{0.25, -1, 4}, {2, 3, -5}});
    Matrix gradIn = new Matrix(2, 3);
    identity.backward(z, a, gradOut, gradIn);

    assertThat(a).isEqualTo(z);
    assertThat(gradIn).isEqualTo(gradOut);
  }

  @Test
  void passesGradientCheck() {
    GradientCheck.Result result = GradientCheck.check(identity).assertOk();

    assertThat(result.maxError()).isLessThan(1e-6);
  }

  @Test
  void isFoundByNameAndByItsAliasLinear() {
    assertThat(Activation.named("identity")).isEqualTo(identity);
    assertThat(Activation.named("linear")).isEqualTo(identity);
    assertThat(identity).hasToString("identity");
  }
}
