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
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

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

  /** The seed of the run. */
  public static final long SEED = 42;

  private final Path directory;
  private final int trainLimit;
  private final int testLimit;
  private final int epochs;

  /** The full example: all 60,000 training and 10,000 test images from {@link #DEFAULT_DIRECTORY}, 15 epochs. */
  public FashionMnistExample() {
    this(Path.of(DEFAULT_DIRECTORY));
  }

  /**
   * The full example, reading the files from another folder.
   *
   * @param directory the folder of the four IDX files
   */
  public FashionMnistExample(Path directory) {
    this(directory, Integer.MAX_VALUE, Integer.MAX_VALUE, 15);
  }

  /**
   * The example on the first {@code trainLimit} training and {@code testLimit} test images, for {@code
   * epochs} epochs (a quick run, or a test on a slice).
   *
   * @param directory the folder of the four IDX files
   * @param trainLimit how many training images to read at most
   * @param testLimit how many test images to read at most
   * @param epochs how many epochs to train
   */
  public FashionMnistExample(Path directory, int trainLimit, int testLimit, int epochs) {
    this.directory = directory;
    this.trainLimit = trainLimit;
    this.testLimit = testLimit;
    this.epochs = epochs;
  }

  @Override
  public String name() {
    return "fashion-mnist";
  }

  @Override
  public String description() {
    return "Fashion-MNIST clothing images: a 784-128-10 MLP, 0.8849 test accuracy (--data DIR)";
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
    Split trainAndValidation = train.split(0.9, SEED);
    Network network =
        Network.builder()
            .input(784)
            .dense(128, relu())
            .dense(10, softmax())
            .weightInit(Initializers.heNormal())
            .loss(categoricalCrossEntropy())
            .optimizer(adam(0.001))
            .seed(SEED)
            .build();
    return Classification.run(
        out,
        outputDirectory,
        name(),
        network,
        trainAndValidation.train(),
        trainAndValidation.validation(),
        test,
        FitOptions.builder().epochs(epochs).batchSize(64));
  }
}
