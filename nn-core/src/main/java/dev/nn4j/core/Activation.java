package dev.nn4j.core;

import dev.nn4j.core.math.Matrix;
import java.util.Map;

/**
 * An activation function {@code a = f(z)}, applied by a layer to its pre-activations {@code z}, a batch at
 * a time.
 *
 * <p><b>Writing one.</b> For an elementwise function extend {@link ElementwiseActivation} and supply the
 * function and its derivative only. Implement this interface directly for functions of a whole row, such
 * as softmax. To make it available by name (to the builder and to model files), register an {@link
 * ActivationProvider} with {@link java.util.ServiceLoader}.
 *
 * <p><b>Shapes and buffers.</b> All matrices have the same shape {@code [n, width]}. The caller owns every
 * buffer: {@code forward} writes only {@code out}, {@code backward} writes only {@code gradIn}; neither
 * keeps a reference to its arguments.
 *
 * <p><b>Threads and equality.</b> Implementations are immutable and thread-safe. Two activations are equal
 * when they have the same {@link #name()} and {@link #config()}, which is all a model file records of
 * them.
 */
public interface Activation {

  /**
   * The registered name, such as {@code "sigmoid"}: stable, since model files refer to it.
   *
   * @return the registered name
   */
  String name();

  /**
   * The parameters that, with the name, rebuild this activation through {@link #named(String, Map)}
   * (for example a leaky ReLU's slope); empty for a function without parameters.
   *
   * @return the parameters by name, as strings; empty if there are none
   */
  default Map<String, String> config() {
    return Map.of();
  }

  /**
   * What this function's outputs are, for losses to check and to fuse with when a network is built (see
   * {@link Loss#fusesWith}): so that losses need not know activations by name.
   */
  enum Outputs {
    /** Nothing declared (the default): every loss accepts it and none fuses with it. */
    UNDECLARED,
    /** Real values that are not probabilities (ReLU, tanh, identity): cross-entropies refuse them. */
    REAL,
    /** The logistic sigmoid {@code σ(z) = 1 / (1 + e^−z)}: each output a probability, {@code z} its logit. */
    SIGMOID,
    /** Softmax over each row: one probability distribution per sample, {@code z} its logits. */
    SOFTMAX
  }

  /**
   * What this function's outputs are; {@link Outputs#UNDECLARED} by default.
   *
   * @return the kind of outputs
   */
  default Outputs outputs() {
    return Outputs.UNDECLARED;
  }

  /**
   * Computes {@code out = f(z)}.
   *
   * @param z the pre-activations, shape {@code [n, width]}
   * @param out receives {@code f(z)}, same shape
   */
  void forward(Matrix z, Matrix out);

  /**
   * The chain rule through this function: {@code gradIn = dL/dz} given {@code gradOut = dL/da}, the
   * pre-activations {@code z} and the outputs {@code a = f(z)} that {@link #forward} computed from them.
   *
   * @param z the pre-activations, shape {@code [n, width]}
   * @param a the outputs {@code f(z)}, same shape
   * @param gradOut {@code dL/da}, same shape
   * @param gradIn receives {@code dL/dz}, same shape
   */
  void backward(Matrix z, Matrix a, Matrix gradOut, Matrix gradIn);

  /**
   * Whether {@link #backward} reads only {@code a} and {@code gradOut}, so that {@code a} may be given in the
   * place of {@code z}: true for a function whose derivative is one of its output (ReLU's, the sigmoid's {@code
   * a·(1 − a)}, tanh's {@code 1 − a²}, softmax's). A layer may then keep only the outputs of a training pass,
   * and skip writing and reading back its pre-activations; and a max pooling after it takes over this backward
   * ({@link Layer#takesActivationBackward}), writing 0 where the unfused backward computes {@code 0 · f'}: the same
   * bits where the derivative is finite and not negative at the outputs (every activation of {@code
   * nn-activations} that declares it). False by default, which is always safe.
   *
   * @return whether {@code backward(a, a, gradOut, gradIn)} computes what {@code backward(z, a, gradOut, gradIn)}
   *     does
   */
  default boolean derivativeFromOutput() {
    return false;
  }

  /**
   * The activation registered under {@code name} (or an alias of it), with its default configuration.
   *
   * @param name the registered name or an alias, such as {@code "relu"}
   * @return the activation
   * @throws IllegalArgumentException if no provider on the class path has that name; the message lists
   *     the known names
   */
  static Activation named(String name) {
    return named(name, Map.of());
  }

  /**
   * The activation registered under {@code name}, built with {@code config}, as a model file restores it.
   *
   * @param name the registered name or an alias
   * @param config the parameters by name, as {@link #config()} gives them
   * @return the activation
   * @throws IllegalArgumentException if the name is unknown (the message lists the known names) or the
   *     provider rejects the configuration
   */
  static Activation named(String name, Map<String, String> config) {
    return Registry.ACTIVATIONS.provider(name).create(config);
  }
}
