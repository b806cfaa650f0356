package dev.nn4j.onnx.layers;

import dev.nn4j.core.ComponentConfig;
import dev.nn4j.onnx.LayerToExport;
import dev.nn4j.onnx.OnnxGraph;
import dev.nn4j.onnx.OnnxLayerExport;
import java.util.Map;

/**
 * Exports {@code "rnn"} as ONNX {@code RNN} nodes, one per stacked layer (see {@link LstmExport} for the
 * weights and the layout): one gate block; {@code activations} is {@code Tanh} or {@code Relu} (per
 * direction) as the layer's {@code nonlinearity}.
 */
public final class RnnExport implements OnnxLayerExport {
  private final RecurrentExport recurrent = new RecurrentExport() {
    @Override
    String operator() {
      return "RNN";
    }

    @Override
    int[] gateOrder() {
      return new int[] {0};
    }

    @Override
    void attributes(ComponentConfig config, int directions, Map<String, Object> attributes) {
      String f = config.choice("nonlinearity", "tanh", "tanh", "relu").equals("relu") ? "Relu" : "Tanh";
      attributes.put("activations", directions == 2 ? new String[] {f, f} : new String[] {f});
    }

    @Override
    String[] acceptedKeys() {
      return new String[] {"hidden_size", "num_layers", "bidirectional", "return_sequences", "bias", "nonlinearity"};
    }
  };

  /** Called by {@link java.util.ServiceLoader}. */
  public RnnExport() {}

  @Override
  public String type() {
    return "rnn";
  }

  @Override
  public String append(OnnxGraph graph, LayerToExport layer, String input) {
    return recurrent.appendRecurrent(graph, layer, input);
  }
}
