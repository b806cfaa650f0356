package dev.nn4j.examples.tutorial;

import static com.google.common.base.Preconditions.checkState;
import static dev.nn4j.activations.Activations.sigmoid;

import dev.nn4j.core.Activation;
import dev.nn4j.core.ElementwiseActivation;
import dev.nn4j.core.Loss;
import dev.nn4j.core.Network;
import dev.nn4j.core.init.Initializers;
import dev.nn4j.core.layers.Dense;
import dev.nn4j.core.losses.Losses;
import dev.nn4j.core.math.Matrix;
import dev.nn4j.examples.Example;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Tutorial section 4, backpropagation by hand: the 2-2-1 sigmoid network with every weight 1 and every
 * bias 0, and Alice alone ({@code x = [-2, -1]}, {@code y_true = 1}). The chain rule splits
 *
 * <pre>    dL/dw1 = dL/dy_pred * dy_pred/dh1 * dh1/dw1 = -0.952 * 0.249 * -0.0904 = 0.0214</pre>
 *
 * <p>The section computes each factor from the network's own outputs, weights, loss and activation, and
 * takes {@code dL/dw1} from the network's backpropagation ({@link Network#gradients}), so the printed
 * product shows the chain rule and the library agree.
 *
 * <p>Unrounded, {@code dL/dy_pred = -0.9526} and {@code dL/dw1 = 0.02147}, which print as {@code -0.953}
 * and {@code 0.0215}: the tutorial's {@code -0.952} and {@code 0.0214} come from rounding {@code y_pred} to
 * {@code 0.524} and each factor to its printed digits before multiplying. The section shows both.
 */
public final class BackpropSection implements Example<BackpropSection.Result> {
  static final double[] ALICE = {-2, -1};
  static final double ALICE_GENDER = 1;

  /**
   * What the section computed.
   *
   * @param h1 output of the first hidden neuron, {@code f(w1 x1 + w2 x2 + b1)}
   * @param h2 output of the second hidden neuron, {@code f(w3 x1 + w4 x2 + b2)}
   * @param o1 the prediction {@code y_pred = f(w5 h1 + w6 h2 + b3)}
   * @param lossByPrediction {@code dL/dy_pred = -2 (1 - y_pred)}, from the loss's gradient
   * @param predictionByH1 {@code dy_pred/dh1 = w5 f'(w5 h1 + w6 h2 + b3)}
   * @param h1ByW1 {@code dh1/dw1 = x1 f'(w1 x1 + w2 x2 + b1)}
   * @param lossByW1 {@code dL/dw1} as the network's backpropagation computes it
   * @param chainProduct {@code lossByPrediction * predictionByH1 * h1ByW1}, the chain rule by hand
   * @param roundedLossByPrediction {@code dL/dy_pred} as the tutorial computes it, from {@code y_pred}
   *     rounded to three decimals
   * @param roundedChainProduct the product of the factors as the tutorial prints them (rounded to three,
   *     three and four decimals)
   */
  public record Result(
      double h1,
      double h2,
      double o1,
      double lossByPrediction,
      double predictionByH1,
      double h1ByW1,
      double lossByW1,
      double chainProduct,
      double roundedLossByPrediction,
      double roundedChainProduct) {}

  @Override
  public String name() {
    return "backprop";
  }

  @Override
  public String description() {
    return "Section 4: dL/dw1 for Alice by the chain rule, checked against backpropagation";
  }

  @Override
  public Result run(PrintStream out, Path outputDirectory) {
    Network network =
        Network.builder()
            .input(2)
            .dense(2, sigmoid())
            .dense(1, sigmoid())
            .weightInit(Initializers.constant(1, 0))
            .loss(Losses.mse())
            .build();

    // Feedforward, keeping each layer's output.
    List<double[]> layerOutputs = network.layerOutputs(ALICE);
    double h1 = layerOutputs.get(0)[0];
    double h2 = layerOutputs.get(0)[1];
    double o1 = layerOutputs.get(1)[0];

    // dL/dy_pred: the loss's gradient for the batch of Alice alone.
    Loss loss = network.lossFunction();
    double lossByPrediction = lossGradient(loss, o1);

    // dy_pred/dh1 = w5 * f'(sum_o1), with sum_o1 = w5 h1 + w6 h2 + b3.
    double[] outputWeights = network.weights(1)[0];
    double w5 = outputWeights[0];
    double sumO1 = w5 * h1 + outputWeights[1] * h2 + network.bias(1)[0];
    double predictionByH1 = w5 * derivative(activation(network, 1), sumO1);

    // dh1/dw1 = x1 * f'(sum_h1), with sum_h1 = w1 x1 + w2 x2 + b1.
    double[] h1Weights = network.weights(0)[0];
    double sumH1 = h1Weights[0] * ALICE[0] + h1Weights[1] * ALICE[1] + network.bias(0)[0];
    double h1ByW1 = ALICE[0] * derivative(activation(network, 0), sumH1);

    double lossByW1 =
        network.gradients(new double[][] {ALICE}, new double[][] {{ALICE_GENDER}}).weight(0, 0, 0);
    double chainProduct = lossByPrediction * predictionByH1 * h1ByW1;

    // The tutorial goes on from rounded values: y_pred = 0.524, then each factor as printed.
    double roundedLossByPrediction = round(lossGradient(loss, round(o1, 3)), 3);
    double roundedChainProduct =
        roundedLossByPrediction * round(predictionByH1, 3) * round(h1ByW1, 4);

    out.println("== 4. Training, part 2: backpropagation of dL/dw1 for Alice ==");
    out.println(
        "With every weight 1 and every bias 0, the chain rule splits dL/dw1 into"
            + " dL/dy_pred * dy_pred/dh1 * dh1/dw1; the network's backpropagation gives the same number.");
    out.printf(
        Locale.ROOT,
        "Alice x = %s, y_true = %s: h1 = %.4f, h2 = %.4f, o1 = %.3f%n",
        Arrays.toString(ALICE),
        ALICE_GENDER,
        h1,
        h2,
        o1);
    out.printf(Locale.ROOT, "dL/dy_pred  = -2 (1 - y_pred)             = %.3f%n", lossByPrediction);
    out.printf(Locale.ROOT, "dy_pred/dh1 = w5 * f'(w5 h1 + w6 h2 + b3) = %.3f%n", predictionByH1);
    out.printf(Locale.ROOT, "dh1/dw1     = x1 * f'(w1 x1 + w2 x2 + b1) = %.4f%n", h1ByW1);
    out.printf(
        Locale.ROOT,
        "dL/dw1 by backpropagation = %.4f; product of the three factors = %.4f%n",
        lossByW1,
        chainProduct);
    out.printf(
        Locale.ROOT,
        "(The tutorial rounds y_pred to %.3f before going on, which gives dL/dy_pred = %.3f"
            + " and dL/dw1 = %.3f * %.3f * %.4f = %.4f.)%n",
        round(o1, 3),
        roundedLossByPrediction,
        roundedLossByPrediction,
        round(predictionByH1, 3),
        round(h1ByW1, 4),
        roundedChainProduct);
    out.println(
        "dL/dw1 is positive: increasing w1 would increase the loss a little, so gradient descent lowers w1.");
    out.println();
    return new Result(
        h1,
        h2,
        o1,
        lossByPrediction,
        predictionByH1,
        h1ByW1,
        lossByW1,
        chainProduct,
        roundedLossByPrediction,
        roundedChainProduct);
  }

  /** {@code dL/dy_pred} of the loss for Alice alone, given the prediction. */
  private static double lossGradient(Loss loss, double prediction) {
    Matrix gradient = new Matrix(1, 1);
    loss.gradient(Matrix.rowVector(prediction), Matrix.rowVector(ALICE_GENDER), gradient);
    return gradient.get(0, 0);
  }

  private static double round(double value, int decimals) {
    double scale = Math.pow(10, decimals);
    return Math.round(value * scale) / scale;
  }

  private static Activation activation(Network network, int layer) {
    return ((Dense) network.layers().get(layer)).activation();
  }

  /** {@code f'(x)} for an elementwise activation such as the sigmoid, {@code f'(x) = f(x) (1 - f(x))}. */
  private static double derivative(Activation activation, double x) {
    checkState(
        activation instanceof ElementwiseActivation,
        "Expected an elementwise activation such as the sigmoid, got %s",
        activation);
    ElementwiseActivation f = (ElementwiseActivation) activation;
    return f.derivative(x, f.value(x));
  }
}
