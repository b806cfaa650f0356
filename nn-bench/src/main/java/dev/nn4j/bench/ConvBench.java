package dev.nn4j.bench;

import dev.nn4j.core.Network;
import dev.nn4j.core.math.ComputeBackend;
import java.util.Locale;

/**
 * W4 fashion-cnn: training steps, inference in batches of 1,000 and single-image latency on each backend,
 * against the same network with plain direct convolutions ({@link DirectConv2d}, on the naive backend) in
 * the same run; then W4's effective training rate as a share of the backend's large-GEMM rate, measured
 * right after. A last {@code RESULT} line per backend, in the form {@code w4_pytorch.py} prints, lets a
 * script compare with PyTorch on the same machine.
 */
final class ConvBench {
  private static final int REFERENCE_STEPS = 2;
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
            "training: %s, then %d timed steps (--cnn-steps); inference: the test images in batches of"
                + " %,d for %.0f s; single image: Network.predictor(), untimed calls for %.0f s, then the median of %,d calls", NetworkMeasure.trainingWarmUp(), steps,
            NetworkMeasure.INFERENCE_BATCH, NetworkMeasure.MIN_SECONDS, NetworkMeasure.SINGLE_WARM_UP_SECONDS, SINGLE_CALLS),
        "reference: the same network with plain direct convolutions on the naive backend (" + REFERENCE_STEPS
            + " steps, 1 batch, 20 single images)");
    report.header("step");
    NetworkMeasure.Measured reference =
        backends.with(
            backends.naive(),
            () -> NetworkMeasure.measure("direct", Workloads.fashionCnnDirect(options.seed()), data, batch, REFERENCE_STEPS, 1, 20,
                forward, training, "image"));
    reference.print(report, reference);
    for (ComputeBackend backend : backends.measured()) {
      NetworkMeasure.Measured measured =
          backends.with(
              backend,
              () -> NetworkMeasure.measure(backend.name(), Workloads.fashionCnn(options.seed()), data, batch, steps,
                  Integer.MAX_VALUE, SINGLE_CALLS, forward, training, "image"));
      measured.print(report, reference);
      measured.printShareAndResult(report, backend, "w4", "image");
    }
  }
}
