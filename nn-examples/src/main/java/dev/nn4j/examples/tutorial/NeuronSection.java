package dev.nn4j.examples.tutorial;

import static dev.nn4j.activations.Activations.sigmoid;

import dev.nn4j.core.Network;
import dev.nn4j.core.init.Initializers;
import dev.nn4j.core.losses.Losses;
import dev.nn4j.examples.Example;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Tutorial section 1, a neuron: two inputs, weights {@code w = [0, 1]}, bias {@code b = 4}, sigmoid. For
 * {@code x = [2, 3]} it computes {@code y = f(w · x + b) = f(7) = 0.9990889488055994}.
 */
public final class NeuronSection implements Example<NeuronSection.Result> {
  static final double[] WEIGHTS = {0, 1};
  static final double BIAS = 4;
  static final double[] INPUT = {2, 3};

  /**
   * What the section computed.
   *
   * @param output the neuron's output {@code y = f(w · x + b)}
   */
  public record Result(double output) {}

  @Override
  public String name() {
    return "neuron";
  }

  @Override
  public String description() {
    return "Section 1: one neuron, w=[0,1], b=4, sigmoid, fed x=[2,3]";
  }

  @Override
  public Result run(PrintStream out, Path outputDirectory) {
    // A neuron is a network of one dense layer with one unit.
    Network neuron =
        Network.builder()
            .input(2)
            .dense(1, sigmoid(), Initializers.values(new double[][] {WEIGHTS}, new double[] {BIAS}))
            .loss(Losses.mse())
            .build();
    double output = neuron.predict(INPUT)[0];
    double[] weights = neuron.weights(0)[0];
    double sum = weights[0] * INPUT[0] + weights[1] * INPUT[1] + neuron.bias(0)[0];

    out.println("== 1. A neuron ==");
    out.println(
        "A neuron multiplies each input by its weight, adds the bias and applies the activation:"
            + " y = f(w . x + b).");
    out.printf(
        "w = %s, b = %s, f = sigmoid, x = %s: w . x + b = %s, so y = f(%s) =%n",
        Arrays.toString(weights), neuron.bias(0)[0], Arrays.toString(INPUT), sum, sum);
    out.println(Double.toString(output));
    out.println();
    return new Result(output);
  }
}
