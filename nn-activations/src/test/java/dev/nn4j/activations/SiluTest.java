package dev.nn4j.activations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

import dev.nn4j.core.Activation;
import dev.nn4j.core.check.GradientCheck;
import dev.nn4j.core.math.Matrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Values {@code x σ(x)} and derivatives {@code σ(x) + x σ(x) (1 - σ(x))} computed to 50 digits with mpmath. */
class SiluTest {
  private final Activation silu = Activations.silu();

  private double forward(double z) {
    Matrix out = new Matrix(1, 1);
    silu.forward(Matrix.rowVector(z), out);
    return out.get(0, 0);
  }

  /** {@code f'(z)}, as the backward pass with an upstream gradient of 1 gives it. */
  private double derivative(double z) {
    Matrix input = Matrix.rowVector(z);
    Matrix out = new Matrix(1, 1);
    silu.forward(input, out);
    Matrix gradIn = new Matrix(1, 1);
    silu.backward(input, out, Matrix.rowVector(1.0), gradIn);
    return gradIn.get(0, 0);
  }

  @ParameterizedTest(name = "silu({0}) = {1}, silu''({0}) = {2}")
  @CsvSource({
    "-3, -0.14227761953270035, -0.08810410601516962",
    "-1, -0.2689414213699951, 0.07232948812851327",
    "0, 0, 0.5",
    "1, 0.7310585786300049, 0.9276705118714867",
    "3, 2.8577223804672998, 1.0881041060151697",
  })
  void computesXTimesSigmoid(double x, double value, double derivative) {
    assertThat(forward(x)).isCloseTo(value, withinPercentage(1e-13));
    assertThat(derivative(x)).isCloseTo(derivative, withinPercentage(1e-13));
  }

  @Test
  void staysFiniteForHugeInputs() {
    assertThat(forward(1000)).isEqualTo(1000.0);
    assertThat(derivative(1000)).isEqualTo(1.0);
    assertThat(forward(-1000)).isZero();
    assertThat(derivative(-1000)).isZero();
  }

  @Test
  void passesGradientCheck() {
    GradientCheck.Result result = GradientCheck.check(silu).assertOk();

    assertThat(result.maxError()).isLessThan(1e-6);
  }

  @Test
  void isFoundByNameAndByItsAliasSwish() {
    assertThat(Activation.named("silu")).isEqualTo(silu);
    assertThat(Activation.named("swish")).isEqualTo(silu);
    assertThat(Activation.named("swish").name()).isEqualTo("silu");
  }
}
