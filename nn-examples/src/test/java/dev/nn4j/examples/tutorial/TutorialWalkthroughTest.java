package dev.nn4j.examples.tutorial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.nn4j.examples.CapturedOutput;
import dev.nn4j.examples.Example;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TutorialWalkthroughTest {
  @TempDir Path outputDirectory;

  @Test
  void hasTheSectionsInTheTutorialsOrder() {
    assertThat(new TutorialWalkthrough().sections())
        .extracting(Example::name)
        .containsExactly("neuron", "feedforward", "loss", "backprop", "training");
  }

  @Test
  void runsEverySectionAndReturnsTheirResults() throws IOException {
    CapturedOutput out = new CapturedOutput();

    TutorialWalkthrough.Result result = new TutorialWalkthrough().run(out.stream(), outputDirectory);

    assertThat(result.neuron().output()).isEqualTo(0.9990889488055994);
    assertThat(result.feedforward().o1()).isEqualTo(0.7216325609518421);
    assertThat(result.loss().mse()).isEqualTo(0.5);
    assertThat(result.backprop().lossByW1()).isCloseTo(result.backprop().chainProduct(), within(1e-15));
    assertThat(result.training().emily()).isGreaterThan(0.9);
    assertThat(result.training().frank()).isLessThan(0.1);
    String text = out.text();
    assertThat(text.indexOf("== 1.")).isLessThan(text.indexOf("== 2.")).isLessThan(text.indexOf("== 3."));
    assertThat(text.indexOf("== 3.")).isLessThan(text.indexOf("backpropagation of dL/dw1"));
    assertThat(text.indexOf("backpropagation of dL/dw1"))
        .isLessThan(text.indexOf("stochastic gradient descent =="));
  }
}
