package dev.nn4j.examples.classify;

import static org.assertj.core.api.Assertions.assertThat;

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
 * The Fashion-MNIST LSTM example on a slice of the data (found as {@link FashionMnistExampleTest} finds it,
 * skipped saying how to get it where it is absent).
 */
class FashionLstmExampleTest {
  @TempDir Path outputDirectory;

  @Test
  void readsImagesAsRowsAndLearnsFromASliceWellAboveChance() throws IOException {
    Optional<Path> directory = FashionMnistExampleTest.dataDirectory();
    Assumptions.assumeTrue(
        directory.isPresent(),
        "Fashion-MNIST not found in /usr/share/datasets/fashion-mnist or ../shared/data/fashion-mnist:"
            + " install Debian's dataset-fashion-mnist package to run this test");
    CapturedOutput out = new CapturedOutput();
    // 2,000 training images (1,800 trained on), 500 test images, 2 epochs: chance is 0.1.
    Classification.Outcome outcome =
        new FashionLstmExample(directory.get(), 2_000, 500, TrainingOptions.of(2, 64, 3e-3, 42)).run(out.stream(), outputDirectory);
    assertThat(outcome.testAccuracy()).isGreaterThan(MIN_ACCURACY);
    assertThat(outcome.servedAccuracy()).isEqualTo(outcome.testAccuracy());
    assertThat(outcome.confusion().total()).isEqualTo(500);
    assertThat(out.text())
        .contains("layers.0 (lstm)                    (None, 128)")
        .contains("Input: [28, 28] (784 values per sample)")
        .contains("Test accuracy")
        .containsPattern("Training, testing and serving took \\d+ s");
    assertThat(Files.size(outcome.chart())).isPositive();
  }

  private static final double MIN_ACCURACY = 0.5;
}
