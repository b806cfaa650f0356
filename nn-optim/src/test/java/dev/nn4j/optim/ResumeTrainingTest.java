package dev.nn4j.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nn4j.activations.Activations;
import dev.nn4j.core.FitOptions;
import dev.nn4j.core.ModelFile;
import dev.nn4j.core.Network;
import dev.nn4j.core.Optimizer;
import dev.nn4j.core.StateDict;
import dev.nn4j.core.Trainer;
import dev.nn4j.core.TrainingState;
import dev.nn4j.core.losses.Losses;
import dev.nn4j.core.math.Matrix;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training resumed from a {@link TrainingState}, or from a checkpoint file alone, continues exactly as an
 * unbroken run.
 */
class ResumeTrainingTest {
  private static final Random DATA = new Random(3);
  private static final Matrix X = random(50, 4);
  private static final Matrix Y = oneHot(50, 3);

  /** Adam with a warm-up then cosine annealing, and clipping: everything a checkpoint must rebuild. */
  private static final Optimizer WARM_COSINE_ADAM =
      Optimizers.adam(0.02)
          .withBetas(0.85, 0.995)
          .withWeightDecay(1e-4)
          .withClipNorm(0.5)
          .withSchedule(Schedules.withWarmup(5, 0.1, Schedules.cosine(40, 1e-4)));

  @TempDir Path folder;

  private static Network network(Optimizer optimizer) {
    return Network.builder()
        .input(4)
        .dense(8, Activations.relu())
        .dropout(0.25)
        .dense(3, Activations.softmax())
        .loss(Losses.categoricalCrossEntropy())
        .optimizer(optimizer)
        .seed(77)
        .build();
  }

  private static FitOptions epochs(int n) {
    return FitOptions.builder().epochs(n).batchSize(8).shuffle(true).build();
  }

  @Test
  void fourEpochsEqualTwoPlusTwoAfterARestoreBitForBit() {
    for (Optimizer optimizer :
        new Optimizer[] {
          Optimizers.adam(0.01).withSchedule(Schedules.cosine(30)),
          Optimizers.sgd(0.05).withMomentum(0.9, true),
          Optimizers.rmsProp(0.01),
          Optimizers.adagrad(0.1)
        }) {
      Network straight = network(optimizer);
      straight.fit(X, Y, epochs(4));

      Network first = network(optimizer);
      first.fit(X, Y, epochs(2));
      TrainingState state = first.trainer().state();
      Network resumed = network(optimizer);
      resumed.trainer().restore(state);
      resumed.fit(X, Y, epochs(2));

      assertThat(resumed.stateDict()).as("%s", optimizer).isEqualTo(straight.stateDict());
      assertThat(resumed.trainer().epochsTrained()).isEqualTo(4);
      assertThat(resumed.trainer().stepsTaken()).isEqualTo(straight.trainer().stepsTaken()).isEqualTo(4 * 7);
    }
  }

  @Test
  void withoutTheOptimizerStateTheRunWouldDiffer() {
    Optimizer adam = Optimizers.adam(0.01);
    Network straight = network(adam);
    straight.fit(X, Y, epochs(4));
    Network first = network(adam);
    first.fit(X, Y, epochs(2));
    Network weightsOnly = network(adam);
    weightsOnly.loadStateDict(first.stateDict());
    weightsOnly.fit(X, Y, epochs(2));
    assertThat(weightsOnly.stateDict()).isNotEqualTo(straight.stateDict());
  }

  @Test
  void aStateThatDoesNotFitIsRejectedAndChangesNothing() {
    Network trained = network(Optimizers.adam(0.01));
    trained.fit(X, Y, epochs(1));
    Network sgd = network(Optimizers.sgd(0.1).withMomentum(0.9, false));
    StateDict before = sgd.stateDict();
    assertThatThrownBy(() -> sgd.trainer().restore(trained.trainer().state()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("exp_avg");
    assertThat(sgd.stateDict()).isEqualTo(before);
    assertThat(sgd.trainer().epochsTrained()).isZero();
  }

  // ---------------------------------------------------------------- a checkpoint alone

  @Test
  void aCheckpointAloneRebuildsItsOptimizerAndContinuesTheRunBitForBit() throws IOException {
    Network straight = network(WARM_COSINE_ADAM);
    straight.fit(X, Y, epochs(5));

    Trainer first = Trainer.of(network(WARM_COSINE_ADAM), WARM_COSINE_ADAM);
    first.fit(X, Y, epochs(2));
    Path file = folder.resolve("run.safetensors");
    first.saveCheckpoint(file);

    Trainer resumed = Trainer.resume(file);
    assertThat(resumed.optimizer()).isEqualTo(WARM_COSINE_ADAM).isNotSameAs(WARM_COSINE_ADAM);
    assertThat(resumed.network()).isNotSameAs(first.network());
    assertThat(resumed.network().stateDict()).isEqualTo(first.network().stateDict());
    assertThat(resumed.epochsTrained()).isEqualTo(2);
    assertThat(resumed.stepsTaken()).isEqualTo(2 * 7);
    resumed.fit(X, Y, epochs(3));

    assertThat(resumed.network().stateDict()).isEqualTo(straight.stateDict());
    assertThat(resumed.epochsTrained()).isEqualTo(5);
    assertThat(resumed.stepsTaken()).isEqualTo(straight.trainer().stepsTaken()).isEqualTo(5 * 7);
    assertThat(resumed.state().optimizer().get()).isEqualTo(straight.trainer().state().optimizer().get());
  }

  @Test
  void everyOptimizerIsRebuiltFromACheckpointStream() throws IOException {
    for (Optimizer optimizer :
        new Optimizer[] {
          Optimizers.sgd(0.05).withMomentum(0.9).withDampening(0.1).withSchedule(Schedules.step(5, 0.5)),
          Optimizers.adamW(0.01).withAmsgrad(true).withSchedule(Schedules.exponential(0.99)),
          Optimizers.rmsProp(0.01).withCentered(true).withMomentum(0.5).withClipNorm(1.0),
          Optimizers.adagrad(0.1).withLearningRateDecay(0.01).withInitialAccumulatorValue(0.1)
        }) {
      Network straight = network(optimizer);
      straight.fit(X, Y, epochs(3));
      Network first = network(optimizer);
      first.fit(X, Y, epochs(1));
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      first.trainer().saveCheckpoint(bytes);

      Trainer resumed = Trainer.resume(new ByteArrayInputStream(bytes.toByteArray()));
      assertThat(resumed.optimizer()).as("%s", optimizer).isEqualTo(optimizer);
      resumed.fit(X, Y, epochs(2));
      assertThat(resumed.network().stateDict()).as("%s", optimizer).isEqualTo(straight.stateDict());
    }
  }

  @Test
  void aCheckpointWithAScheduleOfOnesOwnSavesButResumesOnlyWithTheOptimizerGiven() throws IOException {
    Schedule halving = (base, step) -> base / (1 + step);
    Optimizer custom = Optimizers.adam(0.01).withSchedule(halving);
    Network straight = network(custom);
    straight.fit(X, Y, epochs(3));
    Network first = network(custom);
    first.fit(X, Y, epochs(1));
    Path file = folder.resolve("custom.safetensors");
    first.trainer().saveCheckpoint(file);

    assertThat(ModelFile.loadCheckpoint(file).optimizer()).isEmpty();
    assertThatThrownBy(() -> Trainer.resume(file))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("user's own")
        .hasMessageContaining("cannot be rebuilt by name");

    Trainer resumed = Trainer.of(network(custom), custom);
    resumed.resumeFrom(file);
    resumed.fit(X, Y, epochs(2));
    assertThat(resumed.network().stateDict()).isEqualTo(straight.stateDict());
  }

  private static Matrix random(int rows, int cols) {
    Matrix m = new Matrix(rows, cols);
    for (int i = 0; i < m.size(); i++) {
      m.data()[i] = DATA.nextGaussian();
    }
    return m;
  }

  private static Matrix oneHot(int rows, int classes) {
    Matrix m = new Matrix(rows, classes);
    for (int r = 0; r < rows; r++) {
      m.set(r, DATA.nextInt(classes), 1.0);
    }
    return m;
  }
}
