package dev.nn4j.core;

import java.util.Set;

/**
 * What every plug-in provider has: the name it is found by, and other names for it. Each kind of plug-in
 * (activations, losses, layers, optimizers) has its own provider interface, the {@link
 * java.util.ServiceLoader} service type, which extends this one.
 */
public interface NamedProvider {

  /**
   * The canonical name, lower case with underscores, such as {@code "leaky_relu"}: stable, since model
   * files refer to it.
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
}
