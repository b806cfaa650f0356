package dev.nn4j.examples.tutorial;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nn4j.examples.CapturedOutput;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NeuronSectionTest {
  @TempDir Path outputDirectory;

  @Test
  void reproducesTutorialNeuronOutput() {
    CapturedOutput out = new CapturedOutput();

    NeuronSection.Result result = new NeuronSection().run(out.stream(), outputDirectory);

    assertThat(result.output()).isEqualTo(0.9990889488055994);
    assertThat(out.text()).contains("\n0.9990889488055994\n").contains("w . x + b = 7.0");
  }
}
