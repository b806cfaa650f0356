package dev.nn4j.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nn4j.core.FitOptions;
import dev.nn4j.core.Network;
import dev.nn4j.core.Optimizer;
import dev.nn4j.core.Trainer;
import dev.nn4j.optim.Optimizers;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Synchronous data-parallel training equals single-machine training with the same global batch, seed and data
 * order, to 1e-12 relative, for SGD, SGD with momentum and Adam, on local[1], local[2] and local[4] (each with
 * as many partitions as threads, and with more partitions than rows in a batch's share).
 */
class SynchronousTrainingTest {
  private static final int SAMPLES = 50;
  private static final int BATCH = 16;
  private static final int EPOCHS = 2;

  private static List<Optimizer> optimizers() {
    return List.of(Optimizers.sgd(0.1), Optimizers.sgd(0.1).withMomentum(0.9), Optimizers.adam(0.01));
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 4})
  void equalsSingleMachineTrainingForSgdMomentumAndAdam(int threads) {
    SparkSession spark = SparkFixtures.session("local[" + threads + "]");
    try {
      double[][] x = SparkFixtures.features(SAMPLES, 7);
      int[] labels = SparkFixtures.labels(x);
      for (int partitions : new int[] {threads, 2 * threads + 1}) {
        Dataset<Row> data = SparkFixtures.dataset(spark, x, labels, partitions);
        for (Optimizer optimizer : optimizers()) {
          Network single = SparkFixtures.network(3);
          Trainer reference = Trainer.of(single, optimizer);
          dev.nn4j.core.History history = reference.fit(
              SparkFixtures.one(x),
              single.targets(labels),
              FitOptions.builder().epochs(EPOCHS).batchSize(BATCH).shuffle(true).build());

          Network distributed = SparkFixtures.network(3);
          Trainer session = Trainer.of(distributed, optimizer);
          TrainingReport report =
              DataParallelTrainer.of(session, SparkTrainingOptions.builder().epochs(EPOCHS).batchSize(BATCH).build())
                  .fit(data);

          assertThat(SparkFixtures.relativeDifference(single.stateDict(), distributed.stateDict()))
              .as("%s on local[%s] with %s partitions", optimizer, threads, partitions)
              .isLessThan(1e-12);
          assertThat(distributed.stateDict()).isNotEqualTo(SparkFixtures.network(3).stateDict());
          assertThat(session.stepsTaken()).isEqualTo(reference.stepsTaken()).isEqualTo(EPOCHS * 4);
          assertThat(session.epochsTrained()).isEqualTo(reference.epochsTrained()).isEqualTo(EPOCHS);
          assertThat(report.steps()).isEqualTo(8);
          assertThat(report.samples()).isEqualTo(EPOCHS * SAMPLES);
          assertThat(report.partitions()).isEqualTo(partitions);
          assertThat(report.epochLosses()).hasSize(EPOCHS);
          for (int epoch = 0; epoch < EPOCHS; epoch++) {
            assertThat(report.epochLosses().get(epoch))
                .isCloseTo(history.loss().get(epoch), org.assertj.core.data.Percentage.withPercentage(1e-10));
          }
          assertThat(report.bytesPerStep()).isPositive();
        }
      }
    } finally {
      spark.stop();
    }
  }
}
