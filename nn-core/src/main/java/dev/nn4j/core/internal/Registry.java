package dev.nn4j.core.internal;

import static com.google.common.base.Preconditions.checkNotNull;

import dev.nn4j.core.Activation;
import dev.nn4j.core.ActivationProvider;
import dev.nn4j.core.ComponentProvider;
import dev.nn4j.core.Loss;
import dev.nn4j.core.LossProvider;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds components of one kind by name through {@link ServiceLoader}: the one lookup that the builder,
 * {@link Activation#named} and model loading share.
 *
 * <p>The class path is scanned on every lookup (lookups happen when networks are built, not per step),
 * so a provider is found as soon as its jar is visible to the thread's context class loader or to
 * nn4j's own. Internal: not part of the public API.
 *
 * @param <T> the component type
 * @param <P> its provider type, the service interface
 */
public final class Registry<T, P extends ComponentProvider<T>> {
  private static final Logger log = LoggerFactory.getLogger(Registry.class);

  /** Activations, registered as {@link ActivationProvider}s. */
  public static final Registry<Activation, ActivationProvider> ACTIVATIONS =
      new Registry<>("activation", ActivationProvider.class);

  /** Losses, registered as {@link LossProvider}s. */
  public static final Registry<Loss, LossProvider> LOSSES = new Registry<>("loss", LossProvider.class);

  private final String kind;
  private final Class<P> service;

  /**
   * @param kind what the components are called in error messages, such as {@code "activation"}
   * @param service the provider interface listed in {@code META-INF/services}
   */
  public Registry(String kind, Class<P> service) {
    this.kind = checkNotNull(kind);
    this.service = checkNotNull(service);
  }

  /**
   * Builds the component called {@code name} (or an alias of it) from {@code config}.
   *
   * @param name the registered name or an alias
   * @param config the component's parameters by name; empty for the defaults
   * @return the component
   * @throws IllegalArgumentException if no provider has that name; the message lists the known names
   *     and says how to register a new one
   */
  public T create(String name, Map<String, String> config) {
    checkNotNull(name, "%s name", kind);
    checkNotNull(config, "%s configuration", kind);
    Map<String, P> providers = providers();
    P provider = providers.get(name);
    if (provider == null) {
      throw new IllegalArgumentException(
          "Unknown "
              + kind
              + " '"
              + name
              + "'. Known "
              + kind
              + " names: "
              + new TreeSet<>(providers.keySet())
              + ". To add one, put a jar on the class path that lists its provider in META-INF/services/"
              + service.getName());
    }
    return provider.create(config);
  }

  /**
   * The names (and aliases) known now, each mapped to its provider.
   *
   * @return a new map from each name and alias to its provider, in class-path order
   */
  public Map<String, P> providers() {
    Map<String, P> byName = new LinkedHashMap<>();
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    if (context != null) {
      collect(ServiceLoader.load(service, context), byName);
    }
    collect(ServiceLoader.load(service, Registry.class.getClassLoader()), byName);
    return byName;
  }

  private void collect(ServiceLoader<P> loader, Map<String, P> byName) {
    try {
      for (P provider : loader) {
        register(provider.name(), provider, byName);
        for (String alias : provider.aliases()) {
          register(alias, provider, byName);
        }
      }
    } catch (ServiceConfigurationError e) {
      throw new IllegalStateException("A " + kind + " provider on the class path could not be loaded", e);
    }
  }

  private void register(String name, P provider, Map<String, P> byName) {
    P existing = byName.putIfAbsent(name, provider);
    if (existing != null && existing.getClass() != provider.getClass()) {
      log.warn(
          "Two {} providers claim the name '{}': {} and {}; using the first",
          kind,
          name,
          existing.getClass().getName(),
          provider.getClass().getName());
    }
  }
}
