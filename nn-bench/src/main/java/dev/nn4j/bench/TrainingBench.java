package dev.nn4j.bench;

import dev.nn4j.core.FitOptions;
import dev.nn4j.core.History;
import dev.nn4j.core.Network;
import dev.nn4j.core.math.ComputeBackend;
import dev.nn4j.core.math.Matrix;
import dev.nn4j.core.metrics.Metrics;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.LongFunction;
import java.util.stream.Collectors;

/** The training workloads W1 (tutorial), W2 (fashion-mlp) and W3 (wide-mlp) on each backend. */
final class TrainingBench {
  private static final int NAIVE_WARM_UP_BATCHES = 20;
  private static final int TUTORIAL_WARM_UPS = 20;
  private static final int TUTORIAL_RUNS = 21;

  private final Options options;
  private final BackendSet backends;
  private final Report report;

  TrainingBench(Options options, BackendSet backends, Report report) {
    this.options = options;
    this.backends = backends;
    this.report = report;
  }

  /**
   * W1: the tutorial's network and data, on every backend and the naive reference, whole runs. Every backend warms
   * up before any is timed, and the timed runs go round the backends (each round starting with the next one), so
   * that neither the JIT's progress nor the machine's other work favours the backend measured last.
   */
  void tutorial() {
    Network shape = Workloads.tutorial(options.seed());
    long flops = Workloads.trainingFlopsPerSample(shape);
    int epochs = Workloads.TUTORIAL_EPOCHS;
    int samples = Workloads.TUTORIAL_INPUTS.length;
    report.title(
        "W1 tutorial: 2-2-1 sigmoid, MSE, SGD lr 0.1, batch 1, " + epochs + " epochs over the tutorial's 4 samples ("
            + epochs * samples + " steps), in order",
        String.format(Locale.ROOT, "%d parameters; training FLOP/sample = 3 x forward %d = %d", shape.parameterCount(),
            Workloads.forwardFlopsPerSample(shape), flops),
        "every backend: " + TUTORIAL_WARM_UPS + " untimed warm-up runs; then " + TUTORIAL_RUNS
            + " rounds of one timed run per backend (in turn, from the same initial weights); the median run is reported");
    Matrix x = Matrix.of(Workloads.TUTORIAL_INPUTS);
    Matrix y = Matrix.of(Workloads.TUTORIAL_TARGETS);
    FitOptions fit = FitOptions.builder().epochs(epochs).batchSize(1).shuffle(false).build();
    List<ComputeBackend> all = backends.withNaiveFirst();
    for (ComputeBackend backend : all) {
      backends.with(backend, () -> {
        for (int i = 0; i < TUTORIAL_WARM_UPS; i++) {
          Workloads.tutorial(options.seed()).fit(x, y, fit);
        }
        return null;
      });
    }
    double[][] seconds = new double[all.size()][TUTORIAL_RUNS];
    long[] allocated = new long[all.size()];
    Network[] trained = new Network[all.size()];
    Meter.resetPeakHeap();
    for (int run = 0; run < TUTORIAL_RUNS; run++) {
      for (int turn = 0; turn < all.size(); turn++) {
        int b = (run + turn) % all.size();
        int r = run;
        backends.with(all.get(b), () -> {
          Network network = Workloads.tutorial(options.seed());
          long allocatedBefore = Meter.allocatedBytes();
          long started = System.nanoTime();
          network.fit(x, y, fit);
          seconds[b][r] = (System.nanoTime() - started) / 1e9;
          allocated[b] += Meter.allocatedBytes() - allocatedBefore;
          trained[b] = network;
          return null;
        });
      }
    }
    long peak = Meter.peakHeapBytes();
    report.header("step");
    Result naive = null;
    for (int b = 0; b < all.size(); b++) {
      String name = all.get(b).name();
      Network network = trained[b];
      report.line(String.format(Locale.ROOT, "%s: loss %.6f after training; Emily (-7, -3) -> %.4f, Frank (20, 2) -> %.4f",
          name, backends.with(all.get(b), () -> network.loss(x, y)), network.predict(new double[] {-7, -3})[0],
          network.predict(new double[] {20, 2})[0]));
      Arrays.sort(seconds[b]);
      long steps = (long) epochs * samples;
      Result result = new Result(name, epochs + " epochs (median of " + TUTORIAL_RUNS + " runs)", steps, steps,
          seconds[b][TUTORIAL_RUNS / 2], flops, allocated[b] / TUTORIAL_RUNS, peak);
      naive = naive == null ? result : naive;
      report.row(result, naive);
    }
  }

  /** W2: the 784-128-10 network, {@code options.epochs()} epochs, then test accuracy. */
  void fashionMlp(FashionMnist data) {
    onFashion("W2 fashion-mlp", Workloads::fashionMlp, options.epochs(), data);
  }

  /** W3: the 784-512-512-10 network, one epoch, then test accuracy. */
  void wideMlp(FashionMnist data) {
    onFashion("W3 wide-mlp", Workloads::wideMlp, 1, data);
  }

  private void onFashion(String name, LongFunction<Network> factory, int epochs, FashionMnist data) {
    Network shape = factory.apply(options.seed());
    long flops = Workloads.trainingFlopsPerSample(shape);
    int batch = Workloads.FASHION_BATCH_SIZE;
    int n = data.trainImages().rows();
    int batches = (n + batch - 1) / batch;
    int naiveSteps = Math.min(options.naiveSteps(), n / batch - NAIVE_WARM_UP_BATCHES);
    report.title(
        String.format(Locale.ROOT,
            "%s: %s (ReLU hidden, softmax output), categorical cross-entropy, SGD lr 0.1, batch %d, float64, %,d"
                + " images shuffled each epoch, %d epoch%s (%,d steps each)",
            name, Workloads.shape(shape), batch, n, epochs, epochs == 1 ? "" : "s", batches),
        String.format(Locale.ROOT, "%,d parameters; training FLOP/sample = 3 x forward %,d = %,d", shape.parameterCount(),
            Workloads.forwardFlopsPerSample(shape), flops),
        String.format(Locale.ROOT,
            "naive reference: %d batches (%,d images) after %d warm-up batches, not a whole epoch", naiveSteps,
            naiveSteps * batch, NAIVE_WARM_UP_BATCHES),
        "peak heap includes the data set (" + Report.megabytes(8L * (data.trainImages().size()
            + data.trainTargets().size() + data.testImages().size() + data.testTargets().size())) + ")");
    report.header("step");

    Result naive =
        backends.with(
            backends.naive(),
            () -> {
              Network network = factory.apply(options.seed());
              FitOptions one = FitOptions.builder().epochs(1).batchSize(batch).build();
              int warm = NAIVE_WARM_UP_BATCHES * batch;
              network.fit(rows(data.trainImages(), 0, warm), rows(data.trainTargets(), 0, warm), one);
              Matrix x = rows(data.trainImages(), warm, naiveSteps * batch);
              Matrix y = rows(data.trainTargets(), warm, naiveSteps * batch);
              EpochClock clock = new EpochClock(1);
              Meter.resetPeakHeap();
              network.fit(x, y, FitOptions.builder().epochs(1).batchSize(batch).listener(clock).build());
              return new Result("naive", naiveSteps + " batches, after warm-up", (long) naiveSteps * batch, naiveSteps,
                  clock.seconds(0, 1), flops, clock.allocatedBytes(0, 1), Meter.peakHeapBytes());
            });
    report.row(naive, naive);

    for (var backend : backends.measured()) {
      backends.with(
          backend,
          () -> {
            Network network = factory.apply(options.seed());
            EpochClock clock = new EpochClock(epochs);
            Meter.resetPeakHeap();
            History history =
                network.fit(
                    data.trainImages(),
                    data.trainTargets(),
                    FitOptions.builder().epochs(epochs).batchSize(batch).shuffle(true).listener(clock).build());
            long peak = Meter.peakHeapBytes();
            report.row(new Result(backend.name(), "epoch 1", n, batches, clock.seconds(0, 1), flops,
                clock.allocatedBytes(0, 1), peak), naive);
            if (epochs > 1) {
              report.row(new Result(backend.name(), "epochs 2-" + epochs + " (steady state)", (long) n * (epochs - 1),
                  (long) batches * (epochs - 1), clock.seconds(1, epochs), flops, clock.allocatedBytes(1, epochs),
                  peak), naive);
            }
            Matrix predictions = network.predict(data.testImages());
            double accuracy = Metrics.accuracy().value(predictions, data.testTargets());
            report.line(String.format(Locale.ROOT, "%s: test accuracy %.4f after %d epoch%s; training loss by epoch %s",
                backend.name(), accuracy, epochs, epochs == 1 ? "" : "s",
                history.loss().stream().map(l -> String.format(Locale.ROOT, "%.4f", l)).collect(Collectors.toList())));
            return null;
          });
    }
  }

  /** A copy of {@code count} rows of {@code m} from row {@code from}. */
  static Matrix rows(Matrix m, int from, int count) {
    int cols = m.cols();
    return Matrix.wrap(count, cols, Arrays.copyOfRange(m.data(), from * cols, (from + count) * cols));
  }
}
