package dev.nn4j.core.layers;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.nn4j.core.Layer;
import dev.nn4j.core.LayerConfig;
import dev.nn4j.core.LayerFactory;
import dev.nn4j.core.LayerProvider;
import dev.nn4j.core.Pass;
import dev.nn4j.core.Shape;
import dev.nn4j.core.math.ConvolutionKernels;
import dev.nn4j.core.math.Matrix;

/**
 * Global average pooling: images {@code [C, H, W]} to the mean of each channel, {@code [C]}, as Keras'
 * {@code GlobalAveragePooling2D} (PyTorch's {@code AdaptiveAvgPool2d(1)} then {@code flatten}). Registered as
 * {@code "global_avg_pool2d"}, no configuration.
 */
public final class GlobalAvgPool2d implements Layer {
  /** The registered type name. */
  public static final String TYPE = "global_avg_pool2d";

  private final Shape inputShape;
  private final Shape outputShape;
  private final int positions;

  /**
   * Global average pooling over samples of {@code inputShape}.
   *
   * @param inputShape the shape of each input sample, {@code [C, H, W]}
   * @throws IllegalArgumentException if the input is not {@code [C, H, W]}
   */
  public GlobalAvgPool2d(Shape inputShape) {
    checkNotNull(inputShape, "inputShape");
    checkArgument(
        inputShape.rank() == 3, "A global_avg_pool2d layer needs samples of shape [channels, height, width], got %s", inputShape);
    this.inputShape = inputShape;
    this.outputShape = Shape.of(inputShape.dim(0));
    this.positions = inputShape.dim(1) * inputShape.dim(2);
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public LayerConfig config() {
    return LayerConfig.empty();
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
  public Matrix forward(Matrix input, Pass pass) {
    Reshape.checkWidth(this, input);
    Matrix y = pass.buffer(this, "y", input.rows(), outputShape.size());
    ConvolutionKernels.channelMeans(input, positions, y);
    return y;
  }

  @Override
  public Matrix backward(Matrix outputGradient, Pass pass) {
    if (!pass.needsInputGradient(this)) {
      return null;
    }
    Matrix dx = pass.buffer(this, "dx", outputGradient.rows(), inputShape.size());
    ConvolutionKernels.channelMeansBackward(outputGradient, positions, dx);
    return dx;
  }

  @Override
  public String toString() {
    return "GlobalAvgPool2d(" + inputShape + " -> " + outputShape + ")";
  }

  /** Registers {@code "global_avg_pool2d"}, which takes no configuration. */
  public static final class Provider implements LayerProvider {
    /** Called by {@link java.util.ServiceLoader}. */
    public Provider() {}

    @Override
    public String name() {
      return TYPE;
    }

    @Override
    public LayerFactory create(LayerConfig config) {
      config.reader("layer 'global_avg_pool2d'");
      return GlobalAvgPool2d::new;
    }
  }
}
