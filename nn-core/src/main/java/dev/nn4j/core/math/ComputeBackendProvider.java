package dev.nn4j.core.math;

import java.util.Optional;

/**
 * Makes a {@link ComputeBackend} available, found with {@link java.util.ServiceLoader}: list the class in
 * {@code META-INF/services/dev.nn4j.core.math.ComputeBackendProvider}. Among the providers whose backend
 * can be created on this machine, {@link Backends} picks the one with the highest {@link #priority()}
 * unless the system property {@code nn4j.backend} names another.
 */
public interface ComputeBackendProvider {

  /**
   * The name that {@code -Dnn4j.backend=...} selects, such as {@code "java"}.
   *
   * @return the name
   */
  String name();

  /**
   * Higher is preferred; the pure-Java backend has 0 (20 with its Vector API kernels on AVX-512, {@link
   * JavaBackend.Provider}), OpenBLAS 10, the naive reference -100. It may depend on how the JVM was started, but not
   * change while it runs.
   *
   * @return the priority
   */
  int priority();

  /**
   * The backend, or empty if it cannot run here (for example, no native library); the reason should be
   * logged at debug level.
   *
   * @return the backend, if it can run here
   */
  Optional<ComputeBackend> create();

  /**
   * The backend for an explicit request by name ({@code -Dnn4j.backend=NAME}, {@link Backends#named}), which
   * may accept what the automatic choice refuses, such as a native library that cannot be identified; by
   * default the same as {@link #create()}.
   *
   * @return the backend, if it can run here
   */
  default Optional<ComputeBackend> createRequested() {
    return create();
  }
}
