package dev.nn4j.blas;

import dev.nn4j.core.math.Backends;
import dev.nn4j.core.math.ComputeBackend;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

/**
 * Run in a child JVM by {@link SystemBlasChoiceTest}: writes to the file named by its argument, as
 * properties, which backend nn4j chose and what {@link OpenBlasProvider} offered and reported. Uses public
 * API only, so that it runs against any version of the provider.
 */
public final class BackendChoice {
  private BackendChoice() {}

  /**
   * Writes the report.
   *
   * @param args the file to write
   * @throws IOException if it cannot be written
   */
  public static void main(String[] args) throws IOException {
    ComputeBackend chosen = Backends.current();
    Optional<ComputeBackend> offered = new OpenBlasProvider().create();
    Properties report = new Properties();
    report.setProperty("chosen", chosen.name());
    report.setProperty("offered", String.valueOf(offered.isPresent()));
    report.setProperty("native", String.valueOf(chosen instanceof BlasBackend blas && blas.isNative()));
    report.setProperty("named", String.valueOf(Backends.named(OpenBlasProvider.NAME).isPresent()));
    report.setProperty("status", OpenBlasProvider.status());
    try (Writer out = Files.newBufferedWriter(Path.of(args[0]))) {
      report.store(out, null);
    }
  }
}
