package dev.nn4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.nn4j.core.data.DataSet;
import dev.nn4j.core.data.Sequences;
import dev.nn4j.core.losses.Losses;
import dev.nn4j.core.math.Matrix;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, point 2, end to end through a whole network: a padded batch built by {@link Sequences} gives
 * exactly what its sequences give run one at a time, unpadded, through a network built for their own length
 * with the same weights (its state dict loaded).
 *
 * <p>What is compared, for recurrent networks with an LSTM and with a GRU:
 *
 * <ul>
 *   <li>outputs ({@code predict} with lengths): bit for bit, every real step (per-step networks) or the last
 *       output (sequence classifiers);
 *   <li>the loss: for a classifier of the last output, the batch loss is the mean of the sequences' own
 *       losses; for a per-step model (masked cross-entropy), the mean over all real steps, that is each
 *       sequence's own mean weighted by its length over the total of the lengths. Equal to 1e-15 relative
 *       (the same terms summed in another order);
 *   <li>every parameter gradient: the same weighted combination of the sequences' own gradients, to 1e-13
 *       relative to the largest entry;
 *   <li>{@code fit}: one epoch of one batch with plain gradient descent moves every weight by the learning
 *       rate times that combination.
 * </ul>
 */
class SequenceNetworkTest {
  private static final int T = 7;
  private static final int F = 3;
  private static final int H = 5;
  private static final int K = 4;
  private static final int VOCABULARY = 9;
  private static final int[] LENGTHS = {7, 2, 5, 1, 4};
  private static final double LEARNING_RATE = 0.1;

  /** Dense steps {@code [steps, F]} into a recurrent layer's last output, dense K softmax. */
  private static Network classifier(String cell, int steps) {
    NetworkBuilder builder = Network.builder().input(Shape.of(steps, F));
    builder = cell.equals("lstm") ? builder.lstm(H, false) : builder.gru(H, false);
    return builder.dense(K, TrainingFixtures.softmax())
        .loss(Losses.categoricalCrossEntropy())
        .optimizer(TrainingFixtures.sgd(LEARNING_RATE))
        .seed(5)
        .build();
  }

  /** Token ids {@code [steps]}, embedding 4, a recurrent layer returning every step, dense K softmax per step. */
  private static Network tagger(String cell, int steps) {
    NetworkBuilder builder = Network.builder().input(Shape.of(steps)).embedding(VOCABULARY, 4);
    builder = cell.equals("lstm") ? builder.lstm(H, true) : builder.gru(H, true);
    return builder.dense(K, TrainingFixtures.softmax())
        .loss(Losses.categoricalCrossEntropy())
        .optimizer(TrainingFixtures.sgd(LEARNING_RATE))
        .seed(6)
        .build();
  }

  private static List<double[][]> stepSequences(Random random) {
    List<double[][]> sequences = new ArrayList<>();
    for (int length : LENGTHS) {
      double[][] steps = new double[length][F];
      for (double[] step : steps) {
        for (int f = 0; f < F; f++) {
          step[f] = random.nextGaussian();
        }
      }
      sequences.add(steps);
    }
    return sequences;
  }

  private static List<int[]> tokenSequences(Random random, int bound) {
    List<int[]> sequences = new ArrayList<>();
    for (int length : LENGTHS) {
      sequences.add(random.ints(length, 0, bound).toArray());
    }
    return sequences;
  }

  /** The first {@code values} values of row {@code row} of {@code m}: a sequence's own features or targets, unpadded. */
  private static Matrix rowPrefix(Matrix m, int row, int values) {
    Matrix prefix = new Matrix(1, values);
    System.arraycopy(m.data(), row * m.cols(), prefix.data(), 0, values);
    return prefix;
  }

  @Test
  void aPaddedBatchOfSequencesToClassifyGivesWhatEachGivesAloneUnpadded() {
    for (String cell : List.of("lstm", "gru")) {
      Random random = new Random(21);
      int[] classes = random.ints(LENGTHS.length, 0, K).toArray();
      DataSet batch = Sequences.ofClasses(stepSequences(random), classes, K, T);
      assertThat(batch.lengths()).containsExactly(LENGTHS);
      Network padded = classifier(cell, T);
      checkAgainstSequencesAlone(cell, padded, batch, F, 1, length -> classifier(cell, length));
    }
  }

  @Test
  void aPaddedBatchOfSequencesLabelledAtEveryStepGivesWhatEachGivesAloneUnpadded() {
    for (String cell : List.of("lstm", "gru")) {
      Random random = new Random(22);
      DataSet batch = Sequences.ofTokenSteps(tokenSequences(random, VOCABULARY), tokenSequences(random, K), K, T);
      Network padded = tagger(cell, T);
      checkAgainstSequencesAlone(cell, padded, batch, 1, K, length -> tagger(cell, length));
    }
  }

  private interface NetworkOfLength {
    Network build(int length);
  }

  /**
   * @param featuresPerStep the feature columns of one step ({@code F}, or 1 for a token id)
   * @param targetsPerStep the target columns of one step ({@code K} for per-step targets), 1 meaning one
   *     target of {@code K} for the whole sequence
   */
  private static void checkAgainstSequencesAlone(
      String cell, Network padded, DataSet batch, int featuresPerStep, int targetsPerStep, NetworkOfLength ofLength) {
    int[] lengths = batch.lengths();
    boolean perStep = targetsPerStep > 1;
    Matrix outputs = padded.predict(batch.features(), lengths);
    assertThat(padded.predict(batch)).as(cell).isEqualTo(outputs);
    double batchLoss = padded.loss(batch);
    assertThat(padded.loss(batch.features(), batch.labels(), lengths)).isEqualTo(batchLoss);
    Gradients batchGradients = padded.gradients(batch.features(), batch.labels(), lengths);
    StateDict weights = padded.stateDict();

    int totalSteps = Arrays.stream(lengths).sum();
    double expectedLoss = 0;
    List<String> names = new ArrayList<>(padded.parameters().keySet());
    double[][] expectedGradients = new double[names.size()][];
    for (int p = 0; p < names.size(); p++) {
      expectedGradients[p] = new double[batchGradients.get(names.get(p)).data().length];
    }
    for (int i = 0; i < lengths.length; i++) {
      int length = lengths[i];
      Network alone = ofLength.build(length);
      alone.loadStateDict(weights);
      Matrix x = rowPrefix(batch.features(), i, length * featuresPerStep);
      Matrix y = perStep ? rowPrefix(batch.labels(), i, length * targetsPerStep) : rowPrefix(batch.labels(), i, K);
      Matrix own = alone.predict(x);

      // Outputs: bit for bit.
      int outputValues = perStep ? length * K : K;
      assertThat(own.data()).as("%s sequence %s", cell, i).containsExactly(rowPrefix(outputs, i, outputValues).data());
      if (perStep) {
        // The recurrent layer outputs zeros on padded steps; the dense softmax after it then gives the same
        // row on every padded step, the softmax of its bias (zeros before training: 1/K), which the masked
        // loss never reads.
        for (int v = outputValues; v < T * K; v++) {
          assertThat(outputs.get(i, v)).isEqualTo(1.0 / K);
        }
      }

      // Loss and gradients: the sequence's share of the batch's mean.
      double weight = perStep ? (double) length / totalSteps : 1.0 / lengths.length;
      expectedLoss += weight * alone.loss(x, y);
      Gradients ownGradients = alone.gradients(x, y);
      for (int p = 0; p < names.size(); p++) {
        double[] g = ownGradients.get(names.get(p)).data();
        for (int j = 0; j < g.length; j++) {
          expectedGradients[p][j] += weight * g[j];
        }
      }
    }
    assertThat(batchLoss).as("%s loss", cell).isCloseTo(expectedLoss, within(1e-15 * expectedLoss));
    for (int p = 0; p < names.size(); p++) {
      double[] actual = batchGradients.get(names.get(p)).data();
      double scale = Arrays.stream(expectedGradients[p]).map(Math::abs).max().orElse(0);
      assertThat(scale).as("%s %s: a gradient that is not zero", cell, names.get(p)).isPositive();
      for (int j = 0; j < actual.length; j++) {
        assertThat(actual[j]).as("%s %s[%s]", cell, names.get(p), j).isCloseTo(expectedGradients[p][j], within(1e-13 * scale));
      }
    }

    // fit: one batch of all the sequences, in order, plain gradient descent.
    List<double[]> before = new ArrayList<>();
    for (String name : names) {
      before.add(padded.parameters().get(name).value().data().clone());
    }
    padded.fit(batch, FitOptions.builder().epochs(1).batchSize(lengths.length).shuffle(false).build());
    for (int p = 0; p < names.size(); p++) {
      double[] after = padded.parameters().get(names.get(p)).value().data();
      double scale = Arrays.stream(expectedGradients[p]).map(Math::abs).max().orElse(0) * LEARNING_RATE;
      for (int j = 0; j < after.length; j++) {
        assertThat(after[j]).as("%s %s[%s] after fit", cell, names.get(p), j)
            .isCloseTo(before.get(p)[j] - LEARNING_RATE * expectedGradients[p][j], within(1e-13 * scale + Math.ulp(before.get(p)[j])));
      }
    }
  }
}
