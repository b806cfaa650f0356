package dev.nn4j.core.math;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the {@link ComputeBackend} that {@link Kernels} uses: the available provider with the highest
 * priority, or the one named by the system property {@value #PROPERTY}. The choice is made once, on first
 * use, and logged once at INFO.
 */
public final class Backends {
  /** The system property that names a backend, such as {@code -Dnn4j.backend=naive}. */
  public static final String PROPERTY = "nn4j.backend";

  private static final Logger log = LoggerFactory.getLogger(Backends.class);
  private static volatile ComputeBackend current;

  private Backends() {}

  /**
   * The backend in use, chosen on first call.
   *
   * @return the current backend
   */
  public static ComputeBackend current() {
    ComputeBackend b = current;
    if (b == null) {
      synchronized (Backends.class) {
        if (current == null) {
          current = choose(System.getProperty(PROPERTY));
          log.debug("nn4j compute backend: {}", describe(current));
        }
        b = current;
      }
    }
    return b;
  }

  /** The backend's name and, for {@link JavaBackend}, the kernel that runs its products. */
  private static String describe(ComputeBackend backend) {
    return backend instanceof JavaBackend java ? java.name() + " (kernel " + java.kernelName() + ")" : backend.name();
  }

  /**
   * Makes {@code backend} the one in use from now on, for every thread (for benchmarks and tests that
   * compare backends in one process); returns the one it replaces.
   *
   * @param backend the backend to use
   * @return the backend used until now
   */
  public static synchronized ComputeBackend use(ComputeBackend backend) {
    ComputeBackend previous = current();
    current = java.util.Objects.requireNonNull(backend, "backend");
    log.debug("nn4j compute backend: {} (was {})", backend.name(), previous.name());
    return previous;
  }

  /**
   * The backend registered under {@code name}, if its provider is on the class path and it can run here. A
   * request by name may get what the automatic choice would not take ({@link
   * ComputeBackendProvider#createRequested()}).
   *
   * @param name the provider's name, such as {@code "openblas"}
   * @return the backend, or empty if it is unknown or cannot run here
   */
  public static Optional<ComputeBackend> named(String name) {
    return providers().stream()
        .filter(p -> p.name().equals(name))
        .findFirst()
        .flatMap(ComputeBackendProvider::createRequested);
  }

  /**
   * Every provider on the class path, highest priority first; one whose priority cannot be told (its {@link
   * ComputeBackendProvider#priority()} threw, such as {@code java}'s with an invalid {@code -Dnn4j.gemm.kernel}) is
   * left out, with a WARN that says why, so that the others can still be chosen.
   *
   * @return the providers, a new list
   */
  public static List<ComputeBackendProvider> providers() {
    List<ComputeBackendProvider> loaded = new ArrayList<>();
    try {
      ServiceLoader.load(ComputeBackendProvider.class, Backends.class.getClassLoader()).forEach(loaded::add);
    } catch (ServiceConfigurationError e) {
      log.warn("A compute backend provider could not be loaded; ignoring it", e);
    }
    Map<ComputeBackendProvider, Integer> priorities = new HashMap<>();
    for (ComputeBackendProvider provider : loaded) {
      try {
        priorities.put(provider, provider.priority());
      } catch (RuntimeException | LinkageError e) {
        Throwable cause = e;
        while (cause.getCause() != null) {
          cause = cause.getCause();
        }
        log.warn("Compute backend '{}' is left out: its priority failed: {}", provider.name(), cause.toString());
      }
    }
    List<ComputeBackendProvider> providers = new ArrayList<>(priorities.keySet());
    providers.sort(Comparator.comparingInt((ComputeBackendProvider p) -> priorities.get(p)).reversed()
        .thenComparing(ComputeBackendProvider::name));
    return providers;
  }

  private static ComputeBackend choose(String requested) {
    List<ComputeBackendProvider> providers = providers();
    if (requested != null && !requested.isBlank()) {
      for (ComputeBackendProvider p : providers) {
        if (p.name().equals(requested.trim())) {
          Optional<ComputeBackend> b = p.createRequested();
          if (b.isPresent()) {
            return b.get();
          }
          log.warn("Compute backend '{}' (from -D{}) cannot run here; choosing another", requested, PROPERTY);
        }
      }
      if (providers.stream().noneMatch(p -> p.name().equals(requested.trim()))) {
        log.warn(
            "Unknown compute backend '{}' (from -D{}); known: {}",
            requested,
            PROPERTY,
            providers.stream().map(ComputeBackendProvider::name).toList());
      }
    }
    for (ComputeBackendProvider p : providers) {
      Optional<ComputeBackend> b = p.create();
      if (b.isPresent()) {
        return b.get();
      }
    }
    return new JavaBackend();
  }
}
