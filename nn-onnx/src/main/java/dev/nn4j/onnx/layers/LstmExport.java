package dev.nn4j.onnx.layers;

import dev.nn4j.core.ComponentConfig;
import dev.nn4j.onnx.LayerToExport;
import dev.nn4j.onnx.OnnxGraph;
import dev.nn4j.onnx.OnnxLayerExport;
import java.util.Map;

/**
 * Exports {@code "lstm"} as ONNX {@code LSTM} nodes, its default activations (sigmoid, tanh, tanh) being
 * PyTorch's; and what it shares with {@link GruExport} and {@link RnnExport}: each stacked layer of the
 * recurrent layer becomes one ONNX {@code LSTM}, {@code GRU} or {@code RNN} node (both directions in one node,
 * {@code direction = "bidirectional"}), its weights translated from PyTorch's layout to ONNX's.
 *
 * <p><b>Weights.</b> For each layer {@code k}, ONNX's {@code W [dirs, G·H, F_k]}, {@code R [dirs, G·H, H]} and
 * {@code B [dirs, 2·G·H]} ({@code W_b} then {@code R_b}) stack the forward direction's {@code weight_ih_lk},
 * {@code weight_hh_lk}, {@code bias_ih_lk} and {@code bias_hh_lk} and the backward direction's ({@code
 * _reverse}), with the {@code G} gate blocks of {@code H} rows reordered: PyTorch's LSTM stacks {@code i, f,
 * g, o}, ONNX's {@code i, o, f, c}; PyTorch's GRU {@code r, z, n}, ONNX's {@code z, r, h}. A layer without
 * biases leaves {@code B} out (zeros).
 *
 * <p><b>Layout.</b> The batch {@code [N, T·F]} is reshaped to {@code [N, T, F]} and transposed to ONNX's
 * {@code [T, N, F]} (opset 13 has no {@code layout} attribute); each node's {@code Y [T, dirs, N, H]} is
 * transposed to {@code [T, N, dirs, H]} and reshaped to {@code [T, N, dirs·H]} for the layer above; the top
 * layer's {@code Y} to {@code [N, T·dirs·H]} (every step, the directions side by side, forward first, as
 * nn4j lays them out), or its {@code Y_h [dirs, N, H]} to {@code [N, dirs·H]} (the last output). Every
 * sequence is taken at full length: no {@code sequence_lens}.
 */
public final class LstmExport implements OnnxLayerExport {
  private final RecurrentExport recurrent = new RecurrentExport() {
    @Override
    String operator() {
      return "LSTM";
    }

    @Override
    int[] gateOrder() {
      return new int[] {0, 3, 1, 2};
    }

    @Override
    void attributes(ComponentConfig config, int directions, Map<String, Object> attributes) {
      // The defaults of the ONNX operator are the cell's.
    }
  };

  /** Called by {@link java.util.ServiceLoader}. */
  public LstmExport() {}

  @Override
  public String type() {
    return "lstm";
  }

  @Override
  public String append(OnnxGraph graph, LayerToExport layer, String input) {
    return recurrent.appendRecurrent(graph, layer, input);
  }
}
