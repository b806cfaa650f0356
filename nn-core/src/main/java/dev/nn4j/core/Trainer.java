package dev.nn4j.core;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.nn4j.core.data.Augmentation;
import dev.nn4j.core.data.DataSet;
import dev.nn4j.core.math.Kernels;
import dev.nn4j.core.math.Matrix;
import dev.nn4j.core.metrics.Metric;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A training session of one network: it owns the optimizer's state, the epoch and step counters and the
 * seeded randomness, and drives the network through training steps. {@link #step} trains on one batch;
 * {@link #fit} is built on it (epochs, shuffling, gradient accumulation, validation, listeners).
 *
 * <pre>{@code
 * Trainer trainer = Trainer.of(network, adam(1e-3));
 * for (Matrix[] batch : myBatches) {
 *   double loss = trainer.step(batch[0], batch[1]);
 * }
 * trainer.saveCheckpoint(Path.of("run.safetensors"));   // resume later, exactly: Trainer.resume(...)
 * }</pre>
 *
 * <p>One step: every parameter's gradient is zeroed; the batch goes forward in a training pass (dropout
 * masks drawn from a generator seeded by the network's seed and the step number); the loss and its gradient
 * are computed (fused with the output activation where the loss can); the batch goes backward, each layer
 * adding to its parameters' gradients; the optimizer updates the parameters. Shuffling derives from the
 * seed and the epoch number. So a run resumed from a checkpoint, or run on more threads, is the same run,
 * bit for bit.
 *
 * <p>A distributed driver uses the two halves of a step: {@link #computeGradients} on each shard of a batch
 * (the gradients add up), then {@link #applyGradients} once.
 *
 * <p>Not thread-safe: one thread trains. Its buffers are made once per batch size, so a step allocates
 * nothing once warm.
 */
public final class Trainer {
  private static final Logger log = LoggerFactory.getLogger(Trainer.class);

  private final Network network;
  /** Replaced by a copy with another learning rate by {@link #setLearningRate}; its updater's state carries on. */
  private Optimizer optimizer;
  private final long shuffleSeed;
  private final long layerSeed;
  /** Reseeded for each epoch from (shuffleSeed, epoch), so a resumed run shuffles as an unbroken one. */
  private final Random shuffleRandom = new Random();
  /** Reseeded for each step from (layerSeed, step), for the same reason. */
  private final Random layerRandom = new ThreadConfinedRandom();
  /** The buffers of the last two batch sizes (a full batch and an epoch's last): older ones are dropped. */
  private final Map<Integer, Buffers> buffers =
      new java.util.LinkedHashMap<>(4, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Integer, Buffers> eldest) {
          return size() > 2;
        }
      };
  /** The buffers the last step used, the most recent entry of {@link #buffers}. */
  private Buffers lastBuffers;
  private Optimizer.Updater updater;
  /** The layers' buffers, and their values when the current step began: a diverging step puts them back. */
  private final List<String> bufferNames;
  private final List<Buffer> layerBuffers;
  private double[][] buffersBefore;
  private boolean buffersKept;
  private long epochsTrained;
  private long stepsTaken;
  /** The learning rate of the last step taken (its schedule applied), NaN before any or if the rule has none. */
  private double lastLearningRate = Double.NaN;

  Trainer(Network network, Optimizer optimizer) {
    this.network = checkNotNull(network, "network");
    this.optimizer = checkNotNull(optimizer, "optimizer");
    // The seed's generator gave the initial weights its first number; training takes the next two.
    Random master = new Random(network.seed());
    master.nextLong();
    this.shuffleSeed = master.nextLong();
    this.layerSeed = master.nextLong();
    // Seeded as zeroGradients seeds it, for a step whose caller computes gradients without it.
    layerRandom.setSeed(mix(layerSeed, stepsTaken));
    this.bufferNames = List.copyOf(network.buffers().keySet());
    this.layerBuffers = List.copyOf(network.buffers().values());
  }

  /**
   * A new training session of {@code network} with {@code optimizer}, at epoch 0 and step 0.
   *
   * @param network the network to train; its parameters change in place
   * @param optimizer the update rule
   * @return the trainer
   */
  public static Trainer of(Network network, Optimizer optimizer) {
    return new Trainer(network, optimizer);
  }

  /**
   * The network this session trains.
   *
   * @return the network
   */
  public Network network() {
    return network;
  }

  /**
   * The optimizer: the one this session was made with, or the copy with another learning rate that {@link
   * #setLearningRate} put in its place.
   *
   * @return the optimizer
   */
  public Optimizer optimizer() {
    return optimizer;
  }

  /**
   * The optimizer's base learning rate now ({@link Optimizer#learningRate()}, before any schedule), as
   * {@link #setLearningRate} may have changed it.
   *
   * @return the base learning rate, or NaN if the optimizer has none to report
   */
  public double learningRate() {
    return optimizer.learningRate();
  }

  /**
   * Changes the base learning rate from the next step on, keeping the optimizer's state: the session
   * continues with {@code optimizer().withLearningRate(learningRate)}, into whose updater the current state
   * (step count, momentum, moments) is restored, as PyTorch's {@code ReduceLROnPlateau} changes a parameter
   * group's {@code lr} and nothing else. A schedule then applies to the new base rate. Checkpoints record the
   * new rate with the optimizer's configuration, so {@link #resume(Path)} continues with it ({@link
   * #resumeFrom} continues with the optimizer it is given). For listeners, between epochs; see {@link
   * dev.nn4j.core.listeners.ReduceLROnPlateau}.
   *
   * @param learningRate the new base learning rate, positive and finite
   * @throws IllegalArgumentException unless {@code learningRate} is positive and finite
   * @throws UnsupportedOperationException if the optimizer has no learning rate to change, or (after the first
   *     step) its updater cannot save and restore its state
   */
  public void setLearningRate(double learningRate) {
    checkArgument(
        learningRate > 0 && Double.isFinite(learningRate),
        "Expected a positive, finite learning rate, got %s",
        learningRate);
    Optimizer changed = optimizer.withLearningRate(learningRate);
    if (updater != null) {
      Optimizer.Updater next = changed.start(network.parameters());
      next.restore(updater.state());
      updater = next;
    }
    optimizer = changed;
  }

  /**
   * The number of epochs of {@link #fit} this session has finished: it numbers the next epoch, whose
   * shuffling order derives from it and the seed.
   *
   * @return the epochs trained so far
   */
  public long epochsTrained() {
    return epochsTrained;
  }

  /**
   * Counts one epoch as finished, as {@link #fit} does after an epoch's last step: for a driver that takes
   * the steps of an epoch itself (with {@link #step} or {@link #computeGradients} and {@link
   * #applyGradients}, in the order of {@link #shuffledOrder}), so that a checkpoint records the epoch and a
   * later {@code fit} or resume shuffles the next epoch as an unbroken {@code fit} would.
   */
  public void finishEpoch() {
    epochsTrained++;
  }

  /**
   * The number of optimizer steps this session has taken.
   *
   * @return the steps taken so far
   */
  public long stepsTaken() {
    return stepsTaken;
  }

  // ---------------------------------------------------------------- one step

  /**
   * One training step on one batch: zero the gradients, forward, loss, backward, optimizer update.
   *
   * @param inputs the batch's inputs, one row each
   * @param targets the batch's targets, one row each
   * @return the batch's mean loss, before the update
   * @throws IllegalArgumentException on inputs or targets of the wrong width, different counts, values that
   *     are not finite, or targets the loss cannot take; nothing is changed
   * @throws TrainingDivergedException if the loss, a layer's buffer or the update becomes NaN or infinite; the
   *     parameters and buffers are those from before the step
   */
  public double step(Matrix inputs, Matrix targets) {
    return step(inputs, targets, null);
  }

  /**
   * One training step on a batch of sequences padded at the end: sample {@code i} is real for its first
   * {@code lengths[i]} steps; padded steps contribute nothing to the loss or the gradients.
   *
   * @param inputs the batch's inputs, one row each
   * @param targets the batch's targets, one row each
   * @param lengths the real steps of each sample, each in {@code [1, T]}; null for all real; not modified
   * @return the batch's mean loss (for an output per step, over its real steps), before the update
   * @throws IllegalArgumentException on bad inputs or targets, or lengths that do not match the batch (their
   *     count, or a length outside {@code [1, T]}); nothing is changed
   * @throws TrainingDivergedException as {@link #step(Matrix, Matrix)}
   */
  public double step(Matrix inputs, Matrix targets, int[] lengths) {
    checkBatch(inputs, targets, lengths);
    checkBatchSize(inputs.rows(), null);
    zeroGradients();
    double loss = forwardBackward(inputs, targets, lengths, 1.0, -1, -1);
    applyGradients();
    return loss;
  }

  /**
   * Adds the gradients of one batch, weighted by {@code weight}, to every parameter's gradient, without
   * updating anything: the first half of a step. Call {@link #zeroGradients()} before the first batch of a
   * step and {@link #applyGradients()} after the last. The loss being a mean, a step over several shards
   * that together make a batch of {@code n} samples weights each shard by its {@code size / n}. The shards
   * of a step draw their dropout masks one after another from the step's generator.
   *
   * @param inputs the batch's inputs, one row each
   * @param targets the batch's targets, one row each
   * @param weight the factor of this batch's gradient, such as its share of the step's samples
   * @return the batch's mean loss
   * @throws IllegalArgumentException on bad inputs or targets; nothing is changed
   * @throws TrainingDivergedException if the loss or a layer's buffer is NaN or infinite; the buffers are
   *     those from before the step (from {@link #zeroGradients()})
   */
  public double computeGradients(Matrix inputs, Matrix targets, double weight) {
    return computeGradients(inputs, targets, null, weight);
  }

  /**
   * {@link #computeGradients(Matrix, Matrix, double)} for a batch of sequences padded at the end.
   *
   * @param inputs the batch's inputs, one row each
   * @param targets the batch's targets, one row each
   * @param lengths the real steps of each sample, each in {@code [1, T]}; null for all real; not modified
   * @param weight the factor of this batch's gradient
   * @return the batch's mean loss
   * @throws IllegalArgumentException on bad inputs, targets or lengths; nothing is changed
   * @throws TrainingDivergedException if the loss or a layer's buffer is NaN or infinite
   */
  public double computeGradients(Matrix inputs, Matrix targets, int[] lengths, double weight) {
    checkBatch(inputs, targets, lengths);
    checkArgument(Double.isFinite(weight), "Expected a finite weight, got %s", weight);
    checkBatchSize(inputs.rows(), null);
    if (!buffersKept) {
      // A step begun without zeroGradients(): its buffers are kept from here.
      keepBuffers();
    }
    return forwardBackward(inputs, targets, lengths, weight, -1, -1);
  }

  /**
   * Starts a step: sets every parameter's gradient to zero, seeds the generator of the step's training
   * passes from the network's seed and the step number, and keeps the layers' buffers (running statistics)
   * to put back if the step diverges. Call it before the first {@link #computeGradients} of a step.
   */
  public void zeroGradients() {
    network.zeroGradients();
    layerRandom.setSeed(mix(layerSeed, stepsTaken));
    keepBuffers();
  }

  /**
   * The second half of a step: the optimizer updates every parameter from its gradient, and the step count
   * goes up by one (so the next step draws new dropout masks).
   *
   * @throws TrainingDivergedException if the update would make a parameter or the optimizer's state NaN or
   *     infinite; then it is undone (with nn4j's optimizers, see {@link Optimizer.Updater#stepIfFinite()}),
   *     and the parameters and buffers are those from before the step
   */
  public void applyGradients() {
    applyGradients(-1, -1);
  }

  private void applyGradients(int epoch, int batch) {
    if (updater == null) {
      updater = optimizer.start(network.parameters());
    }
    lastLearningRate = updater.nextLearningRate();
    if (!updater.stepIfFinite()) {
      throw diverged("the update overflowed (it would have made a parameter or the optimizer's state NaN or infinite, and was undone)", epoch, batch);
    }
    stepsTaken++;
    buffersKept = false;
  }

  /** Copies the layers' buffers, to put back if this step diverges. */
  private void keepBuffers() {
    if (buffersBefore == null) {
      buffersBefore = new double[layerBuffers.size()][];
      for (int i = 0; i < buffersBefore.length; i++) {
        buffersBefore[i] = new double[layerBuffers.get(i).shape().size()];
      }
    }
    for (int i = 0; i < buffersBefore.length; i++) {
      double[] values = layerBuffers.get(i).value().data();
      System.arraycopy(values, 0, buffersBefore[i], 0, values.length);
    }
    buffersKept = true;
  }

  /**
   * Puts back the buffers kept when this step began, and returns the exception that says what diverged
   * where, and whether the parameters are still those from before the step (they are not if the optimizer
   * took a diverging step without undoing it: see {@link Optimizer.Updater#stepIfFinite()}).
   */
  private TrainingDivergedException diverged(String what, int epoch, int batch) {
    if (buffersKept) {
      for (int i = 0; i < buffersBefore.length; i++) {
        double[] values = layerBuffers.get(i).value().data();
        System.arraycopy(buffersBefore[i], 0, values, 0, values.length);
      }
    }
    return new TrainingDivergedException(what, epoch, batch, stepsTaken, optimizer, nonFiniteParameter());
  }

  /**
   * What a layer's forward pass made non-finite in its buffers, or null if it made nothing so: a value that
   * was already NaN or infinite when the step began (a running minimum that starts at infinity) is no sign.
   */
  private String nonFiniteBuffer() {
    for (int i = 0; i < layerBuffers.size(); i++) {
      double[] values = layerBuffers.get(i).value().data();
      double[] before = buffersBefore[i];
      for (int j = 0; j < values.length; j++) {
        if (!Double.isFinite(values[j]) && Double.isFinite(before[j])) {
          return "buffer '" + bufferNames.get(i) + "' became " + values[j];
        }
      }
    }
    return null;
  }

  /** The name of a parameter holding a NaN or infinite value, or null if they are all finite. */
  private String nonFiniteParameter() {
    for (Map.Entry<String, Parameter> p : network.parameters().entrySet()) {
      if (!p.getValue().value().isFinite()) {
        return p.getKey();
      }
    }
    return null;
  }

  private void checkBatch(Matrix inputs, Matrix targets, int[] lengths) {
    network.checkPairs(inputs, targets);
    network.checkLengths(lengths, inputs.rows());
    network.checkTargets(targets, lengths);
  }

  /**
   * Checks that every layer accepts training batches of {@code smallest} samples; {@code which} says what
   * has that many, or null for "this batch" (the message is only made when the check fails, so a step that
   * passes allocates nothing).
   */
  private void checkBatchSize(int smallest, String which) {
    List<Layer> layers = network.layers();
    for (int i = 0; i < layers.size(); i++) {
      int needed = layers.get(i).minTrainingBatch();
      if (smallest < needed) {
        throw new IllegalArgumentException(
            String.format(
                java.util.Locale.ROOT,
                "Layer %s (%s) needs at least %s samples in each training batch, but %s: choose another batch size",
                i,
                layers.get(i).type(),
                needed,
                which == null ? "this batch has " + smallest : which));
      }
    }
  }

  /**
   * Forward, loss and backward of one batch in the step's training pass, the loss gradient scaled by {@code
   * weight}; throws if the loss or a buffer is not finite (epoch and batch name the place in the message).
   */
  private double forwardBackward(Matrix x, Matrix y, int[] lengths, double weight, int epoch, int batch) {
    Buffers b = buffers(x.rows());
    b.pass.setLengths(lengths);
    Matrix prediction = network.forward(x, b.pass);
    double loss = network.lossValue(prediction, y, b.pass);
    String diverged = Double.isFinite(loss) ? nonFiniteBuffer() : "the loss became " + loss;
    if (diverged != null) {
      throw diverged(diverged, epoch, batch);
    }
    b.prediction = prediction;
    network.lossGradient(prediction, y, b.pass, b.lossGradient);
    if (weight != 1.0) {
      Kernels.scale(b.lossGradient, weight);
    }
    network.backward(b.lossGradient, b.pass);
    return loss;
  }

  private Buffers buffers(int rows) {
    // The most recent size is the common case: taken without boxing the key, so a steady step allocates nothing.
    Buffers b = lastBuffers;
    if (b != null && b.x.rows() == rows) {
      return b;
    }
    b = buffers.get(rows);
    if (b == null) {
      b = new Buffers(rows, network, network.newPass(true, layerRandom));
      buffers.put(rows, b);
    }
    lastBuffers = b;
    return b;
  }

  // ---------------------------------------------------------------- fit

  /**
   * {@link #fit(Matrix, Matrix, FitOptions)} for a {@link DataSet}.
   *
   * @param training the training data: features and labels
   * @param options epochs, batch size, shuffling, validation, metrics and listeners
   * @return the loss and metrics of each epoch
   */
  public History fit(DataSet training, FitOptions options) {
    checkNotNull(training, "training data");
    checkSampleShape(training, "training");
    return fit(training.features(), training.labels(), training.lengths(), options);
  }

  /**
   * Refuses a data set whose samples have another shape than the network's input: the same number of values
   * laid out otherwise ({@code [28, 28, 1]} for {@code [1, 28, 28]}) would train without an error, on the
   * wrong pixels. Flat samples ({@code [784]}, as CSV files give) fit any input of their size, and any
   * samples fit a flat input of their size (a dense network on flattened images).
   */
  private void checkSampleShape(DataSet data, String which) {
    int[] sample = data.sampleShape();
    Shape input = network.inputShape();
    checkArgument(
        sample.length == 1 || input.rank() == 1 || Arrays.equals(sample, input.dims()),
        "The %s samples have shape %s, but the network's input is %s: build the network with input(Shape.of(%s)),"
            + " or reshape the data",
        which,
        Arrays.toString(sample),
        input,
        Arrays.toString(sample).replaceAll("[\\[\\]]", ""));
  }

  /**
   * Trains on {@code inputs} and {@code targets}: for each epoch, for each batch (in the given order, or
   * shuffled with a generator derived from the seed and the epoch number), a training step (summing {@link
   * FitOptions#accumulate()} batches into one); then validation and the listeners.
   *
   * <p>The whole data set (and the validation data) is checked before the first step; on bad input nothing
   * changes.
   *
   * @param inputs the input samples, one row each
   * @param targets the target of each sample, one row each
   * @param options epochs, batch size, accumulation, shuffling, validation, metrics and listeners
   * @return the loss and metrics of each epoch
   * @throws IllegalArgumentException on inputs or targets of the wrong width, different counts, values that
   *     are not finite, or targets the loss cannot take (such as a label out of range)
   * @throws TrainingDivergedException if the loss, a layer's buffer or an update becomes NaN or infinite; the
   *     parameters and buffers are those from before that step
   */
  public History fit(Matrix inputs, Matrix targets, FitOptions options) {
    return fit(inputs, targets, null, options);
  }

  /**
   * {@link #fit(Matrix, Matrix, FitOptions)} on sequences padded at the end: sample {@code i} is real for its
   * first {@code lengths[i]} steps, and each batch's pass carries the lengths of its samples (shuffled with
   * them), so padded steps contribute nothing. For an output per step, each batch's loss is the mean over its
   * real steps; the epoch's loss is the mean of the batches' losses weighted by their samples, and with {@link
   * FitOptions#accumulate()} the batches of a step are weighted by their samples too (not by their real
   * steps).
   *
   * @param inputs the input samples, one row each
   * @param targets the target of each sample, one row each
   * @param lengths the real steps of each sample, each in {@code [1, T]}; null for all real; not modified
   *     during the call
   * @param options epochs, batch size, accumulation, shuffling, validation, metrics and listeners
   * @return the loss and metrics of each epoch
   * @throws IllegalArgumentException on bad inputs or targets, or lengths that do not match them
   */
  public History fit(Matrix inputs, Matrix targets, int[] lengths, FitOptions options) {
    checkNotNull(options, "options");
    checkBatch(inputs, targets, lengths);
    if (options.hasValidation()) {
      checkBatch(options.validationInputs(), options.validationTargets(), options.validationLengths());
    }
    int n = inputs.rows();
    int remainder = n % options.batchSize();
    checkBatchSize(
        remainder == 0 ? options.batchSize() : remainder,
        remainder == 0
            ? "the batches have " + options.batchSize()
            : "the last batch of each epoch has " + remainder + " (" + n + " samples in batches of " + options.batchSize() + ")");
    return new Run(inputs, targets, lengths, options).run();
  }

  /** One call of {@link #fit}: the loop over epochs and batches, validation, and the listeners. */
  private final class Run {
    private final Matrix inputs;
    private final Matrix targets;
    /** The real steps of each sample, or null when all are real. */
    private final int[] lengths;
    private final FitOptions options;
    private final List<Metric> metrics;
    private final BatchEnd batchEnd = new BatchEnd();
    /** The augmentation of training batches, or null for none. */
    private final Augmentation augmentation;
    /**
     * Reseeded for each batch from (augmentationSeed, step, batch within the step), so a resumed run draws
     * the same crops and flips as an unbroken one.
     */
    private final Random augmentationRandom = new Random();
    /**
     * Derived from the network's seed through layerSeed: mix(layerSeed, n) seeds step n's layers for n >= 0,
     * and n = -1 is no step's, so the two streams are distinct.
     */
    private final long augmentationSeed = mix(layerSeed, -1);

    Run(Matrix inputs, Matrix targets, int[] lengths, FitOptions options) {
      this.inputs = inputs;
      this.targets = targets;
      this.lengths = lengths;
      this.options = options;
      this.metrics = options.metrics();
      this.augmentation = options.augmentation().orElse(null);
      if (augmentation != null) {
        checkAugmentation();
      }
    }

    /**
     * Refuses an augmentation whose images are not the network's input: the shapes must be equal, or the
     * input a flat [features] of the images' size (a dense network on flattened images).
     */
    private void checkAugmentation() {
      Shape input = network.inputShape();
      int[] image = augmentation.imageShape();
      boolean fits =
          Arrays.equals(input.dims(), image) || (input.rank() == 1 && input.size() == augmentation.imageSize());
      checkArgument(
          fits,
          "The augmentation takes images of shape %s (%s values), but the network's input is %s (%s values):"
              + " expected an augmentation of the input's shape, Augmentation.forImages(channels, height, width)",
          Arrays.toString(image),
          augmentation.imageSize(),
          input,
          input.size());
    }

    History run() {
      int n = inputs.rows();
      int batchSize = options.batchSize();
      int batches = (n + batchSize - 1) / batchSize;
      int[] order = new int[n];
      History history = new History();
      for (TrainingListener listener : options.listeners()) {
        listener.onTrainBegin(Trainer.this, options);
      }
      // Epochs are numbered from 1, in every listener, history and message.
      for (int epoch = 1; epoch <= options.epochs(); epoch++) {
        long started = System.nanoTime();
        for (int i = 0; i < n; i++) {
          order[i] = i;
        }
        if (options.shuffle()) {
          shuffle(order);
        }
        double lossSum = 0.0;
        List<Metric.Accumulator> epochMetrics = new ArrayList<>(metrics.size());
        for (Metric metric : metrics) {
          epochMetrics.add(metric.accumulator());
        }
        for (int first = 0; first < batches; first += options.accumulate()) {
          int last = Math.min(batches, first + options.accumulate());
          int stepSamples = Math.min(n, last * batchSize) - first * batchSize;
          zeroGradients();
          for (int batch = first; batch < last; batch++) {
            int start = batch * batchSize;
            int size = Math.min(batchSize, n - start);
            Buffers b = buffers(size);
            Kernels.gatherRows(inputs, order, start, b.x);
            Kernels.gatherRows(targets, order, start, b.y);
            if (lengths != null) {
              for (int i = 0; i < size; i++) {
                b.lengths[i] = lengths[order[start + i]];
              }
            }
            if (augmentation != null) {
              augmentationRandom.setSeed(mix(mix(augmentationSeed, stepsTaken), batch - first));
              augmentation.apply(b.x, augmentationRandom);
            }
            double weight = last - first == 1 ? 1.0 : (double) size / stepSamples;
            double batchLoss = forwardBackward(b.x, b.y, lengths == null ? null : b.lengths, weight, epoch, batch);
            if (!epochMetrics.isEmpty()) {
              Matrix predictionRows = network.metricRows(b.prediction, b.pass, "prediction");
              Matrix targetRows = network.metricRows(b.y, b.pass, "targets");
              for (Metric.Accumulator metric : epochMetrics) {
                metric.update(predictionRows, targetRows);
              }
            }
            lossSum += size * batchLoss;
            if (batch == last - 1) {
              applyGradients(epoch, batch);
            }
            batchEnd.set(epoch, options.epochs(), batch, batches, size, batchLoss);
            for (TrainingListener listener : options.listeners()) {
              listener.onBatchEnd(batchEnd);
            }
          }
        }
        Map<String, Double> measured = new LinkedHashMap<>();
        measured.put("loss", lossSum / n);
        for (int m = 0; m < metrics.size(); m++) {
          measured.put(metrics.get(m).name(), epochMetrics.get(m).result());
        }
        if (options.hasValidation()) {
          network
              .evaluate(options.validationInputs(), options.validationTargets(), options.validationLengths(), metrics)
              .forEach((name, value) -> measured.put("val_" + name, value));
        }
        epochsTrained++;
        if (!Double.isNaN(lastLearningRate)) {
          measured.put(History.LEARNING_RATE, lastLearningRate);
        }
        history.addEpoch(measured);
        double seconds = (System.nanoTime() - started) / 1e9;
        EpochEnd end = new EpochEnd(Trainer.this, epoch, options.epochs(), measured, seconds);
        for (TrainingListener listener : options.listeners()) {
          listener.onEpochEnd(end);
        }
        if (end.stopRequested()) {
          // The listener that stopped says why, at the level it chose; the trainer only notes it.
          log.trace("Training stopped by a listener after epoch {}", epoch);
          break;
        }
      }
      for (TrainingListener listener : options.listeners()) {
        listener.onTrainEnd(Trainer.this, history);
      }
      return history;
    }

    private void shuffle(int[] order) {
      shuffleInto(order, epochsTrained);
    }
  }

  /**
   * The order in which {@link #fit} visits {@code n} samples, with shuffling on, in the epoch numbered {@code
   * epoch} (counted from 0, as {@link #epochsTrained()} counts them when that epoch begins): a permutation
   * derived from the network's seed and {@code epoch} alone. For a driver that picks the samples of each step
   * itself, such as a distributed one, and must visit them as {@code fit} would.
   *
   * @param epoch the epoch's number, from 0
   * @param n the number of samples
   * @return a new array: the sample index at each position of the epoch
   * @throws IllegalArgumentException if {@code epoch} or {@code n} is negative
   */
  public int[] shuffledOrder(long epoch, int n) {
    checkArgument(epoch >= 0, "Expected an epoch number of at least 0, got %s", epoch);
    checkArgument(n >= 0, "Expected a sample count of at least 0, got %s", n);
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    shuffleInto(order, epoch);
    return order;
  }

  /** Fisher–Yates over {@code order}, with a generator derived from the network's seed and the epoch's number. */
  private void shuffleInto(int[] order, long epoch) {
    shuffleRandom.setSeed(mix(shuffleSeed, epoch));
    for (int i = order.length - 1; i > 0; i--) {
      int j = shuffleRandom.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
  }

  /** SplitMix64's finalizer over {@code seed} and {@code n}: distinct, well-mixed seeds for each n. */
  private static long mix(long seed, long n) {
    long z = seed + (n + 1) * 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** The reusable buffers of every training step of one batch size. */
  private static final class Buffers {
    final Matrix x;
    final Matrix y;
    final Matrix lossGradient;
    /** The lengths of the batch's samples, when training on sequences. */
    final int[] lengths;
    final Pass pass;
    Matrix prediction;

    Buffers(int size, Network network, Pass pass) {
      lengths = new int[size];
      x = new Matrix(size, network.inputSize());
      y = new Matrix(size, network.outputSize());
      lossGradient = new Matrix(size, network.outputSize());
      this.pass = pass;
    }
  }

  // ---------------------------------------------------------------- state and checkpoints

  /**
   * A snapshot of everything training continues from: the network's state dict, the optimizer's state and
   * the epoch and step counts. See {@link #restore}.
   *
   * @return the snapshot
   * @throws UnsupportedOperationException if the optimizer cannot save its state
   */
  public TrainingState state() {
    return new TrainingState(network.stateDict(), updater == null ? null : updater.state(), epochsTrained, stepsTaken);
  }

  /**
   * Puts this session where {@code state} was taken, so that training continues that run exactly: the
   * network must have been built the same way (layers and seed) and the optimizer be the same. Everything
   * is checked before anything changes.
   *
   * @param state a state taken by {@link #state()}
   * @throws IllegalArgumentException if the state dict or the optimizer state do not fit
   */
  public void restore(TrainingState state) {
    checkNotNull(state, "state");
    Optimizer.Updater restored = null;
    if (state.optimizer().isPresent()) {
      restored = optimizer.start(network.parameters());
      restored.restore(state.optimizer().get());
    }
    network.loadStateDict(state.stateDict());
    buffersKept = false;
    updater = restored;
    epochsTrained = state.epochsTrained();
    stepsTaken = state.stepsTaken();
  }

  /**
   * Writes a checkpoint: the model file of the network plus the optimizer (its name, configuration and
   * state) and the counters, replacing the file at {@code path} only once the new one is complete. {@link
   * Network#load} reads it as a model; {@link #resume(Path)} rebuilds the session from it alone.
   *
   * @param path the file
   * @throws UnsupportedOperationException if the optimizer cannot save its state
   * @throws IOException if it cannot be written; a previous file there is then unchanged
   */
  public void saveCheckpoint(Path path) throws IOException {
    ModelFile.saveCheckpoint(this, path);
  }

  /**
   * Writes a checkpoint, as {@link #saveCheckpoint(Path)} would, to {@code out} (flushed, not closed).
   *
   * @param out the stream
   * @throws IOException if writing fails
   */
  public void saveCheckpoint(OutputStream out) throws IOException {
    ModelFile.saveCheckpoint(this, out);
  }

  /**
   * A checkpoint, as {@link #saveCheckpoint(Path)} would write it, in memory: to send it over a network or
   * keep it in a database.
   *
   * @return the bytes of the checkpoint file
   * @throws UnsupportedOperationException if the optimizer cannot save its state
   */
  public byte[] checkpointBytes() {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try {
      saveCheckpoint(bytes);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("Writing to memory failed", e);
    }
    return bytes.toByteArray();
  }

  /**
   * Continues from a checkpoint: this session's network, built as the saved one was (same layers, same
   * seed), takes its state dict, and the session its optimizer state and counters, so that training goes on
   * exactly as the saved run would have. The optimizer must be of the same kind; its hyper-parameters may
   * differ (a lower learning rate to fine-tune, say), which is logged as a warning naming both
   * configurations. Everything is checked before anything changes.
   *
   * @param path a file written by {@link #saveCheckpoint}
   * @throws IllegalArgumentException if the checkpoint's architecture, seed or kind of optimizer differs from
   *     this session's, or its optimizer state does not fit
   * @throws IOException if the file cannot be read or is not a valid checkpoint
   */
  public void resumeFrom(Path path) throws IOException {
    ModelFile.resume(this, ModelFile.loadCheckpoint(path));
  }

  /**
   * {@link #resumeFrom(Path)} from a stream holding a checkpoint, read to its end (not closed).
   *
   * @param in the stream
   * @throws IllegalArgumentException if the checkpoint is of another network, seed or kind of optimizer
   * @throws IOException if it cannot be read or is not a valid checkpoint
   */
  public void resumeFrom(InputStream in) throws IOException {
    ModelFile.resume(this, ModelFile.loadCheckpoint(in));
  }

  /**
   * Rebuilds a training session from a checkpoint alone: the network, the optimizer (found by its
   * registered name and configuration), its state and the counters.
   *
   * @param path a file written by {@link #saveCheckpoint}
   * @return the session, ready to continue
   * @throws dev.nn4j.core.io.ModelFormatException if the file is not a valid checkpoint, or needs a layer,
   *     activation or loss that is not registered here
   * @throws IllegalStateException if the optimizer cannot be rebuilt from the file (not registered here, or
   *     configured with a schedule of your own): make a trainer with it and {@link #resumeFrom} the file
   * @throws IOException if the file cannot be read
   */
  public static Trainer resume(Path path) throws IOException {
    return ModelFile.loadCheckpoint(path).trainer();
  }

  /**
   * {@link #resume(Path)} from a stream, read to its end (not closed).
   *
   * @param in the stream
   * @return the session, ready to continue
   * @throws IOException if it cannot be read, or is not a valid checkpoint
   */
  public static Trainer resume(InputStream in) throws IOException {
    return ModelFile.loadCheckpoint(in).trainer();
  }

  /**
   * {@link #resume(Path)} from the bytes of a checkpoint, as {@link #checkpointBytes()} gives them.
   *
   * @param checkpoint the checkpoint file's bytes
   * @return the session, ready to continue
   * @throws IOException if the bytes are not a valid checkpoint
   */
  public static Trainer resume(byte[] checkpoint) throws IOException {
    return resume(new java.io.ByteArrayInputStream(checkNotNull(checkpoint, "checkpoint")));
  }

  @Override
  public String toString() {
    return "Trainer(" + optimizer + ", epochs=" + epochsTrained + ", steps=" + stepsTaken + ")";
  }
}
