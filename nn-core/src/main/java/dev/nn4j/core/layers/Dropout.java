package dev.nn4j.core.layers;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.nn4j.core.Layer;
import dev.nn4j.core.LayerConfig;
import dev.nn4j.core.LayerFactory;
import dev.nn4j.core.LayerProvider;
import dev.nn4j.core.Pass;
import dev.nn4j.core.Shape;
import dev.nn4j.core.math.Kernels;
import dev.nn4j.core.math.Matrix;

/**
 * Inverted dropout: while training, each input is zeroed with probability {@code p} (the rate) and the
 * others are scaled by {@code 1 / (1 − p)}, so that the expected output equals the input and prediction
 * needs no rescaling: {@code y = x ⊙ m / (1 − p)}, {@code m_i ~ Bernoulli(1 − p)}. Backward: {@code dL/dx =
 * dL/dy ⊙ m / (1 − p)}, with the mask of the forward pass. When not training it is the identity.
 *
 * <p>The masks are drawn from the training pass's generator, which the network derives from its seed, so a
 * seeded run is reproducible. No parameters. Registered as {@code "dropout"}, configuration {@code rate}
 * (in {@code [0, 1)}; 0.5 by default, as in PyTorch).
 */
public final class Dropout implements Layer {
  /** The registered type name. */
  public static final String TYPE = "dropout";

  private final Shape shape;
  private final double rate;

  /**
   * @param shape the shape of the samples it passes on
   * @param rate the probability {@code p} of dropping each input, in {@code [0, 1)}
   */
  public Dropout(Shape shape, double rate) {
    this.shape = checkNotNull(shape, "shape");
    checkArgument(rate >= 0 && rate < 1, "Expected a dropout rate in [0, 1), got rate=%s", rate);
    this.rate = rate + 0.0;
  }

  /**
   * @param size the width of the samples it passes on
   * @param rate the probability {@code p} of dropping each input, in {@code [0, 1)}
   */
  public Dropout(int size, double rate) {
    this(Shape.of(size), rate);
  }

  /**
   * The probability of dropping each input.
   *
   * @return the rate {@code p}
   */
  public double rate() {
    return rate;
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public LayerConfig config() {
    return LayerConfig.builder().set("rate", rate).build();
  }

  @Override
  public Shape inputShape() {
    return shape;
  }

  @Override
  public Shape outputShape() {
    return shape;
  }

  @Override
  public Matrix forward(Matrix input, Pass pass) {
    if (input.cols() != shape.size()) {
      throw new IllegalArgumentException(
          "Dropout layer expects samples of " + shape.size() + " values, got " + input.cols() + " (input shape " + input.shape() + ")");
    }
    if (!pass.training() || rate == 0) {
      return input;
    }
    Matrix mask = pass.buffer(this, "mask", input.rows(), input.cols());
    Kernels.dropoutMask(mask, rate, pass.random());
    Matrix out = pass.buffer(this, "y", input.rows(), input.cols());
    Kernels.multiplyElementwise(input, mask, out);
    return out;
  }

  @Override
  public Matrix backward(Matrix outputGradient, Pass pass) {
    if (!pass.training() || rate == 0) {
      return outputGradient;
    }
    if (!pass.needsInputGradient(this)) {
      return null;
    }
    Matrix mask = pass.kept(this, "mask");
    Matrix inputGradient = pass.buffer(this, "dx", outputGradient.rows(), outputGradient.cols());
    Kernels.multiplyElementwise(outputGradient, mask, inputGradient);
    return inputGradient;
  }

  @Override
  public String toString() {
    return "Dropout(" + shape + ", rate=" + rate + ")";
  }

  /** Registers {@code "dropout"}: {@code rate}, in {@code [0, 1)}, 0.5 by default. */
  public static final class Provider implements LayerProvider {
    /** Called by {@link java.util.ServiceLoader}. */
    public Provider() {}

    @Override
    public String name() {
      return TYPE;
    }

    @Override
    public LayerFactory create(LayerConfig config) {
      double rate = config.reader("layer 'dropout'", "rate").doubleIn("rate", 0.5, 0.0, true, 1.0, false);
      return input -> new Dropout(input, rate);
    }
  }
}
