package org.example.usesmish;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/** Runs {@link PredictFromFile} in a fresh JVM, with this test's class path or a part of it. */
final class ChildJvm {
  private ChildJvm() {}

  /** What the child JVM printed, and its exit code. */
  record Run(int exitCode, String output) {}

  /** The test's own class path, each entry made absolute, as the child JVMs get it. */
  static List<String> classPath() {
    return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(e -> !e.isEmpty())
        .map(e -> Path.of(e).toAbsolutePath().normalize().toString())
        .collect(Collectors.toList());
  }

  /** The jar {@code type} was loaded from, checked to be on the class path. */
  static String jarOf(Class<?> type, String expectedName) throws Exception {
    String jar = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    assertThat(jar).as("%s comes from the installed jar", type.getSimpleName()).endsWith(expectedName);
    assertThat(classPath()).contains(jar);
    return jar;
  }

  /** The class path without {@code jar}. */
  static List<String> classPathWithout(String jar) {
    return classPath().stream().filter(e -> !e.equals(jar)).collect(Collectors.toList());
  }

  static Run predict(List<String> classPath, Path model) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(String.join(File.pathSeparator, classPath));
    command.add(PredictFromFile.class.getName());
    command.add(model.toString());
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(2, TimeUnit.MINUTES)).as("the child JVM ends").isTrue();
    System.out.println(output);
    return new Run(process.exitValue(), output);
  }
}
