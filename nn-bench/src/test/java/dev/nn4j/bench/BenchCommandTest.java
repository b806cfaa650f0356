package dev.nn4j.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.ParameterException;

/** The benchmark's command line: workloads, options and their defaults, help, version, messages, exit statuses. */
class BenchCommandTest {
  private static final String HINT = "Run 'java -jar nn-bench/target/nn-bench.jar --help' for the workloads and options.\n";

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    out.reset();
    err.reset();
    return Bench.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void parsesWorkloadsAliasesAndOptionsWithTheirDefaults() {
    Options defaults = BenchCommand.parse();
    assertThat(defaults).isEqualTo(new Options(Options.ALL, java.util.Optional.empty(), 5, 200, java.util.List.of(), 42, 60, 60,
        NumpyOptions.DEFAULTS));

    Options options = BenchCommand.parse("w2", "gemm", "--epochs", "2", "--data", "/tmp/fm", "--backends", "java,openblas");
    assertThat(options.workloads()).containsExactly("fashion-mlp", "gemm");
    assertThat(options.epochs()).isEqualTo(2);
    assertThat(options.data()).contains(Path.of("/tmp/fm"));
    assertThat(options.backends()).containsExactly("java", "openblas");

    assertThat(BenchCommand.parse("w4", "--cnn-steps", "7").workloads()).containsExactly("fashion-cnn");
    assertThat(BenchCommand.parse("w4", "--cnn-steps", "7").cnnSteps()).isEqualTo(7);
    assertThat(BenchCommand.parse("w5", "--lstm-steps", "9")).extracting(Options::workloads, Options::lstmSteps)
        .containsExactly(java.util.List.of("fashion-lstm"), 9);
    assertThat(BenchCommand.parse("--seed", "7", "w1", "--naive-steps", "3")).extracting(Options::seed, Options::naiveSteps)
        .containsExactly(7L, 3);
    assertThat(BenchCommand.parse("gemm", "all").workloads()).hasSize(1 + Options.ALL.size()).endsWith("gemm");
    assertThatThrownBy(() -> BenchCommand.parse("w6")).isInstanceOf(ParameterException.class).hasMessageContaining("'w6'");
    assertThatThrownBy(() -> BenchCommand.parse("--lstm-steps", "0"))
        .hasMessage("Expected a positive integer for --lstm-steps, got 0");
    assertThatThrownBy(() -> BenchCommand.parse("--epochs", "0"))
        .hasMessage("Expected a positive integer for --epochs, got 0");
  }

  @Test
  void parsesTheNumpyComparisonsOptions() {
    Options options = BenchCommand.parse("vs-numpy", "--threads", "2,1", "--repeat", "5", "--python", "/opt/py/bin/python3",
        "--steps", "30");
    assertThat(options.workloads()).containsExactly("vs-numpy");
    assertThat(options.numpy()).isEqualTo(new NumpyOptions(java.util.List.of(2, 1), 5, "/opt/py/bin/python3", 30));
    assertThat(BenchCommand.parse("crossover", "products", "mlp-steps").workloads())
        .containsExactly("crossover", "products", "mlp-steps");
    assertThat(BenchCommand.parse("all").workloads()).as("all names the default workloads only").isEqualTo(Options.ALL);

    assertThatThrownBy(() -> BenchCommand.parse("vs-numpy", "--threads", "1,0"))
        .hasMessage("Expected a positive integer for --threads, got 0");
    assertThatThrownBy(() -> BenchCommand.parse("vs-numpy", "--repeat", "0"))
        .hasMessage("Expected a positive integer for --repeat, got 0");
    assertThatThrownBy(() -> BenchCommand.parse("vs-numpy", "--python", " "))
        .hasMessage("Expected a Python command or path for --python, got ''");
    assertThatThrownBy(() -> BenchCommand.parse("vs-numpy", "--threads", "two")).isInstanceOf(ParameterException.class)
        .hasMessageContaining("'two'");
  }

  @Test
  void helpListsTheOptionsWithTheirDefaultsAndTheWorkloads() {
    assertThat(run("--help")).isZero();
    assertThat(out()).startsWith("""
        Usage: java -jar nn-bench/target/nn-bench.jar [-hV] [--data=DIR] [--epochs=N]
               [--naive-steps=N] [--backends=NAME[,NAME...]]... [--seed=S]
               [--cnn-steps=N] [--lstm-steps=N] [--threads=N[,N...]]... [--repeat=R]
               [--python=PATH] [--steps=N] [WORKLOAD...]
        """)
        .contains("--epochs=N           Epochs of fashion-mlp (default: 5).\n")
        .contains("(default: 200)")
        .contains("--seed=S             Seed of the networks (default: 42).\n")
        .contains("--cnn-steps=N        Timed training steps of fashion-cnn (default: 60).\n")
        .contains("  fashion-cnn (w4)  the Keras MNIST convnet")
        .contains("--lstm-steps=N       Timed training steps of fashion-lstm (default: 60).\n")
        .contains("  fashion-lstm (w5) Fashion-MNIST as 28 steps of 28 pixels, LSTM 128")
        .contains("--threads=N[,N...]   vs-numpy: thread counts, each in its own processes\n")
        .contains("  vs-numpy          GEMM rates (1024^3, W2's and W3's products) and W2/W3\n")
        .endsWith("Exit status: 0 after the run, 2 for a command line that cannot be run.\n");
    assertThat(out().lines()).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(80));
    assertThat(err()).isEmpty();
  }

  @Test
  void versionIsTheOneMavenBuilt() {
    assertThat(run("--version")).isZero();
    assertThat(out()).matches("nn-bench \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\n");
  }

  @Test
  void badCommandLinesAreOneMessageAndStatus2() {
    assertThat(run("w6")).isEqualTo(Bench.USAGE);
    assertThat(err()).isEqualTo("Unknown workload 'w6'; expected one of [tutorial, fashion-mlp, wide-mlp, inference, "
        + "fashion-cnn, fashion-lstm, gemm], w1-w5, all or one of [crossover, products, mlp-steps, vs-numpy]\n" + HINT);

    assertThat(run("w1", "--epochs", "0")).isEqualTo(Bench.USAGE);
    assertThat(err()).isEqualTo("Expected a positive integer for --epochs, got 0\n" + HINT);

    assertThat(run("--cnn-step", "7")).isEqualTo(Bench.USAGE);
    assertThat(err()).isEqualTo("Unknown option: '--cnn-step'\nPossible solutions: --cnn-steps\n" + HINT);
    assertThat(out()).isEmpty();
  }

  @Test
  void runsTheTutorialWorkloadAndPrintsItsTable() {
    assertThat(run("w1", "--backends", "java", "--seed", "42")).isZero();
    assertThat(out())
        .contains("  workloads: tutorial; seed 42\n")
        .contains("== W1 tutorial: ")
        .containsPattern("(?m)^  naive     1000 epochs \\(median of 21 runs\\) .* 1\\.00x$")
        .containsPattern("(?m)^  java      1000 epochs \\(median of 21 runs\\) ");
  }
}
