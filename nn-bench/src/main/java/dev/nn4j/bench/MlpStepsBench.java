package dev.nn4j.bench;

import dev.nn4j.core.Network;
import dev.nn4j.core.math.ComputeBackend;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongFunction;

/**
 * W2 and W3 as {@code numpy_bench.py} measures NumPy's same networks: timed training steps on nn-bench's fixed
 * batches of 64 after untimed ones for a second (at least 5), inference on the test images in batches of 1,000 for 2 s, and the median
 * latency of one sample through {@link Network#predictor()}, on each backend; each backend's figures are also
 * printed as a {@link ResultLine}, which {@code vs-numpy} reads.
 */
final class MlpStepsBench {
  /** One-sample calls whose median latency is reported. */
  static final int SINGLE_CALLS = 2000;

  private final Options options;
  private final BackendSet backends;
  private final Report report;

  MlpStepsBench(Options options, BackendSet backends, Report report) {
    this.options = options;
    this.backends = backends;
    this.report = report;
  }

  void run(FashionMnist data) {
    measure("w2", Workloads::fashionMlp, data);
    measure("w3", Workloads::wideMlp, data);
  }

  private void measure(String workload, LongFunction<Network> factory, FashionMnist data) {
    Network shape = factory.apply(options.seed());
    long forward = Workloads.forwardFlopsPerSample(shape);
    long training = Workloads.trainingFlopsPerSample(shape);
    int steps = options.numpy().steps();
    report.title(
        String.format(Locale.ROOT, "%s %s: training steps, inference and one sample, as numpy_bench.py measures NumPy",
            workload.toUpperCase(Locale.ROOT), Workloads.shape(shape)),
        String.format(Locale.ROOT,
            "batch %d, SGD 0.1, float64: %s, then %d timed (--steps); the test images in batches of %,d"
                + " for %.0f s; one sample: Network.predictor(), median of %,d calls",
            Workloads.FASHION_BATCH_SIZE, NetworkMeasure.trainingWarmUp(), steps, NetworkMeasure.INFERENCE_BATCH,
            NetworkMeasure.MIN_SECONDS, SINGLE_CALLS));
    report.header("step");
    for (ComputeBackend backend : backends.measured()) {
      NetworkMeasure.Measured measured = backends.with(backend, () -> NetworkMeasure.measure(backend.name(),
          factory.apply(options.seed()), data, Workloads.FASHION_BATCH_SIZE, steps, Integer.MAX_VALUE, SINGLE_CALLS,
          forward, training, "sample"));
      measured.print(report, null);
      Map<String, Object> fields = measured.resultFields(workload, backend.name(), "sample");
      report.line(ResultLine.format(fields));
    }
  }
}
