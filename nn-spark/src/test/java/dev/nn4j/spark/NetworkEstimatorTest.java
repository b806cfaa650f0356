package dev.nn4j.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.nn4j.core.FitOptions;
import dev.nn4j.core.Network;
import dev.nn4j.core.Trainer;
import dev.nn4j.optim.Optimizers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Spark ML estimator and model: fit trains as single-machine training does; transform adds the network's
 * predictions, computed on the executors; the model saves and loads with Spark ML's writer and reader, alone
 * and in a pipeline, its network in nn4j's model file.
 */
class NetworkEstimatorTest {
  private static SparkSession spark;
  private static double[][] x;
  private static int[] labels;
  private static Dataset<Row> data;

  @TempDir Path folder;

  @BeforeAll
  static void start() {
    spark = SparkFixtures.session("local[2]");
    x = SparkFixtures.features(120, 21);
    labels = SparkFixtures.labels(x);
    data = SparkFixtures.dataset(spark, x, labels, 3);
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  private static NetworkEstimator estimator() {
    return NetworkEstimator.of(SparkFixtures.network(5), Optimizers.adam(0.02)).setBatchSize(16).setEpochs(6);
  }

  @Test
  void fitTrainsAsSingleMachineTrainingAndLeavesTheGivenNetworkAlone() {
    Network given = SparkFixtures.network(5);
    NetworkModel model = NetworkEstimator.of(given, Optimizers.adam(0.02)).setBatchSize(16).setEpochs(6).fit(data);

    Network single = SparkFixtures.network(5);
    Trainer.of(single, Optimizers.adam(0.02))
        .fit(SparkFixtures.one(x), single.targets(labels), FitOptions.builder().epochs(6).batchSize(16).build());
    assertThat(SparkFixtures.relativeDifference(single.stateDict(), model.network().stateDict())).isLessThan(1e-12);
    assertThat(given.stateDict()).isEqualTo(SparkFixtures.network(5).stateDict());
    assertThat(model.trainingReport().orElseThrow().steps()).isEqualTo(6 * 8);
    assertThat(model.parent()).isNotNull();
  }

  @Test
  void transformAddsThePredictionsOfTheTrainedNetwork() {
    NetworkModel model = estimator().setPredictionCol("predicted").fit(data);
    Network network = model.network();
    List<Row> rows = model.transform(data).orderBy(functions.monotonically_increasing_id()).collectAsList();
    assertThat(rows).hasSize(x.length);
    int correct = 0;
    for (int i = 0; i < rows.size(); i++) {
      Row row = rows.get(i);
      double[] expected = network.predict(x[i]);
      double[] probability = ((Vector) row.getAs("probability")).toArray();
      assertThat(probability).containsExactly(expected);
      assertThat(probability[0] + probability[1] + probability[2]).isCloseTo(1.0, within(1e-12));
      double prediction = row.getAs("predicted");
      assertThat(prediction).isEqualTo(DistributedInference.prediction(expected));
      correct += prediction == labels[i] ? 1 : 0;
    }
    assertThat(correct).as("training accuracy").isGreaterThan(100);
    assertThat(model.transformSchema(data.schema()).fieldNames())
        .containsExactly("features", "label", "predicted", "probability");
  }

  @Test
  void inferenceBuildsOneNetworkPerExecutorForAllItsTasks() {
    NetworkModel model = NetworkModel.of(SparkFixtures.network(9));
    Dataset<Row> eightPartitions = SparkFixtures.dataset(spark, x, labels, 8);
    assertThat(eightPartitions.rdd().getNumPartitions()).isEqualTo(8);
    long before = DistributedInference.networksBuilt();
    List<Row> rows = model.transform(eightPartitions).collectAsList();
    assertThat(rows).hasSize(x.length);
    // local[2]: one executor (this JVM) ran the 8 tasks, two at a time, and built the network once.
    assertThat(DistributedInference.networksBuilt() - before).isEqualTo(1);
  }

  @Test
  void savesAndLoadsWithSparkMlWriterAndReaderTheNetworkInNn4jsModelFile() throws Exception {
    NetworkModel model = estimator().setEpochs(1).fit(data).setProbabilityCol("p");
    String path = folder.resolve("model").toString();
    model.write().save(path);

    Path modelFile = folder.resolve("model").resolve("model.safetensors");
    assertThat(Files.readAllBytes(modelFile)).isEqualTo(model.modelFile());
    assertThat(Network.load(modelFile).stateDict()).isEqualTo(model.network().stateDict());
    assertThat(Files.readString(folder.resolve("model/metadata/part-00000")))
        .contains("\"class\":\"dev.nn4j.spark.NetworkModel\"", "\"probabilityCol\":\"p\"");

    NetworkModel loaded = NetworkModel.load(path);
    assertThat(loaded.uid()).isEqualTo(model.uid());
    assertThat(loaded.modelFile()).isEqualTo(model.modelFile());
    assertThat(loaded.getOrDefault(loaded.probabilityCol())).isEqualTo("p");
    assertThat(loaded.transform(data).select("p").collectAsList())
        .isEqualTo(model.transform(data).select("p").collectAsList());
  }

  @Test
  void fitsInAPipelineThatSavesAndLoads() throws Exception {
    Dataset<Row> columns =
        data.select(
            functions.col("label"),
            org.apache.spark.ml.functions.vector_to_array(functions.col("features"), "float64").as("v"))
            .selectExpr("label", "v[0] as a", "v[1] as b", "v[2] as c", "v[3] as d");
    VectorAssembler assembler = new VectorAssembler().setInputCols(new String[] {"a", "b", "c", "d"}).setOutputCol("features");
    Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {assembler, estimator().setEpochs(2)});
    PipelineModel fitted = pipeline.fit(columns);
    String path = folder.resolve("pipeline").toString();
    fitted.write().save(path);
    PipelineModel loaded = PipelineModel.load(path);
    assertThat(loaded.stages()[1]).isInstanceOf(NetworkModel.class);
    assertThat(loaded.transform(columns).select("prediction", "probability").collectAsList())
        .isEqualTo(fitted.transform(columns).select("prediction", "probability").collectAsList());
  }
}
