package dev.nn4j.bench;

import dev.nn4j.core.math.JavaBackend;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * nn4j beside NumPy on this machine ({@code vs-numpy}): for each round and each thread count, a fresh JVM runs
 * the {@code products} and {@code mlp-steps} workloads ({@code -Dnn4j.threads=N}) and then Python runs {@code
 * numpy_bench.py} on the same products, data, batches and seed, both with {@code OPENBLAS_NUM_THREADS=N} (so
 * OpenBLAS through {@code nn-blas} and NumPy's BLAS get the same threads); their {@link ResultLine}s are read
 * back and {@link ComparisonSummary} prints the medians and the ratios. Thread counts need their own
 * processes, since OpenBLAS reads its variable once, when it loads. Without Python or NumPy the nn4j side still
 * runs, and a message says why NumPy's is missing.
 */
final class NumpyComparison {
  /** The script, a resource beside this class (from {@code src/main/python}). */
  static final String SCRIPT = "numpy_bench.py";

  /** The exit status with which {@code numpy_bench.py} says that NumPy is not installed. */
  static final int SKIP_STATUS = 3;

  private final Options options;
  private final PrintStream out;

  NumpyComparison(Options options, PrintStream out) {
    this.options = options;
    this.out = out;
  }

  /** Runs the rounds and prints the summary. */
  void run(Optional<Path> data) throws IOException {
    NumpyOptions numpy = options.numpy();
    String coreType = Optional.ofNullable(System.getenv("OPENBLAS_CORETYPE")).orElse("unset");
    out.println();
    out.println("== vs NumPy: " + numpy.repeat() + " round(s) of " + numpy.threads().stream().map(t -> t + " thread(s)")
        .collect(Collectors.joining(", ")) + "; in each, nn4j in a new JVM, then NumPy (" + numpy.python() + ")");
    out.println("   OPENBLAS_CORETYPE: " + coreType + " (for OpenBLAS in both; unset: OpenBLAS detects the processor)");
    out.println("   Fashion-MNIST: " + data.map(Path::toString).orElse("not found, so no W2/W3 training (--data DIR)"));
    out.flush();
    Path script = Files.createTempFile("nn4j-", "-" + SCRIPT);
    List<Measurement> measurements = new ArrayList<>();
    Optional<String> numpySkipped = Optional.empty();
    try {
      try (InputStream in = NumpyComparison.class.getResourceAsStream(SCRIPT)) {
        if (in == null) {
          throw new IllegalStateException(SCRIPT + " is missing beside " + NumpyComparison.class.getName()
              + "; build nn-bench with Maven (mvn -q -DskipTests package)");
        }
        Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
      }
      for (int round = 1; round <= numpy.repeat(); round++) {
        for (int threads : numpy.threads()) {
          out.printf(Locale.ROOT, "%n-- round %d of %d, %d thread(s): nn4j%n", round, numpy.repeat(), threads);
          Run java = run(javaCommand(currentJava(), jvmArguments(), System.getProperty("java.class.path"), threads, data),
              threads);
          if (java.status() != 0) {
            throw new IllegalStateException("The nn4j side failed (exit status " + java.status() + "); its log is above");
          }
          measurements.addAll(Measurement.of(threads, java.lines()));
          if (numpySkipped.isPresent()) {
            continue;
          }
          out.printf(Locale.ROOT, "-- round %d of %d, %d thread(s): NumPy%n", round, numpy.repeat(), threads);
          List<String> command = pythonCommand(numpy.python(), script, threads, numpy.steps(), data);
          Optional<String> missing = missingPython(numpy.python());
          if (missing.isPresent()) {
            numpySkipped = missing;
            continue;
          }
          Run python;
          try {
            python = run(command, threads);
          } catch (IOException e) {
            numpySkipped = Optional.of("NumPy's side skipped: " + numpy.python() + " cannot be run (" + e.getMessage() + ")");
            continue;
          }
          numpySkipped = skipReason(numpy.python(), python);
          if (numpySkipped.isEmpty()) {
            measurements.addAll(Measurement.of(threads, python.lines()));
          }
        }
      }
    } finally {
      Files.deleteIfExists(script);
    }
    numpySkipped.ifPresent(reason -> {
      out.println();
      out.println("== " + reason);
    });
    new ComparisonSummary(measurements, numpy.repeat()).print(out);
    out.flush();
  }

  /** A child process's exit status and standard output. */
  record Run(int status, List<String> lines) {}

  /** Runs {@code command} with {@code OPENBLAS_NUM_THREADS=threads}, echoing its output, logs to standard error. */
  private Run run(List<String> command, int threads) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
    builder.environment().put("OPENBLAS_NUM_THREADS", Integer.toString(threads));
    Process process = builder.start();
    List<String> lines = new ArrayList<>();
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        lines.add(line);
        out.println(line);
      }
    }
    try {
      return new Run(process.waitFor(), lines);
    } catch (InterruptedException e) {
      process.destroy();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for " + command.get(0), e);
    }
  }

  /**
   * Why NumPy's side is missing, if it is: the script's {@code SKIP} line (no NumPy) or its failure.
   *
   * @param python the Python that ran it
   * @param run what the script did
   */
  static Optional<String> skipReason(String python, Run run) {
    if (run.status() == 0) {
      return Optional.empty();
    }
    Optional<String> skip = run.lines().stream().filter(l -> l.startsWith("SKIP ")).findFirst();
    if (run.status() == SKIP_STATUS && skip.isPresent()) {
      return Optional.of("NumPy's side skipped: " + skip.get().substring("SKIP ".length()));
    }
    return Optional.of("NumPy's side skipped: " + SCRIPT + " failed under " + python + " (exit status " + run.status()
        + "; its messages are above)");
  }

  /**
   * Why {@code python} cannot run, when that shows without running it: a path that is no executable file. A bare
   * command ({@code python3}) is looked up on the {@code PATH} when started.
   */
  static Optional<String> missingPython(String python) {
    if (!python.contains("/") || Files.isExecutable(Path.of(python))) {
      return Optional.empty();
    }
    return Optional.of("NumPy's side skipped: no Python at " + python + " (Debian: apt-get install python3-numpy; or name"
        + " another with --python PATH)");
  }

  /** The Python command: the script, the thread count, the products and steps of the nn4j side, the data. */
  static List<String> pythonCommand(String python, Path script, int threads, int steps, Optional<Path> data) {
    List<String> command = new ArrayList<>(List.of(python, script.toString(), "--threads", Integer.toString(threads),
        "--products", Product.comparedWithNumpy().stream().map(Product::toString).collect(Collectors.joining(",")),
        "--steps", Integer.toString(steps), "--single-calls", Integer.toString(MlpStepsBench.SINGLE_CALLS)));
    data.ifPresent(d -> command.addAll(List.of("--data", d.toAbsolutePath().toString())));
    return command;
  }

  /**
   * The command of an nn4j round: this JVM's executable and options, except any thread count, then {@code
   * -Dnn4j.threads=threads}, the class path, and the workloads {@code products} and {@code mlp-steps} with this
   * run's options.
   */
  List<String> javaCommand(String java, List<String> jvmArguments, String classPath, int threads, Optional<Path> data) {
    List<String> command = new ArrayList<>();
    command.add(java);
    jvmArguments.stream().filter(a -> !a.startsWith("-D" + JavaBackend.THREADS_PROPERTY + "=")).forEach(command::add);
    command.addAll(List.of("-D" + JavaBackend.THREADS_PROPERTY + "=" + threads, "-cp", classPath, Bench.class.getName(),
        "products", "mlp-steps", "--seed", Long.toString(options.seed()), "--steps",
        Integer.toString(options.numpy().steps())));
    if (!options.backends().isEmpty()) {
      command.addAll(List.of("--backends", String.join(",", options.backends())));
    }
    data.ifPresent(d -> command.addAll(List.of("--data", d.toAbsolutePath().toString())));
    return command;
  }

  private static String currentJava() {
    return ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
  }

  private static List<String> jvmArguments() {
    return ManagementFactory.getRuntimeMXBean().getInputArguments();
  }

}
