package dev.nn4j.blas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.nn4j.core.math.Backends;
import dev.nn4j.core.math.ComputeBackend;
import dev.nn4j.core.math.ComputeBackendProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** That {@code nn-blas} really runs OpenBLAS where it is installed, and is chosen automatically then. */
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
  void ranksAboveThePureJavaBackend() {
    OpenBlasProvider provider = new OpenBlasProvider();
    assertThat(provider.name()).isEqualTo("openblas");
    assertThat(provider.priority()).isGreaterThan(0);
    assertThat(Backends.providers().stream().map(ComputeBackendProvider::name))
        .startsWith("openblas", "java", "naive");
  }

  @Test
  void reportsWhatItFound() {
    Optional<ComputeBackend> backend = new OpenBlasProvider().create();
    if (backend.isPresent()) {
      assertThat(OpenBlasProvider.status()).startsWith("NativeBLAS (JNIBLAS) on ");
      assertThat(((BlasBackend) backend.get()).isNative()).isTrue();
    } else {
      assertThat(OpenBlasProvider.status()).startsWith("unavailable: ");
    }
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
    assertThat(OpenBlasProvider.mappedBlasLibraries()).hasValueSatisfying(files -> assertThat(files).contains("openblas"));
    assertThat(Backends.named("openblas")).isPresent();
    if (System.getProperty(Backends.PROPERTY) == null) {
      assertThat(Backends.current().name()).isEqualTo("openblas");
    }
  }
}
