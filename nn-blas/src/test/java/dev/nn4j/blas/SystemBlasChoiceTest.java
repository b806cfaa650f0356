package dev.nn4j.blas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which backend nn4j chooses, in a fresh JVM, when netlib loads Debian's reference BLAS (named with
 * {@code -Ddev.ludovic.netlib.blas.nativeLibPath}, or found first through {@code LD_LIBRARY_PATH}, so that
 * the system's default stays as it is) and when it loads OpenBLAS in the ways it can be named. Before nn-blas identified the library, the reference BLAS was
 * chosen as {@code openblas}, and the first test failed.
 */
class SystemBlasChoiceTest {
  @TempDir Path dir;

  /** What {@link BackendChoice} reported, and everything the child JVM printed (its log). */
  private record Child(Properties report, String output) {
    String get(String key) {
      return report.getProperty(key);
    }
  }

  @Test
  void referenceBlasIsNotChosen() throws Exception {
    Path reference = referenceBlas();
    // As on a machine where libblas.so.3 is the reference BLAS: netlib's default name, found first in a
    // directory of LD_LIBRARY_PATH that holds a link to it.
    Path directory = Files.createDirectory(dir.resolve("lib"));
    Files.createSymbolicLink(directory.resolve("libblas.so.3"), reference);

    for (Child child :
        List.of(
            run(Map.of(), "-Ddev.ludovic.netlib.blas.nativeLibPath=" + reference),
            run(Map.of("LD_LIBRARY_PATH", directory.toString())))) {
      assertThat(child.get("chosen")).as(child.output()).isEqualTo("java");
      assertThat(child.get("offered")).as(child.output()).isEqualTo("false");
      // Asked for by name, it is given (with a WARN): Backends.named is a request by name.
      assertThat(child.get("named")).as(child.output()).isEqualTo("true");
      assertThat(child.get("status"))
          .startsWith("not OpenBLAS: NativeBLAS (JNIBLAS) on ")
          .contains(reference.toRealPath().toString());
      assertThat(child.output())
          .as("the log says which library was found and why it is not used")
          .contains("WARN", "is not offered", reference.toRealPath().toString(), "openblas_get_config");
    }
  }

  @Test
  void referenceBlasIsUsedWhenAskedForByName() throws Exception {
    Path reference = referenceBlas();

    Child child = run(Map.of(), "-Ddev.ludovic.netlib.blas.nativeLibPath=" + reference, "-Dnn4j.backend=openblas");

    assertThat(child.get("chosen")).as(child.output()).isEqualTo("openblas");
    assertThat(child.get("offered")).as("chosen automatically, it would not be").isEqualTo("false");
    assertThat(child.get("native")).isEqualTo("true");
    assertThat(child.get("status")).startsWith("not OpenBLAS: ");
    assertThat(child.output()).contains("because it was asked for by name (-Dnn4j.backend=openblas");
  }

  @Test
  void openBlasIsChosenWhenNamedByPathOrSoname() throws Exception {
    Optional<Path> frontEnd = SystemBlas.openBlasFrontEnd();
    assumeTrue(frontEnd.isPresent(), "Debian's OpenBLAS (libopenblas0-pthread) is not installed");

    for (String property :
        List.of(
            "-Ddev.ludovic.netlib.blas.nativeLibPath=" + frontEnd.get(),
            "-Ddev.ludovic.netlib.blas.nativeLib=libopenblas.so.0")) {
      Child child = run(Map.of(), property);
      assertThat(child.get("chosen")).as(property + "\n" + child.output()).isEqualTo("openblas");
      assertThat(child.get("native")).isEqualTo("true");
      assertThat(child.get("status")).as(property).matches("NativeBLAS \\(JNIBLAS\\) on OpenBLAS \\d.*");
    }
  }

  private static Path referenceBlas() {
    Optional<Path> reference = SystemBlas.reference();
    assumeTrue(reference.isPresent(), "Debian's reference BLAS is not installed (apt-get install libblas3)");
    return reference.get();
  }

  /**
   * Runs {@link BackendChoice} in a JVM with this test's class path, the given options and {@code
   * environment} added to this one's.
   */
  private Child run(Map<String, String> environment, String... options) throws IOException, InterruptedException {
    Path reportFile = Files.createTempFile(dir, "choice", ".properties");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of(options));
    command.add("-cp");
    command.add(classPath());
    command.add(BackendChoice.class.getName());
    command.add(reportFile.toString());
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    // Options from the environment (such as the Vector API module) would change the child's automatic choice.
    builder.environment().remove("JDK_JAVA_OPTIONS");
    builder.environment().putAll(environment);
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(2, TimeUnit.MINUTES)).as("the child JVM ends").isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    Properties report = new Properties();
    try (Reader in = Files.newBufferedReader(reportFile)) {
      report.load(in);
    }
    return new Child(report, output);
  }

  /** The test's own class path, each entry made absolute. */
  private static String classPath() {
    List<String> entries = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (!entry.isEmpty()) {
        entries.add(Path.of(entry).toAbsolutePath().normalize().toString());
      }
    }
    return String.join(File.pathSeparator, entries);
  }
}
