package dev.nn4j.examples.tutorial;

import static dev.nn4j.activations.Activations.sigmoid;

import dev.nn4j.core.Network;
import dev.nn4j.core.init.Initializer;
import dev.nn4j.core.init.Initializers;
import dev.nn4j.core.losses.Losses;
import dev.nn4j.examples.Example;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Tutorial section 2, feedforward through a network: 2 inputs, a hidden layer of two neurons {@code h1,
 * h2} and an output neuron {@code o1}, every neuron with {@code w = [0, 1]}, {@code b = 0} and sigmoid.
 * For {@code x = [2, 3]}: {@code h1 = h2 = f(3) = 0.9526}, {@code o1 = f(0.9526) = 0.7216325609518421}.
 */
public final class FeedforwardSection implements Example<FeedforwardSection.Result> {
  static final double[] INPUT = {2, 3};

  /**
   * What the section computed.
   *
   * @param h1 output of the first hidden neuron
   * @param h2 output of the second hidden neuron
   * @param o1 output of the network
   */
  public record Result(double h1, double h2, double o1) {}

  @Override
  public String name() {
    return "feedforward";
  }

  @Override
  public String description() {
    return "Section 2: feedforward through the 2-2-1 network, every neuron w=[0,1], b=0, sigmoid";
  }

  @Override
  public Result run(PrintStream out, Path outputDirectory) {
    Initializer hidden = Initializers.values(new double[][] {{0, 1}, {0, 1}}, new double[] {0, 0});
    Initializer output = Initializers.values(new double[][] {{0, 1}}, new double[] {0});
    Network network =
        Network.builder()
            .input(2)
            .dense(2, sigmoid(), hidden)
            .dense(1, sigmoid(), output)
            .loss(Losses.mse())
            .build();
    List<double[]> layerOutputs = network.layerOutputs(INPUT);
    double h1 = layerOutputs.get(0)[0];
    double h2 = layerOutputs.get(0)[1];
    double o1 = layerOutputs.get(1)[0];

    out.println("== 2. A network: feedforward ==");
    out.println(
        "The hidden neurons h1 and h2 read the inputs; the output neuron o1 reads h1 and h2."
            + " Every neuron has w = [0, 1], b = 0 and the sigmoid.");
    out.printf(Locale.ROOT, "h1 = h2 = f(0*2 + 1*3 + 0): h1 = %.4f, h2 = %.4f%n", h1, h2);
    out.printf(Locale.ROOT, "o1 = f(0*h1 + 1*h2 + 0) = f(%.4f) =%n", h2);
    out.println(Double.toString(o1));
    out.println();
    return new Result(h1, h2, o1);
  }
}
