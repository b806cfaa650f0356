package dev.nn4j.core;

import static dev.nn4j.core.TrainingFixtures.gaussian;
import static dev.nn4j.core.TrainingFixtures.oneHot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.nn4j.core.check.GradientCheck;
import dev.nn4j.core.losses.Losses;
import dev.nn4j.core.math.Matrix;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LossesTest {
  private final Random random = new Random(7);

  @Test
  void binaryCrossEntropyMatchesItsFormula() {
    Matrix p = Matrix.columnVector(0.9, 0.2, 0.6);
    Matrix y = Matrix.columnVector(1, 0, 0);
    double expected = -(Math.log(0.9) + Math.log(0.8) + Math.log(0.4)) / 3;
    assertThat(Losses.binaryCrossEntropy().value(p, y)).isCloseTo(expected, within(1e-15));
  }

  @Test
  void binaryCrossEntropyFromLogitsEqualsItOnProbabilities() {
    Matrix z = Matrix.of(new double[][] {{0.3, -1.2}, {2.0, 0.1}});
    Matrix y = Matrix.of(new double[][] {{1, 0}, {0, 1}});
    Matrix p = new Matrix(2, 2);
    TrainingFixtures.sigmoid().forward(z, p);
    assertThat(Losses.binaryCrossEntropy().fusedValue(z, y))
        .isCloseTo(Losses.binaryCrossEntropy().value(p, y), within(1e-14));
  }

  @Test
  void categoricalCrossEntropyMatchesItsFormula() {
    Matrix z = Matrix.of(new double[][] {{1, 2, 3}, {0, 0, 0}});
    Matrix y = Matrix.of(new double[][] {{0, 0, 1}, {1, 0, 0}});
    double first = -(3 - Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3)));
    double second = Math.log(3);
    assertThat(Losses.categoricalCrossEntropy().fusedValue(z, y)).isCloseTo((first + second) / 2, within(1e-15));
    Matrix p = new Matrix(2, 3);
    TrainingFixtures.softmax().forward(z, p);
    assertThat(Losses.categoricalCrossEntropy().value(p, y)).isCloseTo((first + second) / 2, within(1e-14));
  }

  @Test
  void categoricalCrossEntropyStaysFiniteForLogitsOfPlusMinus1000() {
    Matrix z = Matrix.of(new double[][] {{1000, -1000, 0}, {-1000, 1000, -1000}});
    Matrix y = Matrix.of(new double[][] {{0, 1, 0}, {0, 1, 0}});
    double value = Losses.categoricalCrossEntropy().fusedValue(z, y);
    // Sample 0 puts its target at -1000 against a max of 1000: loss 2000; sample 1 is right: loss 0.
    assertThat(value).isCloseTo(1000.0, within(1e-9));
    Matrix g = new Matrix(2, 3);
    Losses.categoricalCrossEntropy().fusedGradient(z, y, g);
    assertThat(g.isFinite()).isTrue();
    assertThat(g.row(0)).containsExactly(new double[] {0.5, -0.5, 0.0}, within(1e-12));
    assertThat(g.row(1)).containsExactly(new double[] {0.0, 0.0, 0.0}, within(1e-12));
  }

  @Test
  void binaryCrossEntropyStaysFiniteForLogitsOfPlusMinus1000() {
    Matrix z = Matrix.columnVector(1000, -1000);
    Matrix y = Matrix.columnVector(0, 0);
    assertThat(Losses.binaryCrossEntropy().fusedValue(z, y)).isCloseTo(500.0, within(1e-9));
    Matrix g = new Matrix(2, 1);
    Losses.binaryCrossEntropy().fusedGradient(z, y, g);
    assertThat(g.data()).containsExactly(new double[] {0.5, 0.0}, within(1e-12));
    // On saturated probabilities the log is clamped at -100, as PyTorch's BCELoss does.
    assertThat(Losses.binaryCrossEntropy().value(Matrix.columnVector(1.0), Matrix.columnVector(0.0))).isEqualTo(100.0);
  }

  @Test
  void huberIsQuadraticThenLinear() {
    Matrix p = Matrix.columnVector(0.5, 3.0, -4.0);
    Matrix y = Matrix.columnVector(0.0, 0.0, 0.0);
    double expected = (0.125 + (3.0 - 0.5) + (4.0 - 0.5)) / 3;
    assertThat(Losses.huber().value(p, y)).isCloseTo(expected, within(1e-15));
    Matrix g = new Matrix(3, 1);
    Losses.huber().gradient(p, y, g);
    assertThat(g.data()).containsExactly(new double[] {0.5 / 3, 1.0 / 3, -1.0 / 3}, within(1e-15));
    assertThat(Losses.huber(2.0).value(Matrix.columnVector(3.0), Matrix.columnVector(0.0))).isEqualTo(2.0 * (3.0 - 1.0));
  }

  @Test
  void everyLossPassesAFiniteDifferenceCheck() {
    for (int trial = 0; trial < 5; trial++) {
      int n = 1 + random.nextInt(4);
      int k = 2 + random.nextInt(4);
      Matrix probabilities = new Matrix(n, k);
      TrainingFixtures.sigmoid().forward(gaussian(n, k, random), probabilities);
      Matrix binaryTargets = new Matrix(n, k);
      for (int i = 0; i < binaryTargets.size(); i++) {
        binaryTargets.data()[i] = random.nextInt(2);
      }
      Matrix oneHot = oneHot(n, k, random);
      Matrix softmaxed = new Matrix(n, k);
      TrainingFixtures.softmax().forward(gaussian(n, k, random), softmaxed);

      assertThat(GradientCheck.check(Losses.mse(), gaussian(n, k, random), gaussian(n, k, random)).assertOk().maxError()).isLessThan(1e-6);
      assertThat(GradientCheck.check(Losses.huber(0.7), gaussian(n, k, random), gaussian(n, k, random)).assertOk().maxError()).isLessThan(1e-6);
      assertThat(GradientCheck.check(Losses.binaryCrossEntropy(), probabilities, binaryTargets).assertOk().maxError()).isLessThan(1e-6);
      assertThat(GradientCheck.checkFused(Losses.binaryCrossEntropy(), gaussian(n, k, random), binaryTargets).assertOk().maxError()).isLessThan(1e-6);
      assertThat(GradientCheck.check(Losses.categoricalCrossEntropy(), softmaxed, oneHot).assertOk().maxError()).isLessThan(1e-6);
      assertThat(GradientCheck.checkFused(Losses.categoricalCrossEntropy(), gaussian(n, k, random), oneHot).assertOk().maxError()).isLessThan(1e-6);
    }
  }

  @Test
  void networksWithFusedOutputLayersPassTheGradientCheck() {
    for (int trial = 0; trial < 4; trial++) {
      int inputs = 1 + random.nextInt(5);
      int classes = 2 + random.nextInt(4);
      int n = 1 + random.nextInt(5);
      Network softmaxNet =
          Network.builder().input(inputs).dense(4, TrainingFixtures.tanh()).dense(classes, TrainingFixtures.softmax())
              .loss(Losses.categoricalCrossEntropy()).seed(trial).build();
      assertThat(GradientCheck.check(softmaxNet, gaussian(n, inputs, random), oneHot(n, classes, random)).assertOk().maxError())
          .isLessThan(1e-6);
      Network sigmoidNet =
          Network.builder().input(inputs).dense(3, TrainingFixtures.tanh()).dense(1, TrainingFixtures.sigmoid())
              .loss(Losses.binaryCrossEntropy()).seed(trial).build();
      Matrix labels = new Matrix(n, 1);
      for (int i = 0; i < n; i++) {
        labels.data()[i] = random.nextInt(2);
      }
      assertThat(GradientCheck.check(sigmoidNet, gaussian(n, inputs, random), labels).assertOk().maxError()).isLessThan(1e-6);
    }
  }

  @Test
  void lossesAreFoundByNameWithTheirConfiguration() {
    assertThat(Loss.named("mse")).isSameAs(Losses.mse());
    assertThat(Loss.named("cross_entropy")).isSameAs(Losses.categoricalCrossEntropy());
    assertThat(Loss.named("bce")).isSameAs(Losses.binaryCrossEntropy());
    Loss huber = Loss.named("huber", Map.of("delta", "2.5"));
    assertThat(huber).isEqualTo(Losses.huber(2.5));
    assertThat(Loss.named(huber.name(), huber.config())).isEqualTo(huber);
    assertThatThrownBy(() -> Loss.named("hinge"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'hinge'")
        .hasMessageContaining("mse")
        .hasMessageContaining("huber");
    assertThatThrownBy(() -> Loss.named("huber", Map.of("beta", "1")))
        .hasMessageContaining("'beta'")
        .hasMessageContaining("[delta]");
    assertThatThrownBy(() -> Loss.named("huber", Map.of("delta", "wide"))).hasMessageContaining("'wide'");
  }

  @Test
  void mismatchedOutputLayersAndLossesAreRejectedWhenBuilding() {
    assertThatThrownBy(() -> Network.builder().input(2).dense(3, TrainingFixtures.softmax()).loss(Losses.binaryCrossEntropy()).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("softmax")
        .hasMessageContaining("categorical cross-entropy");
    assertThatThrownBy(() -> Network.builder().input(2).dense(3, TrainingFixtures.sigmoid()).loss(Losses.categoricalCrossEntropy()).build())
        .hasMessageContaining("expects a softmax output layer")
        .hasMessageContaining("sigmoid");
    assertThatThrownBy(() -> Network.builder().input(2).dense(1, TrainingFixtures.softmax()).loss(Losses.categoricalCrossEntropy()).build())
        .hasMessageContaining("at least 2 classes");
    assertThatThrownBy(() -> Network.builder().input(2).dense(1, TrainingFixtures.tanh()).loss(Losses.binaryCrossEntropy()).build())
        .hasMessageContaining("tanh");
  }

  @Test
  void targetsOutOfRangeAreRejectedBeforeTraining() {
    Network network =
        Network.builder().input(2).dense(3, TrainingFixtures.softmax()).loss(Losses.categoricalCrossEntropy())
            .optimizer(TrainingFixtures.sgd(0.1)).seed(1).build();
    StateDict before = network.stateDict();
    Matrix x = Matrix.of(new double[][] {{1, 2}, {3, 4}});
    Matrix noClass = Matrix.of(new double[][] {{0, 1, 0}, {0, 0, 0}});
    assertThatThrownBy(() -> network.fit(x, noClass, FitOptions.builder().build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sample 1")
        .hasMessageContaining("3 classes");
    assertThat(network.stateDict()).isEqualTo(before);
  }
}
