package dev.nn4j.blas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ludovic.netlib.blas.JavaBLAS;
import dev.nn4j.blas.BlasLibrary.Kind;
import dev.nn4j.core.math.Backends;
import dev.nn4j.core.math.ComputeBackend;
import dev.nn4j.core.math.ComputeBackendProvider;
import dev.nn4j.core.math.JavaBackend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * That {@code nn-blas} really runs OpenBLAS where it is installed, and is chosen automatically then (unless nn4j's
 * Vector API kernels run on AVX-512: {@link DefaultBackendTest}); and that
 * it offers another native BLAS only when asked for by name ({@link SystemBlasChoiceTest} runs the real
 * reference BLAS).
 */
class OpenBlasProviderTest {
  /** Where Debian's libopenblas0-pthread (and the generic alternatives link) put OpenBLAS. */
  private static final List<Path> OPENBLAS_FILES =
      List.of(
          Path.of("/usr/lib/x86_64-linux-gnu/libopenblas.so.0"),
          Path.of("/usr/lib/x86_64-linux-gnu/openblas-pthread/libopenblas.so.0"),
          Path.of("/usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3"));

  private static boolean openBlasInstalled() {
    return OPENBLAS_FILES.stream().anyMatch(Files::exists);
  }

  @Test
  void ranksAboveThePlainJavaBackendAndBelowItsVectorApiKernelsOnAvx512() {
    OpenBlasProvider provider = new OpenBlasProvider();
    assertThat(provider.name()).isEqualTo("openblas");
    assertThat(provider.priority()).isGreaterThan(JavaBackend.Provider.PRIORITY).isLessThan(JavaBackend.Provider.PRIORITY_WITH_VECTOR_API);
    boolean javaFirst = new JavaBackend.Provider().priority() > provider.priority();
    assertThat(Backends.providers().stream().map(ComputeBackendProvider::name))
        .startsWith(javaFirst ? new String[] {"java", "openblas", "naive"} : new String[] {"openblas", "java", "naive"});
  }

  @Test
  void reportsWhatItFound() {
    Optional<ComputeBackend> backend = new OpenBlasProvider().create();
    String status = OpenBlasProvider.status();
    if (status.startsWith("NativeBLAS (JNIBLAS) on OpenBLAS ")) {
      assertThat(backend).isPresent();
      assertThat(((BlasBackend) backend.get()).isNative()).isTrue();
    } else {
      assertThat(status).matches("(?s)(unavailable|not OpenBLAS): .+");
      if (!"openblas".equals(System.getProperty(Backends.PROPERTY))) {
        assertThat(backend).as(status).isEmpty();
      }
    }
  }

  @Test
  void offersOpenBlasWhetherAskedForOrNot() {
    OpenBlasProvider.Found found = found(Kind.OPENBLAS);
    for (boolean requested : new boolean[] {false, true}) {
      assertThat(OpenBlasProvider.offer(found, requested)).as("requested by name: %s", requested).isPresent();
    }
    assertThat(found.status()).startsWith("NativeBLAS (" + JavaBLAS.getInstance().getClass().getSimpleName() + ") on /lib/libfake.so");
  }

  @Test
  void offersAnotherBlasOnlyWhenAskedForByName() {
    for (Kind kind : List.of(Kind.NOT_OPENBLAS, Kind.UNIDENTIFIED)) {
      OpenBlasProvider.Found found = found(kind);
      assertThat(OpenBlasProvider.offer(found, false)).as("%s, chosen automatically", kind).isEmpty();
      assertThat(OpenBlasProvider.offer(found, true)).as("%s, asked for by name", kind).isPresent();
      assertThat(found.status()).startsWith("not OpenBLAS: NativeBLAS (").contains("/lib/libfake.so");
    }
  }

  @Test
  void offersNothingWithoutANativeBlas() {
    OpenBlasProvider.Found none = new OpenBlasProvider.Found(Optional.empty(), Optional.empty(), "unavailable: test");
    assertThat(OpenBlasProvider.offer(none, false)).isEmpty();
    assertThat(OpenBlasProvider.offer(none, true)).isEmpty();
  }

  /** What the probe would make of a (here Java, for the test) BLAS on a library of that kind. */
  private static OpenBlasProvider.Found found(Kind kind) {
    return OpenBlasProvider.identified(
        new BlasBackend("openblas", JavaBLAS.getInstance()),
        new BlasLibrary(kind, Optional.of(Path.of("/lib/libfake.so")), "/lib/libfake.so, a " + kind + " test library"));
  }

  @Test
  void usesNativeOpenBlasWhenInstalled() {
    assumeTrue(
        openBlasInstalled(),
        "OpenBLAS is not installed (none of " + OPENBLAS_FILES + "); on Debian: apt-get install libopenblas0-pthread");

    Optional<ComputeBackend> backend = new OpenBlasProvider().create();
    assertThat(backend).as(OpenBlasProvider.status()).isPresent();
    BlasBackend blas = (BlasBackend) backend.get();
    assertThat(blas.isNative()).isTrue();
    assertThat(blas.implementation()).isEqualTo("JNIBLAS");
    assertThat(blas.name()).isEqualTo("openblas");
    assertThat(OpenBlasProvider.status()).startsWith("NativeBLAS (JNIBLAS) on OpenBLAS ").contains("libopenblas");
    assertThat(Backends.named("openblas")).isPresent();
    if (System.getProperty(Backends.PROPERTY) == null && new JavaBackend.Provider().priority() < OpenBlasProvider.PRIORITY) {
      assertThat(Backends.current().name()).isEqualTo("openblas");
    }
  }
}
