package dev.nn4j.examples.classify;

import static dev.nn4j.activations.Activations.sigmoid;
import static dev.nn4j.activations.Activations.tanh;
import static dev.nn4j.core.losses.Losses.binaryCrossEntropy;
import static dev.nn4j.optim.Optimizers.sgd;

import dev.nn4j.core.FitOptions;
import dev.nn4j.core.History;
import dev.nn4j.core.Network;
import dev.nn4j.core.init.Initializers;
import dev.nn4j.core.math.Matrix;
import dev.nn4j.core.metrics.Metrics;
import dev.nn4j.examples.Example;
import dev.nn4j.examples.LossChart;
import dev.nn4j.examples.TrainingOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * XOR, the classic problem that no single neuron can solve: the two classes are not separable by a line,
 * so the network needs its hidden layer. A 2-4-1 network (tanh, then sigmoid) with binary cross-entropy
 * learns it exactly.
 */
public final class XorExample implements Example<XorExample.Result> {
  /** The seed of the run the tests check. */
  public static final long SEED = 7;
  /** The default epochs. */
  public static final int EPOCHS = 2000;
  /** The default batch size: all four cases. */
  public static final int BATCH_SIZE = 4;
  /** The default learning rate of SGD. */
  public static final double LEARNING_RATE = 0.5;

  private static final double[][] INPUTS = {{0, 0}, {0, 1}, {1, 0}, {1, 1}};
  private static final double[][] TARGETS = {{0}, {1}, {1}, {0}};

  /**
   * @param accuracy the fraction of the four cases answered right
   * @param predictions the network's output for each case
   * @param finalLoss the training loss of the last epoch
   * @param chart the PNG of the loss and accuracy curves
   */
  public record Result(double accuracy, double[] predictions, double finalLoss, Path chart) {}

  private final TrainingOptions options;

  /** The example with its defaults. */
  public XorExample() {
    this(TrainingOptions.DEFAULTS);
  }

  /**
   * The example with the given options.
   *
   * @param options epochs, batch size, learning rate and seed, where not the defaults
   */
  public XorExample(TrainingOptions options) {
    this.options = options;
  }

  @Override
  public String name() {
    return "xor";
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
  public String description() {
    return "XOR with a 2-4-1 network: the hidden layer makes it solvable (reaches 100%)";
  }

  @Override
  public Result run(PrintStream out, Path outputDirectory) throws IOException {
    out.println("== XOR: a problem a single neuron cannot solve ==");
    Network network =
        Network.builder()
            .input(2)
            .dense(4, tanh())
            .dense(1, sigmoid())
            .weightInit(Initializers.xavierUniform())
            .loss(binaryCrossEntropy())
            .optimizer(sgd(options.learningRate(LEARNING_RATE)))
            .seed(options.seed(SEED))
            .build();
    out.println(network.summary());
    History history =
        network.fit(
            INPUTS,
            TARGETS,
            FitOptions.builder()
                .epochs(options.epochs(EPOCHS))
                .batchSize(options.batchSize(BATCH_SIZE))
                .metrics(Metrics.accuracy()).build());
    double[] predictions = new double[INPUTS.length];
    for (int i = 0; i < INPUTS.length; i++) {
      predictions[i] = network.predict(INPUTS[i])[0];
      out.printf(
          "  %s xor %s -> %.3f (expected %d)%n",
          (int) INPUTS[i][0], (int) INPUTS[i][1], predictions[i], (int) TARGETS[i][0]);
    }
    double accuracy = Metrics.accuracy().value(network.predict(Matrix.of(INPUTS)), Matrix.of(TARGETS));
    out.printf("Accuracy: %.0f%% (%d of 4)%s%n", 100 * accuracy, Math.round(4 * accuracy), accuracy == 1.0 ? ": solved" : "");
    Path chart = LossChart.save(outputDirectory.resolve("xor-training.png"), "XOR", history);
    out.println("Training curves saved to " + chart);
    return new Result(accuracy, predictions, history.loss().get(history.epochs() - 1), chart);
  }
}
