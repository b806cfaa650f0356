package dev.nn4j.core.layers;

import static com.google.common.base.Preconditions.checkArgument;

import dev.nn4j.core.Layer;
import dev.nn4j.core.Parameter;
import dev.nn4j.core.Pass;
import dev.nn4j.core.math.Kernels;
import dev.nn4j.core.math.Matrix;
import java.util.List;

/**
 * Inverted dropout: while training, each input is zeroed with probability {@code p} (the rate) and the
 * others are scaled by {@code 1 / (1 − p)}, so that the expected output equals the input and prediction
 * needs no rescaling: {@code y = x ⊙ m / (1 − p)}, {@code m_i ~ Bernoulli(1 − p)}. Backward: {@code dL/dx =
 * dL/dy ⊙ m / (1 − p)}, with the mask of the forward pass. When not training it is the identity.
 *
 * <p>The masks are drawn from the training pass's generator, which the network derives from its seed, so a
 * seeded run is reproducible. No parameters.
 */
public final class Dropout implements Layer {
  private final int size;
  private final double rate;

  /**
   * @param size the width of the samples it passes on
   * @param rate the probability {@code p} of dropping each input, in {@code [0, 1)}
   */
  public Dropout(int size, double rate) {
    checkArgument(size > 0, "Expected a positive size for a dropout layer, got %s", size);
    checkArgument(rate >= 0 && rate < 1, "Expected a dropout rate in [0, 1), got rate=%s", rate);
    this.size = size;
    this.rate = rate;
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
    return "dropout";
  }

  @Override
  public int inputSize() {
    return size;
  }

  @Override
  public int outputSize() {
    return size;
  }

  @Override
  public List<Parameter> parameters() {
    return List.of();
  }

  @Override
  public Matrix forward(Matrix input, Pass pass) {
    if (input.cols() != size) {
      throw new IllegalArgumentException(
          "Dropout layer expects samples of " + size + " values, got " + input.cols() + " (input shape " + input.shape() + ")");
    }
    if (!pass.training() || rate == 0) {
      return input;
    }
    Matrix mask = pass.buffer(this, "mask", input.rows(), size);
    Kernels.dropoutMask(mask, rate, pass.random());
    Matrix out = pass.buffer(this, "y", input.rows(), size);
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
    Matrix inputGradient = pass.buffer(this, "dx", outputGradient.rows(), size);
    Kernels.multiplyElementwise(outputGradient, mask, inputGradient);
    return inputGradient;
  }

  @Override
  public String toString() {
    return "Dropout(" + size + ", rate=" + rate + ")";
  }
}
