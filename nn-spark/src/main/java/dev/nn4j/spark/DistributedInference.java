package dev.nn4j.spark;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.nn4j.core.Network;
import dev.nn4j.core.Predictor;
import dev.nn4j.core.io.ModelFormatException;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Predictions of a network for every row of a data set, computed where the rows are: the model file goes to
 * the executors once (a broadcast of its bytes), each executor JVM rebuilds the network once and shares its
 * {@link Predictor} among its task threads (a predictor is thread-safe), and each partition serves its rows
 * through it.
 *
 * <p>Two columns are added: the probability (or output) vector of each row, and the prediction: the class of
 * the largest output, or, for a network with one output, that output itself (the probability of class 1 for
 * a yes/no classifier, the value for a regression).
 */
public final class DistributedInference {
  private static final int NETWORKS_KEPT = 4;
  /**
   * The predictors of this JVM, by transform: one network per model per executor. Keyed by an id made for each
   * transform, not by the broadcast's id, which a new Spark context in the same JVM numbers from 0 again.
   */
  private static final Map<String, Predictor> predictors =
      new LinkedHashMap<>(8, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Predictor> eldest) {
          return size() > NETWORKS_KEPT;
        }
      };

  /** The networks this JVM has built for inference, for the tests: one per transform, whatever its tasks. */
  private static final java.util.concurrent.atomic.AtomicLong networksBuilt = new java.util.concurrent.atomic.AtomicLong();

  private DistributedInference() {}

  /**
   * The schema of {@link #transform}'s result: {@code schema} with a double column {@code predictionColumn}
   * and a vector column {@code probabilityColumn} added.
   *
   * @param schema the input's schema
   * @param featuresColumn the column of Spark ML vectors to predict from
   * @param predictionColumn the new prediction column
   * @param probabilityColumn the new probability column
   * @return the output schema
   * @throws IllegalArgumentException if the features column is missing or not of vectors, or an output column
   *     exists already
   */
  public static StructType outputSchema(
      StructType schema, String featuresColumn, String predictionColumn, String probabilityColumn) {
    List<String> names = Arrays.asList(schema.fieldNames());
    checkArgument(
        names.contains(featuresColumn), "The data set has no features column '%s'; its columns are %s", featuresColumn, names);
    checkArgument(
        schema.apply(featuresColumn).dataType().equals(SQLDataTypes.VectorType()),
        "Column '%s' (the features) has type %s: expected Spark ML vectors",
        featuresColumn,
        schema.apply(featuresColumn).dataType().simpleString());
    for (String output : List.of(predictionColumn, probabilityColumn)) {
      checkArgument(!names.contains(output), "The data set has a column '%s' already: choose another output column", output);
    }
    return schema
        .add(predictionColumn, DataTypes.DoubleType, false)
        .add(probabilityColumn, SQLDataTypes.VectorType(), false);
  }

  /**
   * Adds the prediction and probability columns to {@code data}, lazily: the broadcast happens now, the
   * predictions when an action runs.
   *
   * @param data the rows; the features column holds vectors of the network's input size
   * @param network the network (its model file is what is broadcast)
   * @param featuresColumn the column of Spark ML vectors
   * @param predictionColumn the new prediction column
   * @param probabilityColumn the new probability column
   * @return the data set with the two columns
   * @throws IllegalArgumentException as {@link #outputSchema}; a row whose vector has the wrong size or a value
   *     that is not finite fails its task with a message naming the column, partition and row
   */
  public static Dataset<Row> transform(
      Dataset<?> data, Network network, String featuresColumn, String predictionColumn, String probabilityColumn) {
    checkNotNull(data, "data");
    checkNotNull(network, "network");
    Dataset<Row> rows = data.toDF();
    StructType schema = outputSchema(rows.schema(), featuresColumn, predictionColumn, probabilityColumn);
    JavaSparkContext spark = JavaSparkContext.fromSparkContext(rows.sparkSession().sparkContext());
    Broadcast<byte[]> model = spark.broadcast(network.toBytes());
    int featuresIndex = rows.schema().fieldIndex(featuresColumn);
    String key = java.util.UUID.randomUUID().toString();
    return rows.mapPartitions(new Serve(key, model, featuresIndex, featuresColumn), Encoders.row(schema));
  }

  /** The predictor of the model in {@code model}, made once per JVM for the transform {@code key}. */
  static Predictor predictor(String key, Broadcast<byte[]> model) {
    synchronized (predictors) {
      Predictor predictor = predictors.get(key);
      if (predictor == null) {
        try {
          predictor = Network.fromBytes(model.value()).predictor();
        } catch (ModelFormatException e) {
          throw new IllegalStateException("The broadcast model could not be read on this executor: " + e.getMessage(), e);
        }
        predictors.put(key, predictor);
        networksBuilt.incrementAndGet();
      }
      return predictor;
    }
  }

  /** One partition's rows, each with its prediction and probabilities appended. */
  private static final class Serve implements MapPartitionsFunction<Row, Row>, Serializable {
    private static final long serialVersionUID = 1L;
    private final String key;
    private final Broadcast<byte[]> model;
    private final int featuresIndex;
    private final String featuresColumn;

    Serve(String key, Broadcast<byte[]> model, int featuresIndex, String featuresColumn) {
      this.key = key;
      this.model = model;
      this.featuresIndex = featuresIndex;
      this.featuresColumn = featuresColumn;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
      Predictor predictor = predictor(key, model);
      TaskContext context = TaskContext.get();
      int partition = context == null ? 0 : context.partitionId();
      return new Iterator<>() {
        private int index;

        @Override
        public boolean hasNext() {
          return rows.hasNext();
        }

        @Override
        public Row next() {
          Row row = rows.next();
          double[] output =
              predictor.predict(
                  Shards.featureVector(row, featuresIndex, featuresColumn, predictor.inputSize(), partition, index++));
          Object[] values = new Object[row.length() + 2];
          for (int i = 0; i < row.length(); i++) {
            values[i] = row.get(i);
          }
          values[row.length()] = prediction(output);
          values[row.length() + 1] = Vectors.dense(output);
          return RowFactory.create(values);
        }
      };
    }
  }

  /** The class of the largest output (the first of equals), or the one output itself. */
  static double prediction(double[] output) {
    if (output.length == 1) {
      return output[0];
    }
    int best = 0;
    for (int k = 1; k < output.length; k++) {
      if (output[k] > output[best]) {
        best = k;
      }
    }
    return best;
  }

  /** For tests: the number of networks this JVM has built for inference so far. */
  static long networksBuilt() {
    return networksBuilt.get();
  }
}
