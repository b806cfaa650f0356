package dev.nn4j.onnx.layers;

import dev.nn4j.onnx.LayerToExport;
import dev.nn4j.onnx.OnnxGraph;
import dev.nn4j.onnx.OnnxLayerExport;

/**
 * Exports {@code "reshape"}: between layers a batch is {@code [N, size]}, one row per sample whatever the
 * sample's shape, and reshaping keeps the values in row-major order, so it adds no node. A layer after it
 * that needs the new dimensions reshapes to them itself.
 */
public final class ReshapeExport implements OnnxLayerExport {
  /** Called by {@link java.util.ServiceLoader}. */
  public ReshapeExport() {}

  @Override
  public String type() {
    return "reshape";
  }

  @Override
  public String append(OnnxGraph graph, LayerToExport layer, String input) {
    layer.config("shape");
    return input;
  }
}
