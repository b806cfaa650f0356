package dev.nn4j.core.math;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the kernels of nn4j on the Vector API ({@code src/main/java-vector}), which exist only when the JVM
 * runs with {@code --add-modules jdk.incubator.vector}: the module is looked for once, and without it (or
 * if a kernel fails to load) the callers keep their plain-Java loops, which give the same bits.
 */
final class VectorApi {
  private static final Logger log = LoggerFactory.getLogger(VectorApi.class);
  private static final boolean ENABLED = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

  private VectorApi() {}

  /** A new instance of the kernel {@code className} as a {@code type}, or null without the module. */
  static <T> T kernel(String className, Class<T> type) {
    if (!ENABLED) {
      log.trace("jdk.incubator.vector is not enabled: {} keeps its plain-Java loops", type.getSimpleName());
      return null;
    }
    try {
      T kernel = type.cast(Class.forName(className).getDeclaredConstructor().newInstance());
      log.trace("nn4j uses its Vector API kernel {}", className);
      return kernel;
    } catch (ReflectiveOperationException | LinkageError | ClassCastException e) {
      log.warn("jdk.incubator.vector is enabled but nn4j's kernel {} could not be loaded; using plain Java", className, e);
      return null;
    }
  }
}
