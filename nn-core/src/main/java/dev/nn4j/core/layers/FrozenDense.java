package dev.nn4j.core.layers;

import dev.nn4j.core.Activation;
import dev.nn4j.core.Layer;
import dev.nn4j.core.LayerConfig;
import dev.nn4j.core.Pass;
import dev.nn4j.core.Shape;
import dev.nn4j.core.math.FrozenWeights;
import dev.nn4j.core.math.Kernels;
import dev.nn4j.core.math.Matrix;

/**
 * A dense layer as {@link dev.nn4j.core.Network#predictor()} serves it: its weights copied into {@link
 * FrozenWeights}, laid out for the product of one row, and its bias copied, so that training the network on
 * does not change it. {@code a = f(x · Wᵀ + b)} row by row, each output the same fused multiply-add chain as
 * {@link Dense#forward} on the {@code java} backend, so the two agree bit for bit. Inference only.
 */
final class FrozenDense implements Layer {
  private final Shape inputShape;
  private final Shape outputShape;
  private final LayerConfig config;
  private final FrozenWeights weights;
  private final Matrix bias;
  private final Activation activation;

  FrozenDense(Dense dense) {
    this.inputShape = dense.inputShape();
    this.outputShape = dense.outputShape();
    this.config = dense.config();
    this.weights = FrozenWeights.of(dense.weights().value());
    this.bias = dense.bias().value().copy();
    this.activation = dense.activation();
  }

  @Override
  public String type() {
    return Dense.TYPE;
  }

  @Override
  public LayerConfig config() {
    return config;
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
    int units = weights.outputs();
    int inputs = weights.inputs();
    if (input.cols() != inputShape.size()) {
      throw new IllegalArgumentException(
          "Dense layer expects samples of " + inputShape.size() + " values, got " + input.cols());
    }
    Matrix a = pass.buffer(this, "a", input.rows(), outputShape.size());
    int rows = input.size() / inputs;
    if (rows == 1) {
      // One sample of one step: the latency-bound case, straight through.
      Matrix z = pass.buffer(this, "z", 1, units);
      weights.multiply(input.data(), z.data());
      Kernels.addRowVector(z, bias);
      activation.forward(z, a);
      return a;
    }
    Matrix x = pass.buffer(this, "x row", 1, inputs);
    Matrix z = pass.buffer(this, "z row", 1, units);
    Matrix out = pass.buffer(this, "a row", 1, units);
    for (int r = 0; r < rows; r++) {
      System.arraycopy(input.data(), r * inputs, x.data(), 0, inputs);
      weights.multiply(x.data(), z.data());
      Kernels.addRowVector(z, bias);
      activation.forward(z, out);
      System.arraycopy(out.data(), 0, a.data(), r * units, units);
    }
    return a;
  }

  @Override
  public Matrix backward(Matrix outputGradient, Pass pass) {
    throw new UnsupportedOperationException("A dense layer frozen for serving does not train");
  }

  @Override
  public String toString() {
    return "FrozenDense(" + inputShape + " -> " + outputShape + ", " + activation + ")";
  }
}
