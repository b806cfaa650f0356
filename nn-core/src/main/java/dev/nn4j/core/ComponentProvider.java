package dev.nn4j.core;

import java.util.Map;
import java.util.Set;

/**
 * Makes one kind of pluggable component (an activation, and later losses, optimizers and layers)
 * available by name. Each kind has its own sub-interface, which is the {@link java.util.ServiceLoader}
 * service type: for activations, {@link ActivationProvider}.
 *
 * @param <T> the component type
 */
public interface ComponentProvider<T> {

  /**
   * The canonical name, lower case with underscores, such as {@code "leaky_relu"}.
   *
   * @return the canonical name
   */
  String name();

  /**
   * Other names that resolve to this provider, such as {@code "swish"} for {@code "silu"}.
   *
   * @return the aliases; empty by default
   */
  default Set<String> aliases() {
    return Set.of();
  }

  /**
   * Builds the component from its configuration (for an activation, {@link Activation#config()}); an
   * empty map means the defaults.
   *
   * @param config the parameters by name; empty for the defaults
   * @return the component
   * @throws IllegalArgumentException if the configuration has an unknown key or a bad value
   */
  T create(Map<String, String> config);
}
