package dev.nn4j.activations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.withinPercentage;

import dev.nn4j.core.Activation;
import dev.nn4j.core.check.GradientCheck;
import dev.nn4j.core.math.Matrix;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Values and derivatives computed to 50 digits with mpmath from the formulas ({@code x Φ(x)} with {@code
 * Φ} from erfc; PyTorch's tanh form), rounded to double.
 */
class GeluTest {
  /** 1e-14 relative, as a percentage for AssertJ. */
  private static final double RELATIVE = 1e-12;

  private static double forward(Activation f, double z) {
    Matrix out = new Matrix(1, 1);
    f.forward(Matrix.rowVector(z), out);
    return out.get(0, 0);
  }

  /** {@code f'(z)}, as the backward pass with an upstream gradient of 1 gives it. */
  private static double derivative(Activation f, double z) {
    Matrix input = Matrix.rowVector(z);
    Matrix out = new Matrix(1, 1);
    f.forward(input, out);
    Matrix gradIn = new Matrix(1, 1);
    f.backward(input, out, Matrix.rowVector(1.0), gradIn);
    return gradIn.get(0, 0);
  }

  @ParameterizedTest(name = "gelu({0}) = {1}, gelu''({0}) = {2}")
  @CsvSource({
    "-10, -7.619853024160526e-23, -7.618400096464814e-22",
    "-3, -0.0040496940948902835, -0.011945647204183927",
    "-1, -0.15865525393145705, -0.0833154705876863",
    "-0.5, -0.15426876936299344, 0.13250487534383715",
    "0.5, 0.34573123063700656, 0.8674951246561629",
    "1, 0.8413447460685429, 1.0833154705876864",
    "3, 2.99595030590511, 1.011945647204184",
  })
  void computesExactGelu(double x, double value, double derivative) {
    assertThat(forward(Activations.gelu(), x)).isCloseTo(value, withinPercentage(RELATIVE));
    assertThat(derivative(Activations.gelu(), x)).isCloseTo(derivative, withinPercentage(RELATIVE));
  }

  @ParameterizedTest(name = "gelu_tanh({0}) = {1}, gelu_tanh''({0}) = {2}")
  @CsvSource({
    // In this tail, 1 + tanh(u) evaluated directly would keep only a few digits.
    "-10, -1.204092348209806e-37, -2.7576380638540315e-36",
    "-8, -3.1077829375011112e-21, -4.7147845041068414e-20",
    "-5, -2.291796196629506e-07, -1.5463619875325946e-06",
    "-3, -0.003637392081773019, -0.011584166630969726",
    "-1, -0.1588080093917233, -0.08296408384578255",
    "-0.5, -0.15428599017485609, 0.1326300964653577",
    "0.5, 0.34571400982514394, 0.8673699035346423",
    "1, 0.8411919906082767, 1.0829640838457826",
    "3, 2.996362607918227, 1.0115841666309697",
  })
  void computesTanhApproximation(double x, double value, double derivative) {
    assertThat(forward(Activations.geluTanh(), x)).isCloseTo(value, withinPercentage(RELATIVE));
    assertThat(derivative(Activations.geluTanh(), x)).isCloseTo(derivative, withinPercentage(RELATIVE));
  }

  @Test
  void isZeroAtZeroWithSlopeOneHalf() {
    for (Gelu f : new Gelu[] {Activations.gelu(), Activations.geluTanh()}) {
      assertThat(forward(f, 0.0)).isEqualTo(0.0);
      assertThat(derivative(f, 0.0)).isEqualTo(0.5);
    }
  }

  @Test
  void becomesReluFarFromZeroWithoutNaN() {
    for (Gelu f : new Gelu[] {Activations.gelu(), Activations.geluTanh()}) {
      for (double x : new double[] {50, 1e200, Double.MAX_VALUE}) {
        assertThat(forward(f, x)).as("%s(%s)", f, x).isEqualTo(x);
        assertThat(derivative(f, x)).as("%s'(%s)", f, x).isEqualTo(1.0);
        assertThat(forward(f, -x)).as("%s(%s)", f, -x).isZero();
        assertThat(derivative(f, -x)).as("%s'(%s)", f, -x).isZero();
      }
    }
  }

  @Test
  void passesGradientCheck() {
    for (Gelu f : new Gelu[] {Activations.gelu(), Activations.geluTanh()}) {
      GradientCheck.Result result = GradientCheck.check(f).assertOk();

      assertThat(result.maxError()).as("%s", f).isLessThan(1e-6);
    }
  }

  @Test
  void isOneNameWithPyTorchsApproximateKey() {
    assertThat(Activations.gelu().approximate()).isEqualTo("none");
    assertThat(Activations.geluTanh().approximate()).isEqualTo("tanh");
    assertThat(Activation.named("gelu")).isEqualTo(Activations.gelu());
    assertThat(Activation.named("gelu", Map.of("approximate", "none"))).isEqualTo(Activations.gelu());
    assertThat(Activation.named("gelu", Map.of("approximate", "tanh"))).isEqualTo(Activations.geluTanh());
    assertThat(Activations.gelu()).isNotEqualTo(Activations.geluTanh());
  }

  @Test
  void roundTripsThroughNameAndConfig() {
    for (Gelu f : new Gelu[] {Activations.gelu(), Activations.geluTanh()}) {
      Activation rebuilt = Activation.named(f.name(), f.config());

      assertThat(rebuilt).isEqualTo(f).hasSameHashCodeAs(f);
      assertThat(((Gelu) rebuilt).approximate()).isEqualTo(f.approximate());
    }
    assertThat(Activations.geluTanh().config()).isEqualTo(Map.of("approximate", "tanh"));
    assertThat(Activations.geluTanh()).hasToString("gelu{approximate=tanh}");
  }

  @Test
  void rejectsBadConfiguration() {
    assertThatThrownBy(() -> Activation.named("gelu", Map.of("approximate", "sigmoid")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'approximate'")
        .hasMessageContaining("'sigmoid'")
        .hasMessageContaining("[none, tanh]");
    assertThatThrownBy(() -> Activation.named("gelu", Map.of("approx", "tanh")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'approx'")
        .hasMessageContaining("[approximate]");
  }
}
