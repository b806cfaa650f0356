package dev.nn4j.spark;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import java.util.Objects;
import java.util.Optional;

/**
 * How {@link DataParallelTrainer} trains: the columns, the global batch, epochs and shuffling, checkpoints,
 * and the mode (synchronous, or local SGD). Immutable; made with {@link #builder()}.
 *
 * <pre>{@code
 * SparkTrainingOptions options = SparkTrainingOptions.builder()
 *     .batchSize(64).epochs(5)
 *     .checkpoint("hdfs:///runs/fashion.safetensors", 100)
 *     .build();
 * }</pre>
 */
public final class SparkTrainingOptions {
  private final String featuresColumn;
  private final String labelColumn;
  private final int batchSize;
  private final int epochs;
  private final boolean shuffle;
  private final long maxSteps;
  private final String checkpointPath;
  private final int checkpointEvery;
  private final int localSteps;

  private SparkTrainingOptions(Builder b) {
    this.featuresColumn = b.featuresColumn;
    this.labelColumn = b.labelColumn;
    this.batchSize = b.batchSize;
    this.epochs = b.epochs;
    this.shuffle = b.shuffle;
    this.maxSteps = b.maxSteps;
    this.checkpointPath = b.checkpointPath;
    this.checkpointEvery = b.checkpointEvery;
    this.localSteps = b.localSteps;
  }

  /**
   * A builder with the defaults: columns {@code features} and {@code label}, batches of 64, one epoch,
   * shuffled, no step limit, no checkpoints, synchronous training.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The column of Spark ML vectors that holds each sample's features.
   *
   * @return the column's name
   */
  public String featuresColumn() {
    return featuresColumn;
  }

  /**
   * The column that holds each sample's label: a class index, a target value, or a vector of targets.
   *
   * @return the column's name
   */
  public String labelColumn() {
    return labelColumn;
  }

  /**
   * The global batch: the samples of one step, over all partitions.
   *
   * @return the batch size
   */
  public int batchSize() {
    return batchSize;
  }

  /**
   * The epochs of the run, counted from the training session's start: a session resumed from a checkpoint
   * finishes the run it belongs to.
   *
   * @return the number of epochs
   */
  public int epochs() {
    return epochs;
  }

  /**
   * Whether each epoch visits the samples in the order {@link dev.nn4j.core.Trainer#shuffledOrder} derives
   * from the seed and the epoch (as {@code Trainer.fit} does), or in the data set's order.
   *
   * @return true to shuffle
   */
  public boolean shuffle() {
    return shuffle;
  }

  /**
   * The most steps the session takes in all, for a budget; {@link Long#MAX_VALUE} for no limit.
   *
   * @return the step limit
   */
  public long maxSteps() {
    return maxSteps;
  }

  /**
   * The checkpoint file, on any file system Hadoop knows ({@code file:}, {@code hdfs:}, {@code s3a:}...),
   * or empty for none.
   *
   * @return the checkpoint's path
   */
  public Optional<String> checkpointPath() {
    return Optional.ofNullable(checkpointPath);
  }

  /**
   * Steps between checkpoints (one is also written when training ends); 0 when there is no checkpoint.
   *
   * @return the checkpoint interval in steps
   */
  public int checkpointEvery() {
    return checkpointEvery;
  }

  /**
   * 0 for synchronous training; {@code k >= 1} for local SGD, where each partition takes {@code k} steps on
   * its own rows before the weights are averaged (not equivalent to single-machine training: see {@link
   * Builder#localSgd}).
   *
   * @return the local steps between averaging, or 0
   */
  public int localSteps() {
    return localSteps;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SparkTrainingOptions s
        && featuresColumn.equals(s.featuresColumn)
        && labelColumn.equals(s.labelColumn)
        && batchSize == s.batchSize
        && epochs == s.epochs
        && shuffle == s.shuffle
        && maxSteps == s.maxSteps
        && Objects.equals(checkpointPath, s.checkpointPath)
        && checkpointEvery == s.checkpointEvery
        && localSteps == s.localSteps;
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        featuresColumn, labelColumn, batchSize, epochs, shuffle, maxSteps, checkpointPath, checkpointEvery, localSteps);
  }

  @Override
  public String toString() {
    return "SparkTrainingOptions(features=" + featuresColumn + ", label=" + labelColumn + ", batchSize=" + batchSize
        + ", epochs=" + epochs + ", shuffle=" + shuffle + (maxSteps == Long.MAX_VALUE ? "" : ", maxSteps=" + maxSteps)
        + (checkpointPath == null ? "" : ", checkpoint=" + checkpointPath + " every " + checkpointEvery + " steps")
        + (localSteps == 0 ? ", synchronous" : ", local SGD of " + localSteps + " steps") + ")";
  }

  /** Builds {@link SparkTrainingOptions}; each setter checks its value. */
  public static final class Builder {
    private String featuresColumn = "features";
    private String labelColumn = "label";
    private int batchSize = 64;
    private int epochs = 1;
    private boolean shuffle = true;
    private long maxSteps = Long.MAX_VALUE;
    private String checkpointPath;
    private int checkpointEvery;
    private int localSteps;

    private Builder() {}

    /**
     * The features column (default {@code features}).
     *
     * @param column a column of Spark ML vectors
     * @return this builder
     */
    public Builder featuresColumn(String column) {
      this.featuresColumn = checkNotNull(column, "featuresColumn");
      return this;
    }

    /**
     * The label column (default {@code label}).
     *
     * @param column a numeric column or a column of Spark ML vectors
     * @return this builder
     */
    public Builder labelColumn(String column) {
      this.labelColumn = checkNotNull(column, "labelColumn");
      return this;
    }

    /**
     * The global batch (default 64).
     *
     * @param batchSize at least 1
     * @return this builder
     */
    public Builder batchSize(int batchSize) {
      checkArgument(batchSize >= 1, "Expected a batch size of at least 1, got %s", batchSize);
      this.batchSize = batchSize;
      return this;
    }

    /**
     * The epochs of the run (default 1).
     *
     * @param epochs at least 1
     * @return this builder
     */
    public Builder epochs(int epochs) {
      checkArgument(epochs >= 1, "Expected at least 1 epoch, got %s", epochs);
      this.epochs = epochs;
      return this;
    }

    /**
     * Whether to shuffle each epoch (default true).
     *
     * @param shuffle true to shuffle
     * @return this builder
     */
    public Builder shuffle(boolean shuffle) {
      this.shuffle = shuffle;
      return this;
    }

    /**
     * A limit on the session's steps in all (default none).
     *
     * @param maxSteps at least 1
     * @return this builder
     */
    public Builder maxSteps(long maxSteps) {
      checkArgument(maxSteps >= 1, "Expected a step limit of at least 1, got %s", maxSteps);
      this.maxSteps = maxSteps;
      return this;
    }

    /**
     * Writes a checkpoint to {@code path} every {@code everySteps} steps and when training ends; a fit that
     * finds a checkpoint there resumes from it (after a driver restart, say), exactly.
     *
     * @param path a Hadoop file system path, such as {@code hdfs:///runs/run1.safetensors} or a local path
     * @param everySteps at least 1
     * @return this builder
     */
    public Builder checkpoint(String path, int everySteps) {
      checkNotNull(path, "checkpoint path");
      checkArgument(!path.isEmpty(), "Expected a checkpoint path, got an empty one");
      checkArgument(everySteps >= 1, "Expected a checkpoint interval of at least 1 step, got %s", everySteps);
      this.checkpointPath = path;
      this.checkpointEvery = everySteps;
      return this;
    }

    /**
     * Local SGD: each partition takes {@code localSteps} optimizer steps on its own rows of the next {@code
     * localSteps} global batches, from the same weights and with a fresh optimizer state, and then the
     * partitions' weights are averaged (weighted by the rows each used). It moves weights once per {@code
     * localSteps} steps instead of once per step, but it is NOT equivalent to single-machine training: each
     * partition's steps see only its own rows, and the optimizer's state (momentum, Adam's moments) starts
     * afresh each round. What it does promise: with {@code localSteps = 1} and plain SGD it equals synchronous
     * training (to rounding); and a run is deterministic for a given partitioning. Without this call, training
     * is synchronous.
     *
     * @param localSteps at least 1
     * @return this builder
     */
    public Builder localSgd(int localSteps) {
      checkArgument(localSteps >= 1, "Expected at least 1 local step, got %s", localSteps);
      this.localSteps = localSteps;
      return this;
    }

    /**
     * The options.
     *
     * @return immutable options
     */
    public SparkTrainingOptions build() {
      return new SparkTrainingOptions(this);
    }
  }
}
