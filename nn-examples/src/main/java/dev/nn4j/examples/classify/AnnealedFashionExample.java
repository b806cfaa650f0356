package dev.nn4j.examples.classify;

import dev.nn4j.core.Network;
import dev.nn4j.core.Optimizer;
import dev.nn4j.core.data.DataSet;
import dev.nn4j.core.data.IdxReader;
import dev.nn4j.examples.Example;
import dev.nn4j.examples.TrainingOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * An example that trains a network long on Fashion-MNIST, its images given the sample shape the network
 * reads, with Adam annealed to zero over the run ({@link Classification#runAnnealed}): what fashion-cnn and
 * fashion-lstm share, so that each says only its network, its shape and its words.
 */
abstract class AnnealedFashionExample implements Example<Classification.Outcome> {
  private final Path directory;
  private final int trainLimit;
  private final int testLimit;
  private final TrainingOptions options;

  AnnealedFashionExample(Path directory, int trainLimit, int testLimit, TrainingOptions options) {
    this.directory = directory;
    this.trainLimit = trainLimit;
    this.testLimit = testLimit;
    this.options = options;
  }

  /** The line the run begins with. */
  abstract String title();

  /** The shape each image is read as. */
  abstract int[] sampleShape();

  /** The network, with the run's optimizer and seed. */
  abstract Network build(Optimizer optimizer, long seed);

  @Override
  public Optional<Path> defaultDataDirectory() {
    return Optional.of(Path.of(FashionMnistExample.DEFAULT_DIRECTORY));
  }

  @Override
  public boolean writesFiles() {
    return true;
  }

  @Override
  public Classification.Outcome run(PrintStream out, Path outputDirectory) throws IOException {
    out.println(title());
    List<Path> files = FashionMnistExample.files(directory);
    out.println("Reading " + directory);
    DataSet train = IdxReader.read(files.get(0), files.get(1), IdxReader.FASHION_MNIST_CLASSES, trainLimit)
        .withSampleShape(sampleShape());
    DataSet test = IdxReader.read(files.get(2), files.get(3), IdxReader.FASHION_MNIST_CLASSES, testLimit)
        .withSampleShape(sampleShape());
    return Classification.runAnnealed(out, outputDirectory, name(), train, test, options, trainingDefaults(), this::build);
  }
}
