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

  /** Writes {@code dL/dŷ} for the mean loss of the batch into {@code gradient}. */
  void gradient(Matrix prediction, Matrix target, Matrix gradient);
}
