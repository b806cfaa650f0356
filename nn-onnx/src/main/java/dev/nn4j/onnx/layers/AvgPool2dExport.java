package dev.nn4j.onnx.layers;

import dev.nn4j.core.ComponentConfig;
import dev.nn4j.core.Shape;
import dev.nn4j.core.math.Window2d;
import dev.nn4j.onnx.LayerToExport;
import dev.nn4j.onnx.OnnxGraph;
import dev.nn4j.onnx.OnnxLayerExport;
import java.util.List;
import java.util.Map;

/**
 * Exports {@code "avg_pool2d"} as one {@code AveragePool} node on {@code [N, C, H, W]}: attributes {@code
 * kernel_shape}, {@code strides}, {@code pads} {@code [top, left, bottom, right]}, {@code ceil_mode = 0} and
 * {@code count_include_pad} (1 or 0, as the layer's {@code count_include_pad}: whether the padding counts in
 * each window's divisor). The batch is reshaped to images and given back as rows as {@link Conv2dExport}
 * does.
 */
public final class AvgPool2dExport implements OnnxLayerExport {
  /** Called by {@link java.util.ServiceLoader}. */
  public AvgPool2dExport() {}

  @Override
  public String type() {
    return "avg_pool2d";
  }

  @Override
  public String append(OnnxGraph graph, LayerToExport layer, String input) {
    ComponentConfig config = layer.config("kernel_size", "stride", "padding", "count_include_pad");
    Window2d window = Windows.pooling(config);
    boolean countIncludePad = config.bool("count_include_pad", true);
    Shape images = Windows.checkImages(layer, window, layer.layer().inputShape().dim(0));
    String name = layer.name();
    String x = graph.samples(input, name + "/Reshape_images", name + ".x_images", images.dims());
    Map<String, Object> attributes = Windows.attributes(window, false);
    attributes.put("ceil_mode", 0L);
    attributes.put("count_include_pad", countIncludePad ? 1L : 0L);
    String y = graph.node("AveragePool", name + "/AveragePool", List.of(x), name + ".y_images", attributes);
    return graph.rows(y, name + "/Reshape_rows", name + ".y", layer.layer().outputShape().dims());
  }
}
