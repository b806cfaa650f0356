package dev.nn4j.examples.tutorial;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nn4j.examples.CapturedOutput;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LossSectionTest {
  @TempDir Path outputDirectory;

  @Test
  void reproducesTutorialMeanSquaredError() {
    CapturedOutput out = new CapturedOutput();

    LossSection.Result result = new LossSection().run(out.stream(), outputDirectory);

    assertThat(result.mse()).isEqualTo(0.5);
    assertThat(out.text()).contains("y_pred = [0.0, 0.0, 0.0, 0.0]) = 0.5\n");
  }
}
