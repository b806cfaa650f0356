package dev.nn4j.spark;

import dev.nn4j.activations.Activations;
import dev.nn4j.core.FitOptions;
import dev.nn4j.core.Network;
import dev.nn4j.core.Trainer;
import dev.nn4j.core.data.DataSet;
import dev.nn4j.core.data.IdxReader;
import dev.nn4j.core.losses.Losses;
import dev.nn4j.core.math.Matrix;
import dev.nn4j.optim.Optimizers;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/**
 * The figures of nn-spark on this machine (not a test): W2 (784-128 ReLU-10 softmax, cross-entropy, SGD 0.1,
 * batch 64) on Fashion-MNIST through {@link DataParallelTrainer} on local[1] and local[2], and the plain
 * {@link Trainer} on the same steps in the same run: samples per second, the time per step outside gradient
 * computation, and the payload moved per step. Arguments: the data folder (default
 * ../shared/data/fashion-mnist), the steps (default 300), the global batch (default 64, W2's; a larger one
 * shows when distributing pays).
 *
 * <pre>
 * mvn -q -pl nn-spark -am test-compile -Djavadoc.skip
 * java $(SPARK_JVM_OPTIONS) -cp nn-spark/target/test-classes:nn-spark/target/classes:$(test class path) \
 *     dev.nn4j.spark.SparkW2Benchmark ../shared/data/fashion-mnist 300 64
 * </pre>
 */
public final class SparkW2Benchmark {
  private SparkW2Benchmark() {}

  /**
   * Runs the benchmark and prints one line per configuration.
   *
   * @param args the data folder and the number of steps, both optional
   * @throws Exception if the data cannot be read
   */
  public static void main(String[] args) throws Exception {
    Path folder = Path.of(args.length > 0 ? args[0] : "../shared/data/fashion-mnist");
    int steps = args.length > 1 ? Integer.parseInt(args[1]) : 300;
    int batch = args.length > 2 ? Integer.parseInt(args[2]) : 64;
    int samples = steps * batch;
    DataSet train =
        IdxReader.read(
            folder.resolve("train-images-idx3-ubyte.gz"),
            folder.resolve("train-labels-idx1-ubyte.gz"),
            IdxReader.FASHION_MNIST_CLASSES,
            samples);
    Matrix images = train.features();
    Matrix targets = train.labels();

    // The plain trainer: the same steps, in the same order.
    Network warm = w2();
    Trainer.of(warm, Optimizers.sgd(0.1)).fit(images, targets, FitOptions.builder().batchSize(batch).epochs(1).shuffle(true).build());
    Network plain = w2();
    long started = System.nanoTime();
    Trainer.of(plain, Optimizers.sgd(0.1)).fit(images, targets, FitOptions.builder().batchSize(batch).epochs(1).shuffle(true).build());
    double plainSeconds = (System.nanoTime() - started) / 1e9;
    System.out.printf(
        Locale.ROOT,
        "plain Trainer: %d steps of %d, %.0f samples/s, %.2f ms/step%n",
        steps,
        batch,
        samples / plainSeconds,
        plainSeconds * 1000 / steps);

    for (int threads : new int[] {1, 2}) {
      SparkSession spark = SparkFixtures.session("local[" + threads + "]");
      try {
        Dataset<Row> data = dataset(spark, images, targets, threads).cache();
        data.count();
        SparkTrainingOptions options = SparkTrainingOptions.builder().batchSize(batch).epochs(1).shuffle(true).build();
        DataParallelTrainer.of(Trainer.of(w2(), Optimizers.sgd(0.1)), options).fit(data);
        Network network = w2();
        TrainingReport report = DataParallelTrainer.of(Trainer.of(network, Optimizers.sgd(0.1)), options).fit(data);
        System.out.printf(
            Locale.ROOT,
            "nn-spark local[%d], %d partitions: %d steps, %.0f samples/s, %.2f ms/step, of which %.2f ms outside"
                + " gradients; %.0f bytes/step (model %d bytes); weights vs plain: %.1e relative%n",
            threads,
            report.partitions(),
            report.steps(),
            report.samplesPerSecond(),
            report.millisPerStep(),
            report.overheadMillisPerStep(),
            report.bytesPerStep(),
            8L * FlatParameters.size(network),
            SparkFixtures.relativeDifference(plain.stateDict(), network.stateDict()));
        data.unpersist();
      } finally {
        spark.stop();
      }
    }
  }

  private static Network w2() {
    return Network.builder()
        .input(784)
        .dense(128, Activations.relu())
        .dense(10, Activations.softmax())
        .loss(Losses.categoricalCrossEntropy())
        .seed(42)
        .build();
  }

  /**
   * The rows as a data set of {@code partitions} contiguous partitions, in order, made on the executors from
   * a broadcast of the images (as rows read from files are): a data set made from a list on the driver would
   * carry its rows in the description of its partitions, which Spark sends with every task.
   */
  private static Dataset<Row> dataset(SparkSession spark, Matrix images, Matrix targets, int partitions) {
    int n = images.rows();
    int width = images.cols();
    double[] labels = new double[n];
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < targets.cols(); k++) {
        if (targets.get(i, k) == 1.0) {
          labels[i] = k;
        }
      }
    }
    JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Broadcast<double[]> pixels = context.broadcast(images.data());
    Broadcast<double[]> classes = context.broadcast(labels);
    JavaRDD<Row> rows =
        context.parallelize(java.util.stream.IntStream.range(0, partitions).boxed().collect(java.util.stream.Collectors.toList()), partitions)
            .flatMap(
                p -> {
                  int from = (int) ((long) n * p / partitions);
                  int to = (int) ((long) n * (p + 1) / partitions);
                  List<Row> out = new ArrayList<>(to - from);
                  for (int i = from; i < to; i++) {
                    double[] row = java.util.Arrays.copyOfRange(pixels.value(), i * width, (i + 1) * width);
                    out.add(RowFactory.create(Vectors.dense(row), classes.value()[i]));
                  }
                  return out.iterator();
                });
    return spark.createDataFrame(rows, SparkFixtures.schema());
  }
}
