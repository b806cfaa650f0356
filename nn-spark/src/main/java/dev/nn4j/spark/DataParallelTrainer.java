package dev.nn4j.spark;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.nn4j.core.Network;
import dev.nn4j.core.Optimizer;
import dev.nn4j.core.Trainer;
import dev.nn4j.core.TrainingState;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a network on a Spark data set, synchronously and data-parallel: the distributed driver of nn-core's
 * {@link Trainer}. Each step:
 *
 * <ol>
 *   <li>the driver picks the step's global batch: the next {@code batchSize} sample indices of the epoch's
 *       order ({@link Trainer#shuffledOrder}, or the data set's order), indices only;
 *   <li>the current weights go to the executors (a broadcast of the flat parameters);
 *   <li>each partition computes, from those weights, the gradient of its rows of the batch weighted by their
 *       share of it ({@link Trainer#computeGradients}); the rows never leave their partitions;
 *   <li>the driver adds the partitions' gradients up in partition order and takes one optimizer step ({@link
 *       Trainer#applyGradients}).
 * </ol>
 *
 * <p>The loss being a mean, the sum of the weighted shares is the batch's gradient, so the weights equal those
 * of {@code Trainer.fit} on one machine with the same batch size, seed and data order, to rounding (the sums
 * are split differently: 1e-12 relative after many steps), whatever the number of partitions. The data order
 * is the data set's: partition by partition, row by row within each. A partition without rows in a step (or at
 * all) contributes nothing. The optimizer's state and the counters live in the driver's session, so a
 * checkpoint of it resumes exactly, and a task that Spark retries computes the same gradient again. The
 * session counts epochs as {@code Trainer.fit} does ({@link Trainer#finishEpoch} after an epoch's last
 * step), so a checkpoint records the epoch, and the session can go on with {@code Trainer.fit} on one
 * machine, which then shuffles the next epoch, not the first one again.
 *
 * <p>Layers with buffers (batch normalization's running statistics) are refused: their batch statistics
 * would be those of each partition's rows, not of the batch. Dropout works; its masks derive from the seed,
 * the step and the partition (see {@linkplain dev.nn4j.spark the package's documentation}), so a run is reproducible, and equal to one
 * machine's with one partition.
 *
 * <pre>{@code
 * Trainer session = Trainer.of(network, Optimizers.adam(1e-3));
 * TrainingReport report = DataParallelTrainer.of(session, SparkTrainingOptions.builder().epochs(5).build())
 *     .fit(trainingData);   // a Dataset with columns "features" (ml Vectors) and "label"
 * }</pre>
 *
 * <p>What moves per step: the weights to each partition (a broadcast) and a gradient from each partition with
 * rows in the batch, each the size of the model (8 bytes a parameter): about twice the model per partition.
 * The driver takes the partitions' results of a step in one job, so their total size, the partitions times the model,
 * must fit {@code spark.driver.maxResultSize} (1 GB by default; checked before training). The
 * rows stay cached in their partitions for the whole fit (in memory, spilling to disk). Every task checks that
 * its partition has the rows counted when the fit began: a partition that Spark computes again (a lost
 * executor, an evicted block) must give the same rows in the same order, so retries and resume need a
 * deterministic source: files, or a data set cached or checkpointed before the fit; not one that samples or
 * filters at random, or reads data that changes. A data set made from a list on the driver ({@code
 * createDataFrame(List)}, {@code parallelize}) carries its rows in the description of its partitions, which
 * Spark sends with every task: beyond a few megabytes, train from data read from files, as real data is.
 *
 * <p>Not thread-safe; one fit at a time, on the driver.
 */
public final class DataParallelTrainer {
  private static final Logger log = LoggerFactory.getLogger(DataParallelTrainer.class);
  private static final String MAX_RESULT_SIZE = "spark.driver.maxResultSize";
  /** A bound on a partition's result beyond its values: the serialized object's fields and headers. */
  private static final long RESULT_OVERHEAD = 1024;

  private final Trainer session;
  private final SparkTrainingOptions options;

  private DataParallelTrainer(Trainer session, SparkTrainingOptions options) {
    this.session = checkNotNull(session, "session");
    this.options = checkNotNull(options, "options");
  }

  /**
   * A distributed driver of {@code session}.
   *
   * @param session the training session: its network, optimizer and counters; it trains on the driver's
   *     side and its network ends up with the trained weights
   * @param options columns, batch, epochs, checkpoints and mode
   * @return the driver
   */
  public static DataParallelTrainer of(Trainer session, SparkTrainingOptions options) {
    return new DataParallelTrainer(session, options);
  }

  /**
   * The session this driver trains.
   *
   * @return the session
   */
  public Trainer session() {
    return session;
  }

  /**
   * The options.
   *
   * @return the options
   */
  public SparkTrainingOptions options() {
    return options;
  }

  /**
   * Trains on {@code data} until the session has taken {@code epochs} epochs of steps (or {@code maxSteps}),
   * resuming first from the checkpoint file if one exists. Every row is checked, on its executor, before the
   * first step: on bad input nothing changes.
   *
   * @param data rows with a features column of Spark ML vectors of the network's input size and a label
   *     column: a class index (a number, or one-hot targets as a vector), or for one output a target value
   * @return what the fit did and cost
   * @throws IllegalArgumentException on a missing column or one of the wrong type, on a row with a vector of
   *     the wrong size, a value that is not finite or a label that is not a class (the message names the
   *     column, the partition and the row within it), on an empty data set, on a network with buffers, on
   *     more partitions than {@code spark.driver.maxResultSize} lets a step collect results of the model's
   *     size from, or on a checkpoint of another run
   * @throws dev.nn4j.core.TrainingDivergedException if the optimizer's update of a step diverges; the weights
   *     are those before that step (a loss that diverges on an executor fails the fit with Spark's exception,
   *     which names it, the weights again those before that step)
   * @throws UncheckedIOException if the checkpoint cannot be read or written
   */
  public TrainingReport fit(Dataset<?> data) {
    checkNotNull(data, "data");
    Network network = session.network();
    checkArgument(
        network.buffers().isEmpty(),
        "The network has buffers %s (batch normalization's running statistics): data-parallel training would compute"
            + " their batch statistics per partition, which single-machine training does not; use layer normalization",
        network.buffers().keySet());
    Shards.LabelKind kind =
        Shards.checkSchema(data.schema(), options.featuresColumn(), options.labelColumn(), network.outputSize());
    Optimizer localOptimizer = options.localSteps() > 0 ? rebuildable(session.optimizer()) : null;
    JavaSparkContext spark = JavaSparkContext.fromSparkContext(data.sparkSession().sparkContext());
    CheckpointStore checkpoint =
        options.checkpointPath().map(path -> new CheckpointStore(path, spark.hadoopConfiguration())).orElse(null);
    JavaRDD<Shard> shards =
        Shards.of(data, options.featuresColumn(), options.labelColumn(), kind, network.inputSize(), network.outputSize());
    Broadcast<byte[]> model = null;
    try {
      checkResultSize(
          shards.getNumPartitions(),
          FlatParameters.size(network),
          spark.getConf().getSizeAsBytes(MAX_RESULT_SIZE, "1g"));
      List<Integer> counts = SparkErrors.unwrapped(() -> shards.map(shard -> shard.rows).collect());
      int[] rows = counts.stream().mapToInt(Integer::intValue).toArray();
      long n = 0;
      for (int count : rows) {
        n += count;
      }
      checkArgument(n > 0, "The data set has no rows (%s partitions, all empty)", rows.length);
      checkArgument(n <= Integer.MAX_VALUE, "The data set has %s rows; at most %s can be trained on", n, Integer.MAX_VALUE);
      resume(checkpoint);
      model = spark.broadcast(network.toBytes());
      Run run = new Run(spark, shards, new StepTasks.Fit("fit-" + UUID.randomUUID(), model, rows), (int) n, checkpoint, localOptimizer);
      return run.run();
    } finally {
      shards.unpersist(false);
      if (model != null) {
        model.destroy();
      }
    }
  }

  /**
   * Refuses a fit whose steps would collect more than Spark lets the driver take from one job: each step
   * collects one model-sized result (a gradient, or local SGD's weights) from each partition.
   *
   * @param partitions the data set's partitions
   * @param parameters the model's parameter count
   * @param maxResultSize {@code spark.driver.maxResultSize} in bytes; 0 for no limit
   * @throws IllegalArgumentException if {@code partitions} results of the model's size exceed it
   */
  static void checkResultSize(int partitions, int parameters, long maxResultSize) {
    long perStep = partitions * (8L * parameters + RESULT_OVERHEAD);
    checkArgument(
        maxResultSize <= 0 || perStep <= maxResultSize,
        "Each step collects a result of the model's size (%s parameters, %s bytes) from each of the data set's %s"
            + " partitions: %s bytes, more than %s=%s bytes allows. Coalesce the data set into fewer partitions (at most"
            + " %s), or raise %s",
        parameters,
        8L * parameters,
        partitions,
        perStep,
        MAX_RESULT_SIZE,
        maxResultSize,
        maxResultSize / (8L * parameters + RESULT_OVERHEAD),
        MAX_RESULT_SIZE);
  }

  /** An optimizer the executors can rebuild by its registered name and configuration, for local SGD. */
  private static Optimizer rebuildable(Optimizer optimizer) {
    try {
      return Optimizer.named(optimizer.name(), optimizer.config());
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "Local SGD runs the optimizer on the executors, rebuilt from its registered name '" + optimizer.name()
              + "' and configuration " + optimizer.config() + ", which failed: " + e.getMessage(),
          e);
    }
  }

  /**
   * Resumes from the checkpoint if there is one. A checkpoint file that cannot be read fails the fit: training
   * never starts over silently while one exists.
   */
  private void resume(CheckpointStore checkpoint) {
    if (checkpoint == null) {
      return;
    }
    Optional<org.apache.hadoop.fs.Path> file;
    try {
      file = checkpoint.latest();
    } catch (IOException e) {
      throw new UncheckedIOException("Could not look for the checkpoint " + checkpoint + ": " + e.getMessage(), e);
    }
    if (file.isEmpty()) {
      return;
    }
    try (InputStream in = checkpoint.open(file.get())) {
      session.resumeFrom(in);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Could not resume from the checkpoint " + file.get() + ": " + e.getMessage()
              + "; nothing was trained. Delete the file to start over, or give another checkpoint path",
          e);
    }
    log.info("Resumed from checkpoint {} at step {} (epoch {})", file.get(), session.stepsTaken(), session.epochsTrained());
  }

  /** One fit's loop over steps, with its figures. */
  private final class Run {
    private final JavaSparkContext spark;
    private final JavaRDD<Shard> shards;
    private final StepTasks.Fit fit;
    private final int samples;
    private final CheckpointStore checkpoint;
    private final Optimizer localOptimizer;
    private final int stepsPerEpoch;
    private final long lastStep;
    private final int parameterCount;
    private long epochOfOrder = -1;
    private int[] order;
    private long wallNanos;
    private long computeNanos;
    private long bytesMoved;
    private long samplesTrained;
    private double epochLossSum;
    private long epochSamples;
    private final List<Double> epochLosses = new ArrayList<>();

    Run(JavaSparkContext spark, JavaRDD<Shard> shards, StepTasks.Fit fit, int samples, CheckpointStore checkpoint, Optimizer localOptimizer) {
      this.spark = spark;
      this.shards = shards;
      this.fit = fit;
      this.samples = samples;
      this.checkpoint = checkpoint;
      this.localOptimizer = localOptimizer;
      this.stepsPerEpoch = (samples + options.batchSize() - 1) / options.batchSize();
      this.lastStep = Math.min((long) options.epochs() * stepsPerEpoch, options.maxSteps());
      this.parameterCount = FlatParameters.size(session.network());
    }

    TrainingReport run() {
      long first = session.stepsTaken();
      if (first >= lastStep) {
        log.info("The session has taken {} steps, the run's {}: nothing to train", first, lastStep);
      }
      while (session.stepsTaken() < lastStep) {
        long started = System.nanoTime();
        long step = session.stepsTaken();
        int taken = options.localSteps() == 0 ? synchronousStep(step) : localRound(step);
        wallNanos += System.nanoTime() - started;
        if (checkpoint != null
            && (session.stepsTaken() / options.checkpointEvery() != step / options.checkpointEvery()
                || session.stepsTaken() == lastStep)) {
          writeCheckpoint();
        }
        if (taken == 0) {
          break;
        }
      }
      return new TrainingReport(
          session.stepsTaken() - first, samplesTrained, epochLosses, wallNanos, computeNanos, bytesMoved, fit.offsets.length);
    }

    /** One synchronous step; returns 1. */
    private int synchronousStep(long step) {
      int[] batch = batch(step);
      Broadcast<double[]> weights = spark.broadcast(FlatParameters.values(session.network()));
      try {
        List<PartialResult> results =
            SparkErrors.unwrapped(() -> shards.map(new StepTasks.Gradient(fit, weights, batch, step)).collect());
        Network network = session.network();
        session.zeroGradients();
        double lossSum = 0;
        for (PartialResult result : results) {
          // In partition order, as collect() returns them: the same sum in every run.
          if (result.rows > 0) {
            FlatParameters.addToGradients(network, result.values);
            lossSum += result.lossSum;
          }
        }
        account(results, batch.length, lossSum, step, 1);
        session.applyGradients();
        if (session.stepsTaken() % stepsPerEpoch == 0) {
          session.finishEpoch();
        }
        return 1;
      } finally {
        weights.destroy();
      }
    }

    /** One round of local SGD over the next steps; returns the steps it counts for. */
    private int localRound(long step) {
      int k = (int) Math.min(options.localSteps(), lastStep - step);
      int[][] batches = new int[k][];
      int rows = 0;
      for (int j = 0; j < k; j++) {
        batches[j] = batch(step + j);
        rows += batches[j].length;
      }
      long round = step / options.localSteps();
      Broadcast<double[]> weights = spark.broadcast(FlatParameters.values(session.network()));
      try {
        List<PartialResult> results =
            SparkErrors.unwrapped(
                () -> shards.map(new StepTasks.LocalRound(fit, weights, batches, round, localOptimizer)).collect());
        double[] average = new double[parameterCount];
        double lossSum = 0;
        for (PartialResult result : results) {
          if (result.rows > 0) {
            double share = (double) result.rows / rows;
            for (int i = 0; i < average.length; i++) {
              average[i] += share * result.values[i];
            }
            lossSum += result.lossSum;
          }
        }
        account(results, rows, lossSum, step, k);
        Network network = session.network();
        long epochs = session.epochsTrained() + (step + k) / stepsPerEpoch - step / stepsPerEpoch;
        session.restore(new TrainingState(FlatParameters.stateDict(network, average), null, epochs, step + k));
        return k;
      } finally {
        weights.destroy();
      }
    }

    /** The global indices of step {@code step}'s batch. */
    private int[] batch(long step) {
      long epoch = step / stepsPerEpoch;
      if (epoch != epochOfOrder) {
        if (options.shuffle()) {
          order = session.shuffledOrder(epoch, samples);
        } else {
          order = new int[samples];
          Arrays.setAll(order, i -> i);
        }
        epochOfOrder = epoch;
      }
      int start = (int) (step % stepsPerEpoch) * options.batchSize();
      return Arrays.copyOfRange(order, start, Math.min(samples, start + options.batchSize()));
    }

    /** Adds a step's (or round's) figures: its slowest partition's compute time, its payload, its loss. */
    private void account(List<PartialResult> results, int rows, double lossSum, long step, int steps) {
      long slowest = 0;
      int answered = 0;
      for (PartialResult result : results) {
        slowest = Math.max(slowest, result.computeNanos);
        answered += result.rows > 0 ? 1 : 0;
      }
      computeNanos += slowest;
      bytesMoved += 8L * parameterCount * (results.size() + answered);
      samplesTrained += rows;
      epochLossSum += lossSum;
      epochSamples += rows;
      long endEpoch = (step + steps) / stepsPerEpoch;
      if (endEpoch != step / stepsPerEpoch && (step + steps) % stepsPerEpoch == 0) {
        double loss = epochLossSum / epochSamples;
        epochLosses.add(loss);
        log.info("Epoch {} of {}: loss {}", endEpoch, options.epochs(), loss);
        epochLossSum = 0;
        epochSamples = 0;
      }
    }

    private void writeCheckpoint() {
      try {
        checkpoint.write(session::saveCheckpoint);
        log.debug("Checkpoint at step {} written to {}", session.stepsTaken(), checkpoint);
      } catch (IOException e) {
        throw new UncheckedIOException("Could not write the checkpoint " + checkpoint + ": " + e.getMessage(), e);
      }
    }
  }
}
