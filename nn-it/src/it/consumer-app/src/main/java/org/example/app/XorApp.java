package org.example.app;

import static dev.nn4j.activations.Activations.sigmoid;
import static dev.nn4j.core.losses.Losses.binaryCrossEntropy;
import static dev.nn4j.optim.Optimizers.adam;

import dev.nn4j.core.FitOptions;
import dev.nn4j.core.Network;
import dev.nn4j.core.init.Initializers;
import dev.nn4j.core.math.Matrix;
import dev.nn4j.core.metrics.Metrics;
import java.io.IOException;
import java.nio.file.Path;

/** A user's first nn4j program: train a network on XOR, save it, load it back and predict with both. */
public final class XorApp {
  /** The four XOR cases. */
  public static final double[][] INPUTS = {{0, 0}, {0, 1}, {1, 0}, {1, 1}};

  /** XOR of each case. */
  public static final double[][] TARGETS = {{0}, {1}, {1}, {0}};

  /**
   * What a run gives.
   *
   * @param trained the trained network's predictions of {@link #INPUTS}
   * @param loaded the predictions of the network loaded from the file
   * @param accuracy the loaded network's accuracy on XOR
   * @param parameterCount the loaded network's number of weights and biases
   */
  public record Result(double[][] trained, double[][] loaded, double accuracy, int parameterCount) {}

  private XorApp() {}

  /**
   * Trains a 2-4-1 network (tanh by name, then sigmoid) with Adam, saves it to {@code file} and loads it.
   *
   * @param file where the model is saved
   * @return the predictions before and after saving
   * @throws IOException if the model cannot be saved or loaded
   */
  public static Result run(Path file) throws IOException {
    Network network =
        Network.builder()
            .input(2)
            .dense(4, "tanh") // by name: found through nn-activations' ServiceLoader registration
            .dense(1, sigmoid())
            .weightInit(Initializers.xavierUniform())
            .loss(binaryCrossEntropy())
            .optimizer(adam(0.05))
            .seed(7)
            .build();
    network.fit(INPUTS, TARGETS, FitOptions.builder().epochs(500).batchSize(4).build());
    double[][] trained = network.predict(INPUTS);

    network.save(file);
    Network loaded = Network.load(file);
    double[][] predicted = loaded.predict(INPUTS);
    double accuracy = Metrics.accuracy().value(Matrix.of(predicted), Matrix.of(TARGETS));
    return new Result(trained, predicted, accuracy, loaded.parameterCount());
  }

  /**
   * Runs it with the model file given as the first argument and prints the predictions.
   *
   * @param args the model file
   * @throws IOException if the model cannot be saved or loaded
   */
  public static void main(String[] args) throws IOException {
    Result result = run(Path.of(args[0]));
    for (int i = 0; i < INPUTS.length; i++) {
      System.out.printf("%s xor %s -> %.3f%n", (int) INPUTS[i][0], (int) INPUTS[i][1], result.loaded()[i][0]);
    }
    System.out.printf("accuracy %.0f%%%n", 100 * result.accuracy());
  }
}
