package dev.nn4j.onnx;

import dev.nn4j.core.Activation;
import dev.nn4j.core.ComponentConfig;
import dev.nn4j.core.Layer;
import dev.nn4j.core.Network;
import dev.nn4j.core.StateDict;
import dev.nn4j.core.layers.Conv2d;
import dev.nn4j.core.math.Window2d;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.ObjIntConsumer;

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
 * <p>Per convolution, as per dense layer, at each output {@code (o, y, x)} over the {@code n = C·kh·kw} taps of
 * its window (padding adds nothing): {@code e_z = Σ|W| e + γ_{n+1} (Σ|W a| + |b|)}, then the activation; a
 * softmax moves each output by at most half the largest change of the whole sample's {@code z}. Per max
 * pooling, the largest input error under the window (a maximum moves no more than its inputs, and rounds
 * nothing). Per average pooling over {@code k} values (those of the window inside the image) with divisor
 * {@code d} ({@code kh·kw}, or {@code k} without {@code count_include_pad}), and per global average pooling
 * over the {@code k = H·W} values of a channel: {@code e' = (Σ e + γ_k Σ|a|) / d + k' u |y|}.
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
        case "conv2d" -> throughConv2d((Conv2d) layer, tensors, a, e, out);
        case "max_pool2d" -> throughMaxPool(layer, e);
        case "avg_pool2d" -> throughAvgPool(layer, config, a, e, out);
        case "global_avg_pool2d" -> throughGlobalAvgPool(layer, a, e, out);
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

  private static double[] throughConv2d(Conv2d conv, StateDict tensors, double[] input, double[] inputError, double[] output) {
    Window2d window = conv.spec().window();
    int channels = conv.inputShape().dim(0);
    int height = conv.inputShape().dim(1);
    int width = conv.inputShape().dim(2);
    int outChannels = conv.outputShape().dim(0);
    int outHeight = conv.outputShape().dim(1);
    int outWidth = conv.outputShape().dim(2);
    int kh = window.kernelHeight();
    int kw = window.kernelWidth();
    double[] w = tensors.get("weight").values();
    double[] b = tensors.contains("bias") ? tensors.get("bias").values() : new double[outChannels];
    double gamma = gamma(channels * kh * kw + 1);
    double[] z = new double[output.length];
    double[] errorOfZ = new double[output.length];
    double largestErrorOfZ = 0;
    for (int o = 0; o < outChannels; o++) {
      for (int y = 0; y < outHeight; y++) {
        for (int x = 0; x < outWidth; x++) {
          double propagated = 0;
          double magnitude = Math.abs(b[o]);
          double sum = b[o];
          for (int c = 0; c < channels; c++) {
            for (int i = 0; i < kh; i++) {
              int iy = y * window.strideHeight() + i * window.dilationHeight() - window.padTop();
              for (int j = 0; j < kw; j++) {
                int ix = x * window.strideWidth() + j * window.dilationWidth() - window.padLeft();
                if (iy < 0 || iy >= height || ix < 0 || ix >= width) {
                  continue;
                }
                int at = (c * height + iy) * width + ix;
                double weight = w[((o * channels + c) * kh + i) * kw + j];
                propagated += Math.abs(weight) * inputError[at];
                magnitude += Math.abs(weight * input[at]);
                sum += weight * input[at];
              }
            }
          }
          int out = (o * outHeight + y) * outWidth + x;
          z[out] = sum;
          errorOfZ[out] = propagated + gamma * magnitude;
          largestErrorOfZ = Math.max(largestErrorOfZ, errorOfZ[out]);
        }
      }
    }
    Activation f = conv.activation();
    double[] next = new double[output.length];
    for (int k = 0; k < output.length; k++) {
      double propagated = f.name().equals("softmax") ? 0.5 * largestErrorOfZ : lipschitz(f) * errorOfZ[k];
      next[k] = propagated + ROUNDINGS * UNIT_ROUNDOFF * Math.max(Math.abs(output[k]), Math.abs(z[k]));
    }
    return next;
  }

  /** The window of a pooling layer, from its configuration as nn-core's providers read it. */
  private static Window2d poolingWindow(Layer layer) {
    ComponentConfig c = layer.config().reader(layer.type(), "kernel_size", "stride", "padding", "count_include_pad");
    int[] kernel = c.intPair("kernel_size", 0, 1);
    int[] stride = c.intPair("stride", 0, 1);
    int[] padding = c.intPair("padding", 0, 0);
    return stride[0] == 0
        ? Window2d.of(kernel[0], kernel[1], kernel[0], kernel[1], padding[0], padding[1])
        : Window2d.of(kernel[0], kernel[1], stride[0], stride[1], padding[0], padding[1]);
  }

  /**
   * Calls {@code visit(out, taps)} for each output of a pooling layer with the offsets of the inputs under its
   * window, inside the image.
   */
  private static void forEachWindow(Layer layer, Window2d window, ObjIntConsumer<int[]> visit) {
    int channels = layer.inputShape().dim(0);
    int height = layer.inputShape().dim(1);
    int width = layer.inputShape().dim(2);
    int outHeight = layer.outputShape().dim(1);
    int outWidth = layer.outputShape().dim(2);
    for (int c = 0; c < channels; c++) {
      for (int y = 0; y < outHeight; y++) {
        for (int x = 0; x < outWidth; x++) {
          int[] taps = new int[window.kernelHeight() * window.kernelWidth()];
          int count = 0;
          for (int i = 0; i < window.kernelHeight(); i++) {
            int iy = y * window.strideHeight() + i - window.padTop();
            for (int j = 0; j < window.kernelWidth(); j++) {
              int ix = x * window.strideWidth() + j - window.padLeft();
              if (iy >= 0 && iy < height && ix >= 0 && ix < width) {
                taps[count++] = (c * height + iy) * width + ix;
              }
            }
          }
          visit.accept(Arrays.copyOf(taps, count), (c * outHeight + y) * outWidth + x);
        }
      }
    }
  }

  private static double[] throughMaxPool(Layer layer, double[] inputError) {
    double[] next = new double[layer.outputSize()];
    forEachWindow(layer, poolingWindow(layer), (taps, out) -> {
      for (int at : taps) {
        next[out] = Math.max(next[out], inputError[at]);
      }
    });
    return next;
  }

  private static double[] throughAvgPool(Layer layer, Map<String, String> config, double[] input, double[] inputError, double[] output) {
    Window2d window = poolingWindow(layer);
    boolean countIncludePad = Boolean.parseBoolean(config.getOrDefault("count_include_pad", "true"));
    double[] next = new double[output.length];
    forEachWindow(layer, window, (taps, out) -> {
      double divisor = countIncludePad ? window.kernelHeight() * window.kernelWidth() : taps.length;
      next[out] = averageError(taps, input, inputError, divisor, output[out]);
    });
    return next;
  }

  private static double[] throughGlobalAvgPool(Layer layer, double[] input, double[] inputError, double[] output) {
    int positions = layer.inputSize() / layer.outputSize();
    double[] next = new double[output.length];
    for (int c = 0; c < output.length; c++) {
      int[] taps = new int[positions];
      for (int p = 0; p < positions; p++) {
        taps[p] = c * positions + p;
      }
      next[c] = averageError(taps, input, inputError, positions, output[c]);
    }
    return next;
  }

  /** {@code (Σ e + γ_k Σ|a|) / d + k' u |y|} over the {@code k} inputs {@code taps}. */
  private static double averageError(int[] taps, double[] input, double[] inputError, double divisor, double output) {
    double propagated = 0;
    double magnitude = 0;
    for (int at : taps) {
      propagated += inputError[at];
      magnitude += Math.abs(input[at]);
    }
    return (propagated + gamma(taps.length) * magnitude) / divisor + ROUNDINGS * UNIT_ROUNDOFF * Math.abs(output);
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
