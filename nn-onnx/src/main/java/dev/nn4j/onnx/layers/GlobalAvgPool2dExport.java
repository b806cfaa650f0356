package dev.nn4j.onnx.layers;

import static com.google.common.base.Preconditions.checkArgument;

import dev.nn4j.core.Shape;
import dev.nn4j.onnx.LayerToExport;
import dev.nn4j.onnx.OnnxGraph;
import dev.nn4j.onnx.OnnxLayerExport;
import java.util.List;

/**
 * Exports {@code "global_avg_pool2d"}, images {@code [C, H, W]} to the mean of each channel {@code [C]}, as
 * {@code GlobalAveragePool} on {@code [N, C, H, W]}, which gives {@code [N, C, 1, 1]}, then the rows {@code
 * [N, C]} ({@link OnnxGraph#rows}: a {@code Reshape}, added when the next layer reads rows).
 */
public final class GlobalAvgPool2dExport implements OnnxLayerExport {
  /** Called by {@link java.util.ServiceLoader}. */
  public GlobalAvgPool2dExport() {}

  @Override
  public String type() {
    return "global_avg_pool2d";
  }

  @Override
  public String append(OnnxGraph graph, LayerToExport layer, String input) {
    layer.config();
    Shape images = layer.layer().inputShape();
    checkArgument(images.rank() == 3, "Expected samples [C, H, W] for %s, got %s", layer.describe(), images);
    int channels = images.dim(0);
    checkArgument(
        layer.layer().outputShape().equals(Shape.of(channels)),
        "Expected outputs [%s] of %s, the channels of its samples %s, got %s",
        channels,
        layer.describe(),
        images,
        layer.layer().outputShape());
    String name = layer.name();
    String x = graph.samples(input, name + "/Reshape_images", name + ".x_images", images.dims());
    String y = graph.node("GlobalAveragePool", name + "/GlobalAveragePool", List.of(x), name + ".y_images");
    return graph.rows(y, name + "/Reshape_rows", name + ".y", channels, 1, 1);
  }
}
