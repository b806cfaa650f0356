package dev.nn4j.bench;

import dev.nn4j.core.Network;
import dev.nn4j.core.Predictor;
import dev.nn4j.core.math.ComputeBackend;
import dev.nn4j.core.math.FrozenWeights;
import dev.nn4j.core.math.Matrix;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * Inference with W2's network: the 10,000 test images in batches of 1,000 ({@code predict(Matrix)}), and the
 * latency of one sample, through the network ({@code predict(double[])}) and through its frozen {@link
 * Predictor} (which uses the Vector API kernel when the JVM runs with {@code --add-modules
 * jdk.incubator.vector}), on each backend and the naive reference.
 */
final class InferenceBench {
  private static final int BATCH = 1000;
  private static final double MIN_SECONDS = 2.0;
  private static final int SINGLE_WARM_UP = 5_000;
  private static final int SINGLE_CALLS = 10_000;
  private static final int SAMPLES = 1_000;

  private final Options options;
  private final BackendSet backends;
  private final Report report;

  InferenceBench(Options options, BackendSet backends, Report report) {
    this.options = options;
    this.backends = backends;
    this.report = report;
  }

  void run(FashionMnist data) {
    Network shape = Workloads.fashionMlp(options.seed());
    long flops = Workloads.forwardFlopsPerSample(shape);
    Matrix images = data.testImages();
    List<Matrix> batches = new ArrayList<>();
    for (int from = 0; from < images.rows(); from += BATCH) {
      batches.add(TrainingBench.rows(images, from, Math.min(BATCH, images.rows() - from)));
    }
    report.title(
        String.format(Locale.ROOT,
            "Inference: W2's network (%s, untrained: the speed does not depend on the weights), the %,d test images"
                + " in batches of %,d, then one sample at a time", Workloads.shape(shape), images.rows(), BATCH),
        String.format(Locale.ROOT, "forward FLOP/sample = %,d", flops),
        String.format(Locale.ROOT,
            "batches: 2 untimed passes, then passes over all batches until %.0f s (at least 3); single sample: %,d"
                + " untimed calls, then %,d timed calls on the first %,d test images in turn (latency = median)",
            MIN_SECONDS, SINGLE_WARM_UP, SINGLE_CALLS, SAMPLES),
        "then Network.predictor() once, whose one-sample products use its own kernel, whatever the backend: "
            + FrozenWeights.kernelName() + " (the Vector API kernel needs java --add-modules jdk.incubator.vector)");
    report.header("call");
    double[][] samples = new double[SAMPLES][];
    for (int i = 0; i < SAMPLES; i++) {
      samples[i] = images.row(i);
    }
    Result naiveBatches = null;
    Result naiveSingle = null;
    for (ComputeBackend backend : backends.withNaiveFirst()) {
      Measured measured = backends.with(backend, () -> measure(backend.name(), batches, samples, flops));
      naiveBatches = naiveBatches == null ? measured.batches() : naiveBatches;
      naiveSingle = naiveSingle == null ? measured.single().result() : naiveSingle;
      report.row(measured.batches(), naiveBatches);
      report.row(measured.single().result(), naiveSingle);
      report.line(measured.single().latencies());
    }
    // The predictor's products do not go through the backend: one measurement, against the same naive row.
    Predictor predictor = Workloads.fashionMlp(options.seed()).predictor();
    Single frozen = single("predictor", "1 sample, " + FrozenWeights.kernelName(), predictor::predict, samples, flops);
    report.row(frozen.result(), naiveSingle);
    report.line(frozen.latencies());
  }

  /** The batched and single-sample results of one backend. */
  private record Measured(Result batches, Single single) {}

  /** Single-sample calls: the result (median latency) and the latency distribution. */
  private record Single(Result result, String latencies) {}

  private Measured measure(String name, List<Matrix> batches, double[][] samples, long flops) {
    Network network = Workloads.fashionMlp(options.seed());
    for (int pass = 0; pass < 2; pass++) {
      for (Matrix batch : batches) {
        network.predict(batch);
      }
    }
    Meter.resetPeakHeap();
    long allocated = Meter.allocatedBytes();
    long started = System.nanoTime();
    int passes = 0;
    long images = 0;
    do {
      for (Matrix batch : batches) {
        network.predict(batch);
        images += batch.rows();
      }
      passes++;
    } while (passes < 3 || System.nanoTime() - started < MIN_SECONDS * 1e9);
    double seconds = (System.nanoTime() - started) / 1e9;
    allocated = Meter.allocatedBytes() - allocated;
    Result batched = new Result(name, String.format(Locale.ROOT, "batches of %,d (%d passes)", BATCH, passes),
        images, (long) passes * batches.size(), seconds, flops, allocated, Meter.peakHeapBytes());

    return new Measured(batched, single(name, "1 sample", network::predict, samples, flops));
  }

  private static Single single(String name, String call, UnaryOperator<double[]> predict, double[][] samples, long flops) {
    for (int i = 0; i < SINGLE_WARM_UP; i++) {
      predict.apply(samples[i % samples.length]);
    }
    long[] nanos = new long[SINGLE_CALLS];
    Meter.resetPeakHeap();
    long allocated = Meter.allocatedBytes();
    for (int i = 0; i < SINGLE_CALLS; i++) {
      double[] sample = samples[i % samples.length];
      long t = System.nanoTime();
      predict.apply(sample);
      nanos[i] = System.nanoTime() - t;
    }
    allocated = Meter.allocatedBytes() - allocated;
    Arrays.sort(nanos);
    double median = nanos[SINGLE_CALLS / 2] / 1e3;
    Result result = new Result(name, String.format(Locale.ROOT, "%s: median %.1f us", call, median), 1, 1,
        median / 1e6, flops, allocated / SINGLE_CALLS, Meter.peakHeapBytes());
    String latencies = String.format(Locale.ROOT, "%s %s latency: min %.1f us, median %.1f us, p90 %.1f us, p99 %.1f us",
        name, call, nanos[0] / 1e3, median, nanos[SINGLE_CALLS * 9 / 10] / 1e3, nanos[SINGLE_CALLS * 99 / 100] / 1e3);
    return new Single(result, latencies);
  }
}
