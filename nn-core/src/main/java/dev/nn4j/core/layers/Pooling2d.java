package dev.nn4j.core.layers;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.nn4j.core.ComponentConfig;
import dev.nn4j.core.Layer;
import dev.nn4j.core.LayerConfig;
import dev.nn4j.core.Shape;
import dev.nn4j.core.math.Window2d;

/**
 * What max and average pooling share: images {@code [C, H, W]} in, {@code [C, outH, outW]} out, a window
 * (kernel, stride, padding) slid over each channel alone, no parameters; and the configuration keys,
 * PyTorch's: {@code kernel_size} (required, {@code "2"} or {@code "2,3"}), {@code stride} (the kernel size)
 * and {@code padding} (0, at most half the kernel, as PyTorch requires).
 */
abstract class Pooling2d implements Layer {
  final Shape inputShape;
  final Shape outputShape;
  final Window2d window;
  final int channels;
  final int height;
  final int width;

  Pooling2d(Shape inputShape, Window2d window) {
    checkNotNull(inputShape, "inputShape");
    this.window = checkNotNull(window, "window");
    checkArgument(
        inputShape.rank() == 3,
        "A %s layer needs samples of shape [channels, height, width], got %s",
        type(),
        inputShape);
    checkArgument(
        window.padTop() * 2 <= window.kernelHeight() && window.padLeft() * 2 <= window.kernelWidth()
            && window.padBottom() == window.padTop() && window.padRight() == window.padLeft(),
        "Expected the padding of a %s layer to be at most half its kernel on each side (as in PyTorch), got %s",
        type(),
        window);
    checkArgument(window.dilationHeight() == 1 && window.dilationWidth() == 1, "Pooling windows are not dilated, got %s", window);
    this.inputShape = inputShape;
    this.channels = inputShape.dim(0);
    this.height = inputShape.dim(1);
    this.width = inputShape.dim(2);
    this.outputShape = Shape.of(channels, window.outputHeight(height), window.outputWidth(width));
  }

  @Override
  public LayerConfig config() {
    return configBuilder().build();
  }

  /** The keys every pooling layer writes: kernel, stride and padding. */
  LayerConfig.Builder configBuilder() {
    return LayerConfig.builder()
        .set("kernel_size", pair(window.kernelHeight(), window.kernelWidth()))
        .set("stride", pair(window.strideHeight(), window.strideWidth()))
        .set("padding", pair(window.padTop(), window.padLeft()));
  }

  @Override
  public Shape inputShape() {
    return inputShape;
  }

  @Override
  public Shape outputShape() {
    return outputShape;
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "(" + inputShape + " -> " + outputShape + ", " + window + ")";
  }

  /** The window the keys {@code kernel_size}, {@code stride} and {@code padding} of {@code c} describe. */
  static Window2d window(ComponentConfig c) {
    int[] kernel = c.intPair("kernel_size", 0, 1);
    checkArgument(kernel[0] > 0, "Expected 'kernel_size' for a pooling layer: it has no default");
    int[] stride = c.intPair("stride", 0, 1);
    if (stride[0] == 0) {
      stride = kernel;
    }
    int[] padding = c.intPair("padding", 0, 0);
    return Window2d.of(kernel[0], kernel[1], stride[0], stride[1], padding[0], padding[1]);
  }

  private static String pair(int a, int b) {
    return a == b ? Integer.toString(a) : a + "," + b;
  }
}
