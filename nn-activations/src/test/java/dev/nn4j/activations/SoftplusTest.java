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

/** Values {@code ln(1 + e^x)} and derivatives {@code σ(x)} computed to 50 digits with mpmath. */
class SoftplusTest {
  private final Activation softplus = Activations.softplus();

  private double forward(double z) {
    Matrix out = new Matrix(1, 1);
    softplus.forward(Matrix.rowVector(z), out);
    return out.get(0, 0);
  }

  /** {@code f'(z)}, as the backward pass with an upstream gradient of 1 gives it. */
  private double derivative(double z) {
    Matrix input = Matrix.rowVector(z);
    Matrix out = new Matrix(1, 1);
    softplus.forward(input, out);
    Matrix gradIn = new Matrix(1, 1);
    softplus.backward(input, out, Matrix.rowVector(1.0), gradIn);
    return gradIn.get(0, 0);
  }

  @ParameterizedTest(name = "softplus({0}) = {1}, softplus''({0}) = {2}")
  @CsvSource({
    "-30, 9.357622968839737e-14, 9.357622968839299e-14",
    "-1, 0.3132616875182228, 0.2689414213699951",
    "0, 0.6931471805599453, 0.5",
    "1, 1.3132616875182228, 0.7310585786300049",
    "30, 30.000000000000092, 0.9999999999999064",
  })
  void computesLogOfOnePlusExpAndSigmoidDerivative(double x, double value, double derivative) {
    assertThat(forward(x)).isCloseTo(value, withinPercentage(1e-13));
    assertThat(derivative(x)).isCloseTo(derivative, withinPercentage(1e-13));
  }

  @Test
  void neverOverflows() {
    assertThat(forward(1000)).isEqualTo(1000.0);
    assertThat(derivative(1000)).isEqualTo(1.0);
    assertThat(forward(-1000)).isEqualTo(0.0);
    assertThat(derivative(-1000)).isEqualTo(0.0);
    assertThat(forward(Double.MAX_VALUE)).isEqualTo(Double.MAX_VALUE);
  }

  @Test
  void passesGradientCheck() {
    GradientCheck.Result result = GradientCheck.check(softplus).assertOk();

    assertThat(result.maxError()).isLessThan(1e-6);
  }

  @Test
  void isFoundByNameAndTakesNoConfiguration() {
    assertThat(Activation.named("softplus")).isEqualTo(softplus);
    assertThat(softplus).hasToString("softplus");
    assertThatThrownBy(() -> Activation.named("softplus", Map.of("beta", "2")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("softplus");
  }
}
