package dev.nn4j.examples.classify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nn4j.core.data.DataSet;
import dev.nn4j.examples.CapturedOutput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The iris and digits examples end to end, on the data shipped in the examples jar. */
class SmallClassifiersTest {
  @TempDir Path outputDirectory;

  @Test
  void shippedDataSetsHaveTheirKnownShapes() throws IOException {
    DataSet iris = IrisExample.load();
    assertThat(iris.size()).isEqualTo(150);
    assertThat(iris.features().cols()).isEqualTo(4);
    assertThat(iris.labels().cols()).isEqualTo(3);
    assertThat(iris.classNames()).containsExactly("setosa", "versicolor", "virginica");
    DataSet digits = DigitsExample.load();
    assertThat(digits.size()).isEqualTo(1797);
    assertThat(digits.features().cols()).isEqualTo(64);
    assertThat(digits.labels().cols()).isEqualTo(10);
    assertThat(java.util.Arrays.stream(digits.features().data()).allMatch(v -> v >= 0 && v <= 1)).isTrue();
  }

  @Test
  void irisReachesAtLeast90PercentOnItsTestFlowers() throws IOException {
    CapturedOutput out = new CapturedOutput();
    Classification.Outcome outcome = new IrisExample().run(out.stream(), outputDirectory);
    assertThat(outcome.testAccuracy()).isGreaterThanOrEqualTo(0.9);
    assertThat(outcome.servedAccuracy()).isEqualTo(outcome.testAccuracy());
    assertThat(outcome.confusion().total()).isEqualTo(30);
    assertThat(outcome.confusion().accuracy()).isEqualTo(outcome.testAccuracy());
    assertThat(out.text()).contains(String.format("Test accuracy: %.4f", outcome.testAccuracy())).contains("virginica");
    assertThat(outcome.history().names()).contains("loss", "accuracy", "val_loss", "val_accuracy");
    assertThat(Files.size(outcome.chart())).isPositive();
  }

  @Test
  void digitsReachesAtLeast96PercentOnItsTestImages() throws IOException {
    CapturedOutput out = new CapturedOutput();
    Classification.Outcome outcome = new DigitsExample().run(out.stream(), outputDirectory);
    assertThat(outcome.testAccuracy()).isGreaterThanOrEqualTo(0.96);
    assertThat(outcome.servedAccuracy()).isEqualTo(outcome.testAccuracy());
    assertThat(out.text()).containsPattern("Served one sample at a time by network.predictor\\(\\) \\(kernel java\\): test accuracy "
        + String.format("%.4f", outcome.testAccuracy()).replace(".", "\\.") + ", \\d+\\.\\d µs per answer");
    assertThat(outcome.confusion().total()).isEqualTo(449);
    assertThat(out.text()).contains(String.format("Test accuracy: %.4f", outcome.testAccuracy()));
    assertThat(Files.size(outcome.chart())).isPositive();
  }

  @Test
  void digitsCnnReachesAtLeast96PercentOnItsTestImages() throws IOException {
    CapturedOutput out = new CapturedOutput();
    Classification.Outcome outcome = new DigitsCnnExample(dev.nn4j.examples.TrainingOptions.DEFAULTS).run(out.stream(), outputDirectory);
    assertThat(outcome.testAccuracy()).isGreaterThanOrEqualTo(0.96);
    assertThat(outcome.servedAccuracy()).isEqualTo(outcome.testAccuracy());
    assertThat(outcome.confusion().total()).isEqualTo(449);
    assertThat(out.text()).contains("conv2d").contains(String.format("Test accuracy: %.4f", outcome.testAccuracy()));
  }
}
