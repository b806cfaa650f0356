package dev.nn4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ch.qos.logback.classic.Level;
import dev.nn4j.core.losses.Losses;
import dev.nn4j.core.math.Matrix;
import dev.nn4j.core.testing.LogCapture;
import dev.nn4j.core.testing.TestSgd;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The public training session: {@link Trainer#step} is one step of {@link Trainer#fit}; gradients add up
 * across micro-batches (accumulation equals one large batch to 1e-12); the two halves of a step serve a
 * distributed driver; a checkpoint alone rebuilds the session, through paths and streams.
 */
class TrainerTest {
  @TempDir Path folder;

  /** Registered activations (on nn-core's test class path), so that checkpoints rebuild the network. */
  private static final Activation TANH = Activation.named("golden_tanh");
  private static final Activation LINEAR = Activation.named("golden_leaky_relu", java.util.Map.of("slope", "1.0"));

  private static Network network(long seed) {
    return Network.builder()
        .input(5)
        .dense(8, TANH)
        .dense(3, LINEAR)
        .loss(Losses.mse())
        .optimizer(new TestSgd(0.05))
        .seed(seed)
        .build();
  }

  private static Matrix[] data(int n, long seed) {
    Random random = new Random(seed);
    return new Matrix[] {TrainingFixtures.gaussian(n, 5, random), TrainingFixtures.gaussian(n, 3, random)};
  }

  @Test
  void stepsAreTheStepsOfFit() {
    Matrix[] d = data(64, 1);
    Network byFit = network(3);
    byFit.fit(d[0], d[1], FitOptions.builder().epochs(1).batchSize(16).shuffle(false).build());

    Network bySteps = network(3);
    Trainer trainer = Trainer.of(bySteps, new TestSgd(0.05));
    for (int start = 0; start < 64; start += 16) {
      double loss = trainer.step(rows(d[0], start, 16), rows(d[1], start, 16));
      assertThat(loss).isPositive();
    }
    assertThat(bySteps.stateDict()).isEqualTo(byFit.stateDict());
    assertThat(trainer.stepsTaken()).isEqualTo(4);
    assertThat(trainer.epochsTrained()).isZero();
    assertThat(byFit.trainer().stepsTaken()).isEqualTo(4);
    assertThat(byFit.trainer().epochsTrained()).isEqualTo(1);
  }

  @Test
  void stepsInTheShuffledOrderAreTheShuffledEpochsOfFit() {
    Matrix[] d = data(48, 11);
    Network byFit = network(5);
    byFit.fit(d[0], d[1], FitOptions.builder().epochs(2).batchSize(16).shuffle(true).build());

    Network bySteps = network(5);
    Trainer trainer = Trainer.of(bySteps, new TestSgd(0.05));
    int[] first = trainer.shuffledOrder(0, 48);
    int[] second = trainer.shuffledOrder(1, 48);
    assertThat(first).isNotEqualTo(second);
    assertThat(first.clone()).isEqualTo(trainer.shuffledOrder(0, 48));
    assertThat(java.util.Arrays.stream(first).sorted().toArray()).isEqualTo(java.util.stream.IntStream.range(0, 48).toArray());
    for (int[] order : List.of(first, second)) {
      for (int start = 0; start < 48; start += 16) {
        int[] batch = java.util.Arrays.copyOfRange(order, start, start + 16);
        Matrix x = new Matrix(16, 5);
        Matrix y = new Matrix(16, 3);
        dev.nn4j.core.math.Kernels.gatherRows(d[0], batch, 0, x);
        dev.nn4j.core.math.Kernels.gatherRows(d[1], batch, 0, y);
        trainer.step(x, y);
      }
    }
    assertThat(bySteps.stateDict()).isEqualTo(byFit.stateDict());
    assertThatThrownBy(() -> trainer.shuffledOrder(-1, 4)).hasMessageContaining("got -1");
  }

  @Test
  void anEpochOfStepsFinishedByHandContinuesAsFitWould() {
    Matrix[] d = data(48, 13);
    Network byFit = network(6);
    Trainer fitted = Trainer.of(byFit, new TestSgd(0.05));
    fitted.fit(d[0], d[1], FitOptions.builder().epochs(2).batchSize(16).shuffle(true).build());

    Network bySteps = network(6);
    Trainer trainer = Trainer.of(bySteps, new TestSgd(0.05));
    int[] order = trainer.shuffledOrder(0, 48);
    for (int start = 0; start < 48; start += 16) {
      Matrix x = new Matrix(16, 5);
      Matrix y = new Matrix(16, 3);
      dev.nn4j.core.math.Kernels.gatherRows(d[0], order, start, x);
      dev.nn4j.core.math.Kernels.gatherRows(d[1], order, start, y);
      trainer.step(x, y);
    }
    assertThat(trainer.epochsTrained()).isZero();
    trainer.finishEpoch();
    assertThat(trainer.epochsTrained()).isEqualTo(1);
    assertThat(trainer.state().epochsTrained()).isEqualTo(1);
    // The second epoch, by fit, shuffles as epoch 1 (not epoch 0 again): the weights are fit's for two epochs.
    trainer.fit(d[0], d[1], FitOptions.builder().epochs(1).batchSize(16).shuffle(true).build());
    assertThat(bySteps.stateDict()).isEqualTo(byFit.stateDict());
    assertThat(trainer.epochsTrained()).isEqualTo(fitted.epochsTrained()).isEqualTo(2);
    assertThat(trainer.stepsTaken()).isEqualTo(6);
  }

  @Test
  void stepReturnsTheLossBeforeTheUpdate() {
    Matrix[] d = data(8, 2);
    Network network = network(4);
    double before = network.loss(d[0], d[1]);
    double loss = network.trainer().step(d[0], d[1]);
    assertThat(loss).isEqualTo(before);
    assertThat(network.loss(d[0], d[1])).isLessThan(before);
  }

  @Test
  void fourMicroBatchesOfSixteenEqualOneBatchOfSixtyFour() {
    Matrix[] d = data(256, 5);
    Network large = network(6);
    large.fit(d[0], d[1], FitOptions.builder().epochs(3).batchSize(64).shuffle(true).build());
    Network accumulated = network(6);
    accumulated.fit(d[0], d[1], FitOptions.builder().epochs(3).batchSize(16).accumulate(4).shuffle(true).build());

    assertThat(accumulated.trainer().stepsTaken()).isEqualTo(large.trainer().stepsTaken()).isEqualTo(12);
    StateDict a = accumulated.stateDict();
    StateDict b = large.stateDict();
    double worst = 0;
    for (String name : b.names()) {
      for (int i = 0; i < b.get(name).size(); i++) {
        double x = a.get(name).get(i);
        double y = b.get(name).get(i);
        worst = Math.max(worst, Math.abs(x - y) / Math.max(Math.abs(y), 1e-3));
      }
    }
    assertThat(worst).isLessThan(1e-12);
    // Without the accumulation the run differs: the test can tell.
    Network small = network(6);
    small.fit(d[0], d[1], FitOptions.builder().epochs(3).batchSize(16).shuffle(true).build());
    assertThat(small.stateDict()).isNotEqualTo(b);
  }

  @Test
  void anUnevenLastStepWeightsEachBatchByItsSamples() {
    // 40 samples, batches of 16, 3 per step: one step of 16 + 16 + 8, the same as one batch of 40.
    Matrix[] d = data(40, 7);
    Network whole = network(8);
    whole.fit(d[0], d[1], FitOptions.builder().epochs(1).batchSize(40).shuffle(false).build());
    Network accumulated = network(8);
    accumulated.fit(d[0], d[1], FitOptions.builder().epochs(1).batchSize(16).accumulate(3).shuffle(false).build());
    double[] x = accumulated.stateDict().get("layers.0.weight").values();
    double[] y = whole.stateDict().get("layers.0.weight").values();
    for (int i = 0; i < y.length; i++) {
      assertThat(x[i]).isCloseTo(y[i], within(1e-12 * Math.max(1, Math.abs(y[i]))));
    }
  }

  @Test
  void shardsOfABatchAddUpToTheBatchsStep() {
    Matrix[] d = data(30, 9);
    Network whole = network(10);
    Trainer wholeTrainer = Trainer.of(whole, new TestSgd(0.05));
    wholeTrainer.step(d[0], d[1]);

    Network sharded = network(10);
    Trainer trainer = Trainer.of(sharded, new TestSgd(0.05));
    trainer.zeroGradients();
    double loss = 0;
    for (int[] shard : new int[][] {{0, 12}, {12, 10}, {22, 8}}) {
      loss += shard[1] / 30.0 * trainer.computeGradients(rows(d[0], shard[0], shard[1]), rows(d[1], shard[0], shard[1]), shard[1] / 30.0);
    }
    trainer.applyGradients();
    // The shards' losses, weighted by their samples, are the batch's loss before the step.
    assertThat(loss).isCloseTo(network(10).loss(d[0], d[1]), within(1e-12));
    double[] x = sharded.stateDict().get("layers.1.weight").values();
    double[] y = whole.stateDict().get("layers.1.weight").values();
    for (int i = 0; i < y.length; i++) {
      assertThat(x[i]).isCloseTo(y[i], within(1e-13));
    }
    assertThat(trainer.stepsTaken()).isEqualTo(1);
  }

  @Test
  void badBatchesChangeNothing() {
    Network network = network(11);
    StateDict before = network.stateDict();
    Trainer trainer = network.trainer();
    assertThatThrownBy(() -> trainer.step(new Matrix(4, 4), new Matrix(4, 3)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Expected each input sample to have 5 values, got 4");
    assertThatThrownBy(() -> trainer.step(new Matrix(4, 5), new Matrix(3, 3)))
        .hasMessageContaining("got 4 inputs and 3 targets");
    assertThat(network.stateDict()).isEqualTo(before);
    assertThat(trainer.stepsTaken()).isZero();
  }

  @Test
  void aNetworkWithoutAnOptimizerTrainsWithATrainerOfItsOwn() {
    Network network = Network.builder().input(5).dense(3, TrainingFixtures.identity()).loss(Losses.mse()).seed(1).build();
    assertThatThrownBy(network::trainer)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Trainer.of(network, optimizer)");
    Matrix[] d = data(8, 12);
    Trainer.of(network, new TestSgd(0.1)).fit(d[0], d[1], FitOptions.builder().epochs(2).build());
    assertThat(network.loss(d[0], d[1])).isFinite();
  }

  @Test
  void aCheckpointAloneRebuildsTheSessionThroughFilesAndStreams() throws IOException {
    Matrix[] d = data(48, 13);
    FitOptions options = FitOptions.builder().epochs(2).batchSize(8).build();
    Network unbroken = network(14);
    unbroken.fit(d[0], d[1], FitOptions.builder().epochs(4).batchSize(8).build());

    Network first = network(14);
    first.fit(d[0], d[1], options);
    Path file = folder.resolve("run.safetensors");
    first.trainer().saveCheckpoint(file);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    first.trainer().saveCheckpoint(bytes);

    assertThat(first.trainer().checkpointBytes()).isEqualTo(bytes.toByteArray());
    for (Trainer resumed :
        List.of(
            Trainer.resume(file),
            Trainer.resume(new ByteArrayInputStream(bytes.toByteArray())),
            Trainer.resume(first.trainer().checkpointBytes()))) {
      assertThat(resumed.optimizer()).isEqualTo(new TestSgd(0.05));
      assertThat(resumed.epochsTrained()).isEqualTo(2);
      assertThat(resumed.stepsTaken()).isEqualTo(12);
      assertThat(resumed.network().seed()).isEqualTo(14);
      resumed.fit(d[0], d[1], options);
      assertThat(resumed.network().stateDict()).isEqualTo(unbroken.stateDict());
    }
    // A checkpoint also loads as a model.
    assertThat(Network.load(file).stateDict()).isEqualTo(first.stateDict());
  }

  @Test
  void resumingIntoATrainerOfAnotherNetworkIsRefused() throws IOException {
    Network network = network(15);
    network.fit(data(16, 1)[0], data(16, 1)[1], FitOptions.builder().build());
    Path file = folder.resolve("run.safetensors");
    network.trainer().saveCheckpoint(file);
    Network other = Network.builder().input(5).dense(4, TANH).dense(3, LINEAR)
        .loss(Losses.mse()).seed(15).build();
    StateDict before = other.stateDict();
    Trainer trainer = Trainer.of(other, new TestSgd(0.05));
    assertThatThrownBy(() -> trainer.resumeFrom(file))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("The checkpoint is of another network");
    assertThat(other.stateDict()).isEqualTo(before);
  }

  @Test
  void shardsOfAStepDrawTheirDropoutMasksAsAccumulationDoes() {
    Matrix[] d = data(16, 21);
    Network accumulated = dropoutNetwork();
    accumulated.fit(d[0], d[1], FitOptions.builder().epochs(1).batchSize(8).accumulate(2).shuffle(false).build());

    Network sharded = dropoutNetwork();
    Trainer trainer = Trainer.of(sharded, new TestSgd(0.05));
    trainer.zeroGradients();
    trainer.computeGradients(rows(d[0], 0, 8), rows(d[1], 0, 8), 0.5);
    trainer.computeGradients(rows(d[0], 8, 8), rows(d[1], 8, 8), 0.5);
    trainer.applyGradients();
    assertThat(sharded.stateDict()).isEqualTo(accumulated.stateDict());

    // The two shards got different masks: the same rows twice give two different gradients.
    Network twice = dropoutNetwork();
    Trainer again = Trainer.of(twice, new TestSgd(0.05));
    again.zeroGradients();
    again.computeGradients(rows(d[0], 0, 8), rows(d[1], 0, 8), 1.0);
    double[] first = twice.parameters().get("layers.0.weight").gradient().data().clone();
    again.computeGradients(rows(d[0], 0, 8), rows(d[1], 0, 8), 1.0);
    double[] sum = twice.parameters().get("layers.0.weight").gradient().data();
    boolean differ = false;
    for (int i = 0; i < first.length; i++) {
      differ |= sum[i] != 2 * first[i];
    }
    assertThat(differ).isTrue();
  }

  private static Network dropoutNetwork() {
    return Network.builder().input(5).dense(8, TANH).dropout(0.5).dense(3, LINEAR).loss(Losses.mse())
        .optimizer(new TestSgd(0.05)).seed(22).build();
  }

  @Test
  void aBatchTooSmallForALayerIsRefusedBeforeTheFirstStep() {
    Matrix[] d = data(65, 23);
    Network network = Network.builder().input(5).dense(4, TANH).batchNorm().dense(3, LINEAR).loss(Losses.mse())
        .optimizer(new TestSgd(0.05)).seed(24).build();
    StateDict before = network.stateDict();
    assertThatThrownBy(() -> network.fit(d[0], d[1], FitOptions.builder().batchSize(64).build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Layer 1 (batch_norm) needs at least 2 samples in each training batch, but the last batch of each"
            + " epoch has 1 (65 samples in batches of 64): choose another batch size");
    assertThatThrownBy(() -> network.trainer().step(rows(d[0], 0, 1), rows(d[1], 0, 1)))
        .hasMessage("Layer 1 (batch_norm) needs at least 2 samples in each training batch, but this batch has 1: choose"
            + " another batch size");
    assertThat(network.stateDict()).isEqualTo(before);
    assertThat(network.trainer().stepsTaken()).isZero();
    network.fit(d[0], d[1], FitOptions.builder().batchSize(13).build());
    assertThat(network.trainer().stepsTaken()).isEqualTo(5);
  }

  @Test
  void resumingWithAnotherSeedOrKindOfOptimizerIsRefused() throws IOException {
    Matrix[] d = data(16, 25);
    Network network = network(26);
    network.fit(d[0], d[1], FitOptions.builder().build());
    byte[] checkpoint = network.trainer().checkpointBytes();

    Trainer otherSeed = Trainer.of(network(27), new TestSgd(0.05));
    assertThatThrownBy(() -> otherSeed.resumeFrom(new ByteArrayInputStream(checkpoint)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("built with seed 26, this one with seed 27");
    Trainer otherOptimizer = Trainer.of(network(26), TrainingFixtures.sgd(0.05));
    assertThatThrownBy(() -> otherOptimizer.resumeFrom(new ByteArrayInputStream(checkpoint)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("The checkpoint was trained with optimizer 'test_sgd', this trainer has sgd(learningRate=0.05)");
    // The same kind with another learning rate: allowed, to fine-tune.
    Trainer slower = Trainer.of(network(26), new TestSgd(0.01));
    try (LogCapture logs = LogCapture.of(ModelFile.class.getName(), Level.WARN)) {
      slower.resumeFrom(new ByteArrayInputStream(checkpoint));
      assertThat(logs.messages())
          .containsExactly(
              "Resuming with test_sgd(learningRate=0.01), though the checkpoint was trained with"
                  + " test_sgd(learningRate=0.05): the run continues with the new hyper-parameters");
    }
    assertThat(slower.network().stateDict()).isEqualTo(network.stateDict());
    assertThat(slower.stepsTaken()).isEqualTo(network.trainer().stepsTaken());
  }

  @Test
  void theLearningRateChangesBetweenStepsAndKeepsTheStepCount() {
    Network network = network(30);
    Trainer trainer = network.trainer();
    Matrix[] d = data(8, 31);
    trainer.step(d[0], d[1]);
    trainer.setLearningRate(0.01);
    assertThat(trainer.learningRate()).isEqualTo(0.01);
    assertThat(trainer.optimizer()).isEqualTo(new TestSgd(0.01));
    assertThat(trainer.state().optimizer().orElseThrow().step()).isEqualTo(1);
    assertThat(network.optimizer()).as("the network's own configuration").isEqualTo(new TestSgd(0.05));
    assertThatThrownBy(() -> trainer.setLearningRate(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Expected a positive, finite learning rate, got 0.0");
    assertThatThrownBy(() -> trainer.setLearningRate(Double.NaN))
        .hasMessage("Expected a positive, finite learning rate, got NaN");
    Trainer rateless = Trainer.of(network, TrainingFixtures.sgd(0.1));
    assertThat(rateless.learningRate()).isNaN();
    assertThatThrownBy(() -> rateless.setLearningRate(0.01))
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessage(
            "sgd(learningRate=0.1) has no learning rate to change: its optimizer does not implement"
                + " Optimizer.withLearningRate");
  }

  private static Matrix rows(Matrix m, int start, int count) {
    double[] data = new double[count * m.cols()];
    System.arraycopy(m.data(), start * m.cols(), data, 0, data.length);
    return Matrix.wrap(count, m.cols(), data);
  }
}
