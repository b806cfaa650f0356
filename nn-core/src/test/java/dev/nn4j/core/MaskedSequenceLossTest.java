package dev.nn4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.nn4j.core.data.DataSet;
import dev.nn4j.core.data.Sequences;
import dev.nn4j.core.losses.Losses;
import dev.nn4j.core.math.Matrix;
import dev.nn4j.core.metrics.Metrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Sequences of different lengths, before any recurrent layer: a test-only layer that reads {@link
 * Pass#lengths()} (a running sum over the real steps) and a dense layer on each step. Padding changes neither
 * the loss, nor any gradient, nor the trained weights; the loss of a padded batch is the loss over its real
 * steps alone, and each sequence run alone, unpadded, gives the same outputs.
 */
class MaskedSequenceLossTest {
  private static final int T = 5;
  private static final int F = 2;
  private static final int K = 3;
  private static final int[] LENGTHS = {5, 2, 1, 3};

  /** input [steps, F] -> running sum over the real steps -> dense(K) on each step, softmax, cross-entropy. */
  private static Network classifier(int steps) {
    return Network.builder()
        .input(Shape.of(steps, F))
        .layer(RunningSum::new)
        .dense(K, TrainingFixtures.softmax())
        .loss(Losses.categoricalCrossEntropy())
        .optimizer(TrainingFixtures.sgd(0.5))
        .seed(17)
        .build();
  }

  /** The same with an identity output and mean squared error: the loss that is not fused. */
  private static Network regressor(int steps) {
    return Network.builder()
        .input(Shape.of(steps, F))
        .layer(RunningSum::new)
        .dense(K, TrainingFixtures.identity())
        .loss(Losses.mse())
        .optimizer(TrainingFixtures.sgd(0.1))
        .seed(23)
        .build();
  }

  /** Sequences of LENGTHS, padded with {@code padding}; per-step one-hot targets, padded with {@code padding}. */
  private static Matrix[] batch(double padding, long seed) {
    Random random = new Random(seed);
    Matrix x = new Matrix(LENGTHS.length, T * F);
    Matrix y = new Matrix(LENGTHS.length, T * K);
    for (int r = 0; r < LENGTHS.length; r++) {
      for (int t = 0; t < T; t++) {
        int label = random.nextInt(K);
        for (int f = 0; f < F; f++) {
          x.set(r, t * F + f, t < LENGTHS[r] ? random.nextGaussian() : padding * (1 + f));
        }
        for (int k = 0; k < K; k++) {
          y.set(r, t * K + k, t < LENGTHS[r] ? (k == label ? 1 : 0) : padding);
        }
      }
    }
    return new Matrix[] {x, y};
  }

  @Test
  void paddedValuesChangeNeitherTheLossNorAnyGradientNorTheTrainedWeights() {
    for (boolean fused : new boolean[] {true, false}) {
      Matrix[] zeros = batch(0.0, 1);
      Matrix[] garbage = batch(37.5, 1);
      Network a = fused ? classifier(T) : regressor(T);
      Network b = fused ? classifier(T) : regressor(T);

      assertThat(a.loss(garbage[0], garbage[1], LENGTHS)).isEqualTo(a.loss(zeros[0], zeros[1], LENGTHS));
      Gradients ga = a.gradients(zeros[0], zeros[1], LENGTHS);
      Gradients gb = b.gradients(garbage[0], garbage[1], LENGTHS);
      for (String name : a.parameters().keySet()) {
        assertThat(gb.get(name).data()).as(name).containsExactly(ga.get(name).data());
      }
      assertThat(ga.get("layers.1.weight").data()).as("a gradient that is not zero").isNotEqualTo(new double[K * F]);

      FitOptions options = FitOptions.builder().epochs(3).batchSize(3).metrics(Metrics.accuracy()).build();
      History ha = a.fit(DataSet.wrap(zeros[0], zeros[1]).withSampleShape(T, F).withLengths(LENGTHS), options);
      History hb = b.fit(DataSet.wrap(garbage[0], garbage[1]).withSampleShape(T, F).withLengths(LENGTHS), options);
      assertThat(hb.loss()).isEqualTo(ha.loss());
      assertThat(hb.get("accuracy")).isEqualTo(ha.get("accuracy"));
      assertThat(b.weights(1)).isDeepEqualTo(a.weights(1));
      assertThat(b.bias(1)).containsExactly(a.bias(1));
      assertThat(b.weights(1)).isNotEqualTo(fused ? classifier(T).weights(1) : regressor(T).weights(1));
    }
  }

  @Test
  void theLossOfAPaddedBatchIsTheLossOverItsRealStepsAlone() {
    Network network = classifier(T);
    Matrix[] data = batch(9.0, 2);
    int real = java.util.Arrays.stream(LENGTHS).sum();
    Matrix outputs = network.predict(data[0], LENGTHS);
    Matrix compact = new Matrix(real, K);
    Matrix compactTargets = new Matrix(real, K);
    int row = 0;
    for (int r = 0; r < LENGTHS.length; r++) {
      for (int t = 0; t < LENGTHS[r]; t++, row++) {
        for (int k = 0; k < K; k++) {
          compact.set(row, k, outputs.get(r, t * K + k));
          compactTargets.set(row, k, data[1].get(r, t * K + k));
        }
      }
    }

    double expected = Losses.categoricalCrossEntropy().value(compact, compactTargets);

    assertThat(network.loss(data[0], data[1], LENGTHS)).isCloseTo(expected, within(1e-14));
    assertThat(network.evaluate(data[0], data[1], LENGTHS, List.of()).get("loss")).isCloseTo(expected, within(1e-14));
    Pass training = Pass.forTraining(new Random(1));
    training.setLengths(LENGTHS);
    assertThat(network.loss(data[0], data[1], training)).isCloseTo(expected, within(1e-14));
  }

  @Test
  void aPaddedBatchGivesWhatEachSequenceGivesAloneUnpadded() {
    Network padded = classifier(T);
    Matrix[] data = batch(-4.0, 3);
    Matrix outputs = padded.predict(data[0], LENGTHS);
    Gradients batchGradients = padded.gradients(data[0], data[1], LENGTHS);
    int real = java.util.Arrays.stream(LENGTHS).sum();
    Matrix summed = new Matrix(K, F);

    for (int r = 0; r < LENGTHS.length; r++) {
      int steps = LENGTHS[r];
      Network alone = classifier(steps);
      alone.loadStateDict(padded.stateDict());
      Matrix x = Matrix.wrap(1, steps * F, java.util.Arrays.copyOfRange(data[0].data(), r * T * F, r * T * F + steps * F));
      Matrix y = Matrix.wrap(1, steps * K, java.util.Arrays.copyOfRange(data[1].data(), r * T * K, r * T * K + steps * K));
      Matrix output = alone.predict(x);
      for (int i = 0; i < steps * K; i++) {
        assertThat(outputs.get(r, i)).isEqualTo(output.get(0, i));
      }
      // The batch's loss is the mean over all real steps: each sequence's gradient weighted by its share.
      Matrix g = alone.gradients(x, y).get("layers.1.weight");
      for (int i = 0; i < g.size(); i++) {
        summed.data()[i] += g.data()[i] * steps / real;
      }
    }
    double[] expected = summed.data();
    double[] actual = batchGradients.get("layers.1.weight").data();
    for (int i = 0; i < expected.length; i++) {
      assertThat(actual[i]).isCloseTo(expected[i], within(1e-14));
    }
  }

  @Test
  void metricsPerStepCountTheRealStepsOnly() {
    Network network = classifier(T);
    Matrix[] data = batch(0.0, 4);
    Matrix outputs = network.predict(data[0], LENGTHS);
    int correct = 0;
    int real = 0;
    for (int r = 0; r < LENGTHS.length; r++) {
      for (int t = 0; t < LENGTHS[r]; t++, real++) {
        int predicted = 0;
        int label = 0;
        for (int k = 1; k < K; k++) {
          predicted = outputs.get(r, t * K + k) > outputs.get(r, t * K + predicted) ? k : predicted;
          label = data[1].get(r, t * K + k) > data[1].get(r, t * K + label) ? k : label;
        }
        correct += predicted == label ? 1 : 0;
      }
    }

    Map<String, Double> measured = network.evaluate(data[0], data[1], LENGTHS, List.of(Metrics.accuracy()));

    assertThat(measured.get("accuracy")).isEqualTo((double) correct / real);
  }

  @Test
  void trainsOnASequenceDataSetWithPerSequenceTargetsAndValidation() {
    List<double[][]> sequences = new ArrayList<>();
    int[] classes = new int[12];
    Random random = new Random(5);
    for (int i = 0; i < 12; i++) {
      double[][] s = new double[1 + i % T][F];
      for (double[] step : s) {
        step[0] = random.nextGaussian() + (i % 2 == 0 ? 1 : -1);
        step[1] = random.nextGaussian();
      }
      sequences.add(s);
      classes[i] = i % 2;
    }
    DataSet data = Sequences.ofClasses(sequences, classes, 2, T);
    Network network = Network.builder()
        .input(Shape.of(data.sampleShape()))
        .layer(RunningSum::new)
        .flatten()
        .dense(2, TrainingFixtures.softmax())
        .loss(Losses.categoricalCrossEntropy())
        .optimizer(TrainingFixtures.sgd(0.1))
        .seed(3)
        .build();

    History history = network.fit(data, FitOptions.builder().epochs(5).batchSize(4).validation(data).build());

    assertThat(history.epochs()).isEqualTo(5);
    double last = history.get("val_loss").get(4);
    assertThat(last).isEqualTo(network.evaluate(data, List.of()).get("loss"));
    assertThat(last).isLessThan(history.loss().get(0));
    // Predicting the data set uses its lengths: the same outputs as the matrix with the lengths.
    assertThat(network.predict(data)).isEqualTo(network.predict(data.features(), data.lengths()));
  }

  @Test
  void aCharacterModelOfEmbeddingAndDenseLearnsTheNextCharacterOfLinesOfDifferentLengths() {
    String[] lines = {"abc", "abcab", "ca", "bcabca", "cab"};
    dev.nn4j.core.data.CharTokenizer tokenizer = dev.nn4j.core.data.CharTokenizer.fromText(String.join("", lines));
    List<int[]> inputs = new ArrayList<>();
    List<int[]> next = new ArrayList<>();
    for (String line : lines) {
      int[] ids = tokenizer.encode(line);
      inputs.add(java.util.Arrays.copyOf(ids, ids.length - 1));
      next.add(java.util.Arrays.copyOfRange(ids, 1, ids.length));
    }
    DataSet data = Sequences.ofTokenSteps(inputs, next, tokenizer.vocabularySize(), 5);
    Network network = Network.builder()
        .input(Shape.of(data.sampleShape()))
        .embedding(tokenizer.vocabularySize(), 4)
        .dense(tokenizer.vocabularySize(), TrainingFixtures.softmax())
        .loss(Losses.categoricalCrossEntropy())
        .optimizer(TrainingFixtures.sgd(0.5))
        .seed(8)
        .build();

    History history = network.fit(data, FitOptions.builder().epochs(60).batchSize(5).metrics(Metrics.accuracy()).build());

    // In these lines a is always followed by b, b by c, c by a: every real step can be learned.
    assertThat(history.get("accuracy").get(59)).isEqualTo(1.0);
    assertThat(history.loss().get(59)).isLessThan(history.loss().get(0) / 4);
    Matrix probabilities = network.predict(data);
    assertThat(probabilities.get(2, tokenizer.id('a'))).isGreaterThan(0.8);
  }

  /**
   * A test-only layer over steps: {@code y[t] = Σ_{s ≤ t} x[s]} for the real steps, zeros at the padded ones;
   * backward {@code dx[s] = Σ_{s ≤ t < length} dy[t]}.
   */
  static final class RunningSum implements Layer {
    private final Shape shape;

    RunningSum(Shape shape) {
      this.shape = shape;
    }

    @Override
    public String type() {
      return "running_sum";
    }

    @Override
    public LayerConfig config() {
      return LayerConfig.empty();
    }

    @Override
    public Shape inputShape() {
      return shape;
    }

    @Override
    public Shape outputShape() {
      return shape;
    }

    @Override
    public Matrix forward(Matrix input, Pass pass) {
      int steps = shape.dim(0);
      int width = shape.size() / steps;
      Matrix y = pass.buffer(this, "y", input.rows(), input.cols());
      y.fill(0.0);
      for (int r = 0; r < input.rows(); r++) {
        int real = pass.lengths() == null ? steps : pass.lengths()[r];
        for (int t = 0; t < real; t++) {
          for (int f = 0; f < width; f++) {
            y.set(r, t * width + f, input.get(r, t * width + f) + (t == 0 ? 0 : y.get(r, (t - 1) * width + f)));
          }
        }
      }
      return y;
    }

    @Override
    public Matrix backward(Matrix dy, Pass pass) {
      int steps = shape.dim(0);
      int width = shape.size() / steps;
      Matrix dx = pass.buffer(this, "dx", dy.rows(), dy.cols());
      dx.fill(0.0);
      for (int r = 0; r < dy.rows(); r++) {
        int real = pass.lengths() == null ? steps : pass.lengths()[r];
        for (int t = real - 1; t >= 0; t--) {
          for (int f = 0; f < width; f++) {
            dx.set(r, t * width + f, dy.get(r, t * width + f) + (t == real - 1 ? 0 : dx.get(r, (t + 1) * width + f)));
          }
        }
      }
      return dx;
    }
  }
}
