package dev.nn4j.onnx.layers;

import dev.nn4j.core.ComponentConfig;
import dev.nn4j.onnx.LayerToExport;
import dev.nn4j.onnx.OnnxGraph;
import dev.nn4j.onnx.OnnxLayerExport;
import java.util.Map;

/**
 * Exports {@code "gru"} as ONNX {@code GRU} nodes, one per stacked layer (see {@link LstmExport} for the
 * weights and the layout): PyTorch's {@code r, z, n} become ONNX's {@code z, r, h}, with {@code
 * linear_before_reset = 1}: PyTorch applies the reset gate after the product, {@code n = tanh(W_in x + b_in +
 * r ⊙ (W_hn h + b_hn))}.
 */
public final class GruExport implements OnnxLayerExport {
  private final RecurrentExport recurrent = new RecurrentExport() {
    @Override
    String operator() {
      return "GRU";
    }

    @Override
    int[] gateOrder() {
      return new int[] {1, 0, 2};
    }

    @Override
    void attributes(ComponentConfig config, int directions, Map<String, Object> attributes) {
      attributes.put("linear_before_reset", 1L);
    }
  };

  /** Called by {@link java.util.ServiceLoader}. */
  public GruExport() {}

  @Override
  public String type() {
    return "gru";
  }

  @Override
  public String append(OnnxGraph graph, LayerToExport layer, String input) {
    return recurrent.appendRecurrent(graph, layer, input);
  }
}
