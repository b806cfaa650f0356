package dev.nn4j.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nn4j.core.Network;
import dev.nn4j.core.StateDict;
import dev.nn4j.core.Trainer;
import dev.nn4j.optim.Optimizers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults: a task that fails once is retried by Spark (local[2,3]: up to 3 attempts) and the weights are those
 * of a run without the failure; checkpoints written every N steps to a Hadoop path resume a run after the
 * driver restarts, bit-exact, even from a fit that failed (from its last checkpoint) or from a checkpoint whose
 * replacement stopped half-way; a checkpoint that cannot be read fails the fit instead of starting over.
 */
class FaultToleranceTest {
  private static SparkSession spark;
  private static Dataset<Row> data;
  private static final AtomicInteger injected = new AtomicInteger();

  @TempDir Path folder;

  @BeforeAll
  static void start() {
    spark = SparkFixtures.session("local[2,3]");
    double[][] x = SparkFixtures.features(60, 31);
    data = SparkFixtures.dataset(spark, x, SparkFixtures.labels(x), 3);
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @AfterEach
  void noFaults() {
    StepTasks.faultHook = null;
  }

  private static StateDict train(SparkTrainingOptions options) {
    Network network = SparkFixtures.network(8);
    DataParallelTrainer.of(Trainer.of(network, Optimizers.adam(0.01)), options).fit(data);
    return network.stateDict();
  }

  private static SparkTrainingOptions.Builder options() {
    return SparkTrainingOptions.builder().batchSize(16).epochs(3);
  }

  @Test
  void aTaskThatFailsOnceIsRetriedAndTheWeightsAreThoseOfARunWithoutTheFailure() {
    StateDict clean = train(options().build());

    injected.set(0);
    StepTasks.faultHook =
        (step, partition, attempt) -> {
          if (step == 5 && partition == 1 && attempt == 0) {
            injected.incrementAndGet();
            throw new IllegalStateException("injected failure of partition 1 at step 5");
          }
        };
    StateDict retried = train(options().build());

    assertThat(injected.get()).isEqualTo(1);
    assertThat(retried).isEqualTo(clean);
  }

  @Test
  void aDriverThatFailsAtStep7ResumesFromTheCheckpointOfStep6BitExact() throws Exception {
    StateDict uninterrupted = train(options().build());

    String checkpoint = folder.resolve("run").resolve("checkpoint.safetensors").toString();
    // Step 7 (the eighth) fails on every attempt, so the fit fails; checkpoints every 3 steps: 3, then 6.
    injected.set(0);
    StepTasks.faultHook =
        (step, partition, attempt) -> {
          if (step == 7 && partition == 0) {
            injected.incrementAndGet();
            throw new IllegalStateException("injected failure of step 7, attempt " + attempt);
          }
        };
    Network first = SparkFixtures.network(8);
    Trainer firstSession = Trainer.of(first, Optimizers.adam(0.01));
    assertThatThrownBy(
            () -> DataParallelTrainer.of(firstSession, options().checkpoint(checkpoint, 3).build()).fit(data))
        .hasMessageContaining("injected failure of step 7");
    StepTasks.faultHook = null;
    assertThat(injected.get()).as("attempts of the failing task (local[2,3])").isEqualTo(3);
    assertThat(firstSession.stepsTaken()).isEqualTo(7);
    Trainer onDisk = Trainer.resume(Path.of(checkpoint));
    assertThat(onDisk.stepsTaken()).isEqualTo(6);
    assertThat(onDisk.epochsTrained()).as("4 steps an epoch").isEqualTo(1);

    // A new driver: a new network and session, told only the checkpoint's path.
    Network second = SparkFixtures.network(8);
    Trainer secondSession = Trainer.of(second, Optimizers.adam(0.01));
    TrainingReport report =
        DataParallelTrainer.of(secondSession, options().checkpoint(checkpoint, 3).build()).fit(data);

    assertThat(report.steps()).isEqualTo(6);
    assertThat(secondSession.stepsTaken()).isEqualTo(12);
    assertThat(secondSession.epochsTrained()).isEqualTo(3);
    assertThat(second.stateDict()).isEqualTo(uninterrupted);
    assertThat(Trainer.resume(Path.of(checkpoint)).stepsTaken()).isEqualTo(12);
    assertThat(Trainer.resume(Path.of(checkpoint)).epochsTrained()).isEqualTo(3);
  }

  @Test
  void aCheckpointLeftOnlyAsTheTemporaryFileIsResumedFrom() throws Exception {
    StateDict uninterrupted = train(options().build());
    Path run = folder.resolve("run");
    String checkpoint = run.resolve("checkpoint.safetensors").toString();
    DataParallelTrainer.of(Trainer.of(SparkFixtures.network(8), Optimizers.adam(0.01)), options().checkpoint(checkpoint, 3).maxSteps(6).build())
        .fit(data);
    // A replacement that stopped after deleting the old file: only the new, complete one is left.
    Files.move(run.resolve("checkpoint.safetensors"), run.resolve(".checkpoint.safetensors.writing"));

    Network second = SparkFixtures.network(8);
    TrainingReport report =
        DataParallelTrainer.of(Trainer.of(second, Optimizers.adam(0.01)), options().checkpoint(checkpoint, 3).build()).fit(data);
    assertThat(report.steps()).isEqualTo(6);
    assertThat(second.stateDict()).isEqualTo(uninterrupted);
  }

  @Test
  void aCheckpointThatCannotBeReadFailsTheFitRatherThanStartingOver() throws Exception {
    Path run = Files.createDirectories(folder.resolve("run"));
    for (String name : new String[] {"checkpoint.safetensors", ".checkpoint.safetensors.writing"}) {
      Files.deleteIfExists(run.resolve("checkpoint.safetensors"));
      Files.write(run.resolve(name), new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9});
      Network network = SparkFixtures.network(8);
      StateDict before = network.stateDict();
      assertThatThrownBy(
              () ->
                  DataParallelTrainer.of(
                          Trainer.of(network, Optimizers.adam(0.01)),
                          options().checkpoint(run.resolve("checkpoint.safetensors").toString(), 3).build())
                      .fit(data))
          .as(name)
          .isInstanceOf(java.io.UncheckedIOException.class)
          .hasMessageContaining("Could not resume from the checkpoint")
          .hasMessageContaining(name)
          .hasMessageContaining("Delete the file to start over");
      assertThat(network.stateDict()).isEqualTo(before);
    }
  }

  @Test
  void theEstimatorResumesFromItsCheckpointPath() {
    StateDict uninterrupted = train(options().build());
    String checkpoint = folder.resolve("estimator.safetensors").toString();
    NetworkEstimator.of(SparkFixtures.network(8), Optimizers.adam(0.01))
        .setBatchSize(16)
        .setEpochs(3)
        .setMaxSteps(5)
        .setCheckpointPath(checkpoint)
        .setCheckpointInterval(2)
        .fit(data);
    NetworkModel resumed =
        NetworkEstimator.of(SparkFixtures.network(8), Optimizers.adam(0.01))
            .setBatchSize(16)
            .setEpochs(3)
            .setCheckpointPath(checkpoint)
            .fit(data);
    assertThat(resumed.network().stateDict()).isEqualTo(uninterrupted);
    assertThat(resumed.trainingReport().orElseThrow().steps()).isEqualTo(7);
  }
}
