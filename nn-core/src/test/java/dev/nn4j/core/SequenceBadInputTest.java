package dev.nn4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.nn4j.core.data.DataSet;
import dev.nn4j.core.losses.Losses;
import dev.nn4j.core.math.Matrix;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The bad input for sequences: lengths that do not match the batch (their count, a length below 1 or
 * above the input's steps) are refused by every entry point with the expected and found values, before
 * anything changes; and large inputs predicted in chunks take each chunk's lengths.
 */
class SequenceBadInputTest {
  private static final int T = 3;

  private static Network network() {
    return Network.builder()
        .input(Shape.of(T, 2))
        .layer(MaskedSequenceLossTest.RunningSum::new)
        .dense(2, TrainingFixtures.softmax())
        .loss(Losses.categoricalCrossEntropy())
        .optimizer(TrainingFixtures.sgd(0.1))
        .seed(9)
        .build();
  }

  private static final Matrix X = TrainingFixtures.gaussian(2, T * 2, new Random(1));
  private static final Matrix Y = Matrix.of(new double[][] {{1, 0, 0, 1, 1, 0}, {0, 1, 0, 0, 0, 0}});

  @Test
  void everyEntryPointRefusesLengthsThatDoNotMatchTheBatch() {
    Network network = network();
    double[][] before = network.weights(1);
    int[][] bad = {{3}, {3, 1, 2}, {0, 1}, {3, 4}, {-1, 2}};
    String[] messages = {
      "Expected one sequence length per sample, 2, got 1 lengths",
      "Expected one sequence length per sample, 2, got 3 lengths",
      "Expected sequence lengths in [1, 3] (the steps of a sample), got 0 for sample 0",
      "Expected sequence lengths in [1, 3] (the steps of a sample), got 4 for sample 1",
      "Expected sequence lengths in [1, 3] (the steps of a sample), got -1 for sample 0",
    };
    for (int i = 0; i < bad.length; i++) {
      int[] lengths = bad[i];
      List<Executable> calls = List.of(
          () -> network.predict(X, lengths),
          () -> network.loss(X, Y, lengths),
          () -> network.evaluate(X, Y, lengths, List.of()),
          () -> network.gradients(X, Y, lengths),
          () -> network.trainer().step(X, Y, lengths),
          () -> network.trainer().computeGradients(X, Y, lengths, 1.0),
          () -> network.trainer().fit(X, Y, lengths, FitOptions.builder().epochs(1).build()));
      for (Executable call : calls) {
        assertThatThrownBy(call::execute).isInstanceOf(IllegalArgumentException.class).hasMessage(messages[i]);
      }
    }
    assertThat(network.weights(1)).isDeepEqualTo(before);
    assertThat(network.trainer().stepsTaken()).isZero();
  }

  @Test
  void aPassWithLengthsOfAnotherBatchIsRefused() {
    Network network = network();
    Pass pass = Pass.forInference();
    pass.setLengths(new int[] {1, 2, 3});

    assertThatThrownBy(() -> network.loss(X, Y, pass)).hasMessage("Expected one sequence length per sample, 2, got 3 lengths");
    assertThatThrownBy(() -> network.gradients(X, Y, pass)).hasMessage("Expected one sequence length per sample, 2, got 3 lengths");
    assertThatThrownBy(() -> pass.setLengths(new int[] {2, 0}))
        .hasMessage("Expected every sequence to have at least 1 real step, got length 0 at row 1");
  }

  @Test
  void validationTakesItsOwnLengthsAndItsTargetsAreCheckedBeforeTraining() {
    Network network = network();
    DataSet validation = DataSet.wrap(X, Y).withSampleShape(T, 2).withLengths(1, 1);
    FitOptions options = FitOptions.builder().epochs(1).validation(validation).build();

    // The training data has 2 samples of lengths 3 and 1; training and validation both run.
    History history = network.fit(DataSet.wrap(X, Y).withSampleShape(T, 2).withLengths(3, 1), options);

    assertThat(history.get("val_loss").get(0)).isEqualTo(network.loss(X, Y, new int[] {1, 1}));
    // With 3 real steps in row 1, whose steps 1 and 2 are zeros, the validation targets are refused first.
    double[][] weights = network.weights(1);
    FitOptions bad = FitOptions.builder().epochs(1).validation(DataSet.wrap(X, Y).withSampleShape(T, 2).withLengths(1, 3)).build();
    assertThatThrownBy(() -> network.fit(DataSet.wrap(X, Y).withSampleShape(T, 2).withLengths(3, 1), bad))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("one row per real step")
        .hasMessageContaining("sample 2 sums to 0.0");
    assertThat(network.weights(1)).isDeepEqualTo(weights);
  }

  @Test
  void targetsAreCheckedOnTheRealStepsOnly() {
    Network network = network();
    // Row 1 has one real step; its padded steps hold zeros, which are no one-hot row, and are not checked.
    Matrix targets = Matrix.of(new double[][] {{1, 0, 0, 1, 1, 0}, {0, 1, 0, 0, 0, 0}});
    assertThat(network.loss(X, targets, new int[] {3, 1})).isFinite();
    // Without lengths every step is real, and the zeros of row 1, step 1 are refused.
    assertThatThrownBy(() -> network.loss(X, targets)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sample 4 sums to 0.0");
  }

  @Test
  void inferenceInChunksTakesEachChunksLengths() {
    // Each sample's embedding output is 2 x 2^14 values, so inference takes at most 16 rows at a time: 3 chunks
    // (of 14, 14 and 12 rows).
    int dim = 1 << 14;
    int n = 40;
    Network network = Network.builder()
        .input(Shape.of(2))
        .embedding(3, dim)
        .dense(2, TrainingFixtures.softmax())
        .loss(Losses.categoricalCrossEntropy())
        .seed(4)
        .build();
    Random random = new Random(6);
    Matrix ids = new Matrix(n, 2);
    Matrix targets = new Matrix(n, 4);
    int[] lengths = new int[n];
    for (int r = 0; r < n; r++) {
      lengths[r] = 1 + random.nextInt(2);
      ids.set(r, 0, random.nextInt(3));
      // A padded step holds an id outside the table: refused if the chunk's lengths were not those of its rows.
      ids.set(r, 1, lengths[r] == 2 ? random.nextInt(3) : 99);
      targets.set(r, random.nextInt(2), 1);
      targets.set(r, 2 + random.nextInt(2), lengths[r] == 2 ? 1 : 0);
    }
    assertThat(Network.INFERENCE_VALUES / (2 * dim)).isEqualTo(16);

    Matrix outputs = network.predict(ids, lengths);
    double loss = network.loss(ids, targets, lengths);

    double weighted = 0;
    int steps = 0;
    for (int r = 0; r < n; r++) {
      Matrix row = Matrix.wrap(1, 2, new double[] {ids.get(r, 0), ids.get(r, 1)});
      Matrix target = Matrix.wrap(1, 4, targets.toArray()[r]);
      int[] length = {lengths[r]};
      assertThat(outputs.toArray()[r]).containsExactly(network.predict(row, length).toArray()[0]);
      weighted += network.loss(row, target, length) * lengths[r];
      steps += lengths[r];
    }
    assertThat(loss).isCloseTo(weighted / steps, within(1e-12));
  }
}
