package dev.nn4j.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The command line of {@link Bench}: the workloads to run (all by default) and their options, with the
 * defaults of {@link Options}. Checks what picocli cannot (positive counts, known workload names) and runs
 * the benchmark.
 */
@Command(
    name = "java -jar nn-bench/target/nn-bench.jar",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    sortOptions = false,
    sortSynopsis = false,
    description = {
      "Benchmarks of nn4j: training, inference and matrix products on every available backend, each against the"
          + " naive reference in the same process. Results go to standard output, logs to standard error."
    },
    optionListHeading = "Options:%n",
    footerHeading = "Workloads (default: all, in this order; 'all' names them all):%n",
    footer = {
      "  tutorial (w1)     2-2-1 sigmoid, MSE, SGD 0.1, batch 1, 1000 epochs on the",
      "                    tutorial's 4 people",
      "  fashion-mlp (w2)  784-128-10 on Fashion-MNIST, batch 64, SGD 0.1, --epochs",
      "                    epochs",
      "  wide-mlp (w3)     784-512-512-10 on Fashion-MNIST, one epoch",
      "  inference         10,000 test images in batches of 1,000; single-sample",
      "                    latency",
      "  fashion-cnn (w4)  the Keras MNIST convnet on Fashion-MNIST, batch 128, Adam:",
      "                    training, inference, single-image latency, against direct",
      "                    convolution and the large-GEMM rate",
      "  fashion-lstm (w5) Fashion-MNIST as 28 steps of 28 pixels, LSTM 128, dense",
      "                    10, batch 64, Adam: training, inference, single-sequence",
      "                    latency, against the large-GEMM rate",
      "  gemm              1024 x 1024 x 1024 products on each backend",
      "Run only when named:",
      "  vs-numpy          GEMM rates (1024^3, W2's and W3's products) and W2/W3",
      "                    training beside NumPy's, 1 and 2 threads, medians",
      "  products          the GEMM rates of vs-numpy, this process only",
      "  mlp-steps         W2 and W3 steps, inference, one sample, as vs-numpy",
      "  crossover         where products through OpenBLAS beat the java backend",
      "Exit status: 0 after the run, 2 for a command line that cannot be run."
    })
final class BenchCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Parameters(paramLabel = "WORKLOAD", arity = "0..*", description = "Workloads to run, listed below.")
  private List<String> workloads = new ArrayList<>();

  @Option(names = "--data", paramLabel = "DIR",
      description = "Fashion-MNIST folder (the four IDX files, .gz or not); default: the first of"
          + " ../shared/data/fashion-mnist and /usr/share/datasets/fashion-mnist that holds them.")
  private Path data;

  @Option(names = "--epochs", paramLabel = "N", defaultValue = "5", description = "Epochs of fashion-mlp (default: ${DEFAULT-VALUE}).")
  private int epochs;

  @Option(names = "--naive-steps", paramLabel = "N", defaultValue = "200",
      description = "Batches the naive reference trains on fashion-mlp and wide-mlp (default: ${DEFAULT-VALUE}).")
  private int naiveSteps;

  @Option(names = "--backends", paramLabel = "NAME", split = ",",
      description = "Backends to measure, such as java,openblas (default: every available one; the naive reference always runs).")
  private List<String> backends = new ArrayList<>();

  @Option(names = "--seed", paramLabel = "S", defaultValue = "42", description = "Seed of the networks (default: ${DEFAULT-VALUE}).")
  private long seed;

  @Option(names = "--cnn-steps", paramLabel = "N", defaultValue = "60",
      description = "Timed training steps of fashion-cnn (default: ${DEFAULT-VALUE}).")
  private int cnnSteps;

  @Option(names = "--lstm-steps", paramLabel = "N", defaultValue = "60",
      description = "Timed training steps of fashion-lstm (default: ${DEFAULT-VALUE}).")
  private int lstmSteps;

  @Option(names = "--threads", paramLabel = "N", split = ",", defaultValue = "1,2",
      description = "vs-numpy: thread counts, each in its own processes (default: ${DEFAULT-VALUE}).")
  private List<Integer> threads;

  @Option(names = "--repeat", paramLabel = "R", defaultValue = "3",
      description = "vs-numpy: rounds of every thread count; medians are reported (default: ${DEFAULT-VALUE}).")
  private int repeat;

  @Option(names = "--python", paramLabel = "PATH", defaultValue = NumpyOptions.DEFAULT_PYTHON,
      description = "vs-numpy: the Python with NumPy (default: ${DEFAULT-VALUE}).")
  private String python;

  @Option(names = "--steps", paramLabel = "N", defaultValue = "100",
      description = "vs-numpy, mlp-steps: timed training steps of W2 and W3 (default: ${DEFAULT-VALUE}).")
  private int steps;

  private final PrintStream out;

  /**
   * The command.
   *
   * @param out where the benchmark prints its results
   */
  BenchCommand(PrintStream out) {
    this.out = out;
  }

  /**
   * What {@code args} asks for, without running it.
   *
   * @throws ParameterException naming the argument that is not understood
   */
  static Options parse(String... args) {
    BenchCommand command = new BenchCommand(System.out);
    new CommandLine(command).parseArgs(args);
    return command.options();
  }

  @Override
  public Integer call() throws IOException {
    new Bench(options(), out).run();
    return 0;
  }

  /** The options given, checked. */
  private Options options() {
    List<String> names = new ArrayList<>();
    for (String workload : workloads) {
      if (workload.equals("all")) {
        names.addAll(Options.ALL);
        continue;
      }
      String name = Options.ALIASES.getOrDefault(workload, workload);
      if (!Options.ALL.contains(name) && !Options.NAMED_ONLY.contains(name)) {
        throw new ParameterException(spec.commandLine(),
            "Unknown workload '" + workload + "'; expected one of " + Options.ALL + ", w1-w5, all or one of "
                + Options.NAMED_ONLY);
      }
      names.add(name);
    }
    return new Options(names.isEmpty() ? Options.ALL : names, Optional.ofNullable(data), positive(epochs, "--epochs"),
        positive(naiveSteps, "--naive-steps"), backends, seed, positive(cnnSteps, "--cnn-steps"),
        positive(lstmSteps, "--lstm-steps"), numpyOptions());
  }

  /** The settings of vs-numpy, checked. */
  private NumpyOptions numpyOptions() {
    for (int count : threads) {
      positive(count, "--threads");
    }
    if (python.isBlank()) {
      throw new ParameterException(spec.commandLine(), "Expected a Python command or path for --python, got ''");
    }
    return new NumpyOptions(threads, positive(repeat, "--repeat"), python, positive(steps, "--steps"));
  }

  private int positive(int value, String option) {
    if (value <= 0) {
      throw new ParameterException(spec.commandLine(), "Expected a positive integer for " + option + ", got " + value);
    }
    return value;
  }
}
