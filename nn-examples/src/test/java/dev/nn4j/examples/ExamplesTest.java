package dev.nn4j.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The examples' command line: its subcommands, help, version, messages and exit statuses. */
class ExamplesTest {
  private static final List<String> NAMES =
      List.of("tutorial", "neuron", "feedforward", "loss", "backprop", "training", "xor", "iris", "digits", "fashion-mnist",
          "digits-cnn", "fashion-cnn", "fashion-lstm", "char-lstm", "spark-fashion");

  private static final String TOP_LEVEL_HINT =
      "Run 'java -jar nn-examples.jar --help' to list the examples, 'java -jar nn-examples.jar NAME --help' for one"
          + " example's options.\n";

  private static final String IRIS_HELP = """
      Usage: java -jar nn-examples.jar iris [-h] [--epochs=N] [--batch-size=N]
                                            [--learning-rate=X] [--seed=S] [--out=DIR]
      Iris species from 4 measurements: a 4-8-3 softmax classifier, 0.9333 test
      accuracy (shipped data)
      Options:
            --epochs=N          Epochs to train (default: 200).
            --batch-size=N      Samples per step (default: 16).
            --learning-rate=X   Learning rate of the optimizer (default: 0.01).
            --seed=S            Seed of the split, the initial weights and the
                                  shuffling (default: 40).
            --out=DIR           Folder for the charts, created when needed (default:
                                  nn4j-output).
        -h, --help              Show this help message and exit.
      """;

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
  void runsTheWholeTutorialByName() throws IOException {
    int status = run("tutorial", "--out", outputDirectory.toString());

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
  void withoutANameRunsTheTutorialIntoTheDefaultOutputFolder() {
    int status = run();

    assertThat(status).isEqualTo(Examples.OK);
    assertThat(out.text())
        .startsWith("== ")
        .contains("0.9990889488055994")
        .contains("Emily: ")
        .contains("Loss curve: " + Examples.DEFAULT_OUTPUT_DIRECTORY.resolve("tutorial-loss.png"));
    assertThat(Examples.DEFAULT_OUTPUT_DIRECTORY.resolve("tutorial-loss.png")).isRegularFile();
  }

  @Test
  void runsOneExampleByName() {
    int status = run("neuron");

    assertThat(status).isEqualTo(Examples.OK);
    assertThat(out.text()).contains("0.9990889488055994").doesNotContain("0.7216325609518421");
    assertThat(err.text()).isEmpty();
  }

  @Test
  void irisRunsThroughTheCommandLineAndPrintsItsResult() {
    int status = run("iris", "--seed", "40", "--out=" + outputDirectory);

    assertThat(status).isEqualTo(Examples.OK);
    assertThat(out.text())
        .contains("== Iris: three species from four measurements ==")
        .containsPattern("Test accuracy: 0\\.\\d{4}\n")
        .contains("Training curves saved to " + outputDirectory.resolve("iris-training.png"));
    assertThat(outputDirectory.resolve("iris-training.png")).isRegularFile();
    assertThat(err.text()).doesNotContain("Exception");
  }

  @Test
  void createsTheOutputDirectory() throws IOException {
    Path nested = outputDirectory.resolve("charts").resolve("today");

    int status = run("training", "--out=" + nested);

    assertThat(status).isEqualTo(Examples.OK);
    assertThat(nested.resolve("tutorial-loss.png")).isRegularFile();
    assertThat(Files.size(nested.resolve("tutorial-loss.png"))).isPositive();
  }

  @Test
  void helpListsEveryExampleWithItsDescription() {
    int status = run("--help");

    assertThat(status).isEqualTo(Examples.OK);
    String text = out.text();
    assertThat(text).startsWith("""
        Usage: java -jar nn-examples.jar [-hV] [NAME [OPTIONS]]
        Runs the examples of nn4j: without NAME, the whole tutorial walk-through
        ('tutorial').
        'help NAME' or 'NAME --help' shows the options of one example and their
        defaults.
        Options:
          -h, --help      Show this help message and exit.
          -V, --version   Print version information and exit.
        Examples:
        """);
    assertThat(text).endsWith("""
          help           Display help information about the specified command.
        Exit status: 0 on success, 1 if the example failed, 2 for a command line that
        cannot be run.
        """);
    // Each example on its own line, its description wrapped to 80 columns.
    String oneLine = text.replaceAll("\n {19}", " ");
    for (Example<?> example : Examples.all()) {
      assertThat(oneLine).containsPattern("(?m)^  " + example.name() + " +\\Q" + example.description() + "\\E$");
    }
    assertThat(text.lines()).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(80));
    assertThat(err.text()).isEmpty();
  }

  @Test
  void listPrintsWhatHelpPrints() {
    assertThat(run("--help")).isEqualTo(Examples.OK);
    String help = out.text();

    assertThat(run("list")).isEqualTo(Examples.OK);
    assertThat(out.text()).isEqualTo(help + help);
  }

  @Test
  void helpNameAndNameHelpShowTheExamplesOptionsWithItsDefaults() {
    assertThat(run("help", "iris")).isEqualTo(Examples.OK);
    assertThat(out.text()).isEqualTo(IRIS_HELP);

    assertThat(run("iris", "--help")).isEqualTo(Examples.OK);
    assertThat(out.text()).isEqualTo(IRIS_HELP + IRIS_HELP);
    assertThat(err.text()).isEmpty();
  }

  @Test
  void anExampleOffersOnlyTheOptionsItTakes() {
    assertThat(run("neuron", "--help")).isEqualTo(Examples.OK);
    assertThat(out.text()).isEqualTo("""
        Usage: java -jar nn-examples.jar neuron [-h]
        Section 1: one neuron, w=[0,1], b=4, sigmoid, fed x=[2,3]
        Options:
          -h, --help   Show this help message and exit.
        """);

    assertThat(run("help", "fashion-cnn")).isEqualTo(Examples.OK);
    assertThat(out.text())
        .contains("Adam's rate decays to zero (cosine). About 48 s an epoch on 2 cores.")
        .contains("--epochs=N          Epochs to train (default: 30).")
        .contains("--batch-size=N      Samples per step (default: 128).")
        .contains("--learning-rate=X   Learning rate of the optimizer (default: 0.002).")
        .contains("(default: 42)")
        .contains("--data=DIR          Folder of the data set (default:\n")
        .contains("/usr/share/datasets/fashion-mnist).");

    assertThat(run("help", "fashion-lstm")).isEqualTo(Examples.OK);
    assertThat(out.text())
        .contains("Fashion-MNIST as 28 rows of 28 pixels read by an LSTM 128: above 0.87 test\naccuracy")
        .contains("About 70 s an epoch on 2 cores: 10 epochs\nin about 13 minutes.")
        .contains("--epochs=N          Epochs to train (default: 10).")
        .contains("--batch-size=N      Samples per step (default: 64).");

    assertThat(run("help", "char-lstm")).isEqualTo(Examples.OK);
    assertThat(out.text())
        .contains("char-lstm [-h] [--epochs=N] [--batch-size=N]\n       [--learning-rate=X] [--seed=S] [--temperature=X] [--length=N]\n")
        .contains("The Devil's Dictionary\n(1911), public domain")
        .contains("--temperature=X     Sampling temperature: below 1 safer, above 1 wilder\n                            (default: 0.8).")
        .contains("--length=N          Characters to sample after training (default: 400).");
  }

  @Test
  void charLstmTakesItsSamplingOptionsAndRefusesBadOnes() {
    assertThat(run("char-lstm", "--temperature", "0")).isEqualTo(Examples.USAGE);
    assertThat(err.text()).contains("--temperature");
  }

  @Test
  void versionIsTheOneMavenBuilt() {
    assertThat(run("--version")).isEqualTo(Examples.OK);
    assertThat(out.text()).matches("nn-examples \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\n");
    assertThat(err.text()).isEmpty();
  }

  @Test
  void aMistypedNameSuggestsTheClosestAndFailsWithStatus2() {
    int status = run("fashon-cnn");

    assertThat(status).isEqualTo(Examples.USAGE).isEqualTo(2);
    assertThat(out.text()).isEmpty();
    assertThat(err.text()).isEqualTo(
        "Unknown example 'fashon-cnn'; did you mean 'fashion-cnn'? The examples are: " + String.join(", ", NAMES) + ".\n"
            + TOP_LEVEL_HINT);
  }

  @Test
  void anUnknownNameWithNothingCloseListsTheNames() {
    assertThat(run("perceptron")).isEqualTo(Examples.USAGE);
    assertThat(err.text()).startsWith("Unknown example 'perceptron'. The examples are: " + String.join(", ", NAMES) + ".\n");

    assertThat(run("help", "percepton")).isEqualTo(Examples.USAGE);
    assertThat(err.text()).contains("Unknown example 'percepton'. The examples are: ");
  }

  @Test
  void trainingOptionsAreCheckedInTheUsersWords() {
    assertThat(run("digits-cnn", "--epochs", "0")).isEqualTo(Examples.USAGE);
    assertThat(err.text()).isEqualTo("""
        Expected a positive whole number after --epochs, got 0
        Run 'java -jar nn-examples.jar digits-cnn --help' for its options.
        """);
    assertThat(run("iris", "--batch-size", "many")).isEqualTo(Examples.USAGE);
    assertThat(err.text()).contains("Expected a positive whole number after --batch-size, got 'many'\n");
    assertThat(run("digits-cnn", "--learning-rate", "fast")).isEqualTo(Examples.USAGE);
    assertThat(err.text()).contains("Expected a number after --learning-rate, got 'fast'\n");
    assertThat(run("xor", "--learning-rate", "-0.5")).isEqualTo(Examples.USAGE);
    assertThat(err.text()).contains("Expected a positive number after --learning-rate, got -0.5\n");
    assertThat(run("xor", "--seed", "7.5")).isEqualTo(Examples.USAGE);
    assertThat(err.text()).contains("Expected a whole number after --seed, got '7.5'\n");
    assertThat(out.text()).isEmpty();
  }

  @Test
  void anOptionTheExampleDoesNotTakeNamesTheExamplesThatDo() {
    assertThat(run("neuron", "--epochs", "3")).isEqualTo(Examples.USAGE);
    assertThat(err.text()).isEqualTo("""
        Example 'neuron' does not take --epochs; these do: xor, iris, digits, fashion-mnist, digits-cnn, fashion-cnn, fashion-lstm, char-lstm, spark-fashion
        Run 'java -jar nn-examples.jar neuron --help' for its options.
        """);
  }

  @Test
  void trainingOptionsReachTheExample() {
    assertThat(run("digits-cnn", "--epochs", "2", "--batch-size", "64", "--learning-rate", "0.01", "--seed", "7", "--out",
        outputDirectory.toString())).isEqualTo(Examples.OK);
    assertThat(out.text()).contains("Epoch 2/2").doesNotContain("Epoch 3/").contains("adam(learningRate=0.01");
  }

  @Test
  void anOutputFolderThatIsAFileIsOneLineAndStatus2() throws IOException {
    Path file = Files.writeString(outputDirectory.resolve("charts"), "not a folder");

    assertThat(run("xor", "--out", file.toString())).isEqualTo(Examples.USAGE);
    assertThat(err.text()).isEqualTo(
        "Cannot write to the output folder " + file + ": " + file + " is a file, not a folder; choose another with --out DIR\n");
    assertThat(out.text()).isEmpty();

    Path below = file.resolve("today");
    assertThat(run("xor", "--out", below.toString())).isEqualTo(Examples.USAGE);
    assertThat(err.text()).endsWith(
        "Cannot write to the output folder " + below + ": " + below + ": Not a directory; choose another with --out DIR\n");
  }

  @Test
  void anOutputFolderWithoutWritePermissionIsOneLineAndStatus2() throws IOException {
    Path locked = Files.createDirectory(outputDirectory.resolve("locked"));
    Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("r-xr-xr-x"));
    try {
      assumeFalse(Files.isWritable(locked), "running as root, which may write into a read-only folder");

      assertThat(run("xor", "--out", locked.toString())).isEqualTo(Examples.USAGE);
      assertThat(err.text()).isEqualTo("Cannot write to the output folder " + locked
          + ": it is not writable (no permission, or a read-only file system); choose another with --out DIR\n");
      Path inside = locked.resolve("charts");
      assertThat(run("xor", "--out", inside.toString())).isEqualTo(Examples.USAGE);
      assertThat(err.text()).endsWith(
          "Cannot write to the output folder " + inside + ": permission denied on " + inside + "; choose another with --out DIR\n");
      assertThat(out.text()).isEmpty();
    } finally {
      Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
  }

  @Test
  void aMissingDataFolderIsOneLineAndStatus2() throws IOException {
    Path nowhere = outputDirectory.resolve("nowhere");

    assertThat(run("fashion-cnn", "--data", nowhere.toString(), "--out", outputDirectory.toString()))
        .isEqualTo(Examples.USAGE);
    assertThat(err.text()).isEqualTo("Data folder not found: " + nowhere
        + "; give the folder that holds the data with --data DIR ('fashion-cnn --help' says which files)\n");
    assertThat(out.text()).isEmpty();
    Path file = outputDirectory.resolve("fashion.zip");
    java.nio.file.Files.writeString(file, "not a folder");
    assertThat(run("fashion-mnist", "--data", file.toString())).isEqualTo(Examples.USAGE);
    assertThat(err.text()).endsWith("Data folder " + file + " is a file, not a folder; give the folder that holds the data"
        + " with --data DIR ('fashion-mnist --help' says which files)\n");
  }

  @Test
  void malformedCommandLinesFailWithStatus2() {
    assertThat(run("training", "--out")).isEqualTo(Examples.USAGE);
    assertThat(err.text()).startsWith("Missing required parameter for option '--out' (DIR)\n");

    assertThat(run("--verbose")).isEqualTo(Examples.USAGE);
    assertThat(err.text()).contains("Unknown option '--verbose'.\n" + TOP_LEVEL_HINT);

    assertThat(run("iris", "--lerning-rate", "0.1")).isEqualTo(Examples.USAGE);
    assertThat(err.text()).contains("Unknown option '--lerning-rate' for example 'iris'; did you mean '--learning-rate'?");

    assertThat(run("neuron", "loss")).isEqualTo(Examples.USAGE);
    assertThat(err.text()).contains("Expected at most one example name, got [neuron, loss]\n");

    // Options came before the name in the first command line of the examples.
    assertThat(run("--out", "charts", "training")).isEqualTo(Examples.USAGE);
    assertThat(err.text()).contains("Options come after the example's name: 'java -jar nn-examples.jar training --out charts'\n");
    assertThat(out.text()).isEmpty();
  }
}
