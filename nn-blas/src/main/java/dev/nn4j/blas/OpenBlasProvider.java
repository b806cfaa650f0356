package dev.nn4j.blas;

import dev.ludovic.netlib.blas.BLAS;
import dev.ludovic.netlib.blas.NativeBLAS;
import dev.nn4j.core.math.Backends;
import dev.nn4j.core.math.ComputeBackend;
import dev.nn4j.core.math.ComputeBackendProvider;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers the backend {@code "openblas"}: {@link BlasBackend} on netlib's {@link NativeBLAS}, which calls
 * the system's BLAS through JNI. Putting {@code nn-blas} on the class path is enough: with priority {@value
 * #PRIORITY} (above the pure-Java backend's 0) {@link dev.nn4j.core.math.Backends} chooses it whenever
 * OpenBLAS can run, except over nn4j's Vector API kernels on AVX-512, which outrank it ({@link
 * dev.nn4j.core.math.JavaBackend.Provider#PRIORITY_WITH_VECTOR_API}: they train nn4j's networks faster).
 *
 * <p><b>Where the native library comes from.</b> netlib loads {@code libblas.so.3}; on Debian and Ubuntu
 * that is an alternatives link which points at OpenBLAS once {@code libopenblas0-pthread} is installed
 * ({@code apt-get install libopenblas0-pthread}). Another library can be named with the system property
 * {@code -Ddev.ludovic.netlib.blas.nativeLib=libopenblas.so.0} or a full path with {@code
 * -Ddev.ludovic.netlib.blas.nativeLibPath=/usr/lib/x86_64-linux-gnu/libopenblas.so.0}.
 *
 * <p><b>Only OpenBLAS.</b> {@code libblas.so.3} is just as often the reference BLAS (Debian's {@code
 * libblas3}, which many packages install): plain loops compiled from Fortran, <em>slower</em> than nn4j's
 * pure-Java backend (about 3,000 samples/s on the W2 benchmark, against 8,000). So the library netlib
 * loaded is identified, by the {@code openblas_get_config} function that it or a library it needs exports
 * (see {@code BlasLibrary} in this package for how, and why that way), and the backend is offered only
 * when it is OpenBLAS:
 *
 * <ul>
 *   <li><b>OpenBLAS:</b> {@link #create()} returns the backend, chosen automatically unless a provider of higher
 *       priority can run (nn4j's Vector API kernels on AVX-512); logged at INFO.
 *   <li><b>Another native BLAS, or one that cannot be identified</b> (no {@code /proc/self/maps}, an
 *       unreadable file): {@link #create()} returns empty, so nn4j keeps its pure-Java backend, and a WARN
 *       says which library was found and why it is not used. It is still used when asked for by name
 *       ({@link #createRequested()}: {@code -Dnn4j.backend=openblas} or {@code Backends.named("openblas")}):
 *       whoever asks (for example to try MKL or BLIS installed as
 *       {@code libblas.so.3}, which are fast but not identified) has been told in the log what the library
 *       is, and gets one more WARN when the backend is created.
 *   <li><b>No native BLAS</b> (netlib could load none): {@link #create()} returns empty, even when asked
 *       for by name; logged at INFO. netlib's own Java fallback is not used, since it would only replace
 *       one pure-Java product with another under a name that promises OpenBLAS.
 * </ul>
 *
 * <p>The library is probed and identified once per JVM, on first use, and the outcome is logged once and
 * returned by {@link #status()}.
 */
public final class OpenBlasProvider implements ComputeBackendProvider {
  /** The name that {@code -Dnn4j.backend=openblas} selects. */
  public static final String NAME = "openblas";

  /**
   * Above the plain-Java backend (0), so that OpenBLAS is chosen automatically when it can run; below the Vector
   * API kernels on AVX-512 (20).
   */
  public static final int PRIORITY = 10;

  private static final Logger log = LoggerFactory.getLogger(OpenBlasProvider.class);

  /** Whether the WARN for a library used only because it was asked for by name has been logged. */
  private static final AtomicBoolean warnedExplicit = new AtomicBoolean();

  /** Called by {@link java.util.ServiceLoader}. */
  public OpenBlasProvider() {}

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public int priority() {
    return PRIORITY;
  }

  /** The native backend when netlib loaded OpenBLAS; otherwise empty. */
  @Override
  public Optional<ComputeBackend> create() {
    return offer(Found.PROBED, false).map(b -> b);
  }

  /**
   * The native backend when netlib loaded any native BLAS, OpenBLAS or not (with a WARN when it is not):
   * asked for by name, it is used.
   */
  @Override
  public Optional<ComputeBackend> createRequested() {
    return offer(Found.PROBED, true).map(b -> b);
  }

  /**
   * What the probe found, for logs and benchmark reports: {@code "NativeBLAS (JNIBLAS) on OpenBLAS 0.3.21
   * (/usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3, which needs ...)"}; {@code "not OpenBLAS:
   * ..."} with the library found and why it is not used by default; or {@code "unavailable: ..."} with the
   * reason there is no native BLAS.
   *
   * @return a description of the probe's outcome
   */
  public static String status() {
    return Found.PROBED.status();
  }

  /**
   * What the one probe of this JVM found: netlib's native backend, if any; the library behind it, if there
   * is one; and a description of the outcome.
   */
  record Found(Optional<BlasBackend> backend, Optional<BlasLibrary> library, String status) {
    /** Initialised on first use of the provider; netlib itself loads its native code only once anyway. */
    static final Found PROBED = probe();
  }

  /**
   * The backend to offer, given what the probe found and whether it was asked for by name: the native
   * backend when it runs OpenBLAS, or when another native BLAS is asked for by name.
   */
  static Optional<BlasBackend> offer(Found found, boolean requestedByName) {
    if (found.backend().isEmpty() || found.library().isEmpty()) {
      return Optional.empty();
    }
    if (found.library().get().isOpenBlas()) {
      return found.backend();
    }
    if (requestedByName) {
      if (!warnedExplicit.getAndSet(true)) {
        log.warn(
            "nn4j backend '{}' runs a BLAS that is not OpenBLAS, because it was asked for by name (-D{}={} or"
                + " Backends.named): {}",
            NAME,
            Backends.PROPERTY,
            NAME,
            found.library().get().description());
      }
      return found.backend();
    }
    return Optional.empty();
  }

  private static Found probe() {
    BLAS blas;
    try {
      blas = BLAS.getInstance();
    } catch (RuntimeException | LinkageError e) {
      return unavailable("netlib BLAS could not start (" + e + ")");
    }
    if (!(blas instanceof NativeBLAS)) {
      return unavailable(
          "netlib found no native BLAS, only its Java implementation ("
              + blas.getClass().getSimpleName()
              + "); install OpenBLAS (Debian: apt-get install libopenblas0-pthread) or name a library with"
              + " -Ddev.ludovic.netlib.blas.nativeLibPath=...");
    }
    return identified(new BlasBackend(NAME, blas), BlasLibrary.ofThisProcess());
  }

  /** The outcome for netlib's native {@code backend} on {@code library}, logged. */
  static Found identified(BlasBackend backend, BlasLibrary library) {
    String implementation = "NativeBLAS (" + backend.implementation() + ")";
    if (library.isOpenBlas()) {
      String status = implementation + " on " + library.description();
      log.debug("nn4j backend '{}': {}", NAME, status);
      return new Found(Optional.of(backend), Optional.of(library), status);
    }
    String status =
        "not OpenBLAS: "
            + implementation
            + " on "
            + (library.kind() == BlasLibrary.Kind.UNIDENTIFIED ? "a library that cannot be identified: " : "")
            + library.description();
    log.warn(
        "nn4j backend '{}' is not offered, since it runs only OpenBLAS by default: netlib loaded {}. Install"
            + " OpenBLAS (Debian: apt-get install libopenblas0-pthread) or name it with -D{}=...; or use this"
            + " library anyway with -D{}={}",
        NAME,
        (library.kind() == BlasLibrary.Kind.UNIDENTIFIED ? "a library that cannot be identified: " : "")
            + library.description(),
        BlasLibrary.NATIVE_LIB_PATH,
        Backends.PROPERTY,
        NAME);
    return new Found(Optional.of(backend), Optional.of(library), status);
  }

  private static Found unavailable(String reason) {
    log.info("nn4j backend '{}' is unavailable: {}; nn4j's pure-Java backend is used instead", NAME, reason);
    return new Found(Optional.empty(), Optional.empty(), "unavailable: " + reason);
  }
}
