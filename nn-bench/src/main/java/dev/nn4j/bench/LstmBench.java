package dev.nn4j.bench;

import dev.nn4j.core.Network;
import dev.nn4j.core.math.ComputeBackend;
import java.util.Locale;

/**
 * W5 fashion-lstm: training steps, inference in batches of 1,000 and single-sequence latency (through {@link
 * Network#predictor()}) on each backend, then W5's effective training rate as a share of the backend's
 * large-GEMM rate, measured right after. A last {@code RESULT} line per backend, in the form {@code
 * w5_pytorch.py} prints, lets a script compare with PyTorch on the same machine.
 */
final class LstmBench {
  private static final int SINGLE_CALLS = 5000;

  private final Options options;
  private final BackendSet backends;
  private final Report report;

  LstmBench(Options options, BackendSet backends, Report report) {
    this.options = options;
    this.backends = backends;
    this.report = report;
  }

  void run(FashionMnist data) {
    Network shape = Workloads.fashionLstm(options.seed());
    long forward = Workloads.forwardFlopsPerSample(shape);
    long training = Workloads.trainingFlopsPerSample(shape);
    int batch = Workloads.LSTM_BATCH_SIZE;
    int steps = options.lstmSteps();
    report.title(
        "W5 fashion-lstm: images as 28 steps of 28 pixels, LSTM " + Workloads.LSTM_HIDDEN + " (last output), dense 10"
            + " softmax; categorical cross-entropy, Adam 1e-3, batch " + batch + ", float64",
        String.format(Locale.ROOT, "%,d parameters; training FLOP/sample = 3 x forward %,d = %,d", shape.parameterCount(),
            forward, training),
        String.format(Locale.ROOT,
            "training: %s, then %d timed steps (--lstm-steps); inference: the test images in batches of"
                + " %,d for %.0f s; single sequence: Network.predictor(), untimed calls for %.0f s, then the median of %,d calls",
            NetworkMeasure.trainingWarmUp(), steps, NetworkMeasure.INFERENCE_BATCH, NetworkMeasure.MIN_SECONDS, NetworkMeasure.SINGLE_WARM_UP_SECONDS, SINGLE_CALLS));
    report.header("step");
    for (ComputeBackend backend : backends.measured()) {
      NetworkMeasure.Measured measured =
          backends.with(
              backend,
              () -> NetworkMeasure.measure(backend.name(), Workloads.fashionLstm(options.seed()), data, batch, steps,
                  Integer.MAX_VALUE, SINGLE_CALLS, forward, training, "sequence"));
      measured.print(report, null);
      measured.printShareAndResult(report, backend, "w5", "sequence");
    }
  }
}
