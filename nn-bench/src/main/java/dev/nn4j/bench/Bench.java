package dev.nn4j.bench;

import dev.nn4j.blas.OpenBlasProvider;
import dev.nn4j.core.math.Backends;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The nn4j benchmark: training (W1 tutorial, W2 fashion-mlp, W3 wide-mlp, W4 fashion-cnn, W5 fashion-lstm), inference and square matrix
 * products, each on every available backend and on the naive reference in the same process, printing
 * samples per second, GFLOP/s, bytes allocated per step, peak heap and the speed-up over naive.
 *
 * <pre>
 * mvn -q -DskipTests package
 * java -jar nn-bench/target/nn-bench.jar [tutorial|fashion-mlp|wide-mlp|inference|fashion-cnn|fashion-lstm|gemm|all ...]
 *     [--data DIR] [--epochs N] [--naive-steps N] [--backends java,openblas] [--seed S] [--cnn-steps N] [--lstm-steps N]
 * java -jar nn-bench/target/nn-bench.jar --help | --version
 * </pre>
 *
 * <p>Results go to standard output, logs to standard error. Run it on an otherwise idle machine: nothing
 * here is a test, and CI never runs it.
 */
public final class Bench {
  /**
   * netlib warns through java.util.logging that its Vector API fallback needs {@code --add-modules
   * jdk.incubator.vector}; the benchmark never uses that fallback. Held here so the setting is not collected.
   */
  private static final java.util.logging.Logger NETLIB_LOG = java.util.logging.Logger.getLogger("dev.ludovic.netlib");

  /** Exit status for a command line that cannot be run. */
  static final int USAGE = 2;

  private final Options options;
  private final PrintStream out;
  private final Report report;
  private final BackendSet backends;
  private Optional<FashionMnist> fashion;

  Bench(Options options, PrintStream out) {
    this.options = options;
    this.out = out;
    this.report = new Report(out);
    this.backends = new BackendSet(options.backends());
  }

  /**
   * Runs the workloads named in {@code args} (see {@code --help}) and exits with the command line's status.
   *
   * @param args the command line
   */
  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /**
   * Runs the command line {@code args}, printing results and help to {@code out} and problems to {@code err}.
   *
   * @return 0 after a run or help, 2 for a command line that cannot be run, 1 if the benchmark failed
   */
  static int run(String[] args, PrintStream out, PrintStream err) {
    NETLIB_LOG.setLevel(java.util.logging.Level.SEVERE);
    CommandLine commandLine = new CommandLine(new BenchCommand(out));
    commandLine
        .setOut(new PrintWriter(out, true))
        .setErr(new PrintWriter(err, true))
        .setParameterExceptionHandler((e, arguments) -> {
          PrintWriter writer = e.getCommandLine().getErr();
          writer.println(e.getMessage());
          UnmatchedArgumentException.printSuggestions(e, writer);
          writer.println("Run '" + e.getCommandLine().getCommandName() + " --help' for the workloads and options.");
          writer.flush();
          return USAGE;
        });
    return commandLine.execute(args);
  }

  /** Measures the workloads of {@link #options} in turn, printing their tables. */
  void run() throws IOException {
    environment();
    TrainingBench training = new TrainingBench(options, backends, report);
    for (String workload : options.workloads()) {
      switch (workload) {
        case "tutorial" -> training.tutorial();
        case "fashion-mlp" -> fashion().ifPresent(training::fashionMlp);
        case "wide-mlp" -> fashion().ifPresent(training::wideMlp);
        case "inference" -> fashion().ifPresent(data -> new InferenceBench(options, backends, report).run(data));
        case "fashion-cnn" -> fashion().ifPresent(data -> new ConvBench(options, backends, report).run(data));
        case "fashion-lstm" -> fashion().ifPresent(data -> new LstmBench(options, backends, report).run(data));
        case "gemm" -> new GemmBench(backends, report).run();
        case "crossover" -> new CrossoverBench(backends, report).run();
        case "products" -> new ProductsBench(backends, report, Product.comparedWithNumpy()).run();
        case "mlp-steps" -> fashion().ifPresent(data -> new MlpStepsBench(options, backends, report).run(data));
        case "vs-numpy" -> new NumpyComparison(options, out).run(fashionLocation());
        default -> throw new IllegalStateException("No workload " + workload);
      }
    }
    out.println();
  }

  private void environment() {
    Runtime runtime = Runtime.getRuntime();
    out.println("nn4j benchmark");
    out.printf(Locale.ROOT, "  java:      %s %s (%s), %s %s, %d processors, max heap %s%n",
        System.getProperty("java.vm.name"), System.getProperty("java.runtime.version"), System.getProperty("java.vendor"),
        System.getProperty("os.name"), System.getProperty("os.arch"), runtime.availableProcessors(),
        Report.megabytes(runtime.maxMemory()));
    out.println("  processor: " + Processor.describe());
    out.println("  default:   nn4j would choose '" + Backends.current().name() + "'");
    out.println("  openblas:  " + OpenBlasProvider.status());
    String coreType = System.getenv("OPENBLAS_CORETYPE");
    out.println("  OPENBLAS_CORETYPE: " + (coreType == null ? "unset (OpenBLAS detects the processor itself)" : coreType)
        + "; OPENBLAS_NUM_THREADS: " + Optional.ofNullable(System.getenv("OPENBLAS_NUM_THREADS")).orElse("unset"));
    for (String note : backends.notes()) {
      out.println("  backend    " + note);
    }
    out.println("  measured:  " + String.join(", ", backends.measured().stream().map(b -> b.name()).toList())
        + "; reference: naive (same workload, same process)");
    out.println("  workloads: " + String.join(", ", options.workloads()) + "; seed " + options.seed());
    out.flush();
  }

  /** Where Fashion-MNIST is: {@code --data} if it holds the files, else the first default location that does. */
  private Optional<Path> fashionLocation() {
    return options.data().isPresent() ? options.data().filter(FashionMnist::isComplete) : FashionMnist.locate();
  }

  /** Fashion-MNIST, read once; empty (with a message) if it is not found. */
  private Optional<FashionMnist> fashion() throws IOException {
    if (fashion != null) {
      return fashion;
    }
    Optional<Path> dir = fashionLocation();
    if (dir.isEmpty()) {
      out.println();
      out.println("== Fashion-MNIST not found: skipping fashion-mlp, wide-mlp, inference, fashion-cnn, fashion-lstm and mlp-steps");
      out.println("   looked in " + (options.data().isPresent() ? options.data().get() : FashionMnist.defaultLocations()));
      out.println("   expected the files " + String.join(", ", FashionMnist.FILES) + " (each .gz or not);");
      out.println("   get them from the Fashion-MNIST repository of Zalando Research (github.com/zalandoresearch/fashion-mnist,");
      out.println("   folder data/fashion) and pass --data DIR, or put them in ../shared/data/fashion-mnist");
      fashion = Optional.empty();
      return fashion;
    }
    long started = System.nanoTime();
    fashion = Optional.of(FashionMnist.load(dir.get()));
    out.printf(Locale.ROOT, "%n   Fashion-MNIST: %,d training and %,d test images from %s (read in %.1f s)%n",
        fashion.get().trainImages().rows(), fashion.get().testImages().rows(), dir.get(), (System.nanoTime() - started) / 1e9);
    return fashion;
  }
}
