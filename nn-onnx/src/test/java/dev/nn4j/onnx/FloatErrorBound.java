package dev.nn4j.onnx;

import dev.nn4j.core.Activation;
import dev.nn4j.core.Layer;
import dev.nn4j.core.Network;
import dev.nn4j.core.StateDict;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A forward error bound for a network evaluated in single precision, from the standard analysis of
 * floating-point dot products (Higham, <i>Accuracy and Stability of Numerical Algorithms</i>, §3.1): a sum
 * of {@code n} products computed in a precision of unit roundoff {@code u = 2⁻²⁴} is off by at most {@code
 * γₙ Σ|wᵢ xᵢ|}, {@code γₙ = n u / (1 − n u)}. The bound grows with the sum of the magnitudes of the terms,
 * not with the result, so where the terms cancel (a small output of large weighted inputs) no relative
 * tolerance of the output holds; that is why a test needs it beside {@code 1e-6 · max(1, |b|)}.
 *
 * <p>Per dense layer (at each step of a sample {@code [T, F]}), with {@code e} the bound on the error of its
 * input {@code a}: {@code e_z = |W| e + γ_{n+1} (|W| |a| + |b|)}, then through the activation {@code e' = L
 * e_z + k u max(|f(z)|, |z|)}, where {@code L} bounds {@code |f'|} (its Lipschitz constant; softmax moves
 * each output by at most half the largest change of its inputs) and {@code k = 8} roundings cover the
 * operators of a composed activation (GELU has up to seven).
 *
 * <p>Per batch normalization, {@code y = γ (x − μ) s + β} with {@code s = 1/√(var + ε)} per channel: {@code
 * e' = |γ| s e + k u (|γ| s (|x| + |μ|) + |β| + |y|)}.
 *
 * <p>Per layer normalization, over a group of {@code G} values with {@code σ = √(var + ε)} and {@code x̂ = (x
 * − μ)/σ}: the derivative of {@code x̂_j} by {@code x_k} is {@code (δ_jk − 1/G − x̂_j x̂_k/G)/σ}, whose
 * absolute row sum is at most {@code (2 + |x̂_j|)/σ} (as {@code Σ|x̂_k|/G ≤ 1}), so an input error {@code e}
 * moves {@code x̂_j} by at most {@code (2 + |x̂_j|)/σ · max e}. The two-pass arithmetic adds the error of the
 * mean, {@code γ_{G+1} mean|x|}, taken as an input error, and a relative error of about {@code (G/2 + 4) u}
 * of the variance, bounded by {@code (G + 8) u |x̂_j|}; then {@code y = γ x̂ + β} adds {@code k u (|γ x̂| +
 * |β|)}. Dropout, flatten and reshape move no value.
 *
 * <p>The inputs are taken as exact: the bound is for the network with rounded weights on rounded inputs.
 * The analysis is first order: the errors here are small enough for the higher orders not to matter.
 */
final class FloatErrorBound {
  /** {@code u}, the unit roundoff of single precision. */
  static final double UNIT_ROUNDOFF = 0x1p-24;
  private static final int ROUNDINGS = 8;

  private FloatErrorBound() {}

  /** The bound on the absolute error of each output of {@code network} for {@code sample}. */
  static double[] of(Network network, double[] sample) {
    List<double[]> outputs = network.layerOutputs(sample);
    List<Layer> layers = network.layers();
    StateDict state = network.stateDict();
    double[] a = sample;
    double[] e = new double[sample.length];
    for (int l = 0; l < layers.size(); l++) {
      Layer layer = layers.get(l);
      StateDict tensors = state.filter("layers." + l + ".", true);
      Map<String, String> config = layer.config().toStrings();
      double[] out = outputs.get(l);
      e = switch (layer.type()) {
        case "dense" -> throughDense(layer, tensors, a, e, out);
        case "batch_norm" -> throughBatchNorm(layer, tensors, config, a, e, out);
        case "layer_norm" -> throughLayerNorm(layer, tensors, config, a, e, out);
        case "dropout", "flatten", "reshape" -> e;
        default -> throw new IllegalArgumentException("No error bound for layer type " + layer.type());
      };
      a = out;
    }
    return e;
  }

  private static double gamma(int terms) {
    return terms * UNIT_ROUNDOFF / (1 - terms * UNIT_ROUNDOFF);
  }

  private static double[] throughDense(Layer dense, StateDict tensors, double[] input, double[] inputError, double[] output) {
    int features = dense.inputShape().dim(-1);
    int units = dense.outputShape().dim(-1);
    double[] weights = tensors.get("weight").values();
    double[][] w = new double[units][];
    for (int j = 0; j < units; j++) {
      w[j] = Arrays.copyOfRange(weights, j * features, (j + 1) * features);
    }
    double[] b = tensors.get("bias").values();
    int steps = input.length / features;
    double gamma = gamma(features + 1);
    Activation f = dense.config().reader("layer 'dense'", "units", "activation").activation("activation", null);
    double[] next = new double[output.length];
    for (int t = 0; t < steps; t++) {
      double[] errorOfZ = new double[units];
      double[] z = new double[units];
      double largestErrorOfZ = 0;
      for (int j = 0; j < units; j++) {
        double propagated = 0;
        double magnitude = Math.abs(b[j]);
        z[j] = b[j];
        for (int i = 0; i < features; i++) {
          double a = input[t * features + i];
          propagated += Math.abs(w[j][i]) * inputError[t * features + i];
          magnitude += Math.abs(w[j][i] * a);
          z[j] += w[j][i] * a;
        }
        errorOfZ[j] = propagated + gamma * magnitude;
        largestErrorOfZ = Math.max(largestErrorOfZ, errorOfZ[j]);
      }
      for (int j = 0; j < units; j++) {
        double propagated = f.name().equals("softmax") ? 0.5 * largestErrorOfZ : lipschitz(f) * errorOfZ[j];
        int at = t * units + j;
        next[at] = propagated + ROUNDINGS * UNIT_ROUNDOFF * Math.max(Math.abs(output[at]), Math.abs(z[j]));
      }
    }
    return next;
  }

  private static double[] throughBatchNorm(
      Layer layer, StateDict tensors, Map<String, String> config, double[] input, double[] inputError, double[] output) {
    double eps = Double.parseDouble(config.get("eps"));
    int channels = layer.inputShape().dim(0);
    int spatial = input.length / channels;
    boolean affine = tensors.contains("weight");
    double[] next = new double[output.length];
    for (int k = 0; k < input.length; k++) {
      int c = k / spatial;
      double s = 1 / Math.sqrt(tensors.get("running_var").get(c) + eps);
      double scale = affine ? Math.abs(tensors.get("weight").get(c)) : 1;
      double shift = affine ? Math.abs(tensors.get("bias").get(c)) : 0;
      double mean = Math.abs(tensors.get("running_mean").get(c));
      next[k] = scale * s * inputError[k]
          + ROUNDINGS * UNIT_ROUNDOFF * (scale * s * (Math.abs(input[k]) + mean) + shift + Math.abs(output[k]));
    }
    return next;
  }

  private static double[] throughLayerNorm(
      Layer layer, StateDict tensors, Map<String, String> config, double[] input, double[] inputError, double[] output) {
    double eps = Double.parseDouble(config.get("eps"));
    int dims = Integer.parseInt(config.get("dims"));
    int group = layer.inputShape().from(layer.inputShape().rank() - dims).size();
    boolean affine = tensors.contains("weight");
    double[] next = new double[output.length];
    for (int at = 0; at < input.length; at += group) {
      double sum = 0;
      double sumAbs = 0;
      double largestError = 0;
      for (int j = 0; j < group; j++) {
        sum += input[at + j];
        sumAbs += Math.abs(input[at + j]);
        largestError = Math.max(largestError, inputError[at + j]);
      }
      double mean = sum / group;
      double squares = 0;
      for (int j = 0; j < group; j++) {
        squares += (input[at + j] - mean) * (input[at + j] - mean);
      }
      double sigma = Math.sqrt(squares / group + eps);
      double meanError = gamma(group + 1) * sumAbs / group;
      for (int j = 0; j < group; j++) {
        double normalized = Math.abs(input[at + j] - mean) / sigma;
        double errorOfNormalized =
            (2 + normalized) / sigma * (largestError + meanError) + (group + ROUNDINGS) * UNIT_ROUNDOFF * normalized;
        double scale = affine ? Math.abs(tensors.get("weight").get(j)) : 1;
        double shift = affine ? Math.abs(tensors.get("bias").get(j)) : 0;
        next[at + j] = scale * errorOfNormalized + ROUNDINGS * UNIT_ROUNDOFF * (scale * normalized + shift);
      }
    }
    return next;
  }

  /** An upper bound of {@code |f'|}. */
  private static double lipschitz(Activation f) {
    Map<String, String> config = f.config();
    return switch (f.name()) {
      case "sigmoid" -> 0.25;
      case "relu", "tanh", "softplus", "identity" -> 1.0;
      case "silu" -> 1.1; // max of σ(x)(1 + x σ(−x)) ≈ 1.0998
      case "gelu" -> 1.13; // max of Φ(x) + x φ(x) ≈ 1.1289, and of the tanh form alike
      case "leaky_relu" -> Math.max(1.0, Math.abs(Double.parseDouble(config.get("slope"))));
      case "elu" -> Math.max(1.0, Math.abs(Double.parseDouble(config.get("alpha"))));
      default -> throw new IllegalArgumentException("No derivative bound for " + f.name());
    };
  }
}
