package dev.nn4j.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The command line of {@link Bench}: workloads to run (all by default) and options.
 *
 * @param workloads canonical workload names, in the order given
 * @param data the Fashion-MNIST directory from {@code --data}, if given
 * @param epochs training epochs of W2 ({@code --epochs}, default 5)
 * @param naiveSteps batches the naive reference trains for on W2 and W3 ({@code --naive-steps}, default 200)
 * @param backends the backends to measure ({@code --backends java,openblas}); empty means every available one
 * @param seed the networks' seed ({@code --seed}, default 42)
 * @param cnnSteps timed training steps of W4 ({@code --cnn-steps}, default 60)
 */
record Options(
    List<String> workloads, Optional<Path> data, int epochs, int naiveSteps, List<String> backends, long seed, int cnnSteps) {
  static final List<String> ALL = List.of("tutorial", "fashion-mlp", "wide-mlp", "inference", "fashion-cnn", "gemm");
  private static final Map<String, String> ALIASES =
      Map.of("w1", "tutorial", "w2", "fashion-mlp", "w3", "wide-mlp", "w4", "fashion-cnn");

  static final String USAGE =
      String.join(
          System.lineSeparator(),
          "Usage: java -jar nn-bench/target/nn-bench.jar [workload ...] [options]",
          "Workloads (default: all, in this order):",
          "  tutorial (w1)     2-2-1 sigmoid, MSE, SGD 0.1, batch 1, 1000 epochs on the tutorial's 4 people",
          "  fashion-mlp (w2)  784-128-10 on Fashion-MNIST, batch 64, SGD 0.1, --epochs epochs",
          "  wide-mlp (w3)     784-512-512-10 on Fashion-MNIST, one epoch",
          "  inference         10,000 test images in batches of 1,000; single-sample latency",
          "  fashion-cnn (w4)  the Keras MNIST convnet on Fashion-MNIST, batch 128, Adam: training, inference,",
          "                    single-image latency, against direct convolution and the large-GEMM rate",
          "  gemm              1024 x 1024 x 1024 products on each backend",
          "Options:",
          "  --data DIR          Fashion-MNIST directory (the four IDX files, .gz or not)",
          "  --epochs N          epochs of fashion-mlp (default 5)",
          "  --naive-steps N     batches the naive reference trains on fashion-mlp and wide-mlp (default 200)",
          "  --backends a,b      backends to measure (default: every available one; the naive reference always runs)",
          "  --seed S            seed of the networks (default 42)",
          "  --cnn-steps N       timed training steps of fashion-cnn (default 60)");

  /**
   * Parses {@code args}.
   *
   * @throws IllegalArgumentException naming the argument that is not understood
   */
  static Options parse(String... args) {
    List<String> workloads = new ArrayList<>();
    Optional<Path> data = Optional.empty();
    int epochs = 5;
    int naiveSteps = 200;
    List<String> backends = List.of();
    long seed = 42;
    int cnnSteps = 60;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      switch (arg) {
        case "--data" -> data = Optional.of(Path.of(value(args, ++i, arg)));
        case "--epochs" -> epochs = positive(value(args, ++i, arg), arg);
        case "--naive-steps" -> naiveSteps = positive(value(args, ++i, arg), arg);
        case "--backends" -> backends = List.of(value(args, ++i, arg).split(","));
        case "--seed" -> seed = Long.parseLong(value(args, ++i, arg));
        case "--cnn-steps" -> cnnSteps = positive(value(args, ++i, arg), arg);
        case "all" -> workloads.addAll(ALL);
        default -> {
          String name = ALIASES.getOrDefault(arg, arg);
          if (!ALL.contains(name)) {
            throw new IllegalArgumentException("Unknown workload or option '" + arg + "'; expected one of " + ALL + ", w1-w4, all, or an option");
          }
          workloads.add(name);
        }
      }
    }
    return new Options(workloads.isEmpty() ? ALL : List.copyOf(workloads), data, epochs, naiveSteps, backends, seed, cnnSteps);
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length) {
      throw new IllegalArgumentException("Option " + option + " needs a value");
    }
    return args[i];
  }

  private static int positive(String value, String option) {
    int n;
    try {
      n = Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("Expected a positive integer for " + option + ", got '" + value + "'", e);
    }
    if (n <= 0) {
      throw new IllegalArgumentException("Expected a positive integer for " + option + ", got " + n);
    }
    return n;
  }
}
