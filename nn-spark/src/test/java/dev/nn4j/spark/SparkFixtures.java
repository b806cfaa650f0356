package dev.nn4j.spark;

import dev.nn4j.activations.Activations;
import dev.nn4j.core.Network;
import dev.nn4j.core.StateDict;
import dev.nn4j.core.Tensor;
import dev.nn4j.core.losses.Losses;
import dev.nn4j.core.math.Matrix;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** Small networks, small data sets and local Spark sessions for the tests. */
final class SparkFixtures {
  static final int FEATURES = 4;
  static final int CLASSES = 3;

  private SparkFixtures() {}

  /** A local session; one per test class (a JVM holds one Spark context at a time). */
  static SparkSession session(String master) {
    return SparkSession.builder()
        .master(master)
        .appName("nn-spark-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.driver.host", "127.0.0.1")
        .getOrCreate();
  }

  /** 4 inputs, 8 tanh, 3 softmax outputs with cross-entropy; no optimizer (sessions are given one). */
  static Network network(long seed) {
    return Network.builder()
        .input(FEATURES)
        .dense(8, Activations.tanh())
        .dense(CLASSES, Activations.softmax())
        .loss(Losses.categoricalCrossEntropy())
        .seed(seed)
        .build();
  }

  /** {@code n} samples: Gaussian features, the class from their sign pattern. */
  static double[][] features(int n, long seed) {
    Random random = new Random(seed);
    double[][] x = new double[n][FEATURES];
    for (double[] row : x) {
      for (int j = 0; j < FEATURES; j++) {
        row[j] = random.nextGaussian();
      }
    }
    return x;
  }

  static int[] labels(double[][] x) {
    int[] labels = new int[x.length];
    for (int i = 0; i < x.length; i++) {
      labels[i] = x[i][0] + 0.5 * x[i][1] > 0.3 ? 0 : (x[i][2] > 0 ? 1 : 2);
    }
    return labels;
  }

  static StructType schema() {
    return new StructType()
        .add("features", SQLDataTypes.VectorType(), false)
        .add("label", DataTypes.DoubleType, false);
  }

  /** The samples as a data set of {@code partitions} partitions, in order: partition by partition, row by row. */
  static Dataset<Row> dataset(SparkSession spark, double[][] x, int[] labels, int partitions) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < x.length; i++) {
      rows.add(RowFactory.create(Vectors.dense(x[i]), (double) labels[i]));
    }
    JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
    return spark.createDataFrame(context.parallelize(rows, partitions), schema());
  }

  static Matrix one(double[][] x) {
    return Matrix.of(x);
  }

  /** The largest difference between two state dicts, relative to the largest magnitude of the first. */
  static double relativeDifference(StateDict expected, StateDict actual) {
    double largest = 0;
    double difference = 0;
    for (String name : expected.names()) {
      Tensor e = expected.get(name);
      Tensor a = actual.get(name);
      for (int k = 0; k < e.size(); k++) {
        largest = Math.max(largest, Math.abs(e.get(k)));
        difference = Math.max(difference, Math.abs(e.get(k) - a.get(k)));
      }
    }
    return difference / largest;
  }
}
