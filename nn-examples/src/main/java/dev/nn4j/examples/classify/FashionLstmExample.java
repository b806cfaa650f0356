package dev.nn4j.examples.classify;

import static dev.nn4j.activations.Activations.softmax;
import static dev.nn4j.core.losses.Losses.categoricalCrossEntropy;
import static dev.nn4j.optim.Optimizers.adam;

import dev.nn4j.core.Network;
import dev.nn4j.core.Optimizer;
import dev.nn4j.core.Shape;
import dev.nn4j.examples.TrainingOptions;
import java.nio.file.Path;

/**
 * Fashion-MNIST read as sequences, the nn-bench workload W5: each image is 28 steps (its rows) of 28
 * pixels, {@code [28, 28]}; an LSTM of 128 units reads them and its last output goes to dense 10 softmax,
 * cross-entropy, Adam 1e-3 annealed to zero over the run (cosine), batch 64. In its 10 epochs it reaches
 * 0.8882 test accuracy (6 epochs gave 0.8758); the run prints how long it took (753 s for training, testing
 * and serving on a shared 2-core machine, an epoch taking 60 to 120 s as the machine is loaded).
 */
public final class FashionLstmExample extends AnnealedFashionExample {
  /** The default seed. */
  public static final long SEED = 42;
  /** The default epochs. */
  public static final int EPOCHS = 10;
  /** The default batch size. */
  public static final int BATCH_SIZE = 64;
  /** The default learning rate of Adam. */
  public static final double LEARNING_RATE = 1e-3;

  /** The steps of a sequence: the rows of an image. */
  public static final int STEPS = 28;
  /** The features of a step: the pixels of a row. */
  public static final int PIXELS = 28;
  /** The units of the LSTM. */
  public static final int HIDDEN = 128;

  /**
   * The full example: all 60,000 training and 10,000 test images from {@code directory}.
   *
   * @param directory where the four IDX files are
   * @param options epochs, batch size, learning rate and seed, where not the defaults
   */
  public FashionLstmExample(Path directory, TrainingOptions options) {
    this(directory, Integer.MAX_VALUE, Integer.MAX_VALUE, options);
  }

  /**
   * The example on the first {@code trainLimit} training and {@code testLimit} test images (a quick run).
   *
   * @param directory where the four IDX files are
   * @param trainLimit the training images to read, at most
   * @param testLimit the test images to read, at most
   * @param options epochs, batch size, learning rate and seed, where not the defaults
   */
  public FashionLstmExample(Path directory, int trainLimit, int testLimit, TrainingOptions options) {
    super(directory, trainLimit, testLimit, options);
  }

  @Override
  public String name() {
    return "fashion-lstm";
  }

  @Override
  public String description() {
    return "Fashion-MNIST as 28 rows of 28 pixels read by an LSTM 128: above 0.87 test accuracy (--data DIR)";
  }

  @Override
  public String help() {
    return String.format("%s%nAdam's rate decays to zero (cosine). About 70 s an epoch on 2 cores: 10 epochs in about 13 minutes.%n%s", description(), FashionMnistExample.DATA_HELP);
  }

  @Override
  public TrainingOptions trainingDefaults() {
    return TrainingOptions.of(EPOCHS, BATCH_SIZE, LEARNING_RATE, SEED);
  }

  /**
   * The network: an LSTM 128 over {@code [28, 28]} sequences, its last output to dense 10 softmax, with
   * Adam at a constant rate.
   *
   * @param learningRate Adam's learning rate
   * @param seed the seed of the initial weights and the shuffling
   * @return the network
   */
  public static Network network(double learningRate, long seed) {
    return network(adam(learningRate), seed);
  }

  private static Network network(Optimizer optimizer, long seed) {
    return Network.builder()
        .input(Shape.of(STEPS, PIXELS))
        .lstm(HIDDEN, false)
        .dense(10, softmax())
        .loss(categoricalCrossEntropy())
        .optimizer(optimizer)
        .seed(seed)
        .build();
  }

  @Override
  String title() {
    return "== Fashion-MNIST read row by row by an LSTM ==";
  }

  @Override
  int[] sampleShape() {
    return new int[] {STEPS, PIXELS};
  }

  @Override
  Network build(Optimizer optimizer, long seed) {
    return network(optimizer, seed);
  }
}
