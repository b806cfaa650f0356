package dev.nn4j.core.init;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nn4j.core.Network;
import dev.nn4j.core.losses.Losses;
import dev.nn4j.core.math.Matrix;
import dev.nn4j.core.testing.TestIdentity;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The initializers give exactly the values asked for, or random values with the documented mean and
 * variance, and the same seed always gives the same values.
 *
 * <p>Statistics are taken over a layer of {@value #FAN_OUT} neurons with {@value #FAN_IN} inputs (200,000
 * weights). The sample mean of {@code n} draws of variance {@code σ²} has standard deviation {@code
 * σ/√n}, and the sample variance has standard deviation at most {@code σ²·√(2/(n-1))} (equality for a
 * normal distribution, less for a uniform one); the bounds below are six of those standard deviations, so
 * a correct initializer fails with probability below 1e-8, and a wrong scale (even by 5%) fails.
 */
class InitializersTest {
  private static final int FAN_IN = 400;
  private static final int FAN_OUT = 500;
  private static final double SIGMAS = 6.0;

  private static Matrix weights() {
    return new Matrix(FAN_OUT, FAN_IN);
  }

  private static Matrix bias() {
    return new Matrix(1, FAN_OUT);
  }

  private static double mean(double[] values) {
    double sum = 0.0;
    for (double v : values) {
      sum += v;
    }
    return sum / values.length;
  }

  private static double variance(double[] values) {
    double mean = mean(values);
    double sum = 0.0;
    for (double v : values) {
      sum += (v - mean) * (v - mean);
    }
    return sum / (values.length - 1);
  }

  /** Asserts that {@code values} look like draws of mean 0 and variance {@code expectedVariance}. */
  private static void assertZeroMeanWithVariance(double[] values, double expectedVariance, String what) {
    int n = values.length;
    double sigma = Math.sqrt(expectedVariance);
    assertThat(Math.abs(mean(values))).as("|mean| of %s", what).isLessThan(SIGMAS * sigma / Math.sqrt(n));
    double relativeVarianceError = Math.abs(variance(values) / expectedVariance - 1.0);
    assertThat(relativeVarianceError).as("relative variance error of %s", what).isLessThan(SIGMAS * Math.sqrt(2.0 / (n - 1)));
  }

  private static void assertWithinLimitAndReachingIt(double[] values, double limit, String what) {
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (double v : values) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    assertThat(min).as("smallest of %s", what).isBetween(-limit, -0.999 * limit);
    assertThat(max).as("largest of %s", what).isBetween(0.999 * limit, limit);
  }

  // ------------------------------------------------------------------ given values

  @Test
  void valuesSetsExactlyTheGivenWeightsAndBiases() {
    Matrix w = new Matrix(2, 3);
    Matrix b = new Matrix(1, 2);
    Initializers.values(new double[][] {{0.1, 0.2, 0.3}, {-0.4, 0.5, -0.6}}, new double[] {-0.1, 0.2})
        .initialize(w, b, new Random(1));
    assertThat(w.toArray()).isEqualTo(new double[][] {{0.1, 0.2, 0.3}, {-0.4, 0.5, -0.6}});
    assertThat(b.data()).containsExactly(-0.1, 0.2);
  }

  @Test
  void valuesAreCopiedWhenTheInitializerIsCreated() {
    double[][] weights = {{1, 2}};
    double[] bias = {3};
    Initializer init = Initializers.values(weights, bias);
    weights[0][0] = 99;
    bias[0] = 99;
    Matrix w = new Matrix(1, 2);
    Matrix b = new Matrix(1, 1);
    init.initialize(w, b, new Random(1));
    assertThat(w.data()).containsExactly(1, 2);
    assertThat(b.data()).containsExactly(3);
  }

  @Test
  void valuesOfTheWrongShapeNameBothShapes() {
    Initializer init = Initializers.values(new double[][] {{1, 2, 3}, {4, 5, 6}}, new double[] {0, 0});
    assertThatThrownBy(() -> init.initialize(new Matrix(2, 2), new Matrix(1, 2), new Random(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContainingAll("[2, 2]", "[2, 3]");
    Initializer wrongBias = Initializers.values(new double[][] {{1, 2}, {3, 4}}, new double[] {0, 0, 0});
    assertThatThrownBy(() -> wrongBias.initialize(new Matrix(2, 2), new Matrix(1, 2), new Random(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContainingAll("2", "3");
  }

  @Test
  void constantSetsEveryWeightAndBias() {
    Matrix w = weights();
    Matrix b = bias();
    Initializers.constant(1.0, 0.0).initialize(w, b, new Random(1));
    assertThat(w.data()).containsOnly(1.0);
    assertThat(b.data()).containsOnly(0.0);
    Initializers.constant(-0.25, 0.5).initialize(w, b, new Random(1));
    assertThat(w.data()).containsOnly(-0.25);
    assertThat(b.data()).containsOnly(0.5);
  }

  @Test
  void initializersPrintTheirConfiguration() {
    assertThat(Initializers.constant(1.0, 0.0)).hasToString("constant(weight=1.0, bias=0.0)");
    assertThat(Initializers.values(new double[][] {{1, 2}}, new double[] {3})).hasToString("values(weights=[[1.0, 2.0]], bias=[3.0])");
    assertThat(Initializers.xavierUniform()).hasToString("xavierUniform");
    assertThat(Initializers.heNormal()).hasToString("heNormal");
  }

  // ------------------------------------------------------------------ random

  @Test
  void standardNormalDrawsWeightsAndBiasesFromNormalZeroOne() {
    Matrix w = weights();
    Matrix b = bias();
    Initializers.standardNormal().initialize(w, b, new Random(2));
    assertZeroMeanWithVariance(w.data(), 1.0, "weights");
    assertZeroMeanWithVariance(b.data(), 1.0, "biases");
  }

  @Test
  void xavierUniformStaysWithinItsLimitWithVarianceTwoOverFanInPlusFanOut() {
    Matrix w = weights();
    Matrix b = bias();
    b.fill(7.0);
    Initializers.xavierUniform().initialize(w, b, new Random(3));
    double limit = Math.sqrt(6.0 / (FAN_IN + FAN_OUT));
    assertWithinLimitAndReachingIt(w.data(), limit, "xavierUniform weights");
    assertZeroMeanWithVariance(w.data(), 2.0 / (FAN_IN + FAN_OUT), "xavierUniform weights");
    assertThat(b.data()).containsOnly(0.0);
  }

  @Test
  void xavierNormalHasVarianceTwoOverFanInPlusFanOut() {
    Matrix w = weights();
    Matrix b = bias();
    b.fill(7.0);
    Initializers.xavierNormal().initialize(w, b, new Random(4));
    assertZeroMeanWithVariance(w.data(), 2.0 / (FAN_IN + FAN_OUT), "xavierNormal weights");
    assertThat(b.data()).containsOnly(0.0);
  }

  @Test
  void heNormalHasVarianceTwoOverFanIn() {
    Matrix w = weights();
    Matrix b = bias();
    b.fill(7.0);
    Initializers.heNormal().initialize(w, b, new Random(5));
    assertZeroMeanWithVariance(w.data(), 2.0 / FAN_IN, "heNormal weights");
    assertThat(b.data()).containsOnly(0.0);
  }

  @Test
  void heUniformStaysWithinItsLimitWithVarianceTwoOverFanIn() {
    Matrix w = weights();
    Matrix b = bias();
    b.fill(7.0);
    Initializers.heUniform().initialize(w, b, new Random(6));
    double limit = Math.sqrt(6.0 / FAN_IN);
    assertWithinLimitAndReachingIt(w.data(), limit, "heUniform weights");
    assertZeroMeanWithVariance(w.data(), 2.0 / FAN_IN, "heUniform weights");
    assertThat(b.data()).containsOnly(0.0);
  }

  @Test
  void fanInIsTheNumberOfInputsNotOfNeurons() {
    // a layer of 10 neurons over 1000 inputs: He's variance is 2/1000, not 2/10
    Matrix w = new Matrix(10, 1000);
    Initializers.heNormal().initialize(w, new Matrix(1, 10), new Random(7));
    assertZeroMeanWithVariance(w.data(), 2.0 / 1000, "heNormal weights of a [10, 1000] layer");
  }

  @Test
  void sameRandomGivesIdenticalValues() {
    Initializer[] initializers = {
      Initializers.standardNormal(),
      Initializers.xavierUniform(),
      Initializers.xavierNormal(),
      Initializers.heNormal(),
      Initializers.heUniform()
    };
    for (Initializer init : initializers) {
      Matrix w1 = new Matrix(30, 20);
      Matrix b1 = new Matrix(1, 30);
      Matrix w2 = new Matrix(30, 20);
      Matrix b2 = new Matrix(1, 30);
      init.initialize(w1, b1, new Random(42));
      init.initialize(w2, b2, new Random(42));
      assertThat(w1).as("%s weights", init).isEqualTo(w2);
      assertThat(b1).as("%s biases", init).isEqualTo(b2);
      Matrix w3 = new Matrix(30, 20);
      init.initialize(w3, new Matrix(1, 30), new Random(43));
      assertThat(w3).as("%s weights from another seed", init).isNotEqualTo(w1);
    }
  }

  @Test
  void sameNetworkSeedGivesIdenticalInitialWeights() {
    Network a = network(42);
    Network b = network(42);
    Network c = network(43);
    for (int layer = 0; layer < 2; layer++) {
      assertThat(a.weights(layer)).isEqualTo(b.weights(layer));
      assertThat(a.bias(layer)).isEqualTo(b.bias(layer));
    }
    assertThat(a.weights(0)).isNotEqualTo(c.weights(0));
    assertThat(a.weights(1)).isNotEqualTo(c.weights(1));
  }

  @Test
  void defaultInitializerIsXavierUniformWithZeroBiases() {
    Network network =
        Network.builder().input(300).dense(200, new TestIdentity()).loss(Losses.mse()).seed(9).build();
    double[] weights = Matrix.of(network.weights(0)).data();
    double limit = Math.sqrt(6.0 / (300 + 200));
    assertWithinLimitAndReachingIt(weights, limit, "default weights");
    assertZeroMeanWithVariance(weights, 2.0 / (300 + 200), "default weights");
    assertThat(network.bias(0)).containsOnly(0.0);
  }

  private static Network network(long seed) {
    return Network.builder()
        .input(5)
        .dense(4, new TestIdentity())
        .dense(3, new TestIdentity())
        .weightInit(Initializers.standardNormal())
        .loss(Losses.mse())
        .seed(seed)
        .build();
  }
}
