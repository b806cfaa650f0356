package dev.nn4j.onnx;

import dev.nn4j.core.Activation;
import dev.nn4j.core.Layer;
import dev.nn4j.core.Network;
import dev.nn4j.core.layers.Dense;
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
 * <p>Per dense layer, with {@code e} the bound on the error of its input {@code a}: {@code e_z = |W| e +
 * γ_{n+1} (|W| |a| + |b|)}, then through the activation {@code e' = L e_z + k u max(|f(z)|, |z|)}, where
 * {@code L} bounds {@code |f'|} (its Lipschitz constant; softmax moves each output by at most half the
 * largest change of its inputs) and {@code k = 8} roundings cover the operators of a composed activation
 * (GELU has up to seven). The inputs are taken as exact: the bound is for the network with rounded weights
 * on rounded inputs.
 */
final class FloatErrorBound {
  /** {@code u}, the unit roundoff of single precision. */
  static final double UNIT_ROUNDOFF = 0x1p-24;
  private static final int ACTIVATION_ROUNDINGS = 8;

  private FloatErrorBound() {}

  /** The bound on the absolute error of each output of {@code network} for {@code sample}. */
  static double[] of(Network network, double[] sample) {
    List<double[]> outputs = network.layerOutputs(sample);
    List<Layer> layers = network.layers();
    double[] a = sample;
    double[] e = new double[sample.length];
    for (int l = 0; l < layers.size(); l++) {
      if (layers.get(l) instanceof Dense dense) {
        e = throughDense(dense, a, e, outputs.get(l));
      }
      a = outputs.get(l);
    }
    return e;
  }

  private static double[] throughDense(Dense dense, double[] a, double[] e, double[] output) {
    double[][] w = dense.weights().value().toArray();
    double[] b = dense.bias().value().row(0);
    int terms = a.length + 1;
    double gamma = terms * UNIT_ROUNDOFF / (1 - terms * UNIT_ROUNDOFF);
    double[] errorOfZ = new double[w.length];
    double[] z = new double[w.length];
    double largestErrorOfZ = 0;
    for (int j = 0; j < w.length; j++) {
      double propagated = 0;
      double magnitude = Math.abs(b[j]);
      z[j] = b[j];
      for (int i = 0; i < a.length; i++) {
        propagated += Math.abs(w[j][i]) * e[i];
        magnitude += Math.abs(w[j][i] * a[i]);
        z[j] += w[j][i] * a[i];
      }
      errorOfZ[j] = propagated + gamma * magnitude;
      largestErrorOfZ = Math.max(largestErrorOfZ, errorOfZ[j]);
    }
    Activation f = dense.activation();
    double[] next = new double[w.length];
    for (int j = 0; j < w.length; j++) {
      double propagated = f.name().equals("softmax") ? 0.5 * largestErrorOfZ : lipschitz(f) * errorOfZ[j];
      next[j] = propagated + ACTIVATION_ROUNDINGS * UNIT_ROUNDOFF * Math.max(Math.abs(output[j]), Math.abs(z[j]));
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
