package dev.nn4j.examples.classify;

import static dev.nn4j.activations.Activations.relu;
import static dev.nn4j.activations.Activations.softmax;
import static dev.nn4j.core.losses.Losses.categoricalCrossEntropy;
import static dev.nn4j.optim.Optimizers.adam;

import dev.nn4j.core.Network;
import dev.nn4j.core.data.DataSet;
import dev.nn4j.core.data.IdxReader;
import dev.nn4j.core.init.Initializers;
import dev.nn4j.core.math.Matrix;
import dev.nn4j.core.metrics.Metrics;
import dev.nn4j.examples.Example;
import dev.nn4j.examples.ExtraOption;
import dev.nn4j.examples.TrainingOptions;
import dev.nn4j.spark.NetworkEstimator;
import dev.nn4j.spark.NetworkModel;
import dev.nn4j.spark.TrainingReport;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.SparkConf;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Fashion-MNIST's 784-128-10 MLP trained on Apache Spark with nn-spark: the images become a Parquet data set
 * (a features column of Spark ML vectors and a label column) in the output folder, a {@link NetworkEstimator}
 * fits it synchronously and data-parallel (the same weights as one machine would give), the {@link
 * NetworkModel} predicts the test images on the executors, and it is saved and loaded with Spark ML's writer
 * and reader.
 *
 * <p>Spark runs on {@code local[*]} unless a master is given: {@code spark-submit --master URL} sets it, as
 * does {@code -Dspark.master=URL}. Spark is not in the examples jar (its scope is {@code provided}): run the
 * example with {@code spark-submit}, or with Spark's jars on the class path and the JVM options Spark needs
 * on Java 17.
 */
public final class SparkFashionExample implements Example<SparkFashionExample.Outcome> {
  /** The default seed. */
  public static final long SEED = 42;
  /** The default epochs. */
  public static final int EPOCHS = 3;
  /** The default global batch. */
  public static final int BATCH_SIZE = 64;
  /** The default learning rate of Adam. */
  public static final double LEARNING_RATE = 1e-3;
  /** The default number of partitions of the training data. */
  public static final int PARTITIONS = 4;

  private static final String PARTITIONS_OPTION = "--partitions";

  /**
   * What the example computed.
   *
   * @param trainSamples the training images
   * @param partitions the partitions they were trained in
   * @param testAccuracy the accuracy of the model's predictions on the test images, computed by Spark
   * @param loadedAccuracy the same, after saving and loading the model
   * @param report the fit's figures: samples per second, time outside gradients, bytes per step
   * @param modelPath the folder the model was saved to
   */
  public record Outcome(
      long trainSamples, int partitions, double testAccuracy, double loadedAccuracy, TrainingReport report, String modelPath) {}

  private final Path directory;
  private final int trainLimit;
  private final int testLimit;
  private final TrainingOptions options;
  private final int partitions;

  /**
   * The full example, reading the files from {@code directory}.
   *
   * @param directory where the four IDX files are
   * @param options epochs, batch size, learning rate and seed, where not the defaults
   */
  public SparkFashionExample(Path directory, TrainingOptions options) {
    this(directory, Integer.MAX_VALUE, Integer.MAX_VALUE, options, PARTITIONS);
  }

  /**
   * The example on the first {@code trainLimit} training and {@code testLimit} test images.
   *
   * @param directory where the four IDX files are
   * @param trainLimit the training images to read, at most
   * @param testLimit the test images to read, at most
   * @param options epochs, batch size, learning rate and seed, where not the defaults
   * @param partitions the partitions of the training data
   */
  public SparkFashionExample(Path directory, int trainLimit, int testLimit, TrainingOptions options, int partitions) {
    this.directory = directory;
    this.trainLimit = trainLimit;
    this.testLimit = testLimit;
    this.options = options;
    this.partitions = partitions;
  }

  @Override
  public String name() {
    return "spark-fashion";
  }

  @Override
  public String description() {
    return "Fashion-MNIST's MLP trained data-parallel on Apache Spark: local[*], or spark-submit --master URL";
  }

  @Override
  public String help() {
    return String.format(
        "%s%n%s%nSpark is not in the examples jar: run with spark-submit --class dev.nn4j.examples.Examples"
            + " nn-examples.jar spark-fashion [options]; a cluster needs --data and --out on a file system its"
            + " executors share.",
        description(),
        FashionMnistExample.DATA_HELP);
  }

  @Override
  public TrainingOptions trainingDefaults() {
    return TrainingOptions.of(EPOCHS, BATCH_SIZE, LEARNING_RATE, SEED);
  }

  @Override
  public Optional<Path> defaultDataDirectory() {
    return Optional.of(Path.of(FashionMnistExample.DEFAULT_DIRECTORY));
  }

  @Override
  public boolean writesFiles() {
    return true;
  }

  @Override
  public List<ExtraOption> extraOptions() {
    return List.of(ExtraOption.positiveInt(PARTITIONS_OPTION, PARTITIONS, "Partitions of the training data"));
  }

  @Override
  public Example<Outcome> withExtraOptions(Map<String, Object> values) {
    int given = (Integer) values.getOrDefault(PARTITIONS_OPTION, partitions);
    return new SparkFashionExample(directory, trainLimit, testLimit, options, given);
  }

  @Override
  public Outcome run(PrintStream out, Path outputDirectory) throws IOException {
    out.println("== Fashion-MNIST on Apache Spark: synchronous data-parallel training ==");
    List<Path> files = FashionMnistExample.files(directory);
    requireSpark();
    SparkConf conf = new SparkConf().setAppName("nn4j spark-fashion");
    if (!conf.contains("spark.master")) {
      conf.setMaster("local[*]");
    }
    SparkSession spark = SparkSession.builder().config(conf).getOrCreate();
    try {
      out.println("Spark " + spark.version() + " on " + spark.sparkContext().master());
      Dataset<Row> train = parquet(spark, IdxReader.read(files.get(0), files.get(1), IdxReader.FASHION_MNIST_CLASSES, trainLimit),
          outputDirectory.resolve("fashion-train.parquet")).repartition(partitions).cache();
      Dataset<Row> test = parquet(spark, IdxReader.read(files.get(2), files.get(3), IdxReader.FASHION_MNIST_CLASSES, testLimit),
          outputDirectory.resolve("fashion-test.parquet"));
      long trainSamples = train.count();
      out.printf("Training on %d images in %d partitions%n", trainSamples, train.rdd().getNumPartitions());

      long seed = options.seed(SEED);
      Network network =
          Network.builder()
              .input(784)
              .dense(128, relu())
              .dense(10, softmax())
              .weightInit(Initializers.heNormal())
              .loss(categoricalCrossEntropy())
              .seed(seed)
              .build();
      NetworkEstimator estimator =
          NetworkEstimator.of(network, adam(options.learningRate(LEARNING_RATE)))
              .setEpochs(options.epochs(EPOCHS))
              .setBatchSize(options.batchSize(BATCH_SIZE));
      NetworkModel model = estimator.fit(train);
      TrainingReport report = model.trainingReport().orElseThrow();
      out.printf(
          "Trained %d steps: %.0f samples/s, %.1f ms a step of which %.1f ms outside computing gradients, %.0f KB moved"
              + " a step%n",
          report.steps(),
          report.samplesPerSecond(),
          report.millisPerStep(),
          report.overheadMillisPerStep(),
          report.bytesPerStep() / 1024);
      for (int epoch = 0; epoch < report.epochLosses().size(); epoch++) {
        out.printf("  epoch %d: loss %.4f%n", epoch + 1, report.epochLosses().get(epoch));
      }
      double accuracy = accuracy(model.transform(test));
      out.printf("Test accuracy (predicted on the executors): %.4f%n", accuracy);

      String modelPath = outputDirectory.resolve("spark-fashion-model").toString();
      model.write().overwrite().save(modelPath);
      double loadedAccuracy = accuracy(NetworkModel.load(modelPath).transform(test));
      out.printf("Saved with Spark ML's writer to %s (the network in model.safetensors); loaded: accuracy %.4f%n", modelPath, loadedAccuracy);
      train.unpersist();
      return new Outcome(trainSamples, partitions, accuracy, loadedAccuracy, report, modelPath);
    } finally {
      spark.stop();
    }
  }

  /** Fails with how to run the example when Spark is not on the class path (the examples jar leaves it out). */
  private static void requireSpark() {
    try {
      Class.forName("org.apache.spark.sql.SparkSession", false, SparkFashionExample.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(
          "Spark is not on the class path: run this example with spark-submit --class dev.nn4j.examples.Examples"
              + " nn-examples.jar spark-fashion (Spark 4, Scala 2.13), or put Spark's jars on the class path",
          e);
    }
  }

  /** The fraction of rows whose prediction is their label, computed by Spark. */
  private static double accuracy(Dataset<Row> predicted) {
    Row counts =
        predicted
            .agg(
                functions.count(functions.lit(1)),
                functions.sum(functions.when(functions.col("prediction").equalTo(functions.col("label")), 1).otherwise(0)))
            .first();
    return (double) counts.getLong(1) / counts.getLong(0);
  }

  /**
   * Rows written to Parquet per Spark job: a data frame made from a driver list ships its rows inside the task,
   * and a cluster refuses tasks above {@code spark.rpc.message.maxSize} (128 MiB by default; 60,000 images are
   * 195 MB), so the images go out in slices of about 31 MB. Local mode has no such limit.
   */
  private static final int ROWS_PER_WRITE = 5_000;

  /**
   * Writes the images as a Parquet data set (features, label) and reads it back: the example then trains from
   * files, as a real job does, not from rows held by the driver.
   */
  private static Dataset<Row> parquet(SparkSession spark, DataSet images, Path path) {
    Matrix features = images.features();
    Matrix labels = images.labels();
    StructType schema =
        new StructType().add("features", SQLDataTypes.VectorType(), false).add("label", DataTypes.DoubleType, false);
    for (int from = 0; from < features.rows(); from += ROWS_PER_WRITE) {
      int to = Math.min(features.rows(), from + ROWS_PER_WRITE);
      List<Row> rows = new ArrayList<>(to - from);
      for (int i = from; i < to; i++) {
        rows.add(RowFactory.create(Vectors.dense(features.row(i)), (double) Metrics.argmax(labels, i)));
      }
      spark.createDataFrame(rows, schema)
          .write()
          .mode(from == 0 ? SaveMode.Overwrite : SaveMode.Append)
          .parquet(path.toString());
    }
    return spark.read().parquet(path.toString());
  }
}
