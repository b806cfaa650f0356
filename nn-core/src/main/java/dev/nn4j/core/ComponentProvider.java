package dev.nn4j.core;

import java.util.Map;

/**
 * Makes one kind of pluggable component configured by a string map (an activation, a loss, an optimizer)
 * available by name. Each kind has its own sub-interface, which is the {@link java.util.ServiceLoader}
 * service type: for activations, {@link ActivationProvider}.
 *
 * @param <T> the component type
 */
public interface ComponentProvider<T> extends NamedProvider {

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
