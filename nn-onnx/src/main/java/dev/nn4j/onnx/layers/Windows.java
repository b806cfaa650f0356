package dev.nn4j.onnx.layers;

import static com.google.common.base.Preconditions.checkArgument;

import dev.nn4j.core.ComponentConfig;
import dev.nn4j.core.Shape;
import dev.nn4j.core.math.Window2d;
import dev.nn4j.onnx.LayerToExport;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The windows of convolution and pooling layers, read from their configuration (PyTorch's keys, as nn-core's
 * providers read them), and the attributes ONNX's {@code Conv}, {@code MaxPool} and {@code AveragePool} take
 * for them.
 */
final class Windows {
  private Windows() {}

  /**
   * The window of a {@code conv2d} layer: {@code kernel_size} (required), {@code stride} (1), {@code
   * dilation} (1) and {@code padding}: {@code "valid"} (the default), {@code "same"} ({@code dilation·(k −
   * 1)} in all, half before and the rest after, as PyTorch) or explicit rows and columns on each side.
   */
  static Window2d convolution(ComponentConfig config) {
    int[] kernel = config.intPair("kernel_size", 0, 1);
    checkArgument(kernel[0] > 0, "Expected 'kernel_size' for a conv2d layer: it has no default");
    int[] stride = config.intPair("stride", 1, 1);
    int[] dilation = config.intPair("dilation", 1, 1);
    String padding = config.text("padding", "valid");
    int top = 0;
    int left = 0;
    int bottom = 0;
    int right = 0;
    if (padding.equals("same")) {
      int totalHeight = dilation[0] * (kernel[0] - 1);
      int totalWidth = dilation[1] * (kernel[1] - 1);
      top = totalHeight / 2;
      left = totalWidth / 2;
      bottom = totalHeight - top;
      right = totalWidth - left;
    } else if (!padding.equals("valid")) {
      int[] pad = config.intPair("padding", 0, 0);
      top = pad[0];
      bottom = pad[0];
      left = pad[1];
      right = pad[1];
    }
    return new Window2d(kernel[0], kernel[1], stride[0], stride[1], top, left, bottom, right, dilation[0], dilation[1]);
  }

  /**
   * The window of a pooling layer: {@code kernel_size} (required), {@code stride} (the kernel size) and
   * {@code padding} (0), the same on both sides.
   */
  static Window2d pooling(ComponentConfig config) {
    int[] kernel = config.intPair("kernel_size", 0, 1);
    checkArgument(kernel[0] > 0, "Expected 'kernel_size' for a pooling layer: it has no default");
    int[] stride = config.intPair("stride", 0, 1);
    if (stride[0] == 0) {
      stride = kernel;
    }
    int[] padding = config.intPair("padding", 0, 0);
    return Window2d.of(kernel[0], kernel[1], stride[0], stride[1], padding[0], padding[1]);
  }

  /**
   * {@code kernel_shape}, {@code strides} and {@code pads} (ONNX's order: {@code [top, left, bottom,
   * right]}), and {@code dilations} if asked for.
   */
  static Map<String, Object> attributes(Window2d window, boolean dilations) {
    Map<String, Object> attributes = new LinkedHashMap<>();
    attributes.put("kernel_shape", new long[] {window.kernelHeight(), window.kernelWidth()});
    attributes.put("strides", new long[] {window.strideHeight(), window.strideWidth()});
    attributes.put("pads", new long[] {window.padTop(), window.padLeft(), window.padBottom(), window.padRight()});
    if (dilations) {
      attributes.put("dilations", new long[] {window.dilationHeight(), window.dilationWidth()});
    }
    return attributes;
  }

  /**
   * The layer's samples {@code [C, H, W]}, after checking that {@code window} over them gives {@code
   * channels} images of the layer's output size: the configuration read means what the layer computes.
   *
   * @throws IllegalArgumentException if the samples are not images or the output differs
   */
  static Shape checkImages(LayerToExport layer, Window2d window, int channels) {
    Shape input = layer.layer().inputShape();
    checkArgument(input.rank() == 3, "Expected samples [C, H, W] for %s, got %s", layer.describe(), input);
    Shape expected;
    try {
      expected = Shape.of(channels, window.outputHeight(input.dim(1)), window.outputWidth(input.dim(2)));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Cannot export " + layer.describe() + ": " + e.getMessage(), e);
    }
    checkArgument(
        expected.equals(layer.layer().outputShape()),
        "The configuration of %s (%s over samples %s) gives outputs %s, but the layer's are %s",
        layer.describe(),
        window,
        input,
        expected,
        layer.layer().outputShape());
    return input;
  }
}
