package dev.nn4j.examples.tutorial;

import static dev.nn4j.activations.Activations.sigmoid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.nn4j.core.Network;
import dev.nn4j.core.init.Initializers;
import dev.nn4j.core.losses.Losses;
import dev.nn4j.examples.CapturedOutput;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackpropSectionTest {
  @TempDir Path outputDirectory;

  private final CapturedOutput out = new CapturedOutput();
  private BackpropSection.Result result;

  @BeforeEach
  void runSection() {
    result = new BackpropSection().run(out.stream(), outputDirectory);
  }

  @Test
  void reproducesTutorialFeedforwardForAlice() {
    assertThat(result.h1()).isCloseTo(0.0474, within(5e-5));
    assertThat(result.h2()).isEqualTo(result.h1());
    assertThat(result.o1()).isCloseTo(0.524, within(5e-4));
    assertThat(out.text()).contains("h1 = 0.0474, h2 = 0.0474, o1 = 0.524");
  }

  @Test
  void reproducesTutorialChainRuleFactors() {
    // Unrounded, dL/dy_pred = -2 (1 - 0.52370) = -0.95261: it prints as -0.953. The tutorial's -0.952
    // comes from y_pred rounded to 0.524 first, which the section shows too.
    assertThat(result.lossByPrediction()).isCloseTo(-0.953, within(5e-4));
    assertThat(result.roundedLossByPrediction()).isCloseTo(-0.952, within(5e-4));
    assertThat(result.predictionByH1()).isCloseTo(0.249, within(5e-4));
    assertThat(result.h1ByW1()).isCloseTo(-0.0904, within(5e-5));
    assertThat(out.text())
        .contains("= -0.953\n")
        .contains("= 0.249\n")
        .contains("= -0.0904\n")
        .contains("dL/dy_pred = -0.952");
  }

  @Test
  void backpropagationAgreesWithTheChainRule() {
    // Unrounded, dL/dw1 = 0.021470, printed 0.0215; the tutorial multiplies its rounded factors,
    // -0.952 * 0.249 * -0.0904 = 0.021429, and prints 0.0214.
    assertThat(result.lossByW1()).isCloseTo(0.0215, within(5e-5));
    assertThat(result.chainProduct()).isCloseTo(result.lossByW1(), within(1e-15));
    assertThat(result.roundedChainProduct()).isCloseTo(0.0214, within(5e-5));
    assertThat(out.text())
        .contains("dL/dw1 by backpropagation = 0.0215; product of the three factors = 0.0215")
        .contains("-0.952 * 0.249 * -0.0904 = 0.0214");
  }

  @Test
  void backpropagationAgreesWithFiniteDifferences() {
    double step = 1e-6;
    double slope = (lossWithW1(1 + step) - lossWithW1(1 - step)) / (2 * step);

    assertThat(result.lossByW1()).isCloseTo(slope, within(1e-9));
  }

  /** Alice's loss when w1 is {@code w1} and every other weight 1, every bias 0. */
  private static double lossWithW1(double w1) {
    Network network =
        Network.builder()
            .input(2)
            .dense(2, sigmoid(), Initializers.values(new double[][] {{w1, 1}, {1, 1}}, new double[] {0, 0}))
            .dense(1, sigmoid(), Initializers.constant(1, 0))
            .loss(Losses.mse())
            .build();
    return network.loss(
        new double[][] {BackpropSection.ALICE}, new double[][] {{BackpropSection.ALICE_GENDER}});
  }
}
