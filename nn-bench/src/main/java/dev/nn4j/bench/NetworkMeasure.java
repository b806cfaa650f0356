package dev.nn4j.bench;

import dev.nn4j.core.Network;
import dev.nn4j.core.Predictor;
import dev.nn4j.core.math.ComputeBackend;
import dev.nn4j.core.math.Matrix;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The three measurements of W4 and W5 for one network on the current backend: timed training steps after
 * untimed ones, inference on the test set in batches of 1,000 for at least two seconds, and the median
 * latency of single samples through {@link Network#predictor()}, the form that serves users one request at
 * a time.
 */
final class NetworkMeasure {
  /** Untimed training steps at least. */
  static final int WARM_UP_STEPS = 5;
  /** Untimed single-sample calls go on for at least this long, for the JIT. */
  static final double SINGLE_WARM_UP_SECONDS = 1.0;
  /**
   * Untimed training steps go on for at least this long, then in rounds of {@link #TRAINING_WARM_UP_ROUND_SECONDS}
   * until two rounds in a row agree ({@link WarmUp#STEADY}). W2 on two threads ramps up for seconds while C2
   * compiles with no core to spare (0.3-s rounds, harness W2r: 53K samples/s at 0.6 s, 116K at 1.2 s, 124K at 4 s,
   * 135K to 140K from 6 s on; one thread reached its 86K to 91K by 1.5 s): 500 steps timed after a 1-s warm-up read
   * 86K to 129K from run to run (and 5 steps alone left the timed ones to the JIT's tiers: two threads slower than
   * one).
   */
  static final double MIN_TRAINING_WARM_UP_SECONDS = 3.0;
  /** The rounds that decide when training has settled. */
  static final double TRAINING_WARM_UP_ROUND_SECONDS = 0.5;
  /** Training's warm-up ends after this long whatever the rates. */
  static final double MAX_TRAINING_WARM_UP_SECONDS = 8.0;

  static final int INFERENCE_BATCH = 1000;
  static final double MIN_SECONDS = 2.0;
  /** How training is warmed up, for the benchmarks' titles. */
  static String trainingWarmUp() {
    return String.format(Locale.ROOT, "untimed steps for %.0f s (at least %d), then until two rounds of %.1f s agree within %.0f %%"
        + " (%.0f s at most)", MIN_TRAINING_WARM_UP_SECONDS, WARM_UP_STEPS, TRAINING_WARM_UP_ROUND_SECONDS, WarmUp.STEADY * 100,
        MAX_TRAINING_WARM_UP_SECONDS);
  }

  /** Untimed single-sample calls at least; they too go on for {@link #SINGLE_WARM_UP_SECONDS} at least. */
  static final int SINGLE_WARM_UP = 300;

  private NetworkMeasure() {}

  /** Training, batched inference and single-sample results of one network on one backend. */
  record Measured(Result training, Result inference, Result single) {
    /**
     * The fields of the {@link ResultLine} that the comparisons with PyTorch and NumPy read: kind {@code network},
     * the workload, library, backend and dtype, training and inference samples/s, and the one-sample latency as
     * {@code single_<sample>_ms}.
     */
    Map<String, Object> resultFields(String workload, String backend, String sample) {
      Map<String, Object> fields = new LinkedHashMap<>();
      fields.put("kind", "network");
      fields.put("workload", workload);
      fields.put("library", "nn4j");
      fields.put("backend", backend);
      fields.put("dtype", "float64");
      fields.put("train_samples_per_s", Math.round(training.samplesPerSecond() * 10) / 10.0);
      fields.put("infer_samples_per_s", Math.round(inference.samplesPerSecond() * 10) / 10.0);
      fields.put("single_" + sample + "_ms", Math.round(single.seconds() * 1e7) / 1e4);
      return fields;
    }

    void print(Report report, Measured reference) {
      report.row(training, reference == null ? null : reference.training);
      report.row(inference, reference == null ? null : reference.inference);
      report.row(single, reference == null ? null : reference.single);
    }

    /**
     * Prints the workload's effective training rate as a share of the backend's large-GEMM rate, measured right
     * now, then the {@code RESULT} line the PyTorch scripts' comparison reads.
     *
     * @param workload {@code w4}, {@code w5}
     * @param sample what one sample is ({@code image}, {@code sequence}): the key {@code single_<sample>_ms}
     */
    void printShareAndResult(Report report, ComputeBackend backend, String workload, String sample) {
      double gemm = GemmBench.largeGemmRate(backend);
      report.line(String.format(Locale.ROOT,
          "%s: %s trains at %.1f GFLOP/s effective, %.2f of the backend's large-GEMM rate (1024^3 A*B, %.1f GFLOP/s,"
              + " measured right after)",
          backend.name(), workload.toUpperCase(Locale.ROOT), training.gflops(), training.gflops() / gemm, gemm));
      Map<String, Object> fields = resultFields(workload, backend.name(), sample);
      fields.put("gemm_gflops", Math.round(gemm * 10) / 10.0);
      report.line(ResultLine.format(fields));
    }
  }

  /**
   * Measures {@code network} on Fashion-MNIST.
   *
   * @param name the backend's name for the table
   * @param batch the training batch size
   * @param steps the timed training steps
   * @param inferenceBatches at most this many test batches of 1,000
   * @param singleCalls single-sample calls whose median is reported
   * @param sample what one sample is ({@code image}, {@code sequence}), for the table
   */
  static Measured measure(
      String name, Network network, FashionMnist data, int batch, int steps, int inferenceBatches, int singleCalls,
      long forward, long training, String sample) {
    List<Matrix[]> batches = new ArrayList<>();
    for (int b = 0; b < WARM_UP_STEPS + steps; b++) {
      int from = (b * batch) % (data.trainImages().rows() - batch);
      batches.add(new Matrix[] {TrainingBench.rows(data.trainImages(), from, batch), TrainingBench.rows(data.trainTargets(), from, batch)});
    }
    int[] untimedStep = {0};
    WarmUp.untilSteady(() -> {
      Matrix[] untimed = batches.get(untimedStep[0]++ % (WARM_UP_STEPS + steps));
      network.trainer().step(untimed[0], untimed[1]);
    }, WARM_UP_STEPS, MIN_TRAINING_WARM_UP_SECONDS, TRAINING_WARM_UP_ROUND_SECONDS, MAX_TRAINING_WARM_UP_SECONDS);
    Meter.resetPeakHeap();
    long allocated = Meter.allocatedBytes();
    long started = System.nanoTime();
    for (int b = WARM_UP_STEPS; b < WARM_UP_STEPS + steps; b++) {
      network.trainer().step(batches.get(b)[0], batches.get(b)[1]);
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    long trainingAllocated = Meter.allocatedBytes() - allocated; // read before the result and its label are made
    Result trained = new Result(name, steps + " training steps", (long) steps * batch, steps, seconds, training,
        trainingAllocated, Meter.peakHeapBytes());

    Matrix images = data.testImages();
    int count = Math.min(inferenceBatches, images.rows() / INFERENCE_BATCH);
    List<Matrix> inputs = new ArrayList<>();
    for (int b = 0; b < count; b++) {
      inputs.add(TrainingBench.rows(images, b * INFERENCE_BATCH, INFERENCE_BATCH));
    }
    network.predict(inputs.get(0));
    Meter.resetPeakHeap();
    allocated = Meter.allocatedBytes();
    started = System.nanoTime();
    long predicted = 0;
    int passes = 0;
    do {
      for (Matrix input : inputs) {
        network.predict(input);
        predicted += input.rows();
      }
      passes++;
    } while (count > 1 && System.nanoTime() - started < MIN_SECONDS * 1e9);
    seconds = (System.nanoTime() - started) / 1e9;
    Result inferred = new Result(name, String.format(Locale.ROOT, "inference, batches of %,d", INFERENCE_BATCH), predicted,
        (long) passes * count, seconds, forward, Meter.allocatedBytes() - allocated, Meter.peakHeapBytes());

    Predictor predictor = network.predictor();
    // A W5 call takes about 0.3 ms, so 300 calls alone were 0.1 s: the timed calls ran while C2 still
    // compiled the predictor's paths (W5, median of 5,000 calls: 0.30 ms after 300 calls, 0.25 after 1 s).
    long singleWarmUpStarted = System.nanoTime();
    for (int i = 0; i < Math.min(SINGLE_WARM_UP, singleCalls) || System.nanoTime() - singleWarmUpStarted < SINGLE_WARM_UP_SECONDS * 1e9; i++) {
      predictor.predict(images.row(i % INFERENCE_BATCH));
    }
    double[][] samples = new double[INFERENCE_BATCH][];
    for (int i = 0; i < samples.length; i++) {
      samples[i] = images.row(i);
    }
    long[] nanos = new long[singleCalls];
    allocated = Meter.allocatedBytes();
    for (int i = 0; i < singleCalls; i++) {
      double[] one = samples[i % samples.length];
      long t = System.nanoTime();
      predictor.predict(one);
      nanos[i] = System.nanoTime() - t;
    }
    Arrays.sort(nanos);
    double median = nanos[singleCalls / 2] / 1e9;
    Result single = new Result(name, String.format(Locale.ROOT, "1 %s: median %.3f ms", sample, median * 1e3), 1, 1, median,
        forward, (Meter.allocatedBytes() - allocated) / singleCalls, Meter.peakHeapBytes());
    return new Measured(trained, inferred, single);
  }
}
