package dev.nn4j.bench;

import dev.nn4j.core.Network;
import dev.nn4j.core.math.ComputeBackend;
import dev.nn4j.core.math.Matrix;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Inference with W2's network: the 10,000 test images in batches of 1,000 ({@code predict(Matrix)}), and the
 * latency of one sample ({@code predict(double[])}), on each backend and the naive reference.
 */
final class InferenceBench {
  private static final int BATCH = 1000;
  private static final double MIN_SECONDS = 2.0;
  private static final int SINGLE_WARM_UP = 2_000;
  private static final int SINGLE_CALLS = 10_000;

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
                + " untimed calls, then %,d timed calls (latency = median)", MIN_SECONDS, SINGLE_WARM_UP, SINGLE_CALLS));
    report.header("call");
    Result naiveBatches = null;
    Result naiveSingle = null;
    for (ComputeBackend backend : backends.withNaiveFirst()) {
      Measured measured = backends.with(backend, () -> measure(backend.name(), batches, images.row(0), flops));
      naiveBatches = naiveBatches == null ? measured.batches() : naiveBatches;
      naiveSingle = naiveSingle == null ? measured.single() : naiveSingle;
      report.row(measured.batches(), naiveBatches);
      report.row(measured.single(), naiveSingle);
      report.line(measured.latencies());
    }
  }

  /** The batched and single-sample results of one backend, and the single-sample latency distribution. */
  private record Measured(Result batches, Result single, String latencies) {}

  private Measured measure(String name, List<Matrix> batches, double[] sample, long flops) {
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

    for (int i = 0; i < SINGLE_WARM_UP; i++) {
      network.predict(sample);
    }
    long[] nanos = new long[SINGLE_CALLS];
    Meter.resetPeakHeap();
    allocated = Meter.allocatedBytes();
    for (int i = 0; i < SINGLE_CALLS; i++) {
      long t = System.nanoTime();
      network.predict(sample);
      nanos[i] = System.nanoTime() - t;
    }
    allocated = Meter.allocatedBytes() - allocated;
    Arrays.sort(nanos);
    double median = nanos[SINGLE_CALLS / 2] / 1e3;
    Result single = new Result(name, String.format(Locale.ROOT, "1 sample: median %.1f us", median), 1, 1,
        median / 1e6, flops, allocated / SINGLE_CALLS, Meter.peakHeapBytes());
    String latencies = String.format(Locale.ROOT, "%s single-sample latency: min %.1f us, median %.1f us, p90 %.1f us, p99 %.1f us",
        name, nanos[0] / 1e3, median, nanos[SINGLE_CALLS * 9 / 10] / 1e3, nanos[SINGLE_CALLS * 99 / 100] / 1e3);
    return new Measured(batched, single, latencies);
  }
}
