package dev.nn4j.activations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.nn4j.core.Activation;
import dev.nn4j.core.check.GradientCheck;
import dev.nn4j.core.math.Matrix;
import org.junit.jupiter.api.Test;

class SoftmaxTest {
  private final Activation softmax = Activations.softmax();

  private static Matrix forward(Activation f, Matrix z) {
    Matrix out = new Matrix(z.rows(), z.cols());
    f.forward(z, out);
    return out;
  }

  @Test
  void computesProbabilitiesOfEachRow() {
    Matrix a = forward(softmax, Matrix.of(new double[][] {{1, 2, 3}, {0, 0, 0}}));

    // e^z / Σ e^z, computed to 50 digits with mpmath.
    assertThat(a.row(0))
        .containsExactly(
            new double[] {0.09003057317038046, 0.24472847105479764, 0.6652409557748219}, within(1e-16));
    assertThat(a.row(1)).containsExactly(new double[] {1.0 / 3, 1.0 / 3, 1.0 / 3}, within(1e-16));
  }

  @Test
  void rowsSumToOne() {
    Matrix a = forward(softmax, Matrix.of(new double[][] {{0.5, -1.25, 3, 7}, {-2, -2, 4, 0.1}, {9, 9, 9, 9}}));

    for (int r = 0; r < a.rows(); r++) {
      double sum = 0;
      for (double p : a.row(r)) {
        assertThat(p).isBetween(0.0, 1.0);
        sum += p;
      }
      assertThat(sum).isCloseTo(1.0, within(1e-15));
    }
  }

  @Test
  void staysFiniteForHugeLogits() {
    Matrix a = forward(softmax, Matrix.of(new double[][] {{1000, -1000, 999}, {-1000, -1000, -1000}}));

    assertThat(a.isFinite()).isTrue();
    // e^1000 / (e^1000 + e^999) = σ(1), and e^-1000 against e^1000 is 0 in double precision.
    assertThat(a.row(0))
        .containsExactly(new double[] {0.7310585786300049, 0.0, 0.2689414213699951}, within(1e-16));
    assertThat(a.row(1)).containsExactly(new double[] {1.0 / 3, 1.0 / 3, 1.0 / 3}, within(1e-16));
  }

  @Test
  void backwardAppliesTheJacobian() {
    Matrix z = Matrix.rowVector(1, 2, 3);
    Matrix a = forward(softmax, z);
    Matrix gradOut = Matrix.rowVector(0.5, -1, 2);
    Matrix gradIn = new Matrix(1, 3);

    softmax.backward(z, a, gradOut, gradIn);

    // dL/dz_i = Σ_j dL/da_j a_j (δ_ij - a_i), written out from the Jacobian.
    double[] p = a.row(0);
    double[] g = gradOut.row(0);
    for (int i = 0; i < 3; i++) {
      double expected = 0;
      for (int j = 0; j < 3; j++) {
        expected += g[j] * p[j] * ((i == j ? 1 : 0) - p[i]);
      }
      assertThat(gradIn.get(0, i)).isCloseTo(expected, within(1e-15));
    }
    // Adding a constant to every logit changes nothing, so the gradient sums to zero.
    assertThat(gradIn.get(0, 0) + gradIn.get(0, 1) + gradIn.get(0, 2)).isCloseTo(0.0, within(1e-15));
  }

  @Test
  void passesGradientCheck() {
    GradientCheck.Result result = GradientCheck.check(softmax).assertOk();

    assertThat(result.maxError()).isLessThan(1e-6);
    assertThat(result.checked()).isPositive();
  }

  @Test
  void isFoundByName() {
    assertThat(Activation.named("softmax")).isEqualTo(softmax);
    assertThat(softmax.name()).isEqualTo("softmax");
    assertThat(softmax.config()).isEmpty();
  }

  @Test
  void comparesAndPrintsByName() {
    Activation other = new Softmax();

    assertThat(other).isEqualTo(softmax).hasSameHashCodeAs(softmax).isNotEqualTo(Activations.sigmoid());
    assertThat(softmax).hasToString("softmax");
  }
}
