package dev.nn4j.examples.classify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nn4j.core.Network;
import dev.nn4j.examples.CapturedOutput;
import dev.nn4j.examples.TrainingOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The spark-fashion example on a slice of Fashion-MNIST, on local Spark: it learns, its predictions on the
 * executors give the accuracy, and the saved model loads with the same accuracy. Skipped where the data set
 * is not found, as the other Fashion-MNIST tests are.
 */
class SparkFashionExampleTest {
  @TempDir Path outputDirectory;

  @Test
  void trainsOnSparkPredictsOnTheExecutorsAndSavesTheModel() throws IOException {
    Optional<Path> directory = FashionMnistExampleTest.dataDirectory();
    Assumptions.assumeTrue(directory.isPresent(), "Fashion-MNIST not found: see FashionMnistExampleTest");
    System.setProperty("spark.master", "local[2]");
    try {
      CapturedOutput out = new CapturedOutput();
      // 2,000 training images in 3 partitions, 2 epochs of batches of 64: about 0.78 on 500 test images;
      // chance is 0.1, and a broken gradient or averaging stays far below 0.6.
      SparkFashionExample.Outcome outcome =
          new SparkFashionExample(directory.get(), 2_000, 500, TrainingOptions.of(2, 64, 2e-3, 42), 3)
              .run(out.stream(), outputDirectory);
      assertThat(outcome.trainSamples()).isEqualTo(2_000);
      assertThat(outcome.report().partitions()).isEqualTo(3);
      assertThat(outcome.report().steps()).isEqualTo(2 * 32);
      assertThat(outcome.report().epochLosses().get(1)).isLessThan(outcome.report().epochLosses().get(0));
      assertThat(outcome.testAccuracy()).isGreaterThan(0.65);
      assertThat(outcome.loadedAccuracy()).isEqualTo(outcome.testAccuracy());
      Path modelFile = Path.of(outcome.modelPath()).resolve("model.safetensors");
      assertThat(Network.load(modelFile).inputSize()).isEqualTo(784);
      assertThat(Files.isDirectory(outputDirectory.resolve("fashion-train.parquet"))).isTrue();
      assertThat(out.text()).contains("local[2]").contains("Test accuracy (predicted on the executors)");
    } finally {
      System.clearProperty("spark.master");
    }
  }
}
