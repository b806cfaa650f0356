package dev.nn4j.core;

import dev.nn4j.core.math.Matrix;

/**
 * A loss {@code L(ŷ, y)}: how far a batch of predictions {@code ŷ} is from its targets {@code y}, reduced
 * to one number by taking the mean over the batch (PyTorch's default reduction), and its gradient.
 *
 * <p><b>Shapes and buffers.</b> {@code prediction}, {@code target} and {@code gradient} all have shape
 * {@code [n, outputs]}. Neither method modifies its inputs; {@code gradient} writes only its last
 * argument.
 *
 * <p><b>Threads.</b> Implementations are immutable and thread-safe.
 */
public interface Loss {

  /** The registered name, such as {@code "mse"}. */
  String name();

  /** {@code L(ŷ, y)}, the mean over the batch. */
  double value(Matrix prediction, Matrix target);

  /**
   * Writes {@code dL/dŷ} for the mean loss of the batch into {@code gradient}, or, when the loss {@link
   * #fusesWith} the output activation, {@code dL/dz} with respect to the output layer's pre-activations.
   */
  void gradient(Matrix prediction, Matrix target, Matrix gradient);

  /**
   * True if this loss, placed after {@code outputActivation}, computes the gradient with respect to the
   * pre-activations directly, in a simpler and numerically stabler form (cross-entropy after softmax gives
   * {@code (ŷ - y) / n}). The network then skips that activation's backward. False by default.
   */
  default boolean fusesWith(Activation outputActivation) {
    return false;
  }

  /**
   * Checks that this loss makes sense after {@code outputActivation} and for {@code outputs} outputs,
   * called when a network is built.
   *
   * @throws IllegalArgumentException naming the mismatch (for example binary cross-entropy after softmax)
   */
  default void checkCompatible(Activation outputActivation, int outputs) {}
}
