package dev.nn4j.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * vs-numpy's processes: the commands it runs, and what it says when Python or NumPy is missing, checked
 * against the real numpy_bench.py where Debian's Python is installed. Nothing is timed.
 */
class NumpyComparisonTest {
  @TempDir Path folder;

  private Path script() throws IOException {
    Path script = folder.resolve(NumpyComparison.SCRIPT);
    try (InputStream in = NumpyComparison.class.getResourceAsStream(NumpyComparison.SCRIPT)) {
      assertThat(in).as("the script is a resource beside the class").isNotNull();
      Files.copy(in, script);
    }
    return script;
  }

  /** Runs {@code command}, returning its exit status and its output lines, standard error included. */
  private static NumpyComparison.Run run(List<String> command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new NumpyComparison.Run(process.exitValue(), output.lines().toList());
  }

  private static void assumeDebianPython() {
    assumeTrue(Files.isExecutable(Path.of(NumpyOptions.DEFAULT_PYTHON)), "no Python at " + NumpyOptions.DEFAULT_PYTHON);
  }

  @Test
  void aMissingPythonIsNamedWithTheFix() {
    assertThat(NumpyComparison.missingPython("/nonexistent/python3")).contains("NumPy's side skipped: no Python at"
        + " /nonexistent/python3 (Debian: apt-get install python3-numpy; or name another with --python PATH)");
    assertThat(NumpyComparison.missingPython("python3")).as("a bare command is looked up when started").isEmpty();
  }

  @Test
  void withoutNumpyTheScriptSaysSoAndTheComparisonSkipsIt() throws Exception {
    assumeDebianPython();
    // -S: without site-packages, where Debian's python3-numpy lives, NumPy cannot be imported.
    NumpyComparison.Run run = run(List.of(NumpyOptions.DEFAULT_PYTHON, "-S", script().toString(), "--threads", "1"));

    assertThat(run.status()).isEqualTo(NumpyComparison.SKIP_STATUS);
    assertThat(NumpyComparison.skipReason("python3 -S", run).orElseThrow())
        .startsWith("NumPy's side skipped: NumPy is not installed for ")
        .endsWith("; on Debian: apt-get install python3-numpy");
  }

  @Test
  void aFailingScriptIsReportedWithItsStatus() {
    NumpyComparison.Run run = new NumpyComparison.Run(1, List.of("Traceback (most recent call last):"));

    assertThat(NumpyComparison.skipReason("/usr/bin/python3", run)).contains("NumPy's side skipped: numpy_bench.py failed"
        + " under /usr/bin/python3 (exit status 1; its messages are above)");
    assertThat(NumpyComparison.skipReason("/usr/bin/python3", new NumpyComparison.Run(0, List.of()))).isEmpty();
  }

  @Test
  void theScriptsResultLinesAreReadBack() throws Exception {
    assumeDebianPython();
    NumpyComparison.Run probe = run(List.of(NumpyOptions.DEFAULT_PYTHON, "-c", "import numpy"));
    assumeTrue(probe.status() == 0, "NumPy is not installed for " + NumpyOptions.DEFAULT_PYTHON);

    NumpyComparison.Run run = run(NumpyComparison.pythonCommand(NumpyOptions.DEFAULT_PYTHON, script(), 1, 5,
        Optional.empty()).stream().map(a -> a.startsWith("NN:1024") ? "NN:4x4x4,TN:3x5x7" : a).toList());

    assertThat(run.status()).as("%s", run.lines()).isZero();
    List<Measurement> measurements = Measurement.of(1, run.lines());
    assertThat(measurements).extracting(Measurement::kind).containsExactly("environment", "gemm", "gemm");
    assertThat(measurements.get(0).text("numpy")).matches("\\d+\\.\\d+.*");
    assertThat(measurements.subList(1, 3)).extracting(Measurement::item).containsExactly("NN:4x4x4", "TN:3x5x7");
    assertThat(measurements.get(1).number("gflops").orElseThrow()).isPositive();
    assertThat(run.lines()).contains("  networks skipped: no --data folder given");
  }

  @Test
  void theScriptRefusesAnUnknownNetwork() throws Exception {
    assumeDebianPython();
    NumpyComparison.Run run = run(List.of(NumpyOptions.DEFAULT_PYTHON, script().toString(), "--workloads", "w9"));

    assertThat(run.status()).isEqualTo(2);
    assertThat(String.join("\n", run.lines())).contains("error: unknown workload 'w9'; expected one of ['w2', 'w3']");
  }

  @Test
  void eachSideGetsTheThreadCountAndTheSameProductsAndData() {
    Options options = BenchCommand.parse("vs-numpy", "--steps", "7", "--seed", "5", "--backends", "java");
    NumpyComparison comparison = new NumpyComparison(options, System.out);
    Path data = Path.of("/data/fashion");

    List<String> java = comparison.javaCommand("/jdk/bin/java", List.of("--add-modules", "jdk.incubator.vector",
        "-Dnn4j.threads=4", "-Xmx2g"), "nn-bench.jar", 1, Optional.of(data));
    List<String> python = NumpyComparison.pythonCommand("/usr/bin/python3", Path.of("/tmp/numpy_bench.py"), 2, 7,
        Optional.of(data));

    assertThat(java).containsExactly("/jdk/bin/java", "--add-modules", "jdk.incubator.vector", "-Xmx2g",
        "-Dnn4j.threads=1", "-cp", "nn-bench.jar", "dev.nn4j.bench.Bench", "products", "mlp-steps", "--seed", "5",
        "--steps", "7", "--backends", "java", "--data", "/data/fashion");
    List<String> products = new ArrayList<>();
    Product.comparedWithNumpy().forEach(p -> products.add(p.toString()));
    assertThat(python).containsExactly("/usr/bin/python3", "/tmp/numpy_bench.py", "--threads", "2", "--products",
        String.join(",", products), "--steps", "7", "--single-calls", "2000", "--data", "/data/fashion");
  }
}
