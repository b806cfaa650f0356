package dev.nn4j.onnx;

import dev.nn4j.core.Activation;
import dev.nn4j.core.ComponentConfig;
import java.util.List;
import java.util.Map;

/**
 * The ONNX operators (opset 13) that compute each of nn4j's activations, chosen by the activation's
 * registered {@link Activation#name()} and {@link Activation#config()}, the same two things a model file
 * records of it:
 *
 * <table>
 *   <caption>Activations and their ONNX form</caption>
 *   <tr><th>nn4j</th><th>ONNX</th></tr>
 *   <tr><td>{@code identity}</td><td>no node</td></tr>
 *   <tr><td>{@code sigmoid}, {@code relu}, {@code tanh}, {@code softplus}</td>
 *       <td>{@code Sigmoid}, {@code Relu}, {@code Tanh}, {@code Softplus}</td></tr>
 *   <tr><td>{@code softmax}</td><td>{@code Softmax(axis=-1)}: over each row, as nn4j</td></tr>
 *   <tr><td>{@code leaky_relu {slope}}</td><td>{@code LeakyRelu(alpha=slope)}</td></tr>
 *   <tr><td>{@code elu {alpha}}</td><td>{@code Elu(alpha=alpha)}</td></tr>
 *   <tr><td>{@code silu}</td><td>{@code x · Sigmoid(x)}</td></tr>
 *   <tr><td>{@code gelu {approximate: none}}</td><td>{@code x · (1 + Erf(x / √2)) · 0.5}</td></tr>
 *   <tr><td>{@code gelu {approximate: tanh}}</td><td>{@code x · Sigmoid(2√(2/π) · x (1 + 0.044715 x²))}</td></tr>
 * </table>
 *
 * <p>ONNX has a {@code Gelu} operator only from opset 20, so GELU is composed from opset-13 operators; the
 * exact form is the graph PyTorch exports (which ONNX Runtime fuses back into one kernel). The tanh form
 * uses {@code (1 + tanh(u)) / 2 = σ(2u)}, as nn4j's {@code Gelu} computes it: the same function, without
 * the cancellation of {@code 1 + tanh(u)} where {@code tanh(u)} is near −1. {@code LeakyRelu} and {@code
 * Elu} take their parameter as a single-precision attribute, so it is rounded to {@code float} whatever the
 * precision of the weights.
 */
final class ActivationNodes {
  /** The activation names this class can export. */
  static final List<String> SUPPORTED =
      List.of("identity", "sigmoid", "relu", "tanh", "softmax", "leaky_relu", "elu", "softplus", "silu", "gelu");

  // Defaults of nn-activations' providers, for an activation whose configuration omits the key.
  private static final double DEFAULT_SLOPE = 0.01;
  private static final double DEFAULT_ALPHA = 1.0;
  private static final double GELU_CUBIC = 0.044715;

  private ActivationNodes() {}

  /**
   * Adds the nodes computing {@code activation} of tensor {@code z} to {@code graph}, naming them after
   * {@code prefix} ({@code layers.<i>}); returns the name of the result.
   *
   * @throws IllegalArgumentException if the activation has no ONNX form here (the message lists the
   *     supported names) or its configuration is invalid
   */
  static String append(OnnxGraph graph, Activation activation, String z, String prefix) {
    String name = activation.name();
    String component = "activation '" + name + "' of " + prefix;
    Map<String, String> config = activation.config();
    String a = prefix + ".a";
    switch (name) {
      case "identity":
        ComponentConfig.of(component, config);
        return z;
      case "sigmoid":
        return unary(graph, "Sigmoid", component, config, z, a, prefix);
      case "relu":
        return unary(graph, "Relu", component, config, z, a, prefix);
      case "tanh":
        return unary(graph, "Tanh", component, config, z, a, prefix);
      case "softplus":
        return unary(graph, "Softplus", component, config, z, a, prefix);
      case "softmax":
        ComponentConfig.of(component, config);
        return graph.node("Softmax", prefix + "/Softmax", List.of(z), a, Map.of("axis", -1L));
      case "leaky_relu": {
        double slope = ComponentConfig.of(component, config, "slope").finiteDouble("slope", DEFAULT_SLOPE);
        return graph.node("LeakyRelu", prefix + "/LeakyRelu", List.of(z), a, Map.of("alpha", toFloat(component, "slope", slope)));
      }
      case "elu": {
        double alpha = ComponentConfig.of(component, config, "alpha").finiteDouble("alpha", DEFAULT_ALPHA);
        return graph.node("Elu", prefix + "/Elu", List.of(z), a, Map.of("alpha", toFloat(component, "alpha", alpha)));
      }
      case "silu": {
        ComponentConfig.of(component, config);
        String s = graph.node("Sigmoid", prefix + "/Sigmoid", List.of(z), prefix + ".sigmoid");
        return graph.node("Mul", prefix + "/Mul", List.of(z, s), a);
      }
      case "gelu": {
        String form = ComponentConfig.of(component, config, "approximate").choice("approximate", "none", "none", "tanh");
        return form.equals("tanh") ? geluTanh(graph, z, a, prefix) : geluExact(graph, z, a, prefix);
      }
      default:
        throw new IllegalArgumentException(
            String.format(
                "Activation '%s' (%s, in %s) has no ONNX export; supported activations: %s",
                name,
                activation.getClass().getName(),
                prefix,
                SUPPORTED));
    }
  }

  private static String unary(OnnxGraph graph, String op, String component, Map<String, String> config, String z, String a, String prefix) {
    ComponentConfig.of(component, config);
    return graph.node(op, prefix + "/" + op, List.of(z), a);
  }

  /** {@code 0.5 · x · (1 + erf(x / √2))}. */
  private static String geluExact(OnnxGraph graph, String x, String a, String prefix) {
    String sqrtTwo = graph.scalar("const.sqrt_2", Math.sqrt(2.0));
    String one = graph.scalar("const.one", 1.0);
    String half = graph.scalar("const.half", 0.5);
    String scaled = graph.node("Div", prefix + "/Div", List.of(x, sqrtTwo), prefix + ".gelu.scaled");
    String erf = graph.node("Erf", prefix + "/Erf", List.of(scaled), prefix + ".gelu.erf");
    String onePlus = graph.node("Add", prefix + "/Add", List.of(erf, one), prefix + ".gelu.one_plus_erf");
    String product = graph.node("Mul", prefix + "/Mul", List.of(x, onePlus), prefix + ".gelu.x_one_plus_erf");
    return graph.node("Mul", prefix + "/Mul_half", List.of(product, half), a);
  }

  /** {@code x · σ(2u)} with {@code u = √(2/π) x (1 + 0.044715 x²)}. */
  private static String geluTanh(OnnxGraph graph, String x, String a, String prefix) {
    String cubic = graph.scalar("const.gelu_cubic", GELU_CUBIC);
    String one = graph.scalar("const.one", 1.0);
    String twoSqrtTwoOverPi = graph.scalar("const.two_sqrt_2_over_pi", 2.0 * Math.sqrt(2.0 / Math.PI));
    String square = graph.node("Mul", prefix + "/Mul_square", List.of(x, x), prefix + ".gelu.square");
    String cubicTerm = graph.node("Mul", prefix + "/Mul_cubic", List.of(square, cubic), prefix + ".gelu.cubic_term");
    String factor = graph.node("Add", prefix + "/Add", List.of(cubicTerm, one), prefix + ".gelu.factor");
    String inner = graph.node("Mul", prefix + "/Mul_inner", List.of(x, factor), prefix + ".gelu.inner");
    String twoU = graph.node("Mul", prefix + "/Mul_two_u", List.of(inner, twoSqrtTwoOverPi), prefix + ".gelu.two_u");
    String sigmoid = graph.node("Sigmoid", prefix + "/Sigmoid", List.of(twoU), prefix + ".gelu.sigmoid");
    return graph.node("Mul", prefix + "/Mul", List.of(x, sigmoid), a);
  }

  /** A parameter as an ONNX float attribute, which must not overflow single precision. */
  private static Float toFloat(String component, String key, double value) {
    float f = (float) value;
    if (Float.isInfinite(f)) {
      throw new IllegalArgumentException(
          String.format(
              "Expected '%s' of %s within single precision (|%s| <= %s) for an ONNX attribute, got %s",
              key, component, key, Float.MAX_VALUE, value));
    }
    return f;
  }
}
