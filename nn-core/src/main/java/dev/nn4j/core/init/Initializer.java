package dev.nn4j.core.init;

import dev.nn4j.core.math.Matrix;
import java.util.Random;

/**
 * Sets the initial weights and biases of a dense layer.
 *
 * <p>{@code weights} has shape {@code [outputs, inputs]} (row {@code j} holds the weights of neuron {@code
 * j}, as in PyTorch's {@code nn.Linear}), {@code bias} has shape {@code [1, outputs]}. All randomness must
 * come from {@code random}, which the network derives from its seed, so that the same seed gives the same
 * network. Implementations are immutable and print their configuration.
 */
@FunctionalInterface
public interface Initializer {

  /**
   * Overwrites {@code weights} and {@code bias}.
   *
   * @param weights the weights, {@code [outputs, inputs]}, overwritten
   * @param bias the biases, {@code [1, outputs]}, overwritten
   * @param random the only source of randomness, derived from the network's seed
   * @throws IllegalArgumentException if this initializer cannot fill matrices of these shapes
   */
  void initialize(Matrix weights, Matrix bias, Random random);
}
