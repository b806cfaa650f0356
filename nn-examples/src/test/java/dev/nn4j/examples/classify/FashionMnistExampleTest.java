package dev.nn4j.examples.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nn4j.examples.CapturedOutput;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Fashion-MNIST example on a slice of the data. The files are not part of the project: the test looks
 * for them where Debian installs them and in the shared data beside the checkout, and is skipped, saying
 * how to get them, where neither exists.
 */
class FashionMnistExampleTest {
  @TempDir Path outputDirectory;

  static Optional<Path> dataDirectory() {
    return Stream.of(
            Path.of(FashionMnistExample.DEFAULT_DIRECTORY),
            Path.of("../shared/data/fashion-mnist"),
            Path.of("../../shared/data/fashion-mnist"))
        .filter(d -> Files.isRegularFile(d.resolve("train-images-idx3-ubyte.gz")))
        .findFirst();
  }

  @Test
  void learnsFromASliceWellAboveChance() throws IOException {
    Optional<Path> directory = dataDirectory();
    Assumptions.assumeTrue(
        directory.isPresent(),
        "Fashion-MNIST not found in /usr/share/datasets/fashion-mnist or ../shared/data/fashion-mnist:"
            + " install Debian's dataset-fashion-mnist package to run this test");
    CapturedOutput out = new CapturedOutput();
    // 6,000 training images (5,400 trained on), 2,000 test images, 3 epochs: a working network gets
    // about 0.8; chance is 0.1, and a network whose backward pass or update is broken stays far below 0.6.
    Classification.Outcome outcome = new FashionMnistExample(directory.get(), 6_000, 2_000, 3).run(out.stream(), outputDirectory);
    assertThat(outcome.testAccuracy()).isGreaterThan(0.75);
    assertThat(outcome.servedAccuracy()).isEqualTo(outcome.testAccuracy());
    assertThat(outcome.confusion().total()).isEqualTo(2_000);
    assertThat(outcome.history().get("val_accuracy").get(2)).isGreaterThan(0.75);
    assertThat(out.text()).contains("Ankle boot").contains("Test accuracy");
    assertThat(Files.size(outcome.chart())).isPositive();
  }

  @Test
  void missingFilesAreReportedWithHowToGetThem() {
    assertThatThrownBy(() -> new FashionMnistExample(outputDirectory.resolve("nowhere")).run(new CapturedOutput().stream(), outputDirectory))
        .isInstanceOf(FileNotFoundException.class)
        .hasMessageContaining("train-images-idx3-ubyte.gz")
        .hasMessageContaining("apt-get install dataset-fashion-mnist")
        .hasMessageContaining("--data DIR");
  }
}
