package dev.nn4j.core.layers;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.nn4j.core.ActivatedLayer;
import dev.nn4j.core.Activation;
import dev.nn4j.core.ComponentConfig;
import dev.nn4j.core.ElementwiseActivation;
import dev.nn4j.core.InitContext;
import dev.nn4j.core.Layer;
import dev.nn4j.core.LayerConfig;
import dev.nn4j.core.LayerFactory;
import dev.nn4j.core.LayerProvider;
import dev.nn4j.core.Parameter;
import dev.nn4j.core.Pass;
import dev.nn4j.core.Shape;
import dev.nn4j.core.init.Initializers;
import dev.nn4j.core.math.Kernels;
import dev.nn4j.core.math.Matrix;
import java.util.List;

/**
 * A fully connected layer: {@code a = f(x · Wᵀ + b)}, each of its neurons computing the tutorial's {@code
 * f(w · x + b)}.
 *
 * <p>{@code W} ({@code "weight"}) has shape {@code [units, inputs]}, so row {@code j} is neuron {@code j}'s
 * weight vector (the layout of PyTorch's {@code nn.Linear}); {@code b} ({@code "bias"}) has shape {@code
 * [units]}. It acts on the last dimension of its samples: a feature vector {@code [F]} gives {@code
 * [units]}, a sequence {@code [T, F]} gives {@code [T, units]}, the same weights applied at every step (as
 * {@code nn.Linear} and Keras' {@code Dense} do). Backward, with {@code z = x · Wᵀ + b} and {@code δ = dL/dz
 * = dL/da ⊙ f'(z)}: {@code dL/dW += δᵀ · x}, {@code dL/db += Σ_rows δ}, {@code dL/dx = δ · W}. When the loss
 * is fused with this layer's activation ({@link Pass#isFusedOutput}), the gradient received is already
 * {@code δ}.
 *
 * <p>Registered as {@code "dense"}, configuration {@code units} and {@code activation} (both required). Weights start from the initializer chosen on the builder, Xavier/Glorot uniform by
 * default; biases as that initializer sets them.
 */
public final class Dense implements ActivatedLayer {
  /** The registered type name. */
  public static final String TYPE = "dense";

  private final Shape inputShape;
  private final Shape outputShape;
  private final int inputs;
  private final int units;
  private final Activation activation;
  private final Parameter weights;
  private final Parameter bias;

  /**
   * A layer of {@code units} neurons over samples of {@code inputShape}, acting on its last dimension, with
   * zero weights and biases (the network initializes them).
   *
   * @param inputShape the shape of each input sample; its last size is the number of inputs of a neuron
   * @param units the number of neurons
   * @param activation the activation {@code f}
   * @throws IllegalArgumentException if {@code units} is not positive or the shape is a scalar
   */
  public Dense(Shape inputShape, int units, Activation activation) {
    checkNotNull(inputShape, "inputShape");
    checkArgument(units > 0, "Expected a positive number of units for a dense layer, got units=%s", units);
    checkArgument(inputShape.rank() > 0, "A dense layer needs samples with at least one dimension, got %s", inputShape);
    this.inputShape = inputShape;
    this.outputShape = inputShape.withLast(units);
    this.inputs = inputShape.dim(-1);
    this.units = units;
    this.activation = checkNotNull(activation, "activation");
    this.weights = new Parameter("weight", Shape.of(units, inputs));
    this.bias = new Parameter("bias", Shape.of(units));
  }

  /**
   * A layer of {@code outputSize} neurons over samples of {@code inputSize} values.
   *
   * @param inputSize the number of inputs of each sample
   * @param outputSize the number of neurons
   * @param activation the activation {@code f}
   */
  public Dense(int inputSize, int outputSize, Activation activation) {
    this(Shape.of(checkedSize(inputSize)), outputSize, activation);
  }

  private static int checkedSize(int inputSize) {
    checkArgument(inputSize > 0, "Expected a positive input size for a dense layer, got %s", inputSize);
    return inputSize;
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public LayerConfig config() {
    return LayerConfig.builder().set("units", units).set("activation", activation).build();
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
  public Activation activation() {
    return activation;
  }

  /**
   * {@code W}, shape {@code [units, inputs]}.
   *
   * @return the weights parameter, live
   */
  public Parameter weights() {
    return weights;
  }

  /**
   * {@code b}, shape {@code [units]}.
   *
   * @return the bias parameter, live
   */
  public Parameter bias() {
    return bias;
  }

  @Override
  public List<Parameter> parameters() {
    return List.of(weights, bias);
  }

  @Override
  public void initialize(InitContext context) {
    context.initializer(Initializers.xavierUniform()).initialize(weights.value(), bias.value(), context.random());
  }

  @Override
  public Matrix forward(Matrix input, Pass pass) {
    if (input.cols() != inputShape.size()) {
      throw new IllegalArgumentException(
          "Dense layer expects samples of " + inputShape.size() + " values (shape " + inputShape + "), got "
              + input.cols() + " (input shape " + input.shape() + ")");
    }
    int n = input.rows();
    Matrix z = pass.buffer(this, "z", n, outputShape.size());
    Matrix a = pass.buffer(this, "a", n, outputShape.size());
    Matrix x = rows(input, inputs, "x", pass);
    Matrix zRows = rows(z, units, "z rows", pass);
    Matrix aRows = rows(a, units, "a rows", pass);
    if (activation instanceof ElementwiseActivation elementwise) {
      // Bias and activation in one pass over z.
      elementwise.forwardAffine(x, weights.value(), bias.value(), zRows, aRows);
    } else {
      Kernels.affine(x, weights.value(), bias.value(), zRows);
      activation.forward(zRows, aRows);
    }
    pass.keep(this, "x", x);
    return a;
  }

  @Override
  public Matrix preActivation(Pass pass) {
    return pass.kept(this, "z");
  }

  @Override
  public Matrix backward(Matrix outputGradient, Pass pass) {
    Matrix x = pass.kept(this, "x");
    Matrix z = rows(pass.kept(this, "z"), units, "z rows", pass);
    Matrix a = rows(pass.kept(this, "a"), units, "a rows", pass);
    Matrix gradient = rows(outputGradient, units, "dy rows", pass);
    Matrix delta = gradient;
    if (!pass.isFusedOutput(this)) {
      delta = pass.buffer(this, "delta", x.rows(), units);
      activation.backward(z, a, gradient, delta);
    }
    weights.accumulateGradient(delta, x);
    bias.accumulateGradientSums(delta);
    if (!pass.needsInputGradient(this)) {
      return null;
    }
    Matrix inputGradient = pass.buffer(this, "dx", outputGradient.rows(), inputShape.size());
    Kernels.multiply(delta, weights.value(), rows(inputGradient, inputs, "dx rows", pass));
    return inputGradient;
  }

  /**
   * {@code m} as rows of {@code width} values: itself for samples of one dimension, else a view of {@code
   * n·T} rows, kept in the pass under {@code name}.
   */
  private Matrix rows(Matrix m, int width, String name, Pass pass) {
    return m.cols() == width ? m : pass.view(this, name, m, m.size() / width, width);
  }

  /** A copy laid out for serving one sample at a time (see {@link FrozenDense}). */
  @Override
  public Layer forServing() {
    return new FrozenDense(this);
  }

  @Override
  public String toString() {
    return "Dense(" + inputShape + " -> " + outputShape + ", " + activation + ")";
  }

  /** Registers {@code "dense"}: {@code units} and {@code activation}, both required. */
  public static final class Provider implements LayerProvider {
    /** Called by {@link java.util.ServiceLoader}. */
    public Provider() {}

    @Override
    public String name() {
      return TYPE;
    }

    @Override
    public LayerFactory create(LayerConfig config) {
      ComponentConfig c = config.reader("layer 'dense'", "units", "activation.*");
      int units = c.positiveInt("units");
      Activation activation = c.activation("activation", null);
      return input -> new Dense(input, units, activation);
    }
  }
}
