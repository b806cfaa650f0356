package dev.nn4j.core;

import dev.nn4j.core.math.Kernels;
import dev.nn4j.core.math.Matrix;
import dev.nn4j.core.metrics.Metric;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One call of {@link Network#fit}: the loop over epochs and batches, validation, and the listeners. The
 * buffers of a step (batch inputs and targets, the loss gradient, the pass with every layer's scratch)
 * are made once per batch size and reused, so a step allocates nothing once warm.
 */
final class Trainer {
  private static final Logger log = LoggerFactory.getLogger(Trainer.class);

  private final Network network;
  private final Matrix inputs;
  private final Matrix targets;
  private final FitOptions options;
  private final List<Metric> metrics;
  private final Map<Integer, Step> steps = new HashMap<>();
  private final BatchEnd batchEnd = new BatchEnd();

  Trainer(Network network, Matrix inputs, Matrix targets, FitOptions options) {
    this.network = network;
    this.inputs = inputs;
    this.targets = targets;
    this.options = options;
    this.metrics = options.metrics();
  }

  History run() {
    int n = inputs.rows();
    int batchSize = options.batchSize();
    int batches = (n + batchSize - 1) / batchSize;
    int[] order = new int[n];
    double[] metricSums = new double[metrics.size()];
    History history = new History();
    for (TrainingListener listener : options.listeners()) {
      listener.onTrainBegin(network, options);
    }
    for (int epoch = 0; epoch < options.epochs(); epoch++) {
      long started = System.nanoTime();
      for (int i = 0; i < n; i++) {
        order[i] = i;
      }
      if (options.shuffle()) {
        shuffle(order);
      }
      double lossSum = 0.0;
      java.util.Arrays.fill(metricSums, 0.0);
      for (int batch = 0; batch < batches; batch++) {
        int start = batch * batchSize;
        int size = Math.min(batchSize, n - start);
        Step step = steps.get(size);
        if (step == null) {
          step = new Step(size, network);
          steps.put(size, step);
        }
        Kernels.gatherRows(inputs, order, start, step.x);
        Kernels.gatherRows(targets, order, start, step.y);
        double batchLoss = train(step, epoch, batch, metricSums);
        lossSum += size * batchLoss;
        batchEnd.set(epoch, options.epochs(), batch, batches, size, batchLoss);
        for (TrainingListener listener : options.listeners()) {
          listener.onBatchEnd(batchEnd);
        }
      }
      Map<String, Double> measured = new LinkedHashMap<>();
      measured.put("loss", lossSum / n);
      for (int m = 0; m < metrics.size(); m++) {
        measured.put(metrics.get(m).name(), metricSums[m] / n);
      }
      if (options.hasValidation()) {
        network
            .evaluate(options.validationInputs(), options.validationTargets(), metrics)
            .forEach((name, value) -> measured.put("val_" + name, value));
      }
      network.epochTrained();
      history.addEpoch(measured);
      double seconds = (System.nanoTime() - started) / 1e9;
      log.debug("Epoch {}/{} ({} s): {}", epoch + 1, options.epochs(), seconds, measured);
      EpochEnd end = new EpochEnd(network, epoch, options.epochs(), measured, seconds);
      for (TrainingListener listener : options.listeners()) {
        listener.onEpochEnd(end);
      }
      if (end.stopRequested()) {
        log.debug("Training stopped by a listener after epoch {}", epoch + 1);
        break;
      }
    }
    for (TrainingListener listener : options.listeners()) {
      listener.onTrainEnd(network, history);
    }
    return history;
  }

  /**
   * One gradient step on the batch in {@code step}: forward, loss, backward, optimizer. Returns the batch's
   * loss before the step and adds each metric, weighted by the batch size, to {@code metricSums}.
   */
  private double train(Step step, int epoch, int batch, double[] metricSums) {
    network.seedLayersForNextStep();
    Matrix prediction = network.forward(step.x, step.pass);
    double batchLoss = network.lossValue(prediction, step.y, step.pass);
    if (!Double.isFinite(batchLoss)) {
      throw new TrainingDivergedException(epoch, batch, batchLoss, network.optimizerOrNull());
    }
    for (int m = 0; m < metrics.size(); m++) {
      metricSums[m] += step.x.rows() * metrics.get(m).value(prediction, step.y);
    }
    network.lossGradient(prediction, step.y, step.pass, step.lossGradient);
    network.backward(step.lossGradient, step.pass);
    network.updater().step();
    network.stepTaken();
    return batchLoss;
  }

  /** Fisher–Yates, with a generator derived from the network's seed and the epoch's number. */
  private void shuffle(int[] order) {
    java.util.Random random = network.shuffleRandomForNextEpoch();
    for (int i = order.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
  }

  /** The reusable buffers of every training step of one batch size. */
  private static final class Step {
    final Matrix x;
    final Matrix y;
    final Matrix lossGradient;
    final Pass pass;

    Step(int size, Network network) {
      x = new Matrix(size, network.inputSize());
      y = new Matrix(size, network.outputSize());
      lossGradient = new Matrix(size, network.outputSize());
      pass = network.newTrainingPass();
    }
  }
}
