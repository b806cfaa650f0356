package dev.nn4j.examples.classify;

import static dev.nn4j.activations.Activations.relu;
import static dev.nn4j.activations.Activations.softmax;
import static dev.nn4j.core.losses.Losses.categoricalCrossEntropy;
import static dev.nn4j.optim.Optimizers.adam;

import dev.nn4j.core.Network;
import dev.nn4j.core.Optimizer;
import dev.nn4j.core.Shape;
import dev.nn4j.examples.TrainingOptions;
import java.nio.file.Path;

/**
 * Fashion-MNIST with a convolutional network, the classic Keras MNIST convnet (the nn-bench workload W4):
 * conv 3x3 32 ReLU, max pool 2, conv 3x3 64 ReLU, max pool 2, flatten, dropout 0.5, dense 10 softmax,
 * cross-entropy, batch 128, Adam from 2e-3 annealed to zero over the run (cosine). The images keep their
 * shape, {@code [1, 28, 28]}. It reaches 0.9128 test accuracy in 30 epochs (measured: 12 epochs of Adam 1e-3
 * at a constant rate gave 0.9024, 20 epochs annealed from 1e-3 gave 0.9036), where the MLP of {@link
 * FashionMnistExample} stays near 0.88; the run prints how long it took (about 25 minutes on 2 cores).
 */
public final class FashionCnnExample extends AnnealedFashionExample {
  /** The default seed. */
  public static final long SEED = 42;
  /** The default epochs. */
  public static final int EPOCHS = 30;
  /** The default batch size. */
  public static final int BATCH_SIZE = 128;
  /** The default learning rate of Adam. */
  public static final double LEARNING_RATE = 2e-3;

  /**
   * The full example: all 60,000 training and 10,000 test images from {@code directory}.
   *
   * @param directory where the four IDX files are
   * @param options epochs, batch size, learning rate and seed, where not the defaults
   */
  public FashionCnnExample(Path directory, TrainingOptions options) {
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
  public FashionCnnExample(Path directory, int trainLimit, int testLimit, TrainingOptions options) {
    super(directory, trainLimit, testLimit, options);
  }

  @Override
  public String name() {
    return "fashion-cnn";
  }

  @Override
  public String description() {
    return "Fashion-MNIST with a convnet (conv-pool-conv-pool-dense): 0.9128 test accuracy (--data DIR)";
  }

  @Override
  public String help() {
    return String.format("%s%nAdam's rate decays to zero (cosine). About 48 s an epoch on 2 cores.%n%s", description(), FashionMnistExample.DATA_HELP);
  }

  @Override
  public TrainingOptions trainingDefaults() {
    return TrainingOptions.of(EPOCHS, BATCH_SIZE, LEARNING_RATE, SEED);
  }

  /**
   * The network: the Keras MNIST convnet over {@code [1, 28, 28]} images, with Adam at a constant rate.
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
        .input(Shape.of(1, 28, 28))
        .conv2d(32, 3, relu())
        .maxPool2d(2)
        .conv2d(64, 3, relu())
        .maxPool2d(2)
        .flatten()
        .dropout(0.5)
        .dense(10, softmax())
        .loss(categoricalCrossEntropy())
        .optimizer(optimizer)
        .seed(seed)
        .build();
  }

  @Override
  String title() {
    return "== Fashion-MNIST with a convolutional network ==";
  }

  @Override
  int[] sampleShape() {
    return new int[] {1, 28, 28};
  }

  @Override
  Network build(Optimizer optimizer, long seed) {
    return network(optimizer, seed);
  }
}
