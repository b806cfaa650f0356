package dev.nn4j.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nn4j.core.Network;
import dev.nn4j.core.Optimizer;
import dev.nn4j.core.StateDict;
import dev.nn4j.core.Trainer;
import dev.nn4j.optim.Optimizers;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Local SGD is not single-machine training; what it promises: with one local step and plain SGD it equals
 * synchronous training (to rounding), and a run is deterministic for a given partitioning.
 */
class LocalSgdTest {
  private static SparkSession spark;
  private static double[][] x;
  private static Dataset<Row> data;

  @BeforeAll
  static void start() {
    spark = SparkFixtures.session("local[2]");
    x = SparkFixtures.features(64, 41);
    data = SparkFixtures.dataset(spark, x, SparkFixtures.labels(x), 4);
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  /** Trains with {@code localSteps} local steps between averaging, or synchronously for 0. */
  private static Network train(Optimizer optimizer, int localSteps) {
    Network network = SparkFixtures.network(12);
    SparkTrainingOptions.Builder options = SparkTrainingOptions.builder().batchSize(16).epochs(3);
    if (localSteps > 0) {
      options.localSgd(localSteps);
    }
    Trainer session = Trainer.of(network, optimizer);
    DataParallelTrainer.of(session, options.build()).fit(data);
    assertThat(session.epochsTrained()).as("epochs counted as fit counts them").isEqualTo(3);
    return network;
  }

  @Test
  void oneLocalStepOfPlainSgdEqualsSynchronousTraining() {
    StateDict synchronous = train(Optimizers.sgd(0.2), 0).stateDict();
    StateDict local = train(Optimizers.sgd(0.2), 1).stateDict();
    assertThat(SparkFixtures.relativeDifference(synchronous, local)).isLessThan(1e-12);
    assertThat(local).isNotEqualTo(SparkFixtures.network(12).stateDict());
  }

  @Test
  void averagingIsDeterministicAcrossRunsAndNotSynchronousTraining() {
    Network first = train(Optimizers.adam(0.01), 3);
    Network second = train(Optimizers.adam(0.01), 3);
    assertThat(first.stateDict()).isEqualTo(second.stateDict());
    StateDict synchronous = train(Optimizers.adam(0.01), 0).stateDict();
    assertThat(SparkFixtures.relativeDifference(synchronous, first.stateDict())).isGreaterThan(1e-6);
    Network untrained = SparkFixtures.network(12);
    double before = untrained.loss(SparkFixtures.one(x), untrained.targets(SparkFixtures.labels(x)));
    double after = first.loss(SparkFixtures.one(x), first.targets(SparkFixtures.labels(x)));
    assertThat(after).isLessThan(before);
  }
}
