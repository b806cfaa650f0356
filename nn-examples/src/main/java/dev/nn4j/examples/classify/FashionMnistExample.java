package dev.nn4j.examples.classify;

import static dev.nn4j.activations.Activations.relu;
import static dev.nn4j.activations.Activations.softmax;
import static dev.nn4j.core.losses.Losses.categoricalCrossEntropy;
import static dev.nn4j.optim.Optimizers.adam;

import dev.nn4j.core.FitOptions;
import dev.nn4j.core.Network;
import dev.nn4j.core.data.DataSet;
import dev.nn4j.core.data.IdxReader;
import dev.nn4j.core.data.Split;
import dev.nn4j.core.init.Initializers;
import dev.nn4j.examples.Example;
import dev.nn4j.examples.TrainingOptions;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Fashion-MNIST: 70,000 grey 28x28 images of ten kinds of clothing. A 784-128-10 MLP (ReLU, softmax,
 * cross-entropy, Adam) reaches 0.8849 test accuracy in fifteen epochs.
 *
 * <p>The images are read from IDX files ({@code train-images-idx3-ubyte.gz} and the like) in a directory
 * given with {@code --data}, by default {@value #DEFAULT_DIRECTORY}, where Debian's {@code
 * dataset-fashion-mnist} package puts them.
 */
public final class FashionMnistExample implements Example<Classification.Outcome> {
  /** Where Debian's {@code dataset-fashion-mnist} package installs the files. */
  public static final String DEFAULT_DIRECTORY = "/usr/share/datasets/fashion-mnist";

  /** What the help of the examples that read Fashion-MNIST says of {@code --data}. */
  static final String DATA_HELP =
      "--data DIR is the folder of Fashion-MNIST's four *-ubyte.gz files; on Debian or Ubuntu,"
          + " `sudo apt-get install dataset-fashion-mnist` puts them in " + DEFAULT_DIRECTORY + ".";

  /** The default seed. */
  public static final long SEED = 42;
  /** The default epochs. */
  public static final int EPOCHS = 15;
  /** The default batch size. */
  public static final int BATCH_SIZE = 64;
  /** The default learning rate of Adam. */
  public static final double LEARNING_RATE = 1e-3;

  private final Path directory;
  private final int trainLimit;
  private final int testLimit;
  private final TrainingOptions options;

  /** The full example: all 60,000 training and 10,000 test images from {@link #DEFAULT_DIRECTORY}, 15 epochs. */
  public FashionMnistExample() {
    this(Path.of(DEFAULT_DIRECTORY));
  }

  /**
   * The full example, reading the files from {@code directory}.
   *
   * @param directory where the four IDX files are
   */
  public FashionMnistExample(Path directory) {
    this(directory, TrainingOptions.DEFAULTS);
  }

  /**
   * The full example, reading the files from {@code directory}.
   *
   * @param directory where the four IDX files are
   * @param options epochs, batch size, learning rate and seed, where not the defaults
   */
  public FashionMnistExample(Path directory, TrainingOptions options) {
    this(directory, Integer.MAX_VALUE, Integer.MAX_VALUE, options);
  }

  /**
   * The example on the first {@code trainLimit} training and {@code testLimit} test images, for {@code
   * epochs} epochs (a quick run, or a test on a slice).
   *
   * @param directory where the four IDX files are
   * @param trainLimit the training images to read, at most
   * @param testLimit the test images to read, at most
   * @param epochs the epochs to train
   */
  public FashionMnistExample(Path directory, int trainLimit, int testLimit, int epochs) {
    this(directory, trainLimit, testLimit,
        new TrainingOptions(OptionalInt.of(epochs), OptionalInt.empty(), OptionalDouble.empty(), OptionalLong.empty()));
  }

  /**
   * The example on the first {@code trainLimit} training and {@code testLimit} test images.
   *
   * @param directory where the four IDX files are
   * @param trainLimit the training images to read, at most
   * @param testLimit the test images to read, at most
   * @param options epochs, batch size, learning rate and seed, where not the defaults
   */
  public FashionMnistExample(Path directory, int trainLimit, int testLimit, TrainingOptions options) {
    this.directory = directory;
    this.trainLimit = trainLimit;
    this.testLimit = testLimit;
    this.options = options;
  }

  @Override
  public String name() {
    return "fashion-mnist";
  }

  @Override
  public String description() {
    return "Fashion-MNIST clothing images: a 784-128-10 MLP, 0.8849 test accuracy (--data DIR)";
  }

  @Override
  public String help() {
    return String.format("%s%n%s", description(), DATA_HELP);
  }

  @Override
  public TrainingOptions trainingDefaults() {
    return TrainingOptions.of(EPOCHS, BATCH_SIZE, LEARNING_RATE, SEED);
  }

  @Override
  public Optional<Path> defaultDataDirectory() {
    return Optional.of(Path.of(DEFAULT_DIRECTORY));
  }

  @Override
  public boolean writesFiles() {
    return true;
  }

  /** The files of Fashion-MNIST in {@code directory}, or an exception that says how to get them. */
  static List<Path> files(Path directory) throws FileNotFoundException {
    List<Path> files =
        List.of(
            directory.resolve("train-images-idx3-ubyte.gz"),
            directory.resolve("train-labels-idx1-ubyte.gz"),
            directory.resolve("t10k-images-idx3-ubyte.gz"),
            directory.resolve("t10k-labels-idx1-ubyte.gz"));
    for (Path file : files) {
      if (!Files.isRegularFile(file)) {
        throw new FileNotFoundException(
            "Fashion-MNIST not found: "
                + file
                + " is missing. On Debian or Ubuntu, `sudo apt-get install dataset-fashion-mnist` puts the files in "
                + DEFAULT_DIRECTORY
                + "; or download the four *-ubyte.gz files of github.com/zalandoresearch/fashion-mnist into a"
                + " directory and pass it with --data DIR.");
      }
    }
    return files;
  }

  @Override
  public Classification.Outcome run(PrintStream out, Path outputDirectory) throws IOException {
    out.println("== Fashion-MNIST: ten kinds of clothing from 28x28 images ==");
    List<Path> files = files(directory);
    out.println("Reading " + directory);
    DataSet train = IdxReader.read(files.get(0), files.get(1), IdxReader.FASHION_MNIST_CLASSES, trainLimit);
    DataSet test = IdxReader.read(files.get(2), files.get(3), IdxReader.FASHION_MNIST_CLASSES, testLimit);
    long seed = options.seed(SEED);
    Split trainAndValidation = train.split(0.9, seed);
    Network network =
        Network.builder()
            .input(784)
            .dense(128, relu())
            .dense(10, softmax())
            .weightInit(Initializers.heNormal())
            .loss(categoricalCrossEntropy())
            .optimizer(adam(options.learningRate(LEARNING_RATE)))
            .seed(seed)
            .build();
    return Classification.run(
        out,
        outputDirectory,
        name(),
        network,
        trainAndValidation.train(),
        trainAndValidation.validation(),
        test,
        FitOptions.builder().epochs(options.epochs(EPOCHS)).batchSize(options.batchSize(BATCH_SIZE)));
  }
}
