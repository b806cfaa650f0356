package dev.nn4j.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.nn4j.activations.Activations;
import dev.nn4j.core.FitOptions;
import dev.nn4j.core.History;
import dev.nn4j.core.ModelFile;
import dev.nn4j.core.Network;
import dev.nn4j.core.Optimizer;
import dev.nn4j.core.StateDict;
import dev.nn4j.core.io.ModelFormatException;
import dev.nn4j.core.listeners.Checkpoints;
import dev.nn4j.core.losses.Losses;
import dev.nn4j.core.math.Matrix;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** Checkpoint files: training resumed from one continues exactly; the listener keeps the last and the best. */
class CheckpointFileTest {
  private static final Random DATA = new Random(5);
  private static final Matrix X = random(60, 5);
  private static final Matrix Y = oneHot(60, 3);
  private static final Matrix VALIDATION_X = random(20, 5);
  private static final Matrix VALIDATION_Y = oneHot(20, 3);

  @TempDir Path folder;

  private static Network network(Optimizer optimizer, int hidden) {
    return Network.builder()
        .input(5)
        .dense(hidden, Activations.tanh())
        .dropout(0.2)
        .dense(3, Activations.softmax())
        .loss(Losses.categoricalCrossEntropy())
        .optimizer(optimizer)
        .seed(99)
        .build();
  }

  private static final Optimizer ADAM = Optimizers.adam(0.02).withSchedule(Schedules.withWarmup(5, 0.1, Schedules.cosine(40)));

  private static FitOptions epochs(int n) {
    return FitOptions.builder().epochs(n).batchSize(16).build();
  }

  @Test
  void trainingResumedFromACheckpointFileEqualsAnUnbrokenRunBitForBit() throws IOException {
    Network straight = network(ADAM, 6);
    straight.fit(X, Y, epochs(4));

    Network first = network(ADAM, 6);
    first.fit(X, Y, epochs(2));
    Path file = folder.resolve("run.safetensors");
    first.trainer().saveCheckpoint(file);

    Network resumed = network(ADAM, 6);
    resumed.trainer().resumeFrom(file);
    assertThat(resumed.stateDict()).isEqualTo(first.stateDict());
    resumed.fit(X, Y, epochs(2));

    assertThat(resumed.stateDict()).isEqualTo(straight.stateDict());
    assertThat(resumed.trainer().epochsTrained()).isEqualTo(4);
    assertThat(resumed.trainer().state().optimizer().get())
        .isEqualTo(straight.trainer().state().optimizer().get());
  }

  @Test
  void aCheckpointHoldsTheOptimizerStateAndLoadsAsAModelToo() throws IOException {
    Network trained = network(ADAM, 6);
    trained.fit(X, Y, epochs(3));
    Path file = folder.resolve("run.safetensors");
    trained.trainer().saveCheckpoint(file);

    ModelFile.Checkpoint checkpoint = ModelFile.loadCheckpoint(file);
    assertThat(checkpoint.state().epochsTrained()).isEqualTo(3);
    assertThat(checkpoint.state().stepsTaken()).isEqualTo(12);
    assertThat(checkpoint.state().optimizer().get().bufferNames()).containsExactly("exp_avg", "exp_avg_sq");
    assertThat(checkpoint.state().optimizer().get().step()).isEqualTo(12);
    assertThat(checkpoint.state().optimizer().get())
        .isEqualTo(trained.trainer().state().optimizer().get());
    assertThat(checkpoint.state().optimizer().get().parameterNames())
        .containsExactly("layers.0.weight", "layers.0.bias", "layers.2.weight", "layers.2.bias");
    assertThat(checkpoint.optimizer()).contains(ADAM);

    Network model = Network.load(file);
    assertThat(model.predict(VALIDATION_X)).isEqualTo(trained.predict(VALIDATION_X));
  }

  /**
   * Resuming with other hyper-parameters (a lower learning rate, to fine-tune) is allowed but logged as a
   * warning naming both configurations; the same configuration is resumed silently.
   */
  @Test
  void resumingWithOtherHyperParametersWarnsNamingBoth() throws IOException {
    Network trained = network(ADAM, 6);
    trained.fit(X, Y, epochs(1));
    Path file = folder.resolve("run.safetensors");
    trained.trainer().saveCheckpoint(file);
    Logger logger = (Logger) LoggerFactory.getLogger(ModelFile.class);
    ListAppender<ILoggingEvent> warnings = new ListAppender<>();
    warnings.start();
    logger.addAppender(warnings);
    try {
      network(ADAM, 6).trainer().resumeFrom(file);
      assertThat(warnings.list).isEmpty();

      Optimizer fineTuning = Optimizers.adam(0.001);
      network(fineTuning, 6).trainer().resumeFrom(file);
      assertThat(warnings.list).hasSize(1);
      ILoggingEvent warning = warnings.list.get(0);
      assertThat(warning.getLevel()).isEqualTo(Level.WARN);
      assertThat(warning.getFormattedMessage())
          .contains("Resuming with " + fineTuning)
          .contains("the checkpoint was trained with " + ADAM);
    } finally {
      logger.detachAppender(warnings);
    }
  }

  @Test
  void resumingIntoAnotherArchitectureIsRefusedAndChangesNothing() throws IOException {
    Network trained = network(ADAM, 6);
    trained.fit(X, Y, epochs(1));
    Path file = folder.resolve("run.safetensors");
    trained.trainer().saveCheckpoint(file);
    Network wider = network(ADAM, 7);
    StateDict before = wider.stateDict();
    assertThatThrownBy(() -> wider.trainer().resumeFrom(file))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("another network");
    assertThat(wider.stateDict()).isEqualTo(before);
    assertThat(wider.trainer().epochsTrained()).isZero();
  }

  @Test
  void aPlainModelFileIsNotACheckpoint() throws IOException {
    Network trained = network(ADAM, 6);
    Path file = folder.resolve("model.safetensors");
    trained.save(file);
    assertThatThrownBy(() -> ModelFile.loadCheckpoint(file))
        .isInstanceOf(ModelFormatException.class)
        .hasMessageContaining("not a checkpoint");
  }

  @Test
  void theListenerKeepsTheLastAndTheBestByValidationLoss() throws IOException {
    Network network = network(Optimizers.adam(0.05), 8);
    Path directory = folder.resolve("checkpoints");
    Checkpoints checkpoints = Checkpoints.every(3, directory);
    List<StateDict> afterEachEpoch = new ArrayList<>();
    History history =
        network.fit(
            X,
            Y,
            FitOptions.builder()
                .epochs(10)
                .batchSize(16)
                .validation(VALIDATION_X, VALIDATION_Y)
                .listener(e -> afterEachEpoch.add(e.network().stateDict()))
                .listener(checkpoints)
                .build());
    List<Double> validationLoss = history.get("val_loss");
    int best = validationLoss.indexOf(validationLoss.stream().min(Double::compare).get());

    assertThat(Files.exists(checkpoints.last())).isTrue();
    assertThat(ModelFile.loadCheckpoint(checkpoints.last()).state().epochsTrained()).isEqualTo(10);
    ModelFile.Checkpoint bestCheckpoint = ModelFile.loadCheckpoint(checkpoints.best());
    assertThat(bestCheckpoint.state().epochsTrained()).isEqualTo(best + 1);
    assertThat(bestCheckpoint.network().stateDict()).isEqualTo(afterEachEpoch.get(best));
    assertThat(bestCheckpoint.network().loss(VALIDATION_X, VALIDATION_Y)).isEqualTo(validationLoss.get(best));
  }

  @Test
  void damagedCheckpointsFailWithModelFormatExceptionOnly() throws IOException {
    Network trained = network(ADAM, 6);
    trained.fit(X, Y, epochs(1));
    Path file = folder.resolve("run.safetensors");
    trained.trainer().saveCheckpoint(file);
    byte[] good = Files.readAllBytes(file);
    Random random = new Random(17);
    Path damaged = folder.resolve("damaged.safetensors");
    int loaded = 0;
    for (int i = 0; i < 300; i++) {
      byte[] bytes = good.clone();
      if (i % 3 == 0) {
        bytes = java.util.Arrays.copyOf(bytes, random.nextInt(bytes.length));
      } else {
        for (int flips = 0; flips < 1 + random.nextInt(4); flips++) {
          bytes[random.nextInt(Math.min(bytes.length, 8 + 2000))] ^= (byte) (1 << random.nextInt(8));
        }
      }
      Files.write(damaged, bytes);
      try {
        Network network = network(ADAM, 6);
        network.trainer().resumeFrom(damaged);
        loaded++;
      } catch (ModelFormatException | IllegalArgumentException expected) {
        // A damaged file, or one whose (still valid) contents do not fit this network.
      }
    }
    assertThat(loaded).isLessThan(300);
  }

  @Test
  void aSecondRunWithTheSameListenerReplacesTheBestOnlyWithABetterEpoch() throws IOException {
    Network network = network(Optimizers.adam(0.05), 8);
    Checkpoints checkpoints = Checkpoints.every(5, folder.resolve("checkpoints"));
    FitOptions options =
        FitOptions.builder().epochs(6).batchSize(16).validation(VALIDATION_X, VALIDATION_Y).listener(checkpoints).build();
    List<Double> first = network.fit(X, Y, options).get("val_loss");
    double bestOfFirst = first.stream().min(Double::compare).get();
    // A fresh network: its first epochs are worse than the best of the first run.
    Network fresh = network(Optimizers.adam(0.05), 8);
    List<Double> second = fresh.fit(X, Y, FitOptions.builder().epochs(1).batchSize(16)
        .validation(VALIDATION_X, VALIDATION_Y).listener(checkpoints).build()).get("val_loss");
    assertThat(second.get(0)).isGreaterThan(bestOfFirst);
    assertThat(ModelFile.loadCheckpoint(checkpoints.best()).network().loss(VALIDATION_X, VALIDATION_Y))
        .isEqualTo(bestOfFirst);
  }

  @Test
  void theLastCheckpointIsWrittenWhenAListenerStopsTrainingEarly() throws IOException {
    Network network = network(Optimizers.adam(0.05), 8);
    Checkpoints checkpoints = Checkpoints.every(10, folder.resolve("checkpoints"));
    network.fit(X, Y, FitOptions.builder().epochs(20).batchSize(16)
        .listener(e -> {
          if (e.epoch() == 3) {
            e.stopTraining();
          }
        })
        .listener(checkpoints)
        .build());
    ModelFile.Checkpoint last = ModelFile.loadCheckpoint(checkpoints.last());
    assertThat(last.state().epochsTrained()).isEqualTo(3);
    assertThat(last.network().stateDict()).isEqualTo(network.stateDict());
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
