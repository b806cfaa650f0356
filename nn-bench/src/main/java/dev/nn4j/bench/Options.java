package dev.nn4j.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a run of {@link Bench} measures, as its command line ({@link BenchCommand}) gave it: workloads to run
 * (all by default) and their settings.
 *
 * @param workloads canonical workload names, in the order given
 * @param data the Fashion-MNIST directory from {@code --data}, if given
 * @param epochs training epochs of W2 ({@code --epochs}, default 5)
 * @param naiveSteps batches the naive reference trains for on W2 and W3 ({@code --naive-steps}, default 200)
 * @param backends the backends to measure ({@code --backends java,openblas}); empty means every available one
 * @param seed the networks' seed ({@code --seed}, default 42)
 * @param cnnSteps timed training steps of W4 ({@code --cnn-steps}, default 60)
 * @param lstmSteps timed training steps of W5 ({@code --lstm-steps}, default 60)
 * @param numpy the settings of the comparison with NumPy ({@code vs-numpy}, {@code mlp-steps})
 */
record Options(
    List<String> workloads, Optional<Path> data, int epochs, int naiveSteps, List<String> backends, long seed, int cnnSteps,
    int lstmSteps, NumpyOptions numpy) {
  /** Every workload, in the order a run without names measures them. */
  static final List<String> ALL = List.of("tutorial", "fashion-mlp", "wide-mlp", "inference", "fashion-cnn", "fashion-lstm",
      "gemm");

  /**
   * Workloads that run only when named: the crossover of {@code nn-blas}, and the comparison with NumPy ({@code
   * vs-numpy}) and the two workloads it runs in each of its nn4j processes.
   */
  static final List<String> NAMED_ONLY = List.of("crossover", "products", "mlp-steps", "vs-numpy");

  /** The short names of the workloads of the benchmark's plan, W1 to W5. */
  static final Map<String, String> ALIASES = Map.of("w1", "tutorial", "w2", "fashion-mlp", "w3", "wide-mlp", "w4", "fashion-cnn",
      "w5", "fashion-lstm");

  Options {
    workloads = List.copyOf(workloads);
    backends = List.copyOf(backends);
  }
}
