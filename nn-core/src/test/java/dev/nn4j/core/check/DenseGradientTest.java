package dev.nn4j.core.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nn4j.core.Activation;
import dev.nn4j.core.ElementwiseActivation;
import dev.nn4j.core.Network;
import dev.nn4j.core.init.Initializers;
import dev.nn4j.core.losses.Losses;
import dev.nn4j.core.math.Matrix;
import dev.nn4j.core.testing.TestIdentity;
import dev.nn4j.core.testing.TestSigmoid;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Backpropagation through dense layers agrees with central finite differences ({@link GradientCheck}) on
 * networks of random shapes, and the check really fails when a derivative is wrong.
 */
class DenseGradientTest {
  private static final double MAX_ERROR = 1e-6;

  /** A sigmoid whose derivative is 10% too large: backpropagation through it is wrong. */
  private static final class SigmoidWithWrongDerivative extends ElementwiseActivation {
    SigmoidWithWrongDerivative() {
      super("wrong_sigmoid");
    }

    @Override
    public double value(double x) {
      return 1.0 / (1.0 + Math.exp(-x));
    }

    @Override
    public double derivative(double x, double y) {
      return 1.1 * y * (1.0 - y);
    }
  }

  private static Matrix gaussian(int rows, int cols, Random random) {
    Matrix m = new Matrix(rows, cols);
    for (int i = 0; i < m.size(); i++) {
      m.data()[i] = random.nextGaussian();
    }
    return m;
  }

  /** input(1..6) → dense(1..5, hidden) → dense(1..4, output) with N(0, 1) weights and biases. */
  private static Network randomNetwork(Random random, Activation hidden, Activation output) {
    return Network.builder()
        .input(1 + random.nextInt(6))
        .dense(1 + random.nextInt(5), hidden)
        .dense(1 + random.nextInt(4), output)
        .weightInit(Initializers.standardNormal())
        .loss(Losses.mse())
        .seed(random.nextLong())
        .build();
  }

  private static List<double[][]> parameters(Network network) {
    List<double[][]> values = new ArrayList<>();
    for (int l = 0; l < network.layers().size(); l++) {
      values.add(network.weights(l));
      values.add(new double[][] {network.bias(l)});
    }
    return values;
  }

  @Test
  void sigmoidNetworksOfRandomShapesPassTheGradientCheck() {
    for (long seed = 1; seed <= 20; seed++) {
      Random random = new Random(seed);
      Network network = randomNetwork(random, new TestSigmoid(), new TestSigmoid());
      int batch = 1 + random.nextInt(5);
      Matrix x = gaussian(batch, network.inputSize(), random);
      Matrix y = gaussian(batch, network.outputSize(), random);
      GradientCheck.Result result = GradientCheck.check(network, x, y);
      assertThat(result.maxError()).as("seed %s: %s", seed, result).isLessThan(MAX_ERROR);
      assertThat(result.checked()).isEqualTo(network.parameterCount() + x.size());
      result.assertOk();
    }
  }

  @Test
  void threeLayerNetworksMixingLinearAndSigmoidLayersPassTheGradientCheck() {
    for (long seed = 100; seed < 115; seed++) {
      Random random = new Random(seed);
      Network network =
          Network.builder()
              .input(1 + random.nextInt(7))
              .dense(1 + random.nextInt(6), new TestSigmoid())
              .dense(1 + random.nextInt(6), new TestIdentity())
              .dense(1 + random.nextInt(3), new TestSigmoid())
              .weightInit(Initializers.standardNormal())
              .loss(Losses.mse())
              .seed(seed)
              .build();
      int batch = 1 + random.nextInt(8);
      Matrix x = gaussian(batch, network.inputSize(), random);
      Matrix y = gaussian(batch, network.outputSize(), random);
      GradientCheck.Result result = GradientCheck.check(network, x, y);
      assertThat(result.maxError()).as("seed %s: %s", seed, result).isLessThan(MAX_ERROR);
      assertThat(result.checked()).isEqualTo(network.parameterCount() + x.size());
    }
  }

  @Test
  void gradientCheckOfAnActivationPassesForACorrectDerivative() {
    GradientCheck.Result result = GradientCheck.check(new TestSigmoid()).assertOk();
    assertThat(result.maxError()).isLessThan(MAX_ERROR);
    assertThat(result.checked()).isPositive();
  }

  @Test
  void gradientCheckFailsForAWrongDerivative() {
    Random random = new Random(7);
    Network network = randomNetwork(random, new SigmoidWithWrongDerivative(), new SigmoidWithWrongDerivative());
    Matrix x = gaussian(3, network.inputSize(), random);
    Matrix y = gaussian(3, network.outputSize(), random);
    GradientCheck.Result result = GradientCheck.check(network, x, y);
    assertThat(result.maxError()).isGreaterThan(GradientCheck.DEFAULT_TOLERANCE);
    assertThatThrownBy(result::assertOk).isInstanceOf(AssertionError.class).hasMessageContaining("Gradient check failed");
    assertThatThrownBy(() -> GradientCheck.check(new SigmoidWithWrongDerivative()).assertOk())
        .isInstanceOf(AssertionError.class);
  }

  @Test
  void gradientCheckRestoresTheParameters() {
    Random random = new Random(8);
    Network network = randomNetwork(random, new TestSigmoid(), new TestIdentity());
    Matrix x = gaussian(4, network.inputSize(), random);
    Matrix y = gaussian(4, network.outputSize(), random);
    List<double[][]> before = parameters(network);
    double[][] predictionBefore = network.predict(x).toArray();
    GradientCheck.check(network, x, y);
    assertThat(parameters(network)).containsExactlyElementsOf(before);
    assertThat(network.predict(x).toArray()).isEqualTo(predictionBefore);
  }
}
