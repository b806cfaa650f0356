package dev.nn4j.onnx.layers;

import dev.nn4j.core.Activation;
import dev.nn4j.core.ComponentConfig;
import dev.nn4j.core.Shape;
import dev.nn4j.core.math.Window2d;
import dev.nn4j.onnx.LayerToExport;
import dev.nn4j.onnx.OnnxGraph;
import dev.nn4j.onnx.OnnxLayerExport;
import java.util.List;
import java.util.Map;

/**
 * Exports {@code "conv2d"}, {@code a = f(conv(x, W) + b)} over samples {@code [C, H, W]}, as one {@code
 * Conv} node on {@code [N, C, H, W]} (inputs {@code X, W} and {@code B} unless the layer has no bias;
 * attributes {@code kernel_shape}, {@code strides}, {@code dilations}, {@code group = 1} and {@code pads}
 * {@code [top, left, bottom, right]}, {@code "same"} padding resolved as PyTorch does, the odd row or column
 * below and right), followed by the operators of its activation {@code f}, as a dense layer's. {@code W} is
 * the state dict's {@code weight}, {@code [out, C, kh, kw]}, ONNX's layout too, and {@code b} its {@code
 * bias}, {@code [out]}.
 *
 * <p>The batch is reshaped to images with {@link OnnxGraph#samples} and given back with {@link
 * OnnxGraph#rows}, so that consecutive image layers pass {@code [N, out, outH, outW]} along without a
 * {@code Reshape}. An elementwise activation applies to the images; softmax, over each whole sample in
 * nn4j, to the rows.
 */
public final class Conv2dExport implements OnnxLayerExport {
  /** Called by {@link java.util.ServiceLoader}. */
  public Conv2dExport() {}

  @Override
  public String type() {
    return "conv2d";
  }

  @Override
  public String append(OnnxGraph graph, LayerToExport layer, String input) {
    ComponentConfig config = layer.config("out_channels", "kernel_size", "stride", "padding", "dilation", "bias", "activation");
    int outChannels = config.positiveInt("out_channels");
    Window2d window = Windows.convolution(config);
    boolean hasBias = config.bool("bias", true);
    Activation activation = config.activation("activation", null);
    Shape images = Windows.checkImages(layer, window, outChannels);
    Shape outputs = layer.layer().outputShape();
    String name = layer.name();
    String weight = graph.constant(
        name + ".weight", layer.tensor("weight", Shape.of(outChannels, images.dim(0), window.kernelHeight(), window.kernelWidth())));
    String x = graph.samples(input, name + "/Reshape_images", name + ".x_images", images.dims());
    List<String> inputs = hasBias
        ? List.of(x, weight, graph.constant(name + ".bias", layer.tensor("bias", Shape.of(outChannels))))
        : List.of(x, weight);
    Map<String, Object> attributes = Windows.attributes(window, true);
    attributes.put("group", 1L);
    String z = graph.node("Conv", name + "/Conv", inputs, name + ".z", attributes);
    if (OnnxGraph.isElementwise(activation)) {
      String a = graph.activation(activation, z, name);
      return graph.rows(a, name + "/Reshape_rows", name + ".y", outputs.dims());
    }
    return graph.activation(activation, graph.rows(z, name + "/Reshape_rows", name + ".z_rows", outputs.dims()), name);
  }
}
