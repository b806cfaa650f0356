package dev.nn4j.core.layers;

import dev.nn4j.core.ComponentConfig;
import dev.nn4j.core.LayerConfig;
import dev.nn4j.core.LayerFactory;
import dev.nn4j.core.LayerProvider;
import dev.nn4j.core.Pass;
import dev.nn4j.core.Shape;
import dev.nn4j.core.math.ConvolutionKernels;
import dev.nn4j.core.math.Matrix;
import dev.nn4j.core.math.Window2d;

/**
 * Average pooling over each channel of images {@code [C, H, W]}, as PyTorch's {@code nn.AvgPool2d} computes
 * it: each output is the sum under its window divided by the window's size, padding included ({@code
 * count_include_pad}, PyTorch's default) or not. Registered as {@code "avg_pool2d"}: {@code kernel_size}
 * (required), {@code stride} (the kernel size), {@code padding} (0), {@code count_include_pad} (true).
 */
public final class AvgPool2d extends Pooling2d {
  /** The registered type name. */
  public static final String TYPE = "avg_pool2d";

  private final boolean countIncludePad;

  /**
   * Average pooling over samples of {@code inputShape} with {@code window}.
   *
   * @param inputShape the shape of each input sample, {@code [C, H, W]}
   * @param window the pooling window: kernel, stride and padding (at most half the kernel), no dilation
   * @param countIncludePad whether padding counts in each window's divisor
   * @throws IllegalArgumentException if the input is not {@code [C, H, W]} or the window does not fit it
   */
  public AvgPool2d(Shape inputShape, Window2d window, boolean countIncludePad) {
    super(inputShape, window);
    this.countIncludePad = countIncludePad;
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public LayerConfig config() {
    return configBuilder().set("count_include_pad", countIncludePad).build();
  }

  @Override
  public Matrix forward(Matrix input, Pass pass) {
    Reshape.checkWidth(this, input);
    Matrix y = pass.buffer(this, "y", input.rows(), outputShape.size());
    ConvolutionKernels.avgPool(input, channels, height, width, window, countIncludePad, y);
    return y;
  }

  @Override
  public Matrix backward(Matrix outputGradient, Pass pass) {
    if (!pass.needsInputGradient(this)) {
      return null;
    }
    Matrix dx = pass.buffer(this, "dx", outputGradient.rows(), inputShape.size());
    ConvolutionKernels.avgPoolBackward(outputGradient, channels, height, width, window, countIncludePad, dx);
    return dx;
  }

  /** Registers {@code "avg_pool2d"}: {@code kernel_size}, {@code stride}, {@code padding}, {@code count_include_pad}. */
  public static final class Provider implements LayerProvider {
    /** Called by {@link java.util.ServiceLoader}. */
    public Provider() {}

    @Override
    public String name() {
      return TYPE;
    }

    @Override
    public LayerFactory create(LayerConfig config) {
      ComponentConfig c = config.reader("layer 'avg_pool2d'", "kernel_size", "stride", "padding", "count_include_pad");
      Window2d window = window(c);
      boolean countIncludePad = c.bool("count_include_pad", true);
      return input -> new AvgPool2d(input, window, countIncludePad);
    }
  }
}
