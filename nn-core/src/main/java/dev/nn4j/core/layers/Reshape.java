package dev.nn4j.core.layers;

import static com.google.common.base.Preconditions.checkNotNull;

import dev.nn4j.core.Layer;
import dev.nn4j.core.LayerConfig;
import dev.nn4j.core.LayerFactory;
import dev.nn4j.core.LayerProvider;
import dev.nn4j.core.Pass;
import dev.nn4j.core.Shape;
import dev.nn4j.core.math.Matrix;

/**
 * Gives each sample another shape of the same size: {@code [784]} to {@code [1, 28, 28]}, as Keras'
 * {@code Reshape} (PyTorch's {@code x.view(n, ...)}). The values keep their row-major order, so they do
 * not move: forward and backward return what they are given. No parameters. Registered as {@code
 * "reshape"}, configuration {@code shape} (required, such as {@code "1,28,28"}).
 */
public final class Reshape implements Layer {
  /** The registered type name. */
  public static final String TYPE = "reshape";

  private final Shape inputShape;
  private final Shape outputShape;

  /**
   * @param inputShape the shape of each input sample
   * @param outputShape the shape to give it, of the same size
   * @throws IllegalArgumentException if the sizes differ; the message names both shapes
   */
  public Reshape(Shape inputShape, Shape outputShape) {
    this.inputShape = checkNotNull(inputShape, "inputShape");
    this.outputShape = checkNotNull(outputShape, "outputShape");
    if (inputShape.size() != outputShape.size()) {
      throw new IllegalArgumentException(
          "Cannot reshape samples of shape " + inputShape + " (" + inputShape.size() + " values) to " + outputShape
              + " (" + outputShape.size() + " values)");
    }
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public LayerConfig config() {
    return LayerConfig.builder().set("shape", outputShape).build();
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
    checkWidth(this, input);
    return input;
  }

  @Override
  public Matrix backward(Matrix outputGradient, Pass pass) {
    return pass.needsInputGradient(this) ? outputGradient : null;
  }

  /** Checks that {@code input}'s rows are samples of {@code layer}'s input shape. */
  static void checkWidth(Layer layer, Matrix input) {
    if (input.cols() != layer.inputSize()) {
      throw new IllegalArgumentException(
          layer.type() + " layer expects samples of shape " + layer.inputShape() + " (" + layer.inputSize()
              + " values), got " + input.cols() + " values (input shape " + input.shape() + ")");
    }
  }

  @Override
  public String toString() {
    return "Reshape(" + inputShape + " -> " + outputShape + ")";
  }

  /** Registers {@code "reshape"}: {@code shape}, required. */
  public static final class Provider implements LayerProvider {
    /** Called by {@link java.util.ServiceLoader}. */
    public Provider() {}

    @Override
    public String name() {
      return TYPE;
    }

    @Override
    public LayerFactory create(LayerConfig config) {
      Shape shape = config.reader("layer 'reshape'", "shape").shape("shape");
      return input -> new Reshape(input, shape);
    }
  }
}
