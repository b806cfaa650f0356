package dev.nn4j.core.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a main class of the test tree in a fresh JVM with the tests' class path: for memory bombs, run with a
 * small heap, and for processes killed on purpose.
 */
public final class ForkedJvm {
  private ForkedJvm() {}

  /** What the JVM printed (standard output and error together) and its exit code. */
  public record Run(int exitCode, String output) {}

  /**
   * Starts {@code main} with {@code jvmOptions} and {@code args}.
   *
   * @param jvmOptions such as {@code -Xmx64m}
   * @param main the class whose main method runs
   * @param args its arguments
   * @return the process, its output merged into one stream
   * @throws Exception if it cannot be started
   */
  public static Process start(List<String> jvmOptions, Class<?> main, String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(main.getName());
    command.addAll(Arrays.asList(args));
    return new ProcessBuilder(command).redirectErrorStream(true).start();
  }

  /**
   * Runs {@code main} to its end, within two minutes.
   *
   * @param jvmOptions such as {@code -Xmx64m}
   * @param main the class whose main method runs
   * @param args its arguments
   * @return what it printed, and its exit code
   * @throws Exception if it cannot be started
   */
  public static Run run(List<String> jvmOptions, Class<?> main, String... args) throws Exception {
    Process process = start(jvmOptions, main, args);
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(2, TimeUnit.MINUTES)).as("the forked JVM ends").isTrue();
    return new Run(process.exitValue(), output);
  }

  /** The path separator, for class paths built by hand. */
  static final String SEPARATOR = File.pathSeparator;
}
