package dev.nn4j.core.losses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.nn4j.core.Loss;
import dev.nn4j.core.math.Matrix;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Mean squared error: the tutorial's value, several outputs, and its gradient against finite differences. */
class MseTest {
  private final Loss mse = Losses.mse();

  @Test
  void reproducesTheTutorialsLossOfOneHalf() {
    // y_true = [1, 0, 0, 1], y_pred = [0, 0, 0, 0]: MSE = (1 + 0 + 0 + 1) / 4 = 0.5
    Matrix yTrue = Matrix.columnVector(1, 0, 0, 1);
    Matrix yPred = Matrix.columnVector(0, 0, 0, 0);
    assertThat(mse.value(yPred, yTrue)).isEqualTo(0.5);
  }

  @Test
  void isTheMeanOverSamplesAndOutputs() {
    // PyTorch's MSELoss(): mean over all n·k elements
    Matrix prediction = Matrix.of(new double[][] {{1, 2, 3}, {0, 0, 0}});
    Matrix target = Matrix.of(new double[][] {{1, 0, 0}, {1, 1, 1}});
    // squared differences: 0, 4, 9, 1, 1, 1 → 16 / 6
    assertThat(mse.value(prediction, target)).isEqualTo(16.0 / 6);
  }

  @Test
  void isZeroForAPerfectPrediction() {
    Matrix y = Matrix.of(new double[][] {{0.3, -2}, {7, 1e-3}});
    assertThat(mse.value(y, y.copy())).isZero();
  }

  @Test
  void gradientOfOneOutputIsTheTutorialsMinusTwoTimesTheError() {
    // one sample: dL/dy_pred = -2 (y_true - y_pred); Alice with y_pred 0.524 gives -0.952
    Matrix gradient = new Matrix(1, 1);
    mse.gradient(Matrix.rowVector(0.524), Matrix.rowVector(1.0), gradient);
    assertThat(gradient.get(0, 0)).isCloseTo(-0.952, within(1e-15));
  }

  @Test
  void gradientMatchesCentralDifferencesOfTheValue() {
    Random random = new Random(3);
    int[][] shapes = {{1, 1}, {4, 1}, {1, 3}, {5, 3}, {7, 2}};
    double h = 1e-6;
    for (int[] s : shapes) {
      Matrix prediction = gaussian(s[0], s[1], random);
      Matrix target = gaussian(s[0], s[1], random);
      Matrix gradient = new Matrix(s[0], s[1]);
      gradient.fill(Double.NaN);
      mse.gradient(prediction, target, gradient);
      for (int i = 0; i < prediction.size(); i++) {
        double saved = prediction.data()[i];
        prediction.data()[i] = saved + h;
        double plus = mse.value(prediction, target);
        prediction.data()[i] = saved - h;
        double minus = mse.value(prediction, target);
        prediction.data()[i] = saved;
        double numeric = (plus - minus) / (2 * h);
        assertThat(gradient.data()[i]).as("dL/dŷ[%s] for shape %s", i, prediction.shape()).isCloseTo(numeric, within(1e-8));
      }
    }
  }

  @Test
  void valueAndGradientDoNotModifyTheirInputs() {
    Matrix prediction = Matrix.of(new double[][] {{1, 2}, {3, 4}});
    Matrix target = Matrix.of(new double[][] {{0, 1}, {1, 0}});
    Matrix predictionBefore = prediction.copy();
    Matrix targetBefore = target.copy();
    mse.value(prediction, target);
    mse.gradient(prediction, target, new Matrix(2, 2));
    assertThat(prediction).isEqualTo(predictionBefore);
    assertThat(target).isEqualTo(targetBefore);
  }

  @Test
  void mismatchedShapesAreRejectedNamingBothShapes() {
    assertThatThrownBy(() -> mse.value(new Matrix(4, 1), new Matrix(1, 4)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContainingAll("[4, 1]", "[1, 4]");
    assertThatThrownBy(() -> mse.gradient(new Matrix(4, 1), new Matrix(4, 2), new Matrix(4, 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContainingAll("[4, 1]", "[4, 2]");
    assertThatThrownBy(() -> mse.gradient(new Matrix(4, 1), new Matrix(4, 1), new Matrix(1, 4)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContainingAll("[4, 1]", "[1, 4]");
  }

  @Test
  void isNamedMse() {
    assertThat(mse.name()).isEqualTo("mse");
    assertThat(mse).hasToString("mse");
  }

  private static Matrix gaussian(int rows, int cols, Random random) {
    Matrix m = new Matrix(rows, cols);
    for (int i = 0; i < m.size(); i++) {
      m.data()[i] = random.nextGaussian();
    }
    return m;
  }
}
