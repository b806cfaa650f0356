package dev.nn4j.examples.classify;

import static dev.nn4j.activations.Activations.relu;
import static dev.nn4j.activations.Activations.softmax;
import static dev.nn4j.core.losses.Losses.categoricalCrossEntropy;
import static dev.nn4j.optim.Optimizers.adam;

import dev.nn4j.core.FitOptions;
import dev.nn4j.core.Network;
import dev.nn4j.core.Shape;
import dev.nn4j.core.data.Split;
import dev.nn4j.examples.Example;
import dev.nn4j.examples.TrainingOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * The shipped 8x8 digits of {@link DigitsExample}, seen as images {@code [1, 8, 8]} by a small convolutional
 * network: conv 3x3 16 ReLU (same padding), max pool 2, conv 3x3 32 ReLU (same padding), global average
 * pooling, dense 10 softmax; Adam. It runs in seconds.
 */
public final class DigitsCnnExample implements Example<Classification.Outcome> {
  /** The default seed. */
  public static final long SEED = 40;
  /** The default epochs. */
  public static final int EPOCHS = 60;
  /** The default batch size. */
  public static final int BATCH_SIZE = 32;
  /** The default learning rate of Adam. */
  public static final double LEARNING_RATE = 3e-3;

  private final TrainingOptions options;

  /**
   * The example.
   *
   * @param options epochs, batch size, learning rate and seed, where not the defaults
   */
  public DigitsCnnExample(TrainingOptions options) {
    this.options = options;
  }

  @Override
  public String name() {
    return "digits-cnn";
  }

  @Override
  public String description() {
    return "Handwritten 8x8 digits as images with a small convnet (shipped data)";
  }

  @Override
  public TrainingOptions trainingDefaults() {
    return TrainingOptions.of(EPOCHS, BATCH_SIZE, LEARNING_RATE, SEED);
  }

  @Override
  public boolean writesFiles() {
    return true;
  }

  @Override
  public Classification.Outcome run(PrintStream out, Path outputDirectory) throws IOException {
    out.println("== Digits as 8x8 images, with a convolutional network ==");
    long seed = options.seed(SEED);
    Split trainAndTest = DigitsExample.load().split(0.75, seed);
    Split trainAndValidation = trainAndTest.train().split(0.85, seed + 1);
    Network network =
        Network.builder()
            .input(Shape.of(1, 8, 8))
            .conv2d(16, 3, "same", relu())
            .maxPool2d(2)
            .conv2d(32, 3, "same", relu())
            .globalAvgPool2d()
            .dense(10, softmax())
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
        trainAndTest.validation(),
        FitOptions.builder().epochs(options.epochs(EPOCHS)).batchSize(options.batchSize(BATCH_SIZE)));
  }
}
