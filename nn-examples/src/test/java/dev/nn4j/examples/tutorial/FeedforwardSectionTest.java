package dev.nn4j.examples.tutorial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.nn4j.examples.CapturedOutput;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeedforwardSectionTest {
  @TempDir Path outputDirectory;

  @Test
  void reproducesTutorialFeedforwardOutput() {
    CapturedOutput out = new CapturedOutput();

    FeedforwardSection.Result result = new FeedforwardSection().run(out.stream(), outputDirectory);

    assertThat(result.o1()).isEqualTo(0.7216325609518421);
    assertThat(result.h1()).isCloseTo(0.9526, within(5e-5));
    assertThat(result.h2()).isEqualTo(result.h1());
    assertThat(out.text())
        .contains("h1 = 0.9526, h2 = 0.9526")
        .contains("\n0.7216325609518421\n");
  }
}
