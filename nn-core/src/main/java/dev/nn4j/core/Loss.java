package dev.nn4j.core;

import dev.nn4j.core.math.Matrix;
import java.util.Map;

/**
 * A loss {@code L(ŷ, y)}: how far a batch of predictions {@code ŷ} is from its targets {@code y}, reduced
 * to one number by taking the mean (PyTorch's default reduction), and its gradient.
 *
 * <p><b>Fusing with the output activation.</b> Some losses are computed better from the output layer's
 * pre-activations {@code z} than from its outputs {@code ŷ = f(z)}: cross-entropy after softmax, or binary
 * cross-entropy after sigmoid, have a simple gradient {@code (ŷ - y) / n} with respect to {@code z} and a
 * value that stays finite for logits of ±1000. Such a loss answers true to {@link #fusesWith}; the network
 * then calls {@link #fusedValue} and {@link #fusedGradient} with {@code z}, and skips the activation's
 * backward.
 *
 * <p><b>Shapes and buffers.</b> {@code prediction} (or {@code z}), {@code target} and {@code gradient} all
 * have shape {@code [n, outputs]}. No method modifies its inputs; the gradient methods write only their last
 * argument.
 *
 * <p><b>Threads.</b> Implementations are immutable and thread-safe. Two losses are equal when their names and
 * configurations are.
 */
public interface Loss {

  /**
   * The registered name, such as {@code "mse"}.
   *
   * @return the registered name
   */
  String name();

  /**
   * The parameters that, with the name, rebuild this loss through {@link #named}; empty by default.
   *
   * @return the parameters by name, as strings
   */
  default Map<String, String> config() {
    return Map.of();
  }

  /**
   * {@code L(ŷ, y)}, the mean over the batch.
   *
   * @param prediction the predictions {@code ŷ}, shape {@code [n, outputs]}
   * @param target the targets {@code y}, same shape
   * @return the mean loss over the {@code n} rows
   */
  double value(Matrix prediction, Matrix target);

  /**
   * Writes {@code dL/dŷ} for the mean loss of the batch into {@code gradient}.
   *
   * @param prediction the predictions {@code ŷ}, shape {@code [n, outputs]}
   * @param target the targets {@code y}, same shape
   * @param gradient receives {@code dL/dŷ}, same shape
   */
  void gradient(Matrix prediction, Matrix target, Matrix gradient);

  /**
   * True if this loss, placed after {@code outputActivation}, is computed from the pre-activations by
   * {@link #fusedValue} and {@link #fusedGradient}. False by default.
   *
   * @param outputActivation the activation of the output layer
   * @return whether the network should call the fused methods instead of the activation's backward
   */
  default boolean fusesWith(Activation outputActivation) {
    return false;
  }

  /**
   * The loss of {@code f(z)}, computed from the pre-activations {@code z} of the output activation {@code
   * f} this loss {@link #fusesWith}.
   *
   * @param z the pre-activations of the output layer, shape {@code [n, outputs]}
   * @param target the targets {@code y}, same shape
   * @return the mean loss of {@code f(z)} over the {@code n} rows
   * @throws UnsupportedOperationException if this loss fuses with no activation
   */
  default double fusedValue(Matrix z, Matrix target) {
    throw new UnsupportedOperationException(name() + " does not fuse with an activation");
  }

  /**
   * Writes {@code dL/dz}, the gradient with respect to the pre-activations of the fused output activation.
   *
   * @param z the pre-activations of the output layer, shape {@code [n, outputs]}
   * @param target the targets {@code y}, same shape
   * @param gradient receives {@code dL/dz}, same shape
   * @throws UnsupportedOperationException if this loss fuses with no activation
   */
  default void fusedGradient(Matrix z, Matrix target, Matrix gradient) {
    throw new UnsupportedOperationException(name() + " does not fuse with an activation");
  }

  /**
   * Checks that this loss makes sense after {@code outputActivation} with {@code outputs} outputs; called
   * when a network is built.
   *
   * @param outputActivation the activation of the output layer
   * @param outputs the number of outputs of the network
   * @throws IllegalArgumentException naming the mismatch (for example binary cross-entropy after softmax)
   */
  default void checkCompatible(Activation outputActivation, int outputs) {}

  /**
   * Checks that {@code target} holds valid targets for this loss (for a cross-entropy, probability rows);
   * called on the whole data set before training.
   *
   * @param target the targets of the whole data set, shape {@code [n, outputs]}
   * @throws IllegalArgumentException naming the first bad row
   */
  default void checkTargets(Matrix target) {}

  /**
   * The loss registered under {@code name} (or an alias), built with {@code config}.
   *
   * @param name the registered name or an alias, such as {@code "mse"}
   * @param config the parameters of the loss, by name
   * @return the loss
   * @throws IllegalArgumentException if the name is unknown (the message lists the known names) or the
   *     configuration is bad
   */
  static Loss named(String name, Map<String, String> config) {
    return Registry.LOSSES.provider(name).create(config);
  }

  /**
   * The loss registered under {@code name} with its default configuration.
   *
   * @param name the registered name or an alias
   * @return the loss
   */
  static Loss named(String name) {
    return named(name, Map.of());
  }
}
