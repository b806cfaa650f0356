package dev.nn4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExamplesTest {
  private static final List<String> NAMES =
      List.of("tutorial", "neuron", "feedforward", "loss", "backprop", "training", "xor", "iris", "digits", "fashion-mnist",
          "digits-cnn", "fashion-cnn");

  @TempDir Path outputDirectory;

  private final CapturedOutput out = new CapturedOutput();
  private final CapturedOutput err = new CapturedOutput();

  private int run(String... args) {
    return Examples.run(args, out.stream(), err.stream());
  }

  @Test
  void registersTheTutorialAndEachOfItsSectionsInOrder() {
    assertThat(Examples.all()).extracting(Example::name).containsExactlyElementsOf(NAMES);
    assertThat(Examples.all()).allSatisfy(e -> assertThat(e.description()).isNotBlank().doesNotContain("\n"));
  }

  @Test
  void findsAnExampleByName() {
    assertThat(Examples.named("backprop")).get().extracting(Example::name).isEqualTo("backprop");
    assertThat(Examples.named("perceptron")).isEmpty();
  }

  @Test
  void runsTheWholeTutorialWithoutArguments() throws IOException {
    int status = run("--out", outputDirectory.toString());

    assertThat(status).isEqualTo(Examples.OK);
    assertThat(err.text()).isEmpty();
    String text = out.text();
    assertThat(text)
        .contains("0.9990889488055994")
        .contains("0.7216325609518421")
        .contains("= 0.5")
        .contains("h1 = 0.0474")
        .contains("o1 = 0.524")
        .contains("Epoch 0 loss: ")
        .contains("Epoch 990 loss: ")
        .contains("Emily: ")
        .contains("Frank: ");
    // The sections come in the tutorial's order.
    assertThat(text.indexOf("0.9990889488055994"))
        .isLessThan(text.indexOf("0.7216325609518421"))
        .isLessThan(text.indexOf("MSE("))
        .isLessThan(text.indexOf("dL/dw1 by backpropagation"))
        .isLessThan(text.indexOf("Epoch 0 loss"));
    Path chart = outputDirectory.resolve("tutorial-loss.png");
    assertThat(text).contains("Loss curve: " + chart);
    BufferedImage image = ImageIO.read(chart.toFile());
    assertThat(image.getWidth()).isEqualTo(LossChart.WIDTH);
  }

  @Test
  void runsOneExampleByName() {
    int status = run("neuron", "--out", outputDirectory.toString());

    assertThat(status).isEqualTo(Examples.OK);
    assertThat(out.text()).contains("0.9990889488055994").doesNotContain("0.7216325609518421");
    assertThat(err.text()).isEmpty();
  }

  @Test
  void createsTheOutputDirectory() throws IOException {
    Path nested = outputDirectory.resolve("charts").resolve("today");

    int status = run("--out=" + nested, "training");

    assertThat(status).isEqualTo(Examples.OK);
    assertThat(nested.resolve("tutorial-loss.png")).isRegularFile();
    assertThat(Files.size(nested.resolve("tutorial-loss.png"))).isPositive();
  }

  @Test
  void listsEveryExampleWithItsDescription() {
    int status = run("list");

    assertThat(status).isEqualTo(Examples.OK);
    String text = out.text();
    assertThat(text).startsWith("Usage: ");
    for (Example<?> example : Examples.all()) {
      assertThat(text)
          .containsPattern("(?m)^  " + example.name() + " +" + Pattern.quote(example.description()) + "$");
    }
    assertThat(err.text()).isEmpty();
  }

  @Test
  void helpListsTheExamplesToo() {
    assertThat(run("--help")).isEqualTo(Examples.OK);
    assertThat(out.text()).contains("training").contains("backprop");
  }

  @Test
  void helpNamesAnExamplesDefaultsAndTrainingOptionsAreChecked() {
    assertThat(run("help", "fashion-cnn")).isEqualTo(Examples.OK);
    assertThat(out.text()).contains("fashion-cnn: ").contains("--epochs 20 --batch-size 128 --learning-rate 0.001 --seed 42");

    assertThat(run("--epochs", "0", "digits-cnn")).isEqualTo(Examples.USAGE);
    assertThat(err.text()).contains("Expected a positive whole number after --epochs, got 0");
    assertThat(run("--learning-rate", "fast", "digits-cnn")).isEqualTo(Examples.USAGE);
    assertThat(err.text()).contains("Expected a number after --learning-rate, got 'fast'");
    assertThat(run("--epochs", "3", "neuron")).isEqualTo(Examples.USAGE);
    assertThat(err.text()).contains("Example 'neuron' does not train with the options").contains("digits-cnn, fashion-cnn");
  }

  @Test
  void trainingOptionsReachTheExample() {
    assertThat(run("--epochs", "2", "--batch-size", "64", "--learning-rate", "0.01", "--seed", "7", "--out",
        outputDirectory.toString(), "digits-cnn")).isEqualTo(Examples.OK);
    assertThat(out.text()).contains("Epoch 2/2").doesNotContain("Epoch 3/");
  }

  @Test
  void anUnknownNameFailsWithStatus2AndListsTheNames() {
    int status = run("perceptron", "--out", outputDirectory.toString());

    assertThat(status).isEqualTo(Examples.USAGE).isEqualTo(2);
    assertThat(out.text()).isEmpty();
    assertThat(err.text())
        .contains("Unknown example 'perceptron'")
        .contains(NAMES.stream().collect(Collectors.joining(", ")));
  }

  @Test
  void malformedCommandLinesFailWithStatus2() {
    assertThat(run("--out")).isEqualTo(Examples.USAGE);
    assertThat(err.text()).contains("Expected a directory after --out");

    assertThat(run("--verbose")).isEqualTo(Examples.USAGE);
    assertThat(err.text()).contains("Unknown option '--verbose'");

    assertThat(run("neuron", "loss", "--out", outputDirectory.toString())).isEqualTo(Examples.USAGE);
    assertThat(err.text()).contains("Expected at most one example name, got [neuron, loss]");
    assertThat(out.text()).isEmpty();
  }
}
