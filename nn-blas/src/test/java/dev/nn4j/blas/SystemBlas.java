package dev.nn4j.blas;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Where Debian and Ubuntu install the BLAS libraries the tests use, when they are installed. */
final class SystemBlas {
  private static final List<Path> LIBRARY_DIRECTORIES =
      List.of(Path.of("/usr/lib/x86_64-linux-gnu"), Path.of("/usr/lib/aarch64-linux-gnu"));

  private SystemBlas() {}

  /** OpenBLAS itself: {@code openblas-pthread/libopenblas.so.0} (libopenblas0-pthread). */
  static Optional<Path> openBlasCore() {
    return find("openblas-pthread/libopenblas.so.0");
  }

  /** OpenBLAS's {@code libblas.so.3}, a front end on {@code libopenblas.so.0} (libopenblas0-pthread). */
  static Optional<Path> openBlasFrontEnd() {
    return find("openblas-pthread/libblas.so.3");
  }

  /** The reference BLAS: {@code blas/libblas.so.3} (libblas3). */
  static Optional<Path> reference() {
    return find("blas/libblas.so.3");
  }

  /** The C library, which the reference BLAS needs. */
  static Path libc() {
    return find("libc.so.6").orElse(Path.of("/lib/libc.so.6"));
  }

  private static Optional<Path> find(String relative) {
    return LIBRARY_DIRECTORIES.stream().map(d -> d.resolve(relative)).filter(Files::isRegularFile).findFirst();
  }
}
