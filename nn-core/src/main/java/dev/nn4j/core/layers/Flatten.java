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
 * Flattens each sample to one dimension: {@code [C, H, W]} becomes {@code [C·H·W]}, as PyTorch's {@code
 * nn.Flatten()} and Keras' {@code Flatten} do. A batch is already stored as one row per sample, so the
 * values do not move: forward and backward return what they are given. No parameters. Registered as
 * {@code "flatten"}, no configuration.
 */
public final class Flatten implements Layer {
  /** The registered type name. */
  public static final String TYPE = "flatten";

  private final Shape inputShape;
  private final Shape outputShape;

  /** @param inputShape the shape of each input sample */
  public Flatten(Shape inputShape) {
    this.inputShape = checkNotNull(inputShape, "inputShape");
    this.outputShape = Shape.of(inputShape.size());
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
    return input;
  }

  @Override
  public Matrix backward(Matrix outputGradient, Pass pass) {
    return pass.needsInputGradient(this) ? outputGradient : null;
  }

  @Override
  public String toString() {
    return "Flatten(" + inputShape + " -> " + outputShape + ")";
  }

  /** Registers {@code "flatten"}, which takes no configuration. */
  public static final class Provider implements LayerProvider {
    /** Called by {@link java.util.ServiceLoader}. */
    public Provider() {}

    @Override
    public String name() {
      return TYPE;
    }

    @Override
    public LayerFactory create(LayerConfig config) {
      config.reader("layer 'flatten'");
      return Flatten::new;
    }
  }
}
