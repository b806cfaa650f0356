package dev.nn4j.optim;

import static dev.nn4j.optim.Optimizers.sgd;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.nn4j.activations.Activations;
import dev.nn4j.core.FitOptions;
import dev.nn4j.core.Gradients;
import dev.nn4j.core.History;
import dev.nn4j.core.Network;
import dev.nn4j.core.init.Initializers;
import dev.nn4j.core.losses.Losses;
import org.junit.jupiter.api.Test;

/**
 * Training the tutorial's network with nn4j gives the weights that the tutorial's own {@code train} loop
 * gives, translated line by line into Java below as the oracle; the same seed gives the same run.
 */
class TutorialTrainingTest {
  /** Alice, Bob, Charlie, Diana: weight − 135 lb, height − 66 in. */
  private static final double[][] PEOPLE = {{-2, -1}, {25, 6}, {17, 4}, {-15, -6}};

  /** 1 for female. */
  private static final double[] GENDERS = {1, 0, 0, 1};

  private static final double[][] GENDER_TARGETS = {{1}, {0}, {0}, {1}};

  /**
   * nn4j and the tutorial multiply the chain rule's factors in different orders, so a weight may differ
   * in its last bits: after two epochs the largest difference seen is 6.2e-17 (w1, 9 ulps of a weight
   * near 0.06). The weights are below 1, where one ulp is at most 1.1e-16.
   */
  private static final double TOLERANCE = 1e-16;

  // ------------------------------------------------------------------ the tutorial's code, in Java

  private static double sigmoid(double x) {
    return 1 / (1 + Math.exp(-x));
  }

  private static double derivSigmoid(double x) {
    double fx = sigmoid(x);
    return fx * (1 - fx);
  }

  /** The tutorial's {@code OurNeuralNetwork}, with given initial weights instead of random ones. */
  private static final class OurNeuralNetwork {
    double w1 = 0.1;
    double w2 = 0.2;
    double w3 = 0.3;
    double w4 = 0.4;
    double w5 = 0.5;
    double w6 = 0.6;
    double b1 = -0.1;
    double b2 = 0.2;
    double b3 = 0.3;
    /** The loss of each sample before its update, summed over the last epoch (not in the tutorial). */
    double lastEpochLossSum;

    double feedforward(double[] x) {
      double h1 = sigmoid(w1 * x[0] + w2 * x[1] + b1);
      double h2 = sigmoid(w3 * x[0] + w4 * x[1] + b2);
      return sigmoid(w5 * h1 + w6 * h2 + b3);
    }

    void train(double[][] data, double[] allYTrues, int epochs) {
      double learnRate = 0.1;
      for (int epoch = 0; epoch < epochs; epoch++) {
        lastEpochLossSum = 0;
        for (int i = 0; i < data.length; i++) {
          double[] x = data[i];
          double yTrue = allYTrues[i];
          // --- Do a feedforward (we'll need these values later)
          double sumH1 = w1 * x[0] + w2 * x[1] + b1;
          double h1 = sigmoid(sumH1);
          double sumH2 = w3 * x[0] + w4 * x[1] + b2;
          double h2 = sigmoid(sumH2);
          double sumO1 = w5 * h1 + w6 * h2 + b3;
          double o1 = sigmoid(sumO1);
          double yPred = o1;
          lastEpochLossSum += (yTrue - yPred) * (yTrue - yPred);

          // --- Calculate partial derivatives.
          double dLdYpred = -2 * (yTrue - yPred);

          // Neuron o1
          double dYpredDw5 = h1 * derivSigmoid(sumO1);
          double dYpredDw6 = h2 * derivSigmoid(sumO1);
          double dYpredDb3 = derivSigmoid(sumO1);

          double dYpredDh1 = w5 * derivSigmoid(sumO1);
          double dYpredDh2 = w6 * derivSigmoid(sumO1);

          // Neuron h1
          double dH1Dw1 = x[0] * derivSigmoid(sumH1);
          double dH1Dw2 = x[1] * derivSigmoid(sumH1);
          double dH1Db1 = derivSigmoid(sumH1);

          // Neuron h2
          double dH2Dw3 = x[0] * derivSigmoid(sumH2);
          double dH2Dw4 = x[1] * derivSigmoid(sumH2);
          double dH2Db2 = derivSigmoid(sumH2);

          // --- Update weights and biases
          // Neuron h1
          w1 -= learnRate * dLdYpred * dYpredDh1 * dH1Dw1;
          w2 -= learnRate * dLdYpred * dYpredDh1 * dH1Dw2;
          b1 -= learnRate * dLdYpred * dYpredDh1 * dH1Db1;

          // Neuron h2
          w3 -= learnRate * dLdYpred * dYpredDh2 * dH2Dw3;
          w4 -= learnRate * dLdYpred * dYpredDh2 * dH2Dw4;
          b2 -= learnRate * dLdYpred * dYpredDh2 * dH2Db2;

          // Neuron o1
          w5 -= learnRate * dLdYpred * dYpredDw5;
          w6 -= learnRate * dLdYpred * dYpredDw6;
          b3 -= learnRate * dLdYpred * dYpredDb3;
        }
      }
    }
  }

  // ------------------------------------------------------------------ nn4j

  /** The same network in nn4j: h1 and h2 are the rows of layer 0, o1 the row of layer 1. */
  private static Network nn4jNetwork(OurNeuralNetwork start) {
    return Network.builder()
        .input(2)
        .dense(
            2,
            Activations.sigmoid(),
            Initializers.values(new double[][] {{start.w1, start.w2}, {start.w3, start.w4}}, new double[] {start.b1, start.b2}))
        .dense(1, Activations.sigmoid(), Initializers.values(new double[][] {{start.w5, start.w6}}, new double[] {start.b3}))
        .loss(Losses.mse())
        .optimizer(sgd(0.1))
        .seed(7)
        .build();
  }

  private static FitOptions tutorialOptions(int epochs) {
    return FitOptions.builder().epochs(epochs).batchSize(1).shuffle(false).build();
  }

  /** Largest absolute difference between nn4j's weights and the tutorial's, over all nine. */
  private static double assertSameWeights(Network network, OurNeuralNetwork tutorial) {
    double[][] hidden = network.weights(0);
    double[] hiddenBias = network.bias(0);
    double[][] output = network.weights(1);
    double[] outputBias = network.bias(1);
    double[] actual = {
      hidden[0][0], hidden[0][1], hidden[1][0], hidden[1][1], output[0][0], output[0][1],
      hiddenBias[0], hiddenBias[1], outputBias[0]
    };
    double[] expected = {
      tutorial.w1, tutorial.w2, tutorial.w3, tutorial.w4, tutorial.w5, tutorial.w6, tutorial.b1, tutorial.b2, tutorial.b3
    };
    String[] names = {"w1", "w2", "w3", "w4", "w5", "w6", "b1", "b2", "b3"};
    double largest = 0;
    for (int i = 0; i < names.length; i++) {
      assertThat(actual[i]).as(names[i]).isCloseTo(expected[i], within(TOLERANCE));
      largest = Math.max(largest, Math.abs(actual[i] - expected[i]));
    }
    return largest;
  }

  @Test
  void oneEpochGivesTheTutorialsUpdates() {
    OurNeuralNetwork tutorial = new OurNeuralNetwork();
    Network network = nn4jNetwork(tutorial);
    tutorial.train(PEOPLE, GENDERS, 1);
    History history = network.fit(PEOPLE, GENDER_TARGETS, tutorialOptions(1));
    assertSameWeights(network, tutorial);
    // the weights did move: the test would not pass by leaving them alone
    assertThat(network.weights(0)[0][0]).isNotCloseTo(0.1, within(1e-6));
    // the epoch's loss is the mean of each sample's loss before its own step
    assertThat(history.loss()).hasSize(1);
    assertThat(history.loss().get(0)).isCloseTo(tutorial.lastEpochLossSum / 4, within(1e-15));
  }

  @Test
  void twoEpochsGiveTheTutorialsUpdates() {
    OurNeuralNetwork tutorial = new OurNeuralNetwork();
    Network network = nn4jNetwork(tutorial);
    tutorial.train(PEOPLE, GENDERS, 2);
    network.fit(PEOPLE, GENDER_TARGETS, tutorialOptions(2));
    assertSameWeights(network, tutorial);
    double[] emily = {-7, -3};
    assertThat(network.predict(emily)[0]).isCloseTo(tutorial.feedforward(emily), within(TOLERANCE));
  }

  @Test
  void twoCallsOfOneEpochEqualOneCallOfTwo() {
    OurNeuralNetwork tutorial = new OurNeuralNetwork();
    Network network = nn4jNetwork(tutorial);
    tutorial.train(PEOPLE, GENDERS, 2);
    network.fit(PEOPLE, GENDER_TARGETS, tutorialOptions(1));
    network.fit(PEOPLE, GENDER_TARGETS, tutorialOptions(1));
    assertSameWeights(network, tutorial);
  }

  @Test
  void aThousandEpochsLearnTheTutorialsGenders() {
    OurNeuralNetwork tutorial = new OurNeuralNetwork();
    Network network = nn4jNetwork(tutorial);
    tutorial.train(PEOPLE, GENDERS, 1000);
    network.fit(PEOPLE, GENDER_TARGETS, tutorialOptions(1000));
    // rounding differences could grow over 4000 steps; they stay far below what matters
    double[] emily = {-7, -3};
    double[] frank = {20, 2};
    assertThat(network.predict(emily)[0]).isCloseTo(tutorial.feedforward(emily), within(1e-12)).isGreaterThan(0.9);
    assertThat(network.predict(frank)[0]).isCloseTo(tutorial.feedforward(frank), within(1e-12)).isLessThan(0.1);
  }

  // ------------------------------------------------------------------ seeds

  private static Network trainedWithSeed(long seed) {
    Network network =
        Network.builder()
            .input(2)
            .dense(2, Activations.sigmoid())
            .dense(1, Activations.sigmoid())
            .loss(Losses.mse())
            .optimizer(sgd(0.1))
            .seed(seed)
            .build();
    network.fit(PEOPLE, GENDER_TARGETS, FitOptions.builder().epochs(20).batchSize(2).shuffle(true).build());
    return network;
  }

  @Test
  void sameSeedGivesIdenticalWeightsBitForBit() {
    Network first = trainedWithSeed(42);
    Network second = trainedWithSeed(42);
    for (int layer = 0; layer < 2; layer++) {
      assertThat(first.weights(layer)).isEqualTo(second.weights(layer));
      assertThat(first.bias(layer)).isEqualTo(second.bias(layer));
    }
  }

  @Test
  void differentSeedsGiveDifferentWeights() {
    Network first = trainedWithSeed(42);
    Network second = trainedWithSeed(43);
    assertThat(first.weights(0)).isNotEqualTo(second.weights(0));
    assertThat(first.weights(1)).isNotEqualTo(second.weights(1));
  }

  @Test
  void seedChoosesTheShuffleOrder() {
    // same initial weights, shuffling on: only the order of the samples depends on the seed
    OurNeuralNetwork start = new OurNeuralNetwork();
    FitOptions shuffled = FitOptions.builder().epochs(5).batchSize(1).shuffle(true).build();
    Network a = Network.builder()
        .input(2)
        .dense(2, Activations.sigmoid(), Initializers.values(new double[][] {{0.1, 0.2}, {0.3, 0.4}}, new double[] {-0.1, 0.2}))
        .dense(1, Activations.sigmoid(), Initializers.values(new double[][] {{0.5, 0.6}}, new double[] {0.3}))
        .loss(Losses.mse())
        .optimizer(sgd(0.1))
        .seed(1)
        .build();
    Network b = nn4jNetwork(start); // seed 7
    assertThat(a.weights(0)).isEqualTo(b.weights(0));
    a.fit(PEOPLE, GENDER_TARGETS, shuffled);
    b.fit(PEOPLE, GENDER_TARGETS, shuffled);
    assertThat(a.weights(0)).isNotEqualTo(b.weights(0));
  }

  // ------------------------------------------------------------------ one gradient by hand

  @Test
  void gradientOfW1ForAliceIsTheTutorialsChainProduct() {
    Network network =
        Network.builder()
            .input(2)
            .dense(2, Activations.sigmoid())
            .dense(1, Activations.sigmoid())
            .weightInit(Initializers.constant(1.0, 0.0))
            .loss(Losses.mse())
            .build();
    double[] alice = {-2, -1};
    Gradients gradients = network.gradients(new double[][] {alice}, new double[][] {{1}});

    // the tutorial's example, all weights 1 and biases 0
    double h1 = sigmoid(1 * alice[0] + 1 * alice[1] + 0); // 0.0474
    double h2 = sigmoid(1 * alice[0] + 1 * alice[1] + 0);
    double sumO1 = 1 * h1 + 1 * h2 + 0;
    double yPred = sigmoid(sumO1); // 0.524
    double dLdYpred = -2 * (1 - yPred); // -0.952
    double dYpredDh1 = 1 * derivSigmoid(sumO1); // 0.249
    double dH1Dw1 = alice[0] * derivSigmoid(-3); // -0.0904
    double dLdW1 = dLdYpred * dYpredDh1 * dH1Dw1; // 0.0214

    // the tutorial rounds y_pred to 0.524 before taking -2 (1 - y_pred), hence -0.952 for -0.95261
    assertThat(dLdYpred).isCloseTo(-0.952, within(1e-3));
    assertThat(dYpredDh1).isCloseTo(0.249, within(5e-4));
    assertThat(dH1Dw1).isCloseTo(-0.0904, within(5e-5));
    assertThat(gradients.weight(0, 0, 0)).isCloseTo(dLdW1, within(1e-15));
    // The exact value is 0.0214695...; the tutorial multiplies its rounded factors (0.02143) and prints
    // 0.0214, so the two agree to 1e-4, not to half a unit of the tutorial's last digit.
    assertThat(gradients.weight(0, 0, 0)).isCloseTo(0.0214, within(1e-4));
  }
}
