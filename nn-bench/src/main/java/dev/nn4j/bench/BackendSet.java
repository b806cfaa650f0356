package dev.nn4j.bench;

import dev.nn4j.blas.BlasBackend;
import dev.nn4j.blas.OpenBlasProvider;
import dev.nn4j.core.math.Backends;
import dev.nn4j.core.math.ComputeBackend;
import dev.nn4j.core.math.ComputeBackendProvider;
import dev.nn4j.core.math.NaiveBackend;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The backends a run measures (every available one, or those named with {@code --backends}, where {@code
 * openblas-jni} adds OpenBLAS with every product through JNI, as {@code nn-blas} was before it kept small
 * products in Java) and the naive reference, and the way to run code on one of them: {@link Backends#use}, restored afterwards.
 */
final class BackendSet {
  /** The name that adds OpenBLAS with every product through JNI ({@link BlasBackend#nativeOnly()}) to a run. */
  static final String JNI_ONLY = OpenBlasProvider.NAME + "-jni";

  private final NaiveBackend naive = new NaiveBackend();
  private final List<ComputeBackend> measured = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();

  /** Every provider's backend that can run here, except the naive one, filtered by {@code names} if not empty. */
  BackendSet(List<String> names) {
    for (ComputeBackendProvider provider : Backends.providers()) {
      if (provider.name().equals(naive.name()) || (!names.isEmpty() && !names.contains(provider.name()))) {
        continue;
      }
      // Named with --backends, a backend is asked for by name: the openblas one then runs any native BLAS.
      Optional<ComputeBackend> backend = names.contains(provider.name()) ? provider.createRequested() : provider.create();
      backend.ifPresent(measured::add);
      String status = provider.name().equals(OpenBlasProvider.NAME) ? OpenBlasProvider.status() : "available";
      notes.add(provider.name() + " (priority " + provider.priority() + "): " + (backend.isPresent() ? status : "not available here; " + status));
    }
    if (names.contains(JNI_ONLY)) {
      // OpenBLAS for every product, as nn-blas was before it kept small products in Java: to compare in one run.
      Backends.named(OpenBlasProvider.NAME).filter(BlasBackend.class::isInstance).map(b -> ((BlasBackend) b).nativeOnly())
          .ifPresent(measured::add);
    }
    for (String name : names) {
      if (!name.equals(naive.name()) && measured.stream().noneMatch(b -> b.name().equals(name))) {
        notes.add(name + ": requested with --backends but not available; known: " + Backends.providers().stream().map(ComputeBackendProvider::name).toList());
      }
    }
  }

  NaiveBackend naive() {
    return naive;
  }

  /** The backends measured, highest priority first. */
  List<ComputeBackend> measured() {
    return measured;
  }

  /** The naive reference, then the measured backends. */
  List<ComputeBackend> withNaiveFirst() {
    List<ComputeBackend> all = new ArrayList<>();
    all.add(naive);
    all.addAll(measured);
    return all;
  }

  /** One line per provider: what it is and whether it runs here. */
  List<String> notes() {
    return notes;
  }

  /** Runs {@code work} with {@code backend} as nn4j's backend, then restores the one before. */
  <T> T with(ComputeBackend backend, Supplier<T> work) {
    ComputeBackend previous = Backends.use(backend);
    try {
      return work.get();
    } finally {
      Backends.use(previous);
    }
  }
}
