package dev.nn4j.activations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

import dev.nn4j.core.Activation;
import dev.nn4j.core.check.GradientCheck;
import dev.nn4j.core.math.Matrix;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EluTest {

  private static double[] forward(Activation f, double... z) {
    Matrix out = new Matrix(1, z.length);
    f.forward(Matrix.rowVector(z), out);
    return out.data();
  }

  /** {@code f'(z)}, as the backward pass with an upstream gradient of 1 gives it. */
  private static double[] derivatives(Activation f, double... z) {
    Matrix input = Matrix.rowVector(z);
    Matrix out = new Matrix(1, z.length);
    f.forward(input, out);
    Matrix ones = new Matrix(1, z.length);
    ones.fill(1.0);
    Matrix gradIn = new Matrix(1, z.length);
    f.backward(input, out, ones, gradIn);
    return gradIn.data();
  }

  @Test
  void isExponentialBelowZeroAndLinearAbove() {
    Elu f = Activations.elu();

    assertThat(f.alpha()).isEqualTo(1.0);
    // α (e^x - 1) and α e^x, computed to 50 digits with mpmath.
    assertThat(forward(f, -1, -0.5, 0, 2))
        .containsExactly(new double[] {-0.6321205588285577, -0.3934693402873666, 0, 2}, within(1e-16));
    // α at 0, as PyTorch's ELU backward (x <= 0 ? α e^x : 1).
    assertThat(derivatives(f, -1, -0.5, 0, 2))
        .containsExactly(new double[] {0.36787944117144233, 0.6065306597126334, 1, 1}, within(1e-16));
  }

  @Test
  void staysAccurateNearZero() {
    // e^x - 1 would lose about half the digits here; expm1 keeps them.
    assertThat(forward(Activations.elu(), -1e-10)[0]).isCloseTo(-9.9999999995e-11, withinPercentage(1e-13));
  }

  @Test
  void usesTheGivenAlpha() {
    Elu f = Activations.elu(0.5);

    assertThat(forward(f, -2, 3)).containsExactly(new double[] {-0.43233235838169365, 3}, within(1e-16));
    assertThat(derivatives(f, -2, 3)).containsExactly(new double[] {0.06766764161830635, 1}, within(1e-16));
    assertThat(forward(f, -1000)[0]).isEqualTo(-0.5);
  }

  @Test
  void passesGradientCheck() {
    for (Elu f : new Elu[] {Activations.elu(), Activations.elu(0.5)}) {
      GradientCheck.Result result = GradientCheck.check(f).assertOk();

      assertThat(result.maxError()).as("%s", f).isLessThan(1e-6);
    }
  }

  @Test
  void isFoundByNameWithItsDefaultAlpha() {
    assertThat(Activation.named("elu")).isEqualTo(Activations.elu()).isEqualTo(Activations.elu(1.0));
  }

  @Test
  void roundTripsThroughNameAndConfig() {
    Elu f = Activations.elu(0.5);

    assertThat(f.config()).isEqualTo(Map.of("alpha", "0.5"));
    Activation rebuilt = Activation.named(f.name(), f.config());
    assertThat(rebuilt).isEqualTo(f).hasSameHashCodeAs(f).isNotEqualTo(Activations.elu());
    assertThat(((Elu) rebuilt).alpha()).isEqualTo(0.5);
    assertThat(f).hasToString("elu{alpha=0.5}");
  }

  @Test
  void rejectsBadConfiguration() {
    assertThatThrownBy(() -> Activation.named("elu", Map.of("slope", "0.5")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'slope'")
        .hasMessageContaining("[alpha]");
    assertThatThrownBy(() -> Activation.named("elu", Map.of("alpha", "one")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'alpha'")
        .hasMessageContaining("'one'");
  }
}
