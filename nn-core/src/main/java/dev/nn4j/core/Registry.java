package dev.nn4j.core;

import static com.google.common.base.Preconditions.checkNotNull;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds plug-ins of one kind by name through {@link ServiceLoader}: the one lookup that the builder, the
 * {@code named} factories and model loading share.
 *
 * <p>The class path is scanned on every call of {@link #providers()} (lookups happen when networks are
 * built, not per step), so a provider is found as soon as its jar is visible to the thread's context class
 * loader or to nn4j's own; within a {@link #snapshot()} (a model file being read or written, which may name
 * thousands of layers) each kind is scanned once.
 *
 * @param <P> the provider type, the service interface
 */
final class Registry<P extends NamedProvider> {
  private static final Logger log = LoggerFactory.getLogger(Registry.class);

  static final Registry<ActivationProvider> ACTIVATIONS = new Registry<>("activation", ActivationProvider.class);
  static final Registry<LossProvider> LOSSES = new Registry<>("loss", LossProvider.class);
  static final Registry<LayerProvider> LAYERS = new Registry<>("layer type", LayerProvider.class);
  static final Registry<OptimizerProvider> OPTIMIZERS = new Registry<>("optimizer", OptimizerProvider.class);

  /** The providers found within the current thread's {@link #snapshot()}, by registry; null outside one. */
  private static final ThreadLocal<Map<Registry<?>, Map<String, ?>>> SNAPSHOT = new ThreadLocal<>();

  private final String kind;
  private final Class<P> service;

  private Registry(String kind, Class<P> service) {
    this.kind = checkNotNull(kind);
    this.service = checkNotNull(service);
  }

  /**
   * The provider called {@code name} (or an alias of it).
   *
   * @throws IllegalArgumentException if no provider has that name; the message lists the known names
   *     and says how to register a new one
   */
  P provider(String name) {
    return provider(name, providers());
  }

  /** {@link #provider(String)} among {@code providers}, a snapshot of {@link #providers()}. */
  P provider(String name, Map<String, P> providers) {
    checkNotNull(name, "%s name", kind);
    P provider = providers.get(name);
    if (provider == null) {
      throw new IllegalArgumentException(
          "Unknown " + kind + " '" + (name.length() > 60 ? name.substring(0, 57) + "..." : name) + "'. Known " + kind
              + " names: " + new TreeSet<>(providers.keySet())
              + ". To add one, put a jar on the class path that lists its provider in META-INF/services/"
              + service.getName());
    }
    return provider;
  }

  /**
   * Until the returned snapshot is closed, this thread's lookups in every registry scan the class path once
   * and reuse what they found. Snapshots nest: only the outermost one ends the reuse.
   */
  static Snapshot snapshot() {
    if (SNAPSHOT.get() != null) {
      return () -> {};
    }
    SNAPSHOT.set(new java.util.HashMap<>());
    return SNAPSHOT::remove;
  }

  /** The end of a {@link #snapshot()}. */
  interface Snapshot extends AutoCloseable {
    @Override
    void close();
  }

  /** The names (and aliases) known now, each mapped to its provider, in class-path order. */
  @SuppressWarnings("unchecked")
  Map<String, P> providers() {
    Map<Registry<?>, Map<String, ?>> snapshot = SNAPSHOT.get();
    if (snapshot != null) {
      return (Map<String, P>) snapshot.computeIfAbsent(this, r -> scan());
    }
    return scan();
  }

  private Map<String, P> scan() {
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
