package dev.nn4j.bench;

import dev.nn4j.core.Network;
import dev.nn4j.core.Predictor;
import dev.nn4j.core.math.ComputeBackend;
import dev.nn4j.core.math.Matrix;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.LongFunction;

/**
 * W4 fashion-cnn: training steps, inference in batches of 1,000 and single-image latency on each backend,
 * against the same network with plain direct convolutions ({@link DirectConv2d}, on the naive backend) in
 * the same run; then W4's effective training rate as a share of the backend's large-GEMM rate, measured
 * right after. A last {@code RESULT} line per backend, in the form {@code w4_pytorch.py} prints, lets a
 * script compare with PyTorch on the same machine.
 */
final class ConvBench {
  private static final int WARM_UP_STEPS = 5;
  private static final int REFERENCE_STEPS = 2;
  private static final int INFERENCE_BATCH = 1000;
  private static final double MIN_SECONDS = 2.0;
  private static final int SINGLE_WARM_UP = 300;
  private static final int SINGLE_CALLS = 2000;

  private final Options options;
  private final BackendSet backends;
  private final Report report;

  ConvBench(Options options, BackendSet backends, Report report) {
    this.options = options;
    this.backends = backends;
    this.report = report;
  }

  void run(FashionMnist data) {
    Network shape = Workloads.fashionCnn(options.seed());
    long forward = Workloads.forwardFlopsPerSample(shape);
    long training = Workloads.trainingFlopsPerSample(shape);
    int batch = Workloads.CNN_BATCH_SIZE;
    int steps = options.cnnSteps();
    report.title(
        "W4 fashion-cnn: conv 3x3 32 ReLU, max pool 2, conv 3x3 64 ReLU, max pool 2, flatten, dropout 0.5, dense 10"
            + " softmax; categorical cross-entropy, Adam 1e-3, batch " + batch + ", float64",
        String.format(Locale.ROOT, "%,d parameters; training FLOP/sample = 3 x forward %,d = %,d", shape.parameterCount(),
            forward, training),
        String.format(Locale.ROOT,
            "training: %d untimed steps, then %d timed steps (--cnn-steps); inference: the test images in batches of"
                + " %,d for %.0f s; single image: Network.predictor(), median of %,d calls", WARM_UP_STEPS, steps,
            INFERENCE_BATCH, MIN_SECONDS, SINGLE_CALLS),
        "reference: the same network with plain direct convolutions on the naive backend (" + REFERENCE_STEPS
            + " steps, 1 batch, 20 single images)");
    report.header("step");
    Measured reference =
        backends.with(
            backends.naive(),
            () -> measure("direct", Workloads::fashionCnnDirect, data, REFERENCE_STEPS, 1, 20, forward, training));
    reference.print(report, reference);
    for (ComputeBackend backend : backends.measured()) {
      Measured measured =
          backends.with(
              backend,
              () -> measure(backend.name(), Workloads::fashionCnn, data, steps, Integer.MAX_VALUE, SINGLE_CALLS, forward,
                  training));
      measured.print(report, reference);
      double gemm = GemmBench.largeGemmRate(backend);
      report.line(String.format(Locale.ROOT,
          "%s: W4 trains at %.1f GFLOP/s effective, %.2f of the backend's large-GEMM rate (1024^3 A*B, %.1f GFLOP/s, measured"
              + " right after)", backend.name(), measured.training.gflops(), measured.training.gflops() / gemm, gemm));
      report.line(String.format(Locale.ROOT,
          "RESULT {\"workload\":\"w4\",\"library\":\"nn4j\",\"backend\":\"%s\",\"dtype\":\"float64\","
              + "\"train_samples_per_s\":%.1f,\"infer_samples_per_s\":%.1f,\"single_image_ms\":%.4f,\"gemm_gflops\":%.1f}",
          backend.name(), measured.training.samplesPerSecond(), measured.inference.samplesPerSecond(),
          measured.single.seconds() * 1e3, gemm));
    }
  }

  /** Training, batched inference and single-image results of one network on one backend. */
  private record Measured(Result training, Result inference, Result single) {
    void print(Report report, Measured reference) {
      report.row(training, reference.training);
      report.row(inference, reference.inference);
      report.row(single, reference.single);
    }
  }

  private Measured measure(
      String name, LongFunction<Network> factory, FashionMnist data, int steps, int inferenceBatches, int singleCalls,
      long forward, long training) {
    int batch = Workloads.CNN_BATCH_SIZE;
    Network network = factory.apply(options.seed());
    List<Matrix[]> batches = new ArrayList<>();
    for (int b = 0; b < WARM_UP_STEPS + steps; b++) {
      int from = (b * batch) % (data.trainImages().rows() - batch);
      batches.add(new Matrix[] {TrainingBench.rows(data.trainImages(), from, batch), TrainingBench.rows(data.trainTargets(), from, batch)});
    }
    for (int b = 0; b < WARM_UP_STEPS; b++) {
      network.trainer().step(batches.get(b)[0], batches.get(b)[1]);
    }
    Meter.resetPeakHeap();
    long allocated = Meter.allocatedBytes();
    long started = System.nanoTime();
    for (int b = WARM_UP_STEPS; b < WARM_UP_STEPS + steps; b++) {
      network.trainer().step(batches.get(b)[0], batches.get(b)[1]);
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    Result trained = new Result(name, steps + " training steps", (long) steps * batch, steps, seconds, training,
        Meter.allocatedBytes() - allocated, Meter.peakHeapBytes());

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
    int warmUp = Math.min(SINGLE_WARM_UP, singleCalls);
    for (int i = 0; i < warmUp; i++) {
      predictor.predict(images.row(i % INFERENCE_BATCH));
    }
    double[][] samples = new double[INFERENCE_BATCH][];
    for (int i = 0; i < samples.length; i++) {
      samples[i] = images.row(i);
    }
    long[] nanos = new long[singleCalls];
    allocated = Meter.allocatedBytes();
    for (int i = 0; i < singleCalls; i++) {
      double[] sample = samples[i % samples.length];
      long t = System.nanoTime();
      predictor.predict(sample);
      nanos[i] = System.nanoTime() - t;
    }
    Arrays.sort(nanos);
    double median = nanos[singleCalls / 2] / 1e9;
    Result single = new Result(name, String.format(Locale.ROOT, "1 image: median %.3f ms", median * 1e3), 1, 1, median,
        forward, (Meter.allocatedBytes() - allocated) / singleCalls, Meter.peakHeapBytes());
    return new Measured(trained, inferred, single);
  }
}
