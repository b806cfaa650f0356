package dev.nn4j.spark;

import static com.google.common.base.Preconditions.checkNotNull;

import dev.nn4j.core.Network;
import dev.nn4j.core.Optimizer;
import dev.nn4j.core.Trainer;
import dev.nn4j.core.io.ModelFormatException;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.types.StructType;

/**
 * An nn4j network as a Spark ML estimator: {@link #fit} trains a copy of the network it was made with,
 * synchronously and data-parallel ({@link DataParallelTrainer}), and returns a {@link NetworkModel}. It fits
 * into a Spark ML {@code Pipeline} (after a {@code VectorAssembler}, say); its parameters are set with
 * setters, as Spark ML's are.
 *
 * <pre>{@code
 * NetworkEstimator estimator = NetworkEstimator.of(network, Optimizers.adam(1e-3))
 *     .setFeaturesCol("features").setLabelCol("label").setBatchSize(64).setEpochs(5);
 * NetworkModel model = estimator.fit(training);
 * Dataset<Row> predicted = model.transform(test);   // adds "prediction" and "probability"
 * }</pre>
 *
 * <p>The network given is never changed: each fit starts from its weights (initial or pre-trained), its
 * architecture and its seed.
 */
public final class NetworkEstimator extends Estimator<NetworkModel> {
  /** The serialized form's version. */
  private static final long serialVersionUID = 1L;

  /** This stage's unique id. */
  private final String uid;
  /** The model file of the network each fit starts from. */
  private final byte[] initialNetwork;
  /** The network's outputs, to check the label column against. */
  private final int outputSize;
  /** The update rule; not serialized: an estimator fits on the driver that made it. */
  private final transient Optimizer optimizer;
  /** See {@link #featuresCol()}. */
  private final Param<String> featuresCol;
  /** See {@link #labelCol()}. */
  private final Param<String> labelCol;
  /** See {@link #predictionCol()}. */
  private final Param<String> predictionCol;
  /** See {@link #probabilityCol()}. */
  private final Param<String> probabilityCol;
  /** See {@link #batchSize()}. */
  private final IntParam batchSize;
  /** See {@link #epochs()}. */
  private final IntParam epochs;
  /** See {@link #shuffle()}. */
  private final BooleanParam shuffle;
  /** See {@link #maxSteps()}. */
  private final LongParam maxSteps;
  /** See {@link #checkpointPath()}. */
  private final Param<String> checkpointPath;
  /** See {@link #checkpointInterval()}. */
  private final IntParam checkpointInterval;
  /** See {@link #localSteps()}. */
  private final IntParam localSteps;

  private NetworkEstimator(String uid, byte[] initialNetwork, int outputSize, Optimizer optimizer) {
    this.uid = uid;
    this.initialNetwork = initialNetwork;
    this.outputSize = outputSize;
    this.optimizer = optimizer;
    featuresCol = ColumnParams.features(this);
    labelCol = ColumnParams.label(this);
    predictionCol = ColumnParams.prediction(this);
    probabilityCol = ColumnParams.probability(this);
    batchSize = new IntParam(this, "batchSize", "the global batch: the samples of one step, over all partitions");
    epochs = new IntParam(this, "epochs", "the epochs of the run");
    shuffle = new BooleanParam(this, "shuffle", "whether each epoch visits the samples in an order derived from the seed");
    maxSteps = new LongParam(this, "maxSteps", "the most optimizer steps in all");
    checkpointPath = new Param<>(this, "checkpointPath", "a checkpoint file on a Hadoop file system; a fit resumes from it");
    checkpointInterval = new IntParam(this, "checkpointInterval", "the steps between checkpoints");
    localSteps = new IntParam(this, "localSteps", "0 for synchronous training, k >= 1 for local SGD of k steps (not equivalent)");
    setDefault(featuresCol, "features");
    setDefault(labelCol, "label");
    setDefault(predictionCol, "prediction");
    setDefault(probabilityCol, "probability");
    setDefault(batchSize, 64);
    setDefault(epochs, 1);
    setDefault(shuffle, true);
    setDefault(maxSteps, Long.MAX_VALUE);
    setDefault(checkpointInterval, 100);
    setDefault(localSteps, 0);
  }

  /**
   * An estimator that trains copies of {@code network} with {@code optimizer}.
   *
   * @param network the architecture, seed and starting weights; not changed by fitting
   * @param optimizer the update rule, applied on the driver
   * @return the estimator
   */
  public static NetworkEstimator of(Network network, Optimizer optimizer) {
    checkNotNull(network, "network");
    checkNotNull(optimizer, "optimizer");
    return new NetworkEstimator(Identifiable.randomUID("nn4jNetwork"), network.toBytes(), network.outputSize(), optimizer);
  }

  @Override
  public String uid() {
    return uid;
  }

  /**
   * The optimizer each fit trains with.
   *
   * @return the optimizer
   */
  public Optimizer optimizer() {
    return optimizer;
  }

  /**
   * The features column parameter.
   *
   * @return the parameter
   */
  public Param<String> featuresCol() {
    return featuresCol;
  }

  /**
   * The label column parameter.
   *
   * @return the parameter
   */
  public Param<String> labelCol() {
    return labelCol;
  }

  /**
   * The prediction column parameter, passed to the model.
   *
   * @return the parameter
   */
  public Param<String> predictionCol() {
    return predictionCol;
  }

  /**
   * The probability column parameter, passed to the model.
   *
   * @return the parameter
   */
  public Param<String> probabilityCol() {
    return probabilityCol;
  }

  /**
   * The global batch size parameter.
   *
   * @return the parameter
   */
  public IntParam batchSize() {
    return batchSize;
  }

  /**
   * The epochs parameter.
   *
   * @return the parameter
   */
  public IntParam epochs() {
    return epochs;
  }

  /**
   * The shuffle parameter.
   *
   * @return the parameter
   */
  public BooleanParam shuffle() {
    return shuffle;
  }

  /**
   * The step limit parameter.
   *
   * @return the parameter
   */
  public LongParam maxSteps() {
    return maxSteps;
  }

  /**
   * The checkpoint path parameter (unset: no checkpoints).
   *
   * @return the parameter
   */
  public Param<String> checkpointPath() {
    return checkpointPath;
  }

  /**
   * The checkpoint interval parameter.
   *
   * @return the parameter
   */
  public IntParam checkpointInterval() {
    return checkpointInterval;
  }

  /**
   * The local steps parameter (local SGD when above 0).
   *
   * @return the parameter
   */
  public IntParam localSteps() {
    return localSteps;
  }

  /**
   * Sets the features column (default {@code features}).
   *
   * @param column a column of Spark ML vectors
   * @return this estimator
   */
  public NetworkEstimator setFeaturesCol(String column) {
    set(featuresCol, column);
    return this;
  }

  /**
   * Sets the label column (default {@code label}).
   *
   * @param column a numeric column, or a column of Spark ML vectors
   * @return this estimator
   */
  public NetworkEstimator setLabelCol(String column) {
    set(labelCol, column);
    return this;
  }

  /**
   * Sets the prediction column of the models (default {@code prediction}).
   *
   * @param column the column's name
   * @return this estimator
   */
  public NetworkEstimator setPredictionCol(String column) {
    set(predictionCol, column);
    return this;
  }

  /**
   * Sets the probability column of the models (default {@code probability}).
   *
   * @param column the column's name
   * @return this estimator
   */
  public NetworkEstimator setProbabilityCol(String column) {
    set(probabilityCol, column);
    return this;
  }

  /**
   * Sets the global batch size (default 64).
   *
   * @param value at least 1
   * @return this estimator
   */
  public NetworkEstimator setBatchSize(int value) {
    set(batchSize, value);
    return this;
  }

  /**
   * Sets the epochs (default 1).
   *
   * @param value at least 1
   * @return this estimator
   */
  public NetworkEstimator setEpochs(int value) {
    set(epochs, value);
    return this;
  }

  /**
   * Sets whether to shuffle each epoch (default true).
   *
   * @param value true to shuffle
   * @return this estimator
   */
  public NetworkEstimator setShuffle(boolean value) {
    set(shuffle, value);
    return this;
  }

  /**
   * Sets a limit on the steps in all (default none).
   *
   * @param value at least 1
   * @return this estimator
   */
  public NetworkEstimator setMaxSteps(long value) {
    set(maxSteps, value);
    return this;
  }

  /**
   * Sets the checkpoint file; a fit that finds one there resumes from it.
   *
   * @param path a path on a Hadoop file system
   * @return this estimator
   */
  public NetworkEstimator setCheckpointPath(String path) {
    set(checkpointPath, path);
    return this;
  }

  /**
   * Sets the steps between checkpoints (default 100).
   *
   * @param value at least 1
   * @return this estimator
   */
  public NetworkEstimator setCheckpointInterval(int value) {
    set(checkpointInterval, value);
    return this;
  }

  /**
   * Sets the local steps: 0 (default) for synchronous training, {@code k >= 1} for local SGD of {@code k}
   * steps between averaging (see {@link SparkTrainingOptions.Builder#localSgd}: not equivalent to
   * single-machine training).
   *
   * @param value 0, or at least 1
   * @return this estimator
   */
  public NetworkEstimator setLocalSteps(int value) {
    set(localSteps, value);
    return this;
  }

  /**
   * The training options these parameters describe.
   *
   * @return the options
   * @throws IllegalArgumentException if a parameter is out of range
   */
  public SparkTrainingOptions trainingOptions() {
    SparkTrainingOptions.Builder options =
        SparkTrainingOptions.builder()
            .featuresColumn(getOrDefault(featuresCol))
            .labelColumn(getOrDefault(labelCol))
            .batchSize((Integer) getOrDefault(batchSize))
            .epochs((Integer) getOrDefault(epochs))
            .shuffle((Boolean) getOrDefault(shuffle))
            .maxSteps((Long) getOrDefault(maxSteps));
    int local = (Integer) getOrDefault(localSteps);
    if (local != 0) {
      options.localSgd(local);
    }
    if (isSet(checkpointPath)) {
      options.checkpoint(getOrDefault(checkpointPath), (Integer) getOrDefault(checkpointInterval));
    }
    return options.build();
  }

  @Override
  public NetworkModel fit(Dataset<?> dataset) {
    checkNotNull(dataset, "dataset");
    transformSchema(dataset.schema());
    Network network;
    try {
      network = Network.fromBytes(initialNetwork);
    } catch (ModelFormatException e) {
      throw new IllegalStateException("The estimator's own network could not be read: " + e.getMessage(), e);
    }
    checkNotNull(optimizer, "This estimator was deserialized without its optimizer: fit it on the driver that made it");
    Trainer session = Trainer.of(network, optimizer);
    TrainingReport report = DataParallelTrainer.of(session, trainingOptions()).fit(dataset);
    NetworkModel model = new NetworkModel(uid, network.toBytes(), report);
    copyValues(model, ParamMap.empty());
    model.setParent(this);
    return model;
  }

  @Override
  public StructType transformSchema(StructType schema) {
    Shards.checkSchema(schema, getOrDefault(featuresCol), getOrDefault(labelCol), outputSize);
    return DistributedInference.outputSchema(
        schema, getOrDefault(featuresCol), getOrDefault(predictionCol), getOrDefault(probabilityCol));
  }

  @Override
  public NetworkEstimator copy(ParamMap extra) {
    NetworkEstimator copy = new NetworkEstimator(uid, initialNetwork, outputSize, optimizer);
    copyValues(copy, extra);
    return copy;
  }

  @Override
  public String toString() {
    return "NetworkEstimator(" + uid + ", " + optimizer + ", " + trainingOptions() + ")";
  }
}
