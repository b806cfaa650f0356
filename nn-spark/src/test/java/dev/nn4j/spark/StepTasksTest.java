package dev.nn4j.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nn4j.optim.Optimizers;
import org.junit.jupiter.api.Test;

/**
 * A step's task refuses a partition whose rows are not those counted when the fit began (Spark computed it again
 * from a source that is not deterministic), before computing anything.
 */
class StepTasksTest {
  private static Shard shard(int partition, int rows) {
    return new Shard(
        partition,
        rows,
        SparkFixtures.FEATURES,
        SparkFixtures.CLASSES,
        new double[rows * SparkFixtures.FEATURES],
        new double[rows * SparkFixtures.CLASSES]);
  }

  @Test
  void theFitKnowsEachPartitionsRowsAndWhereTheyBegin() {
    StepTasks.Fit fit = new StepTasks.Fit("fit", null, new int[] {5, 0, 7});
    assertThat(fit.offsets).containsExactly(0, 5, 5);
    fit.checkRows(shard(2, 7));
  }

  @Test
  void aSynchronousStepRefusesAPartitionWhoseRowCountChanged() {
    StepTasks.Fit fit = new StepTasks.Fit("fit", null, new int[] {5, 5});
    StepTasks.Gradient task = new StepTasks.Gradient(fit, null, new int[] {0, 6}, 3);
    assertThatThrownBy(() -> task.call(shard(1, 4)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("Partition 1 has 4 rows, but had 5 when the fit began")
        .hasMessageContaining("deterministic source");
  }

  @Test
  void aLocalRoundRefusesAPartitionWhoseRowCountChanged() {
    StepTasks.Fit fit = new StepTasks.Fit("fit", null, new int[] {5, 5});
    StepTasks.LocalRound task = new StepTasks.LocalRound(fit, null, new int[][] {{0, 6}}, 0, Optimizers.sgd(0.1));
    assertThatThrownBy(() -> task.call(shard(0, 6)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("Partition 0 has 6 rows, but had 5 when the fit began");
  }
}
