package dev.nn4j.onnx.layers;

import dev.nn4j.onnx.LayerToExport;
import dev.nn4j.onnx.OnnxGraph;
import dev.nn4j.onnx.OnnxLayerExport;

/**
 * Exports {@code "flatten"}, {@code [C, H, W]} to {@code [C·H·W]}: between layers a batch is already {@code
 * [N, C·H·W]}, one row per sample, so it adds no node. (After a convolution or pooling, whose export gives
 * its images back as {@link OnnxGraph#rows rows}, the {@code Reshape} of the images to rows is added when
 * the next layer reads the rows, such as a dense layer's {@code Gemm}.)
 */
public final class FlattenExport implements OnnxLayerExport {
  /** Called by {@link java.util.ServiceLoader}. */
  public FlattenExport() {}

  @Override
  public String type() {
    return "flatten";
  }

  @Override
  public String append(OnnxGraph graph, LayerToExport layer, String input) {
    layer.config();
    return input;
  }
}
