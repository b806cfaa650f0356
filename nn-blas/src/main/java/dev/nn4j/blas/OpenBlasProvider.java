package dev.nn4j.blas;

import dev.ludovic.netlib.blas.BLAS;
import dev.ludovic.netlib.blas.NativeBLAS;
import dev.nn4j.core.math.ComputeBackend;
import dev.nn4j.core.math.ComputeBackendProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers the backend {@code "openblas"}: {@link BlasBackend} on netlib's {@link NativeBLAS}, which calls
 * the system's BLAS through JNI. Putting {@code nn-blas} on the class path is enough: with priority {@value
 * #PRIORITY} (above the pure-Java backend's 0) {@link dev.nn4j.core.math.Backends} chooses it whenever it
 * can run.
 *
 * <p><b>Where the native library comes from.</b> netlib loads {@code libblas.so.3}; on Debian and Ubuntu
 * that is an alternatives link which points at OpenBLAS once {@code libopenblas0-pthread} is installed
 * ({@code apt-get install libopenblas0-pthread}). Another library can be named with the system property
 * {@code -Ddev.ludovic.netlib.blas.nativeLib=libopenblas.so.0} or a full path with {@code
 * -Ddev.ludovic.netlib.blas.nativeLibPath=/usr/lib/x86_64-linux-gnu/libopenblas.so.0}.
 *
 * <p><b>Without a native BLAS</b> this backend is not available: {@link #create()} returns empty and nn4j
 * keeps its own pure-Java backend. netlib's own Java fallback is not used, since it would only replace one
 * pure-Java product with another under a name that promises OpenBLAS.
 *
 * <p>The library is probed once per JVM, on first use, and the outcome (netlib's implementation and the
 * library file it mapped, or why there is none) is logged once at INFO and returned by {@link #status()}.
 */
public final class OpenBlasProvider implements ComputeBackendProvider {
  /** The name that {@code -Dnn4j.backend=openblas} selects. */
  public static final String NAME = "openblas";

  /** Above the pure-Java backend (0), so that OpenBLAS is chosen automatically when it can run. */
  public static final int PRIORITY = 10;

  private static final Logger log = LoggerFactory.getLogger(OpenBlasProvider.class);

  /** Matches the file names of BLAS libraries (and not netlib's own JNI glue, {@code libnetlibblasjni}). */
  private static final Pattern BLAS_LIBRARY =
      Pattern.compile("(?i).*/(libopenblas[^/]*|libblas[^/]*|libmkl_rt[^/]*|libblis[^/]*)\\.so[^/]*$");

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

  /** The native backend, or empty if netlib found no native BLAS on this machine. */
  @Override
  public Optional<ComputeBackend> create() {
    return Found.PROBED.backend().map(b -> b);
  }

  /**
   * What the probe found, for logs and benchmark reports: {@code "NativeBLAS (JNIBLAS) on
   * /usr/lib/x86_64-linux-gnu/openblas-pthread/libopenblasp-r0.3.21.so"}, or {@code "unavailable: ..."}
   * with the reason.
   *
   * @return a description of the probe's outcome
   */
  public static String status() {
    return Found.PROBED.status();
  }

  /** What the one probe of this JVM found: the backend, if any, and a description of the outcome. */
  private record Found(Optional<BlasBackend> backend, String status) {
    /** Initialised on first use of the provider; netlib itself loads its native code only once anyway. */
    static final Found PROBED = probe();
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
    String status =
        "NativeBLAS ("
            + blas.getClass().getSimpleName()
            + ") on "
            + mappedBlasLibraries().orElse("libblas.so.3 (file not found in /proc/self/maps)");
    log.info("nn4j backend '{}': {}", NAME, status);
    return new Found(Optional.of(new BlasBackend(NAME, blas)), status);
  }

  private static Found unavailable(String reason) {
    log.info("nn4j backend '{}' is unavailable: {}; nn4j's pure-Java backend is used instead", NAME, reason);
    return new Found(Optional.empty(), "unavailable: " + reason);
  }

  /**
   * The BLAS library files mapped into this process, read from {@code /proc/self/maps} (Linux): the real
   * file behind {@code libblas.so.3}, whose name usually carries the version ({@code libopenblasp-r0.3.21.so}).
   */
  static Optional<String> mappedBlasLibraries() {
    Path maps = Path.of("/proc/self/maps");
    if (!Files.isReadable(maps)) {
      return Optional.empty();
    }
    try (Stream<String> lines = Files.lines(maps)) {
      List<String> libraries =
          lines
              .map(line -> line.substring(line.indexOf('/') < 0 ? line.length() : line.indexOf('/')).trim())
              .filter(path -> BLAS_LIBRARY.matcher(path).matches())
              .distinct()
              .collect(Collectors.toList());
      return libraries.isEmpty() ? Optional.empty() : Optional.of(String.join(", ", libraries));
    } catch (IOException | java.io.UncheckedIOException e) {
      return Optional.empty();
    }
  }
}
