package dev.nn4j.onnx.layers;

import dev.nn4j.core.ComponentConfig;
import dev.nn4j.core.Shape;
import dev.nn4j.onnx.LayerToExport;
import dev.nn4j.onnx.OnnxGraph;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the exports of {@code "lstm"}, {@code "gru"} and {@code "rnn"} share: see {@link LstmExport} for the
 * weights and the layout.
 */
abstract class RecurrentExport {
  private static final String[] ACCEPTED = {"hidden_size", "num_layers", "bidirectional", "return_sequences", "bias"};

  /** The ONNX operator: {@code LSTM}, {@code GRU} or {@code RNN}. */
  abstract String operator();

  /** For each of ONNX's gate blocks, the PyTorch block it is. */
  abstract int[] gateOrder();

  /** The operator's attributes besides {@code hidden_size} and {@code direction}. */
  abstract void attributes(ComponentConfig config, int directions, Map<String, Object> attributes);

  /** The configuration keys this type accepts: those of every recurrent layer. */
  String[] acceptedKeys() {
    return ACCEPTED.clone();
  }

  final String appendRecurrent(OnnxGraph graph, LayerToExport layer, String input) {
    ComponentConfig config = layer.config(acceptedKeys());
    int hidden = config.positiveInt("hidden_size");
    int layers = config.positiveInt("num_layers", 1);
    boolean bidirectional = config.bool("bidirectional", false);
    boolean sequences = config.bool("return_sequences", true);
    boolean bias = config.bool("bias", true);
    int directions = bidirectional ? 2 : 1;
    Shape shape = layer.layer().inputShape();
    if (shape.rank() != 2) {
      throw new IllegalArgumentException("Expected sequences [steps, features] as the input of " + layer.describe()
          + ", got samples of shape " + shape);
    }
    int steps = shape.dim(0);
    int features = shape.dim(1);
    String name = layer.name();
    Map<String, Object> attributes = new LinkedHashMap<>();
    attributes.put("hidden_size", (long) hidden);
    attributes.put("direction", bidirectional ? "bidirectional" : "forward");
    attributes(config, directions, attributes);

    String samples = graph.samples(input, name + "/Reshape_sequences", name + ".x_sequences", steps, features);
    String x = graph.node("Transpose", name + "/Transpose_time_major", List.of(samples), name + ".x_time_major",
        Map.of("perm", new long[] {1, 0, 2}));
    int gates = gateOrder().length;
    for (int k = 0; k < layers; k++) {
      int width = k == 0 ? features : hidden * directions;
      String prefix = name + ".l" + k;
      List<String> inputs = new ArrayList<>();
      inputs.add(x);
      inputs.add(graph.constant(prefix + ".W", new long[] {directions, (long) gates * hidden, width},
          stacked(layer, "weight_ih_l" + k, directions, Shape.of(gates * hidden, width), hidden)));
      inputs.add(graph.constant(prefix + ".R", new long[] {directions, (long) gates * hidden, hidden},
          stacked(layer, "weight_hh_l" + k, directions, Shape.of(gates * hidden, hidden), hidden)));
      if (bias) {
        inputs.add(graph.constant(prefix + ".B", new long[] {directions, 2L * gates * hidden}, biases(layer, k, directions, gates, hidden)));
      }
      boolean top = k == layers - 1;
      String node = name + "/" + operator() + "_l" + k;
      if (top && !sequences) {
        String last = graph.node(operator(), node, inputs, 1, prefix + ".Y_h", attributes);
        String batchFirst = graph.node("Transpose", name + "/Transpose_last", List.of(last), name + ".last_batch_first",
            Map.of("perm", new long[] {1, 0, 2}));
        return graph.reshape(batchFirst, name + "/Reshape_last", name + ".y", -1, (long) directions * hidden);
      }
      String y = graph.node(operator(), node, inputs, prefix + ".Y", attributes);
      if (top) {
        String batchFirst = graph.node("Transpose", name + "/Transpose_batch_first", List.of(y), name + ".y_batch_first",
            Map.of("perm", new long[] {2, 0, 1, 3}));
        return graph.reshape(batchFirst, name + "/Reshape_rows", name + ".y", -1, (long) steps * directions * hidden);
      }
      String stepsFirst = graph.node("Transpose", name + "/Transpose_l" + k, List.of(y), prefix + ".Y_steps",
          Map.of("perm", new long[] {0, 2, 1, 3}));
      x = graph.reshape(stepsFirst, name + "/Reshape_l" + k, prefix + ".x_next", 0, 0, (long) directions * hidden);
    }
    throw new AssertionError("unreachable: the top layer returns");
  }

  /** A weight of every direction, {@code [dirs, G·H, width]}, its gate blocks in ONNX's order. */
  private double[] stacked(LayerToExport layer, String base, int directions, Shape shape, int hidden) {
    int size = shape.size();
    double[] out = new double[directions * size];
    for (int d = 0; d < directions; d++) {
      double[] values = layer.tensor(base + (d == 1 ? "_reverse" : ""), shape).values();
      reorder(values, out, d * size, shape.dim(1) * hidden);
    }
    return out;
  }

  /** {@code [W_b, R_b]} of every direction, {@code [dirs, 2·G·H]}, gate blocks in ONNX's order. */
  private double[] biases(LayerToExport layer, int k, int directions, int gates, int hidden) {
    int size = gates * hidden;
    Shape shape = Shape.of(size);
    double[] out = new double[directions * 2 * size];
    for (int d = 0; d < directions; d++) {
      String suffix = "_l" + k + (d == 1 ? "_reverse" : "");
      reorder(layer.tensor("bias_ih" + suffix, shape).values(), out, (2 * d) * size, hidden);
      reorder(layer.tensor("bias_hh" + suffix, shape).values(), out, (2 * d + 1) * size, hidden);
    }
    return out;
  }

  /** Copies {@code values}, blocks of {@code block} values in PyTorch's gate order, to {@code out} in ONNX's. */
  private void reorder(double[] values, double[] out, int offset, int block) {
    int[] order = gateOrder();
    for (int g = 0; g < order.length; g++) {
      System.arraycopy(values, order[g] * block, out, offset + g * block, block);
    }
  }
}
