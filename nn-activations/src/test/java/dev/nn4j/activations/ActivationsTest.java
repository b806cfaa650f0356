package dev.nn4j.activations;

import static dev.nn4j.activations.Activations.relu;
import static dev.nn4j.activations.Activations.sigmoid;
import static dev.nn4j.activations.Activations.tanh;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.nn4j.activations.testplugin.Cube;
import dev.nn4j.core.Activation;
import dev.nn4j.core.ElementwiseActivation;
import dev.nn4j.core.Network;
import dev.nn4j.core.check.GradientCheck;
import dev.nn4j.core.init.Initializers;
import dev.nn4j.core.layers.Dense;
import dev.nn4j.core.losses.Losses;
import dev.nn4j.core.math.Matrix;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Sigmoid, ReLU and tanh: values and derivatives at chosen points, gradient checks, lookup by name, and an
 * activation added by a jar (here the test tree) through {@link java.util.ServiceLoader}.
 */
class ActivationsTest {
  private static final double MAX_ERROR = 1e-6;

  private static ElementwiseActivation elementwise(Activation activation) {
    return (ElementwiseActivation) activation;
  }

  /** {@code f'(x)} as the activation computes it, given {@code y = f(x)}. */
  private static double derivative(Activation activation, double x) {
    ElementwiseActivation f = elementwise(activation);
    return f.derivative(x, f.value(x));
  }

  private static double centralDifference(Activation activation, double x) {
    double h = 1e-6;
    ElementwiseActivation f = elementwise(activation);
    return (f.value(x + h) - f.value(x - h)) / (2 * h);
  }

  // ------------------------------------------------------------------ sigmoid

  @Test
  void sigmoidOfSevenIsTheTutorialsNeuronOutput() {
    // the tutorial's neuron: w = [0, 1], b = 4, x = [2, 3] → f(0·2 + 1·3 + 4) = f(7)
    assertThat(elementwise(sigmoid()).value(7)).isEqualTo(0.9990889488055994);
  }

  @Test
  void reproducesTutorialNeuronOutput() {
    Network neuron =
        Network.builder()
            .input(2)
            .dense(1, sigmoid(), Initializers.values(new double[][] {{0, 1}}, new double[] {4}))
            .loss(Losses.mse())
            .build();
    assertThat(neuron.predict(new double[] {2, 3})).containsExactly(0.9990889488055994);
  }

  @Test
  void sigmoidValuesAtChosenPoints() {
    ElementwiseActivation f = elementwise(sigmoid());
    assertThat(f.value(0)).isEqualTo(0.5);
    assertThat(f.value(-3)).isCloseTo(0.0474, within(5e-5)); // the tutorial's h1 for Alice
    assertThat(f.value(3)).isCloseTo(0.9526, within(5e-5));
    assertThat(f.value(2) + f.value(-2)).isCloseTo(1.0, within(1e-15));
    assertThat(f.value(1000)).isEqualTo(1.0);
    assertThat(f.value(-1000)).isEqualTo(0.0);
  }

  @Test
  void sigmoidDerivativeIsFTimesOneMinusF() {
    assertThat(derivative(sigmoid(), 0)).isEqualTo(0.25);
    for (double x : new double[] {-4, -3, -0.5, 0.0948, 1, 2.5, 7}) {
      double y = 1 / (1 + Math.exp(-x));
      assertThat(derivative(sigmoid(), x)).as("f'(%s)", x).isEqualTo(y * (1 - y));
      assertThat(derivative(sigmoid(), x)).as("f'(%s)", x).isCloseTo(centralDifference(sigmoid(), x), within(1e-9));
    }
    // the tutorial's dy_pred/dh1 = f'(0.0948) = 0.249
    assertThat(derivative(sigmoid(), 0.0948)).isCloseTo(0.249, within(5e-4));
  }

  // ------------------------------------------------------------------ relu

  @Test
  void reluValuesAtChosenPoints() {
    ElementwiseActivation f = elementwise(relu());
    assertThat(f.value(-2)).isEqualTo(0.0);
    assertThat(f.value(0)).isEqualTo(0.0);
    assertThat(f.value(1e-300)).isEqualTo(1e-300);
    assertThat(f.value(3.5)).isEqualTo(3.5);
  }

  @Test
  void reluDerivativeIsOneForPositiveAndZeroOtherwise() {
    assertThat(derivative(relu(), -2)).isEqualTo(0.0);
    assertThat(derivative(relu(), 0)).as("0 at the kink, as in PyTorch").isEqualTo(0.0);
    assertThat(derivative(relu(), 3.5)).isEqualTo(1.0);
    for (double x : new double[] {-3, -0.1, 0.1, 2}) {
      assertThat(derivative(relu(), x)).as("f'(%s)", x).isCloseTo(centralDifference(relu(), x), within(1e-9));
    }
  }

  @Test
  void branchFreeReluGivesTheBitsOfTheBranchForEveryNonNaNValue() {
    ElementwiseActivation f = elementwise(relu());
    double[] xs = {
      -0.0, 0.0, Double.MIN_VALUE, -Double.MIN_VALUE, 1e-300, -1e-300, 0.5, 1.0, 1.0000000000000002, 7e300,
      -7e300, Double.MAX_VALUE, -Double.MAX_VALUE, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY
    };
    for (double x : xs) {
      double y = f.value(x);
      assertThat(Double.doubleToRawLongBits(y)).as("f(%s)", x).isEqualTo(Double.doubleToRawLongBits(x > 0 ? x : 0.0));
      assertThat(Double.doubleToRawLongBits(f.derivative(x, y)))
          .as("f'(%s)", x)
          .isEqualTo(Double.doubleToRawLongBits(x > 0 ? 1.0 : 0.0));
    }
    assertThat(f.value(Double.NaN)).as("NaN stays NaN, as torch.relu").isNaN();
  }

  // ------------------------------------------------------------------ tanh

  @Test
  void tanhValuesAtChosenPoints() {
    ElementwiseActivation f = elementwise(tanh());
    assertThat(f.value(0)).isEqualTo(0.0);
    assertThat(f.value(1)).isCloseTo(0.7615941559557649, within(1e-16));
    assertThat(f.value(-1)).isEqualTo(-f.value(1));
    assertThat(f.value(1000)).isEqualTo(1.0);
  }

  @Test
  void tanhDerivativeIsOneMinusFSquared() {
    assertThat(derivative(tanh(), 0)).isEqualTo(1.0);
    for (double x : new double[] {-2, -0.5, 0.3, 1, 3}) {
      double y = Math.tanh(x);
      assertThat(derivative(tanh(), x)).as("f'(%s)", x).isEqualTo(1 - y * y);
      assertThat(derivative(tanh(), x)).as("f'(%s)", x).isCloseTo(centralDifference(tanh(), x), within(1e-9));
    }
  }

  // ------------------------------------------------------------------ batched forward and backward

  @Test
  void forwardAndBackwardApplyTheFunctionToEveryElement() {
    Matrix z = Matrix.of(new double[][] {{-2, 0, 0.5}, {1, 3, -0.25}});
    Matrix gradOut = Matrix.of(new double[][] {{1, 2, 3}, {-1, 0.5, 4}});
    for (Activation activation : new Activation[] {sigmoid(), relu(), tanh()}) {
      ElementwiseActivation f = elementwise(activation);
      Matrix a = new Matrix(2, 3);
      Matrix gradIn = new Matrix(2, 3);
      activation.forward(z, a);
      activation.backward(z, a, gradOut, gradIn);
      for (int r = 0; r < 2; r++) {
        for (int c = 0; c < 3; c++) {
          double x = z.get(r, c);
          assertThat(a.get(r, c)).as("%s(%s)", activation, x).isEqualTo(f.value(x));
          assertThat(gradIn.get(r, c))
              .as("%s'(%s) · gradOut", activation, x)
              .isEqualTo(gradOut.get(r, c) * f.derivative(x, f.value(x)));
        }
      }
    }
  }

  // ------------------------------------------------------------------ gradient checks

  @Test
  void sigmoidPassesTheGradientCheck() {
    assertThat(GradientCheck.check(sigmoid()).assertOk().maxError()).isLessThan(MAX_ERROR);
  }

  @Test
  void reluPassesTheGradientCheck() {
    assertThat(GradientCheck.check(relu()).assertOk().maxError()).isLessThan(MAX_ERROR);
  }

  @Test
  void tanhPassesTheGradientCheck() {
    assertThat(GradientCheck.check(tanh()).assertOk().maxError()).isLessThan(MAX_ERROR);
  }

  // ------------------------------------------------------------------ names

  @Test
  void lookupByNameGivesTheFactorysActivation() {
    assertThat(Activation.named("sigmoid")).isEqualTo(sigmoid());
    assertThat(Activation.named("logistic")).isEqualTo(sigmoid());
    assertThat(Activation.named("relu")).isEqualTo(relu());
    assertThat(Activation.named("tanh")).isEqualTo(tanh());
    assertThat(Activation.named("sigmoid").hashCode()).isEqualTo(sigmoid().hashCode());
  }

  @Test
  void activationsHaveStableNamesAndNoConfiguration() {
    assertThat(sigmoid().name()).isEqualTo("sigmoid");
    assertThat(relu().name()).isEqualTo("relu");
    assertThat(tanh().name()).isEqualTo("tanh");
    assertThat(sigmoid().config()).isEmpty();
    assertThat(sigmoid()).hasToString("sigmoid");
    assertThat(sigmoid()).isNotEqualTo(tanh());
    assertThat(relu()).isNotEqualTo(tanh());
  }

  @Test
  void unknownNameListsTheKnownNames() {
    assertThatThrownBy(() -> Activation.named("sigmod"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContainingAll("'sigmod'", "relu", "sigmoid", "tanh", "META-INF/services/dev.nn4j.core.ActivationProvider");
  }

  @Test
  void unknownNameInTheBuilderListsTheKnownNames() {
    assertThatThrownBy(() -> Network.builder().input(2).dense(3, "rectifier"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContainingAll("'rectifier'", "relu", "sigmoid", "tanh");
  }

  @Test
  void configurationForAnActivationWithoutParametersIsRejectedNamingIt() {
    assertThatThrownBy(() -> Activation.named("relu", Map.of("slope", "0.1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContainingAll("relu", "slope=0.1");
  }

  @Test
  void builderFindsActivationsByName() {
    Network network = Network.builder().input(2).dense(3, "relu").dense(1, "logistic").loss(Losses.mse()).seed(1).build();
    assertThat(((Dense) network.layers().get(0)).activation()).isEqualTo(relu());
    assertThat(((Dense) network.layers().get(1)).activation()).isEqualTo(sigmoid());
  }

  // ------------------------------------------------------------------ a plug-in from another jar

  @Test
  void activationDefinedOnlyInTestCodeIsFoundByName() {
    assertThat(Activation.named("test_cube")).isEqualTo(new Cube());
    assertThat(Activation.named("test_cubic")).isEqualTo(new Cube());
    assertThatThrownBy(() -> Activation.named("no_such_activation"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("test_cube");
  }

  @Test
  void networkBuiltWithAPluginActivationByNamePredictsTheCubeOverThree() {
    Network network =
        Network.builder()
            .input(2)
            .dense(3, "test_cube")
            .weightInit(Initializers.values(new double[][] {{1, 0}, {0, 1}, {1, -1}}, new double[] {0, 0, 0.5}))
            .loss(Losses.mse())
            .build();
    assertThat(((Dense) network.layers().get(0)).activation()).isEqualTo(new Cube());
    // z = [1.5, -2, 1.5 + 2 + 0.5] = [1.5, -2, 4]; f(z) = z³/3
    assertThat(network.predict(new double[] {1.5, -2})).containsExactly(1.125, -8.0 / 3, 64.0 / 3);
  }

  @Test
  void pluginActivationPassesTheGradientCheck() {
    // Networks built by name, with the default (Xavier) weights, so that x³/3 stays moderate.
    // GradientCheck.check(activation) is not used here: its N(0, 1) weights drive two layers of x³/3 to
    // losses near 1e11, where a step of 1e-6 changes the loss by less than its rounding error.
    Random random = new Random(6);
    for (long seed = 1; seed <= 10; seed++) {
      Network network =
          Network.builder()
              .input(1 + random.nextInt(4))
              .dense(1 + random.nextInt(4), "test_cube")
              .dense(1 + random.nextInt(3), "test_cube")
              .loss(Losses.mse())
              .seed(seed)
              .build();
      int batch = 1 + random.nextInt(4);
      Matrix x = gaussian(batch, network.inputSize(), random);
      Matrix y = gaussian(batch, network.outputSize(), random);
      GradientCheck.Result result = GradientCheck.check(network, x, y).assertOk();
      assertThat(result.maxError()).as("seed %s: %s", seed, result).isLessThan(MAX_ERROR);
      assertThat(result.checked()).isEqualTo(network.parameterCount() + x.size()); // every parameter and every input
    }
  }

  private static Matrix gaussian(int rows, int cols, Random random) {
    Matrix m = new Matrix(rows, cols);
    for (int i = 0; i < m.size(); i++) {
      m.data()[i] = random.nextGaussian();
    }
    return m;
  }
}
