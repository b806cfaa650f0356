package dev.nn4j.activations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.nn4j.core.Activation;
import dev.nn4j.core.check.GradientCheck;
import dev.nn4j.core.math.Matrix;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LeakyReluTest {

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
  void scalesNegativeInputsByPyTorchsDefaultSlope() {
    LeakyRelu f = Activations.leakyRelu();

    assertThat(f.slope()).isEqualTo(0.01);
    assertThat(forward(f, -3, -0.5, 0, 0.5, 2)).containsExactly(-0.03, -0.005, 0, 0.5, 2);
    // At the kink the slope, as PyTorch's LeakyReLU backward (x > 0 ? 1 : slope).
    assertThat(derivatives(f, -3, -0.5, 0, 0.5, 2)).containsExactly(0.01, 0.01, 0.01, 1, 1);
  }

  @Test
  void theFormWithoutABranchGivesTheBitsOfTheBranchForEveryNonNaNValue() {
    double[] xs = {
      -0.0, 0.0, Double.MIN_VALUE, -Double.MIN_VALUE, 1e-300, -1e-300, 0.5, -0.5, 1.0, -1.0, 7e300, -7e300,
      Double.MAX_VALUE, -Double.MAX_VALUE, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY
    };
    // Slopes in (0, 1] take the form without a branch; the others the branch itself, checked the same way.
    for (double slope : new double[] {0.01, 0.2, 0.999, 1.0, Double.MIN_VALUE, 0.0, 1.5, -0.1}) {
      LeakyRelu f = Activations.leakyRelu(slope);
      for (double x : xs) {
        double y = f.value(x);
        assertThat(Double.doubleToRawLongBits(y))
            .as("f(%s) with slope %s", x, slope)
            .isEqualTo(Double.doubleToRawLongBits(x > 0 ? x : slope * x));
        assertThat(Double.doubleToRawLongBits(f.derivative(x, y)))
            .as("f'(%s) with slope %s", x, slope)
            .isEqualTo(Double.doubleToRawLongBits(x > 0 ? 1.0 : slope));
      }
    }
  }

  @Test
  void usesTheGivenSlope() {
    LeakyRelu f = Activations.leakyRelu(0.2);

    assertThat(forward(f, -3, -0.5, 1.5)).containsExactly(new double[] {-0.6, -0.1, 1.5}, within(1e-16));
    assertThat(derivatives(f, -3, -0.5, 1.5)).containsExactly(0.2, 0.2, 1);
  }

  @Test
  void passesGradientCheck() {
    for (LeakyRelu f : new LeakyRelu[] {Activations.leakyRelu(), Activations.leakyRelu(0.2)}) {
      GradientCheck.Result result = GradientCheck.check(f).assertOk();

      assertThat(result.maxError()).as("%s", f).isLessThan(1e-6);
    }
  }

  @Test
  void isFoundByNameWithItsDefaultSlope() {
    assertThat(Activation.named("leaky_relu")).isEqualTo(Activations.leakyRelu());
    assertThat(Activations.leakyRelu()).isEqualTo(Activations.leakyRelu(0.01));
  }

  @Test
  void roundTripsThroughNameAndConfig() {
    LeakyRelu f = Activations.leakyRelu(0.2);

    assertThat(f.config()).isEqualTo(Map.of("slope", "0.2"));
    Activation rebuilt = Activation.named(f.name(), f.config());
    assertThat(rebuilt).isEqualTo(f).hasSameHashCodeAs(f).isNotEqualTo(Activations.leakyRelu());
    assertThat(((LeakyRelu) rebuilt).slope()).isEqualTo(0.2);
    assertThat(Activation.named("leaky_relu", Map.of("slope", "0.2"))).isEqualTo(f);
    assertThat(f).hasToString("leaky_relu{slope=0.2}");
  }

  @Test
  void rejectsUnknownKeysNamingTheAcceptedOnes() {
    assertThatThrownBy(() -> Activation.named("leaky_relu", Map.of("negative_slope", "0.2")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'negative_slope'")
        .hasMessageContaining("[slope]");
  }

  @Test
  void rejectsSlopesThatAreNotFiniteNumbers() {
    for (String bad : new String[] {"abc", "", "NaN", "Infinity"}) {
      assertThatThrownBy(() -> Activation.named("leaky_relu", Map.of("slope", bad)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'slope'")
          .hasMessageContaining("'" + bad + "'");
    }
    assertThatThrownBy(() -> Activations.leakyRelu(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("slope")
        .hasMessageContaining("NaN");
  }
}
