package dev.nn4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.nn4j.core.init.Initializer;
import dev.nn4j.core.init.Initializers;
import dev.nn4j.core.losses.Losses;
import dev.nn4j.core.math.Matrix;
import dev.nn4j.core.testing.TestIdentity;
import dev.nn4j.core.testing.TestSgd;
import dev.nn4j.core.testing.TestSigmoid;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The network's public surface: prediction (single, batch, per layer, from many threads), gradients
 * addressed by layer, neuron and input, sizes and summaries.
 */
class NetworkTest {
  private static final double[][] PEOPLE = {{-2, -1}, {25, 6}, {17, 4}, {-15, -6}};
  private static final double[][] GENDERS = {{1}, {0}, {0}, {1}};

  private static double sigmoid(double x) {
    return 1.0 / (1.0 + Math.exp(-x));
  }

  /** The tutorial's network: 2 inputs, hidden h1 and h2, output o1, all sigmoid, with the given start. */
  private static Network tutorialNetwork(Initializer init) {
    return Network.builder()
        .input(2)
        .dense(2, new TestSigmoid())
        .dense(1, new TestSigmoid())
        .weightInit(init)
        .loss(Losses.mse())
        .optimizer(new TestSgd(0.1))
        .seed(1)
        .build();
  }

  private static Network randomNetwork(long seed) {
    return Network.builder()
        .input(3)
        .dense(5, new TestSigmoid())
        .dense(4, new TestIdentity())
        .dense(2, new TestSigmoid())
        .weightInit(Initializers.standardNormal())
        .loss(Losses.mse())
        .seed(seed)
        .build();
  }

  private static double[][] gaussian(int rows, int cols, Random random) {
    double[][] m = new double[rows][cols];
    for (double[] row : m) {
      for (int c = 0; c < cols; c++) {
        row[c] = random.nextGaussian();
      }
    }
    return m;
  }

  // ------------------------------------------------------------------ prediction

  @Test
  void reproducesTutorialFeedforwardOutput() {
    // every neuron w = [0, 1], b = 0; x = [2, 3]: h1 = h2 = f(3) = 0.9526, o1 = f(h2) = 0.7216
    Network network =
        Network.builder()
            .input(2)
            .dense(2, new TestSigmoid(), Initializers.values(new double[][] {{0, 1}, {0, 1}}, new double[] {0, 0}))
            .dense(1, new TestSigmoid(), Initializers.values(new double[][] {{0, 1}}, new double[] {0}))
            .loss(Losses.mse())
            .build();
    double[] output = network.predict(new double[] {2, 3});
    assertThat(output).hasSize(1);
    assertThat(output[0]).isCloseTo(0.7216, within(5e-5));
    assertThat(output[0]).isEqualTo(sigmoid(0 * sigmoid(3) + 1 * sigmoid(3) + 0));
    // the tutorial prints 0.7216325609518421
    assertThat(output[0]).isEqualTo(0.7216325609518421);
  }

  @Test
  void predictOfOneSampleAgreesWithPredictOfTheBatch() {
    Network network = randomNetwork(5);
    double[][] samples = gaussian(17, 3, new Random(6));
    double[][] batch = network.predict(samples);
    Matrix matrixBatch = network.predict(Matrix.of(samples));
    assertThat(batch.length).isEqualTo(17);
    for (int i = 0; i < samples.length; i++) {
      double[] single = network.predict(samples[i]);
      assertThat(single).as("sample %s", i).isEqualTo(batch[i]);
      assertThat(matrixBatch.row(i)).as("sample %s", i).isEqualTo(batch[i]);
    }
  }

  @Test
  void predictOfAnEmptyBatchIsRejectedClearly() {
    Network network = randomNetwork(5);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> network.predict(new double[0][]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least one input sample, got none");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> network.predict(new Matrix(0, 3)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("empty batch [0, 3]");
  }

  @Test
  void predictReturnsAFreshMatrixEachCall() {
    Network network = randomNetwork(5);
    Matrix x = Matrix.of(gaussian(3, 3, new Random(1)));
    Matrix first = network.predict(x);
    Matrix firstCopy = first.copy();
    Matrix second = network.predict(Matrix.of(gaussian(3, 3, new Random(2))));
    assertThat(second).isNotSameAs(first);
    assertThat(first).isEqualTo(firstCopy);
  }

  @Test
  void layerOutputsAreTheHiddenValuesAndThePrediction() {
    // Alice with every weight 1 and bias 0: h1 = h2 = f(-3) = 0.0474, o1 = f(h1 + h2) = 0.524
    Network network = tutorialNetwork(Initializers.constant(1.0, 0.0));
    List<double[]> outputs = network.layerOutputs(new double[] {-2, -1});
    assertThat(outputs).hasSize(2);
    double h = sigmoid(-3);
    assertThat(outputs.get(0)).containsExactly(h, h);
    assertThat(outputs.get(0)[0]).isCloseTo(0.0474, within(5e-5));
    assertThat(outputs.get(1)).containsExactly(sigmoid(h + h));
    assertThat(outputs.get(1)[0]).isCloseTo(0.524, within(5e-4));
    assertThat(outputs.get(1)).isEqualTo(network.predict(new double[] {-2, -1}));
  }

  @Test
  void predictIsSafeFromManyThreads() throws Exception {
    Network network = randomNetwork(11);
    int threads = 8;
    int predictionsPerThread = 1000;
    double[][] samples = gaussian(predictionsPerThread, 3, new Random(12));
    double[][] expected = new double[samples.length][];
    for (int i = 0; i < samples.length; i++) {
      expected[i] = network.predict(samples[i]);
    }
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<double[][]>> results = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int offset = t * 125;
        results.add(
            pool.submit(
                () -> {
                  start.await();
                  double[][] out = new double[samples.length][];
                  for (int k = 0; k < samples.length; k++) {
                    int i = (offset + k) % samples.length; // threads visit the samples in different orders
                    out[i] = network.predict(samples[i]);
                  }
                  return out;
                }));
      }
      start.countDown();
      for (int t = 0; t < threads; t++) {
        assertThat(results.get(t).get()).as("thread %s", t).isEqualTo(expected);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  // ------------------------------------------------------------------ gradients

  @Test
  void gradientOfW1ForAliceIsTheTutorials0214() {
    Network network = tutorialNetwork(Initializers.constant(1.0, 0.0));
    Gradients gradients = network.gradients(new double[][] {{-2, -1}}, new double[][] {{1}});
    // dL/dw1 = dL/dy_pred · dy_pred/dh1 · dh1/dw1 = -0.952 · 0.249 · -0.0904
    double h1 = sigmoid(-3);
    double yPred = sigmoid(h1 + h1);
    double expected = -2 * (1 - yPred) * (1 * yPred * (1 - yPred)) * (-2 * h1 * (1 - h1));
    // The exact value is 0.0214695...: the tutorial multiplies its rounded factors (0.02143) and prints 0.0214,
    // so it agrees with the tutorial to 1e-4, not to half a unit of its last digit.
    assertThat(gradients.weight(0, 0, 0)).isCloseTo(0.0214, within(1e-4)).isCloseTo(expected, within(1e-15));
  }

  @Test
  void gradientsAreNamedLikePyTorchInNetworkOrder() {
    Gradients gradients = tutorialNetwork(Initializers.standardNormal()).gradients(PEOPLE, GENDERS);
    assertThat(gradients.names())
        .containsExactly("layers.0.weight", "layers.0.bias", "layers.1.weight", "layers.1.bias");
    assertThat(gradients.get("layers.0.weight").shape()).isEqualTo("[2, 2]");
    assertThat(gradients.get("layers.0.bias").shape()).isEqualTo("[1, 2]");
    assertThat(gradients.get("layers.1.weight").shape()).isEqualTo("[1, 2]");
    assertThat(gradients.get("layers.1.bias").shape()).isEqualTo("[1, 1]");
  }

  @Test
  void gradientsAreAddressedByLayerNeuronAndInput() {
    // for one sample dL/dW[j][i] = δ_j · x_i and dL/db_j = δ_j: so weight(l, j, i) = bias(l, j) · input_i
    Network network = randomNetwork(21);
    double[] x = {0.5, -1.5, 2.0};
    Gradients gradients = network.gradients(new double[][] {x}, new double[][] {{0.3, 0.9}});
    List<double[]> outputs = network.layerOutputs(x);
    List<double[]> layerInputs = List.of(x, outputs.get(0), outputs.get(1));
    for (int layer = 0; layer < 3; layer++) {
      double[] input = layerInputs.get(layer);
      Matrix weights = gradients.get("layers." + layer + ".weight");
      Matrix bias = gradients.get("layers." + layer + ".bias");
      for (int neuron = 0; neuron < weights.rows(); neuron++) {
        assertThat(gradients.bias(layer, neuron)).isEqualTo(bias.get(0, neuron));
        for (int i = 0; i < input.length; i++) {
          assertThat(gradients.weight(layer, neuron, i))
              .as("dL/dw of layer %s, neuron %s, input %s", layer, neuron, i)
              .isEqualTo(weights.get(neuron, i))
              .isEqualTo(gradients.bias(layer, neuron) * input[i]);
        }
      }
    }
  }

  @Test
  void gradientsDoNotChangeTheParameters() {
    Network network = randomNetwork(22);
    double[][] weights = network.weights(0);
    double[] bias = network.bias(2);
    network.gradients(gaussian(5, 3, new Random(1)), gaussian(5, 2, new Random(2)));
    assertThat(network.weights(0)).isEqualTo(weights);
    assertThat(network.bias(2)).isEqualTo(bias);
  }

  @Test
  void gradientsAreASnapshot() {
    Network network = tutorialNetwork(Initializers.standardNormal());
    Gradients gradients = network.gradients(PEOPLE, GENDERS);
    Matrix w = gradients.get("layers.0.weight");
    double w1 = gradients.weight(0, 0, 0);
    w.set(0, 0, 1234.0); // get returns a copy
    network.fit(PEOPLE, GENDERS, FitOptions.builder().epochs(3).batchSize(1).build());
    network.gradients(new double[][] {{1, 1}}, new double[][] {{0}});
    assertThat(gradients.weight(0, 0, 0)).isEqualTo(w1);
  }

  @Test
  void unknownGradientNameListsTheNames() {
    Gradients gradients = tutorialNetwork(Initializers.standardNormal()).gradients(PEOPLE, GENDERS);
    assertThatThrownBy(() -> gradients.get("layers.0.weights"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContainingAll("layers.0.weights", "layers.0.weight,", "layers.0.bias", "layers.1.weight", "layers.1.bias");
    assertThatThrownBy(() -> gradients.weight(2, 0, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContainingAll("layers.2.weight", "layers.1.weight");
  }

  @Test
  void gradientsMatchTheLossesFiniteDifference() {
    Network network = tutorialNetwork(Initializers.standardNormal());
    Gradients gradients = network.gradients(PEOPLE, GENDERS);
    double h = 1e-6;
    // dL/db3 by moving the output bias through explicit weights
    double[][] w0 = network.weights(0);
    double[] b0 = network.bias(0);
    double[][] w1 = network.weights(1);
    double[] b1 = network.bias(1);
    double plus = withOutputBias(w0, b0, w1, b1[0] + h).loss(PEOPLE, GENDERS);
    double minus = withOutputBias(w0, b0, w1, b1[0] - h).loss(PEOPLE, GENDERS);
    assertThat(gradients.bias(1, 0)).isCloseTo((plus - minus) / (2 * h), within(1e-8));
  }

  private static Network withOutputBias(double[][] w0, double[] b0, double[][] w1, double b1) {
    return Network.builder()
        .input(2)
        .dense(2, new TestSigmoid(), Initializers.values(w0, b0))
        .dense(1, new TestSigmoid(), Initializers.values(w1, new double[] {b1}))
        .loss(Losses.mse())
        .build();
  }

  // ------------------------------------------------------------------ structure

  @Test
  void parameterCountIsWeightsPlusBiases() {
    assertThat(tutorialNetwork(Initializers.standardNormal()).parameterCount()).isEqualTo(6 + 3);
    Network mnist =
        Network.builder().input(784).dense(128, new TestSigmoid()).dense(10, new TestIdentity()).loss(Losses.mse()).build();
    assertThat(mnist.parameterCount()).isEqualTo(784 * 128 + 128 + 128 * 10 + 10);
  }

  @Test
  void sizesComeFromTheLayers() {
    Network network = randomNetwork(1);
    assertThat(network.inputSize()).isEqualTo(3);
    assertThat(network.outputSize()).isEqualTo(2);
    assertThat(network.layers()).extracting(Layer::outputSize).containsExactly(5, 4, 2);
    assertThat(network.layers()).extracting(Layer::inputSize).containsExactly(3, 5, 4);
    assertThat(network.weights(1)).hasDimensions(4, 5);
    assertThat(network.bias(1)).hasSize(4);
    assertThat(network.seed()).isEqualTo(1L);
    assertThat(network.lossFunction()).isSameAs(Losses.mse());
  }

  @Test
  void weightsOfALayerThatDoesNotExistNameTheLayerCount() {
    Network network = randomNetwork(1);
    assertThatThrownBy(() -> network.weights(3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContainingAll("Layer 3", "3 layers");
    assertThatThrownBy(() -> network.bias(-1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Layer -1");
  }

  @Test
  void toStringNamesTheLayersLossAndOptimizer() {
    String text = tutorialNetwork(Initializers.standardNormal()).toString();
    assertThat(text).contains("Dense([2] -> [2], test_sigmoid)", "Dense([2] -> [1], test_sigmoid)", "mse", "test_sgd(learningRate=0.1)");
    Network noOptimizer = Network.builder().input(1).dense(1, new TestIdentity()).loss(Losses.mse()).build();
    assertThat(noOptimizer.toString()).contains("Dense([1] -> [1], test_identity)");
  }

  @Test
  void oneBuilderBuildsIndependentNetworks() {
    NetworkBuilder builder =
        Network.builder()
            .input(2)
            .dense(2, new TestSigmoid())
            .dense(1, new TestSigmoid())
            .loss(Losses.mse())
            .optimizer(new TestSgd(0.5))
            .seed(4);
    Network first = builder.build();
    Network second = builder.build();
    assertThat(first.weights(0)).isEqualTo(second.weights(0));
    first.fit(PEOPLE, GENDERS, FitOptions.builder().epochs(5).build());
    assertThat(first.weights(0)).isNotEqualTo(second.weights(0));
    assertThat(second.weights(0)).isEqualTo(builder.build().weights(0));
  }

  @Test
  void networkWithoutASeedDrawsOneAndReportsIt() {
    NetworkBuilder builder =
        Network.builder().input(2).dense(3, new TestSigmoid()).loss(Losses.mse()).weightInit(Initializers.standardNormal());
    Network network = builder.build();
    Network again = builder.seed(network.seed()).build();
    assertThat(again.weights(0)).isEqualTo(network.weights(0));
  }

  // ------------------------------------------------------------------ training

  @Test
  void fitLowersTheTutorialsLossAndRecordsEachEpoch() {
    Network network = tutorialNetwork(Initializers.standardNormal());
    double before = network.loss(PEOPLE, GENDERS);
    History history = network.fit(PEOPLE, GENDERS, FitOptions.builder().epochs(200).batchSize(1).build());
    assertThat(history.epochs()).isEqualTo(200);
    assertThat(history.loss()).hasSize(200);
    double after = network.loss(PEOPLE, GENDERS);
    assertThat(after).isLessThan(before).isLessThan(0.05);
    assertThat(history.loss().get(199)).isLessThan(history.loss().get(0));
  }

  @Test
  void listenerSeesEveryEpochAndCanStopTraining() {
    Network network = tutorialNetwork(Initializers.standardNormal());
    List<Integer> epochs = new ArrayList<>();
    FitOptions options =
        FitOptions.builder()
            .epochs(10)
            .listener(
                end -> {
                  epochs.add(end.epoch());
                  assertThat(end.network()).isSameAs(network);
                  assertThat(end.epochs()).isEqualTo(10);
                  if (end.epoch() == 4) {
                    end.stopTraining();
                  }
                })
            .build();
    History history = network.fit(PEOPLE, GENDERS, options);
    assertThat(epochs).containsExactly(1, 2, 3, 4);
    assertThat(history.epochs()).isEqualTo(4);
  }
}
