package dev.nn4j.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nn4j.activations.Activations;
import dev.nn4j.core.FitOptions;
import dev.nn4j.core.Network;
import dev.nn4j.core.Trainer;
import dev.nn4j.core.losses.Losses;
import dev.nn4j.optim.Optimizers;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Dropout under data-parallel training: the masks derive from the seed, the step and the partition (the rule is
 * in the package's documentation), so two runs give the same weights, and with one partition they are the masks,
 * and the weights, of single-machine training.
 */
class DropoutTest {
  private static final int SAMPLES = 48;
  private static SparkSession spark;
  private static double[][] x;
  private static int[] labels;

  @BeforeAll
  static void start() {
    spark = SparkFixtures.session("local[2]");
    x = SparkFixtures.features(SAMPLES, 61);
    labels = SparkFixtures.labels(x);
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  private static Network network() {
    return Network.builder()
        .input(SparkFixtures.FEATURES)
        .dense(16, Activations.tanh())
        .dropout(0.5)
        .dense(SparkFixtures.CLASSES, Activations.softmax())
        .loss(Losses.categoricalCrossEntropy())
        .seed(17)
        .build();
  }

  private static Network distributed(int partitions) {
    Network network = network();
    DataParallelTrainer.of(
            Trainer.of(network, Optimizers.adam(0.01)), SparkTrainingOptions.builder().batchSize(16).epochs(2).build())
        .fit(SparkFixtures.dataset(spark, x, labels, partitions));
    return network;
  }

  @Test
  void twoRunsOnThreePartitionsGiveTheSameWeights() {
    Network first = distributed(3);
    Network second = distributed(3);
    assertThat(first.stateDict()).isEqualTo(second.stateDict());
    assertThat(first.stateDict()).isNotEqualTo(network().stateDict());
  }

  @Test
  void onOnePartitionTheMasksAndWeightsAreThoseOfSingleMachineTraining() {
    Network single = network();
    Trainer.of(single, Optimizers.adam(0.01))
        .fit(SparkFixtures.one(x), single.targets(labels), FitOptions.builder().epochs(2).batchSize(16).shuffle(true).build());
    Network onePartition = distributed(1);
    assertThat(SparkFixtures.relativeDifference(single.stateDict(), onePartition.stateDict())).isLessThan(1e-12);

    // The masks are in play: three partitions draw other masks (without dropout they would agree to 1e-12).
    Network threePartitions = distributed(3);
    assertThat(SparkFixtures.relativeDifference(single.stateDict(), threePartitions.stateDict()))
        .as("three partitions draw other masks than one machine")
        .isGreaterThan(1e-9);
  }
}
