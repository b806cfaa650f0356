package dev.nn4j.spark;

import static com.google.common.base.Preconditions.checkNotNull;

import dev.nn4j.core.Network;
import dev.nn4j.core.io.ModelFormatException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * A trained nn4j network as a Spark ML model: {@link #transform} adds a prediction column and a probability
 * column to a data set with a features column, computed on the executors ({@link DistributedInference}).
 * Made by {@link NetworkEstimator#fit}, or from a network with {@link #of(Network)}.
 *
 * <p>Saved and loaded with Spark ML's writer and reader ({@code model.write().save(path)}, {@code
 * NetworkModel.load(path)}), also inside a saved {@code PipelineModel}: the folder holds Spark ML's metadata
 * and {@code model.safetensors}, nn4j's model file of the network, which {@link Network#load} reads too.
 */
public final class NetworkModel extends Model<NetworkModel> implements MLWritable {
  /** The serialized form's version. */
  private static final long serialVersionUID = 1L;

  /** This stage's unique id. */
  private final String uid;
  /** The network's model file: architecture, seed and weights. */
  private final byte[] modelFile;
  /** The fit's figures, or null; not serialized. */
  private final transient TrainingReport report;
  /** See {@link #featuresCol()}. */
  private final Param<String> featuresCol;
  /** See {@link #predictionCol()}. */
  private final Param<String> predictionCol;
  /** See {@link #probabilityCol()}. */
  private final Param<String> probabilityCol;

  NetworkModel(String uid, byte[] modelFile, TrainingReport report) {
    this.uid = checkNotNull(uid, "uid");
    this.modelFile = checkNotNull(modelFile, "modelFile");
    this.report = report;
    featuresCol = ColumnParams.features(this);
    predictionCol = ColumnParams.prediction(this);
    probabilityCol = ColumnParams.probability(this);
    setDefault(featuresCol, "features");
    setDefault(predictionCol, "prediction");
    setDefault(probabilityCol, "probability");
  }

  /**
   * A model of a network trained elsewhere, with a new uid.
   *
   * @param network the network
   * @return the model
   */
  public static NetworkModel of(Network network) {
    return new NetworkModel(Identifiable.randomUID("nn4jNetworkModel"), network.toBytes(), null);
  }

  @Override
  public String uid() {
    return uid;
  }

  /**
   * The network, rebuilt from the model file (a new instance each call).
   *
   * @return the trained network
   */
  public Network network() {
    try {
      return Network.fromBytes(modelFile);
    } catch (ModelFormatException e) {
      throw new IllegalStateException("The model's own file could not be read: " + e.getMessage(), e);
    }
  }

  /**
   * The model file's bytes ({@code .safetensors}), as {@link Network#toBytes()} writes them.
   *
   * @return a copy of the bytes
   */
  public byte[] modelFile() {
    return modelFile.clone();
  }

  /**
   * What the fit that made this model did and cost; empty for a loaded model or one made by {@link #of}.
   *
   * @return the report of the fit
   */
  public Optional<TrainingReport> trainingReport() {
    return Optional.ofNullable(report);
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
   * The prediction column parameter.
   *
   * @return the parameter
   */
  public Param<String> predictionCol() {
    return predictionCol;
  }

  /**
   * The probability column parameter.
   *
   * @return the parameter
   */
  public Param<String> probabilityCol() {
    return probabilityCol;
  }

  /**
   * Sets the features column (default {@code features}).
   *
   * @param column a column of Spark ML vectors
   * @return this model
   */
  public NetworkModel setFeaturesCol(String column) {
    set(featuresCol, column);
    return this;
  }

  /**
   * Sets the prediction column (default {@code prediction}).
   *
   * @param column the new column's name
   * @return this model
   */
  public NetworkModel setPredictionCol(String column) {
    set(predictionCol, column);
    return this;
  }

  /**
   * Sets the probability column (default {@code probability}).
   *
   * @param column the new column's name
   * @return this model
   */
  public NetworkModel setProbabilityCol(String column) {
    set(probabilityCol, column);
    return this;
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    return DistributedInference.transform(
        dataset, network(), getOrDefault(featuresCol), getOrDefault(predictionCol), getOrDefault(probabilityCol));
  }

  @Override
  public StructType transformSchema(StructType schema) {
    return DistributedInference.outputSchema(
        schema, getOrDefault(featuresCol), getOrDefault(predictionCol), getOrDefault(probabilityCol));
  }

  @Override
  public NetworkModel copy(ParamMap extra) {
    NetworkModel copy = new NetworkModel(uid, modelFile, report);
    copyValues(copy, extra);
    if (hasParent()) {
      copy.setParent(parent());
    }
    return copy;
  }

  @Override
  public MLWriter write() {
    return new ModelPersistence.Writer(this);
  }

  /**
   * Spark ML's reader of saved models.
   *
   * @return a reader
   */
  public static MLReader<NetworkModel> read() {
    return new ModelPersistence.Reader();
  }

  /**
   * Loads a model saved with {@code write().save(path)}.
   *
   * @param path the folder, on any Hadoop file system
   * @return the model
   * @throws UncheckedIOException if it cannot be read
   */
  public static NetworkModel load(String path) {
    return read().load(path);
  }

  @Override
  public String toString() {
    return "NetworkModel(" + uid + ", " + network() + ")";
  }

  /** For the reader: the model of a saved file. */
  static NetworkModel restored(String uid, byte[] modelFile) throws IOException {
    Network.fromBytes(modelFile);
    return new NetworkModel(uid, modelFile, null);
  }
}
