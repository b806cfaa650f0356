package dev.nn4j.core.math;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the {@link GemmKernel} of {@link JavaBackend} once per JVM: the plain-Java {@link BlockedGemm},
 * or the register-blocked {@code VectorGemm} when the JVM runs with {@code --add-modules
 * jdk.incubator.vector} and its preferred vectors hold at least four doubles (AVX2, AVX-512). Both give the
 * same bits; the choice is only about speed.
 *
 * <p>The rule is measured, not assumed ({@code nn-bench gemm}, 2-core Xeon with AVX-512, JDK 17, one
 * thread): with 512-bit vectors the Vector API kernel ran 1.5x to 2x the plain one at 1024³ (75 to 80
 * against 36 to 44 GFLOP/s) and at the layer shapes of W2 and W3 (56 to 67 against 32 to 41); with 256-bit
 * ones ({@code -XX:MaxVectorSize=32} on the same processor, the width of AVX2) at 37 to 46, still ahead of
 * the plain kernel with 512-bit vectors, and at about the fma peak of 256-bit vectors. With 128-bit vectors
 * (SSE, NEON; not measured) its tiles hold two doubles a vector and it is not used: unproven, it stays off. {@value
 * #PROPERTY} overrides the rule; {@link JavaBackend} also keeps small products on the plain loops.
 */
final class GemmKernels {
  /** The system property that forces a kernel: {@code java}, {@code vector} or {@code auto} (the default). */
  static final String PROPERTY = "nn4j.gemm.kernel";

  /** The narrowest tile of the Vector API kernel worth using: three vectors of four doubles (AVX2). */
  private static final int MIN_VECTOR_COLUMNS = 12;

  private static final Logger log = LoggerFactory.getLogger(GemmKernels.class);
  private static final GemmKernel CHOSEN = choose(System.getProperty(PROPERTY, "auto"));
  private static final boolean WIDE_VECTORS = narrow(CHOSEN) != null;

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

  /**
   * The Vector API kernel for narrow products ({@code NarrowGemm}, read in place, unpacked) that goes with
   * {@code chosen}: none with the plain-Java kernel, so that users without the Vector API keep their loops, nor
   * without {@code jdk.incubator.vector}. It {@linkplain GemmKernel#takes takes} only the shapes it is made for.
   *
   * @return the narrow kernel, or null
   */
  static GemmKernel narrow(GemmKernel chosen) {
    if (chosen == plain()) {
      return null;
    }
    GemmKernel narrow = VectorApi.kernel("dev.nn4j.core.math.NarrowGemm", GemmKernel.class);
    // Its tile of two vectors is 16 columns wide with eight doubles a vector; narrower vectors, it takes nothing.
    return narrow != null && narrow.columnTile() >= 16 ? narrow : null;
  }

  /**
   * Whether this JVM's products run on the Vector API kernels with vectors of at least eight doubles (AVX-512),
   * narrow products included: the configuration in which {@link JavaBackend.Provider} outranks OpenBLAS. Fixed for
   * the JVM's life, like the kernel.
   */
  static boolean vectorKernelsOnWideVectors() {
    return WIDE_VECTORS;
  }

  /**
   * The kernel for {@code setting}, the value of {@value #PROPERTY}.
   *
   * @throws IllegalArgumentException for a setting other than {@code java}, {@code vector} or {@code auto}
   */
  static GemmKernel choose(String setting) {
    switch (setting) {
      case "java":
        return plain();
      case "vector":
      case "auto":
        GemmKernel vector = vector();
        if (vector != null && setting.equals("auto") && vector.columnTile() < MIN_VECTOR_COLUMNS) {
          log.trace("nn4j keeps its plain-Java products: vectors of {} doubles are too narrow", vector.columnTile() / 3);
          vector = null;
        }
        if (vector == null) {
          if (setting.equals("vector")) {
            log.warn("-D{}=vector needs --add-modules jdk.incubator.vector; using the plain-Java kernel", PROPERTY);
          }
          return plain();
        }
        return vector;
      default:
        throw new IllegalArgumentException(
            "-D" + PROPERTY + " must be one of java, vector or auto, got '" + setting + "'");
    }
  }
}
