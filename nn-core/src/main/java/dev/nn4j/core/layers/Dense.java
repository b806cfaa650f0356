package dev.nn4j.core.layers;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.nn4j.core.Activation;
import dev.nn4j.core.ElementwiseActivation;
import dev.nn4j.core.Layer;
import dev.nn4j.core.Parameter;
import dev.nn4j.core.Pass;
import dev.nn4j.core.math.Kernels;
import dev.nn4j.core.math.Matrix;
import java.util.List;

/**
 * A fully connected layer: {@code a = f(x · Wᵀ + b)}, each of its neurons computing the tutorial's
 * {@code f(w · x + b)}.
 *
 * <p>{@code W} ({@code "weight"}) has shape {@code [outputs, inputs]}, so row {@code j} is neuron {@code
 * j}'s weight vector (the layout of PyTorch's {@code nn.Linear}); {@code b} ({@code "bias"}) has shape
 * {@code [1, outputs]}. Backward, with {@code z = x · Wᵀ + b} and {@code δ = dL/dz = dL/da ⊙ f'(z)}:
 * {@code dL/dW = δᵀ · x}, {@code dL/db = Σ_rows δ}, {@code dL/dx = δ · W}. When the loss is fused with
 * this layer's activation ({@link Pass#isFusedOutput}), the gradient received is already {@code δ}.
 */
public final class Dense implements Layer {
  private final int inputSize;
  private final int outputSize;
  private final Activation activation;
  private final Parameter weights;
  private final Parameter bias;

  /**
   * A layer of {@code outputSize} neurons over {@code inputSize} inputs, with zero weights and biases
   * (the network builder initializes them).
   *
   * @param inputSize the number of inputs of each sample
   * @param outputSize the number of neurons, the outputs of each sample
   * @param activation the activation {@code f}
   * @throws IllegalArgumentException if a size is not positive
   */
  public Dense(int inputSize, int outputSize, Activation activation) {
    checkArgument(inputSize > 0, "Expected a positive input size for a dense layer, got %s", inputSize);
    checkArgument(outputSize > 0, "Expected a positive number of units for a dense layer, got %s", outputSize);
    this.inputSize = inputSize;
    this.outputSize = outputSize;
    this.activation = checkNotNull(activation, "activation");
    this.weights = new Parameter("weight", outputSize, inputSize);
    this.bias = new Parameter("bias", 1, outputSize);
  }

  @Override
  public String type() {
    return "dense";
  }

  @Override
  public int inputSize() {
    return inputSize;
  }

  @Override
  public int outputSize() {
    return outputSize;
  }

  /**
   * The activation {@code f}.
   *
   * @return the activation
   */
  public Activation activation() {
    return activation;
  }

  /**
   * {@code W}, shape {@code [outputs, inputs]}.
   *
   * @return the weights parameter, live
   */
  public Parameter weights() {
    return weights;
  }

  /**
   * {@code b}, shape {@code [1, outputs]}.
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
  public Matrix forward(Matrix input, Pass pass) {
    if (input.cols() != inputSize) {
      throw new IllegalArgumentException(
          "Dense layer expects samples of " + inputSize + " values, got " + input.cols() + " (input shape " + input.shape() + ")");
    }
    int n = input.rows();
    Matrix z = pass.buffer(this, "z", n, outputSize);
    Matrix a = pass.buffer(this, "a", n, outputSize);
    if (activation instanceof ElementwiseActivation elementwise) {
      // Bias and activation in one pass over z.
      elementwise.forwardAffine(input, weights.value(), bias.value(), z, a);
    } else {
      Kernels.affine(input, weights.value(), bias.value(), z);
      activation.forward(z, a);
    }
    pass.keep(this, "x", input);
    return a;
  }

  /**
   * The pre-activations {@code z = x · Wᵀ + b} that the last {@link #forward} with {@code pass} computed.
   *
   * @param pass the pass given to {@link #forward}
   * @return {@code z}, {@code [n, outputs]}, owned by {@code pass}
   */
  public Matrix preActivation(Pass pass) {
    return pass.kept(this, "z");
  }

  @Override
  public Matrix backward(Matrix outputGradient, Pass pass) {
    Matrix x = pass.kept(this, "x");
    Matrix z = pass.kept(this, "z");
    Matrix a = pass.kept(this, "a");
    int n = x.rows();
    Matrix delta = outputGradient;
    if (!pass.isFusedOutput(this)) {
      delta = pass.buffer(this, "delta", n, outputSize);
      activation.backward(z, a, outputGradient, delta);
    }
    Kernels.multiplyTransposeA(delta, x, weights.gradient());
    Kernels.columnSums(delta, bias.gradient());
    if (!pass.needsInputGradient(this)) {
      return null;
    }
    Matrix inputGradient = pass.buffer(this, "dx", n, inputSize);
    Kernels.multiply(delta, weights.value(), inputGradient);
    return inputGradient;
  }

  @Override
  public String toString() {
    return "Dense(" + inputSize + " -> " + outputSize + ", " + activation + ")";
  }
}
