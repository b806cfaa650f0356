package dev.nn4j.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nn4j.core.FitOptions;
import dev.nn4j.core.Network;
import dev.nn4j.core.StateDict;
import dev.nn4j.core.Trainer;
import dev.nn4j.optim.Optimizers;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Bad input fails before any weight changes, with a message naming the column, the partition and the row;
 * empty partitions are normal in Spark and contribute nothing.
 */
class BadInputTest {
  private static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = SparkFixtures.session("local[2]");
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  /** 12 good rows in 3 partitions, then row {@code badRow} of the data replaced by {@code bad}. */
  private static Dataset<Row> withRow(int badRow, Row bad, StructType schema) {
    double[][] x = SparkFixtures.features(12, 51);
    int[] labels = SparkFixtures.labels(x);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < x.length; i++) {
      rows.add(i == badRow ? bad : RowFactory.create(Vectors.dense(x[i]), (double) labels[i]));
    }
    return spark.createDataFrame(JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(rows, 3), schema);
  }

  /** Fits and expects an IllegalArgumentException with {@code message}; the weights must not have changed. */
  private static void rejects(Dataset<Row> data, String... message) {
    Network network = SparkFixtures.network(2);
    StateDict before = network.stateDict();
    Trainer session = Trainer.of(network, Optimizers.sgd(0.1));
    assertThatThrownBy(
            () -> DataParallelTrainer.of(session, SparkTrainingOptions.builder().batchSize(4).build()).fit(data))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContainingAll(message);
    assertThat(network.stateDict()).isEqualTo(before);
    assertThat(session.stepsTaken()).isZero();
  }

  @Test
  void aFeatureVectorOfTheWrongSizeNamesItsColumnPartitionAndRow() {
    rejects(
        withRow(6, RowFactory.create(Vectors.dense(1, 2, 3), 0.0), SparkFixtures.schema()),
        "Row 2 of partition 1: column 'features' has a vector of 3 values: expected 4");
  }

  @Test
  void aValueThatIsNotFiniteNamesItsPosition() {
    rejects(
        withRow(9, RowFactory.create(Vectors.dense(1, Double.NaN, 3, 4), 0.0), SparkFixtures.schema()),
        "Row 1 of partition 2: column 'features' has NaN at position 1: expected finite values");
  }

  @Test
  void aLabelThatIsNotAClassNamesTheClasses() {
    rejects(
        withRow(0, RowFactory.create(Vectors.dense(1, 2, 3, 4), 3.0), SparkFixtures.schema()),
        "Row 0 of partition 0: column 'label' is 3.0: expected a class index, a whole number from 0 to 2");
  }

  @Test
  void aLabelColumnOfTheWrongTypeIsRefusedBeforeAnyJob() {
    StructType schema =
        new StructType().add("features", SQLDataTypes.VectorType(), false).add("label", DataTypes.StringType, false);
    List<Row> rows = List.of(RowFactory.create(Vectors.dense(1, 2, 3, 4), "cat"));
    Dataset<Row> data = spark.createDataFrame(rows, schema);
    rejects(data, "Column 'label' (the label) has type string: expected a numeric class index", "StringIndexer");
    rejects(data.withColumnRenamed("label", "y"), "The data set has no label column 'label'; its columns are [features, y]");
    rejects(
        data.selectExpr("label as features", "label"),
        "Column 'features' (the features) has type string: expected Spark ML vectors");
  }

  @Test
  void emptyPartitionsContributeNothingAndAnEmptyDataSetIsAnError() {
    double[][] x = SparkFixtures.features(10, 61);
    int[] labels = SparkFixtures.labels(x);
    // 10 rows in 16 partitions: at least six are empty, and most steps find no rows in most partitions.
    Dataset<Row> sparse = SparkFixtures.dataset(spark, x, labels, 16);
    Network network = SparkFixtures.network(4);
    DataParallelTrainer.of(Trainer.of(network, Optimizers.adam(0.01)), SparkTrainingOptions.builder().batchSize(4).epochs(2).build())
        .fit(sparse);
    Network single = SparkFixtures.network(4);
    Trainer.of(single, Optimizers.adam(0.01))
        .fit(SparkFixtures.one(x), single.targets(labels), FitOptions.builder().batchSize(4).epochs(2).build());
    assertThat(SparkFixtures.relativeDifference(single.stateDict(), network.stateDict())).isLessThan(1e-12);

    rejects(sparse.filter("label > 5"), "The data set has no rows (16 partitions, all empty)");
  }

  @Test
  void aNetworkWithBuffersIsRefused() {
    Network normalized =
        Network.builder()
            .input(4)
            .dense(6, dev.nn4j.activations.Activations.relu())
            .batchNorm()
            .dense(3, dev.nn4j.activations.Activations.softmax())
            .loss(dev.nn4j.core.losses.Losses.categoricalCrossEntropy())
            .seed(1)
            .build();
    double[][] x = SparkFixtures.features(8, 1);
    assertThatThrownBy(
            () ->
                DataParallelTrainer.of(Trainer.of(normalized, Optimizers.sgd(0.1)), SparkTrainingOptions.builder().build())
                    .fit(SparkFixtures.dataset(spark, x, SparkFixtures.labels(x), 2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("running_mean")
        .hasMessageContaining("batch normalization");
  }

  @Test
  void shardsSpillToDiskRatherThanBeingComputedAgain() {
    Dataset<Row> data = withRow(0, RowFactory.create(Vectors.dense(1, 2, 3, 4), 0.0), SparkFixtures.schema());
    org.apache.spark.api.java.JavaRDD<Shard> shards =
        Shards.of(data, "features", "label", Shards.LabelKind.CLASS, SparkFixtures.FEATURES, SparkFixtures.CLASSES);
    try {
      assertThat(shards.getStorageLevel()).isEqualTo(org.apache.spark.storage.StorageLevel.MEMORY_AND_DISK());
      assertThat(shards.map(shard -> shard.rows).collect()).containsExactly(4, 4, 4);
    } finally {
      shards.unpersist(false);
    }
  }

  @Test
  void morePartitionsThanTheDriversResultSizeAllowsAreRefusedBeforeTraining() {
    long gigabyte = 1L << 30;
    DataParallelTrainer.checkResultSize(134, 1_000_000, gigabyte);
    DataParallelTrainer.checkResultSize(100_000, 1_000_000, 0);
    assertThatThrownBy(() -> DataParallelTrainer.checkResultSize(135, 1_000_000, gigabyte))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Each step collects a result of the model's size (1000000 parameters, 8000000 bytes) from each of the"
                + " data set's 135 partitions: 1080138240 bytes, more than spark.driver.maxResultSize=1073741824 bytes"
                + " allows. Coalesce the data set into fewer partitions (at most 134), or raise spark.driver.maxResultSize");
  }

  @Test
  void inferenceChecksFeatureRowsAsTrainingDoes() {
    Dataset<Row> data = withRow(6, RowFactory.create(Vectors.dense(1, 2, 3), 0.0), SparkFixtures.schema());
    assertThatThrownBy(
            () ->
                SparkErrors.unwrapped(
                    () ->
                        DistributedInference.transform(data, SparkFixtures.network(2), "features", "prediction", "probability")
                            .collectAsList()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Row 2 of partition 1: column 'features' has a vector of 3 values: expected 4 (the network's input size)");
  }

  @Test
  void aTargetVectorOfTheWrongSizeOrNotFiniteNamesItsColumnPartitionAndRow() {
    StructType schema =
        new StructType().add("features", SQLDataTypes.VectorType(), false).add("label", SQLDataTypes.VectorType(), false);
    Row good = RowFactory.create(Vectors.dense(1, 2, 3, 4), Vectors.dense(0, 1, 0));
    List<Row> rows = new ArrayList<>(java.util.Collections.nCopies(6, good));
    rows.set(4, RowFactory.create(Vectors.dense(1, 2, 3, 4), Vectors.dense(0, 1)));
    JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
    rejects(
        spark.createDataFrame(context.parallelize(rows, 2), schema),
        "Row 1 of partition 1: column 'label' has a vector of 2 targets: expected 3 (the network's output size)");
    rows.set(4, RowFactory.create(Vectors.dense(1, 2, 3, 4), Vectors.dense(0, Double.POSITIVE_INFINITY, 0)));
    rejects(
        spark.createDataFrame(context.parallelize(rows, 2), schema),
        "Row 1 of partition 1: column 'label' has Infinity at position 1: expected finite targets");
  }
}
