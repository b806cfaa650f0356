package dev.nn4j.onnx.layers;

import dev.nn4j.core.Shape;
import dev.nn4j.core.math.Window2d;
import dev.nn4j.onnx.LayerToExport;
import dev.nn4j.onnx.OnnxGraph;
import dev.nn4j.onnx.OnnxLayerExport;
import java.util.List;
import java.util.Map;

/**
 * Exports {@code "max_pool2d"} as one {@code MaxPool} node on {@code [N, C, H, W]}: attributes {@code
 * kernel_shape}, {@code strides}, {@code pads} {@code [top, left, bottom, right]} and {@code ceil_mode = 0}
 * (output sizes rounded down, as nn4j and PyTorch by default). ONNX's max pooling, like nn4j's, takes no
 * value from the padding, which acts as minus infinity. The batch is reshaped to images and given back as
 * rows as {@link Conv2dExport} does.
 */
public final class MaxPool2dExport implements OnnxLayerExport {
  /** Called by {@link java.util.ServiceLoader}. */
  public MaxPool2dExport() {}

  @Override
  public String type() {
    return "max_pool2d";
  }

  @Override
  public String append(OnnxGraph graph, LayerToExport layer, String input) {
    Window2d window = Windows.pooling(layer.config("kernel_size", "stride", "padding"));
    Shape images = Windows.checkImages(layer, window, layer.layer().inputShape().dim(0));
    String name = layer.name();
    String x = graph.samples(input, name + "/Reshape_images", name + ".x_images", images.dims());
    Map<String, Object> attributes = Windows.attributes(window, false);
    attributes.put("ceil_mode", 0L);
    String y = graph.node("MaxPool", name + "/MaxPool", List.of(x), name + ".y_images", attributes);
    return graph.rows(y, name + "/Reshape_rows", name + ".y", layer.layer().outputShape().dims());
  }
}
