package dev.nn4j.core.math;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the {@link GemmKernel} of {@link JavaBackend} once per JVM: the plain-Java {@link BlockedGemm},
 * or the register-blocked {@code VectorGemm} when the JVM runs with {@code --add-modules
 * jdk.incubator.vector}. Both give the same bits; the choice is only about speed.
 */
final class GemmKernels {
  /** The system property that forces a kernel: {@code java}, {@code vector} or {@code auto} (the default). */
  static final String PROPERTY = "nn4j.gemm.kernel";

  private static final Logger log = LoggerFactory.getLogger(GemmKernels.class);
  private static final GemmKernel CHOSEN = choose(System.getProperty(PROPERTY, "auto"));

  private GemmKernels() {}

  /** The kernel of this JVM. */
  static GemmKernel chosen() {
    return CHOSEN;
  }

  /** The plain-Java kernel, always available. */
  static GemmKernel plain() {
    return BlockedGemm.INSTANCE;
  }

  /** The Vector API kernel, or null without {@code jdk.incubator.vector}. */
  static GemmKernel vector() {
    return VectorApi.kernel("dev.nn4j.core.math.VectorGemm", GemmKernel.class);
  }

  static GemmKernel choose(String setting) {
    switch (setting) {
      case "java":
        return plain();
      case "vector":
      case "auto":
        GemmKernel vector = vector();
        if (vector == null) {
          if (setting.equals("vector")) {
            log.warn("-D{}=vector needs --add-modules jdk.incubator.vector; using the plain-Java kernel", PROPERTY);
          }
          return plain();
        }
        log.debug("nn4j's products use the kernel {}", vector.name());
        return vector;
      default:
        throw new IllegalArgumentException(
            "-D" + PROPERTY + " must be one of java, vector or auto, got '" + setting + "'");
    }
  }
}
