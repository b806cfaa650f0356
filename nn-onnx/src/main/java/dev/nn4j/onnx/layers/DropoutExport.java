package dev.nn4j.onnx.layers;

import dev.nn4j.onnx.LayerToExport;
import dev.nn4j.onnx.OnnxGraph;
import dev.nn4j.onnx.OnnxLayerExport;

/** Exports {@code "dropout"}, which is the identity at prediction time: no node. */
public final class DropoutExport implements OnnxLayerExport {
  /** Called by {@link java.util.ServiceLoader}. */
  public DropoutExport() {}

  @Override
  public String type() {
    return "dropout";
  }

  @Override
  public String append(OnnxGraph graph, LayerToExport layer, String input) {
    layer.config("rate");
    return input;
  }
}
