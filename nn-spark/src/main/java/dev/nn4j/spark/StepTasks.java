package dev.nn4j.spark;

import dev.nn4j.core.Optimizer;
import dev.nn4j.core.Trainer;
import dev.nn4j.core.TrainingState;
import dev.nn4j.core.math.Matrix;
import java.io.Serializable;
import java.util.Map;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.broadcast.Broadcast;

/**
 * The work of one partition in a step (synchronous training) or a round (local SGD), run on an executor.
 *
 * <p>Dropout masks follow the rule in the package's documentation: each task's session is set to the step
 * number that rule gives before it computes.
 */
final class StepTasks {
  private StepTasks() {}

  /**
   * Called at the start of every task with (step, partition, attempt): a seam for the tests, which make a
   * task fail on its first attempt to show that Spark's retry gives the same weights. Null in production.
   */
  static volatile FaultHook faultHook;

  /** See {@link #faultHook}. */
  interface FaultHook extends Serializable {
    void beforeTask(long step, int partition, int attempt);
  }

  /**
   * What every task of a fit shares: the model's bytes, each partition's row count taken when the fit began,
   * and where each partition's rows begin.
   */
  static final class Fit implements Serializable {
    private static final long serialVersionUID = 1L;
    final String key;
    final Broadcast<byte[]> model;
    /** Each partition's row count when the fit began. */
    final int[] rows;
    /** The global index of each partition's first row. */
    final long[] offsets;

    Fit(String key, Broadcast<byte[]> model, int[] rows) {
      this.key = key;
      this.model = model;
      this.rows = rows.clone();
      this.offsets = new long[rows.length];
      long n = 0;
      for (int p = 0; p < rows.length; p++) {
        offsets[p] = n;
        n += rows[p];
      }
    }

    /**
     * Fails if {@code shard} has not the rows its partition had when the fit began: Spark computed it again
     * (a lost or evicted block) from a source that gave other rows, and the global indices of every step
     * would point at other samples.
     */
    void checkRows(Shard shard) {
      if (shard.rows != rows[shard.partition]) {
        throw new IllegalStateException(
            String.format(
                java.util.Locale.ROOT,
                "Partition %s has %s rows, but had %s when the fit began: Spark computed it again (a lost or evicted"
                    + " block) and its source gave other rows. Data-parallel training, its retries and resume need"
                    + " a deterministic source (files, or a data set cached or checkpointed before the fit), not one"
                    + " that samples, filters at random or reads changing data",
                shard.partition,
                shard.rows,
                rows[shard.partition]));
      }
    }
  }

  /** One partition's share of a synchronous step's gradient, weighted by its share of the batch. */
  static final class Gradient implements Function<Shard, PartialResult> {
    private static final long serialVersionUID = 1L;
    private final Fit fit;
    private final Broadcast<double[]> weights;
    private final int[] batch;
    private final long step;

    Gradient(Fit fit, Broadcast<double[]> weights, int[] batch, long step) {
      this.fit = fit;
      this.weights = weights;
      this.batch = batch;
      this.step = step;
    }

    @Override
    public PartialResult call(Shard shard) {
      beforeTask(step, shard.partition);
      fit.checkRows(shard);
      int[] local = shard.rowsOf(batch, fit.offsets[shard.partition]);
      if (local.length == 0) {
        return PartialResult.empty(shard.partition);
      }
      long started = System.nanoTime();
      String key = fit.key + "/gradients";
      Trainer session = WorkerSessions.take(key, fit.model.value(), null);
      try {
        session.restore(state(session, weights.value(), step * fit.offsets.length + shard.partition));
        session.zeroGradients();
        double loss =
            session.computeGradients(shard.features(local), shard.targets(local), (double) local.length / batch.length);
        double[] gradient = FlatParameters.gradients(session.network());
        return new PartialResult(shard.partition, local.length, loss * local.length, gradient, System.nanoTime() - started);
      } finally {
        WorkerSessions.give(key, session);
      }
    }
  }

  /** One partition's round of local SGD: from the round's weights, a step on its rows of each batch. */
  static final class LocalRound implements Function<Shard, PartialResult> {
    private static final long serialVersionUID = 1L;
    private final Fit fit;
    private final Broadcast<double[]> weights;
    private final int[][] batches;
    private final long round;
    private final String optimizerName;
    private final Map<String, String> optimizerConfig;

    LocalRound(Fit fit, Broadcast<double[]> weights, int[][] batches, long round, Optimizer optimizer) {
      this.fit = fit;
      this.weights = weights;
      this.batches = batches;
      this.round = round;
      this.optimizerName = optimizer.name();
      this.optimizerConfig = new java.util.LinkedHashMap<>(optimizer.config());
    }

    @Override
    public PartialResult call(Shard shard) {
      beforeTask(round, shard.partition);
      fit.checkRows(shard);
      long started = System.nanoTime();
      String key = fit.key + "/local";
      Trainer session = WorkerSessions.take(key, fit.model.value(), Optimizer.named(optimizerName, optimizerConfig));
      try {
        // Fresh optimizer state each round; distinct dropout streams for each (round, partition, local step).
        session.restore(state(session, weights.value(), (round * fit.offsets.length + shard.partition) * batches.length));
        int rows = 0;
        double lossSum = 0.0;
        for (int[] batch : batches) {
          int[] local = shard.rowsOf(batch, fit.offsets[shard.partition]);
          if (local.length > 0) {
            Matrix x = shard.features(local);
            lossSum += session.step(x, shard.targets(local)) * local.length;
            rows += local.length;
          }
        }
        if (rows == 0) {
          return PartialResult.empty(shard.partition);
        }
        return new PartialResult(
            shard.partition, rows, lossSum, FlatParameters.values(session.network()), System.nanoTime() - started);
      } finally {
        WorkerSessions.give(key, session);
      }
    }
  }

  private static void beforeTask(long step, int partition) {
    FaultHook hook = faultHook;
    if (hook != null) {
      TaskContext context = TaskContext.get();
      hook.beforeTask(step, partition, context == null ? 0 : context.attemptNumber());
    }
  }

  /** The session's state at a step: the broadcast weights, no optimizer state, the step number given. */
  private static TrainingState state(Trainer session, double[] weights, long stepsTaken) {
    return new TrainingState(FlatParameters.stateDict(session.network(), weights), null, 0, stepsTaken);
  }
}
