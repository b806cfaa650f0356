package dev.nn4j.core;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.base.MoreObjects;
import com.google.common.collect.ImmutableList;
import dev.nn4j.core.data.Augmentation;
import dev.nn4j.core.math.Matrix;
import dev.nn4j.core.metrics.Metric;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How {@link Trainer#fit} trains: epochs, batch size, gradient accumulation, shuffling, augmentation,
 * validation data, metrics and listeners. Immutable (the listeners themselves may keep state); build one
 * with {@link #builder()}. The defaults are one epoch, batches of 32, one batch per step, shuffling on, no
 * augmentation, no validation, no metrics beyond the loss (those of Keras).
 */
public final class FitOptions {
  private final int epochs;
  private final int batchSize;
  private final int accumulate;
  private final boolean shuffle;
  private final ImmutableList<TrainingListener> listeners;
  private final ImmutableList<Metric> metrics;
  private final Matrix validationInputs;
  private final Matrix validationTargets;
  private final int[] validationLengths;
  private final Augmentation augmentation;

  private FitOptions(Builder b) {
    this.epochs = b.epochs;
    this.batchSize = b.batchSize;
    this.accumulate = b.accumulate;
    this.shuffle = b.shuffle;
    this.listeners = ImmutableList.copyOf(b.listeners);
    this.metrics = ImmutableList.copyOf(b.metrics);
    this.validationInputs = b.validationInputs;
    this.validationTargets = b.validationTargets;
    this.validationLengths = b.validationLengths;
    this.augmentation = b.augmentation;
  }

  /**
   * A builder with the defaults.
   *
   * @return a builder with the defaults
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Number of passes over the training data.
   *
   * @return the number of passes over the training data
   */
  public int epochs() {
    return epochs;
  }

  /**
   * Samples per gradient step; the last batch of an epoch may be smaller.
   *
   * @return the samples per gradient step
   */
  public int batchSize() {
    return batchSize;
  }

  /**
   * Whether the samples are visited in a new seeded random order each epoch (else in the given order).
   *
   * @return whether each epoch visits the samples in a new seeded order
   */
  public boolean shuffle() {
    return shuffle;
  }

  /**
   * Called as training goes on, in order.
   *
   * @return the listeners, in the order they are called
   */
  public List<TrainingListener> listeners() {
    return listeners;
  }

  /**
   * Measured on the training batches and on the validation data each epoch, besides the loss.
   *
   * @return the metrics measured besides the loss
   */
  public List<Metric> metrics() {
    return metrics;
  }

  /**
   * True if validation data was given.
   *
   * @return true if validation data was given
   */
  public boolean hasValidation() {
    return validationInputs != null;
  }

  /**
   * How many batches each optimizer step sums the gradients of (1: a step per batch). The gradient of each
   * batch is weighted by its share of the samples of its step, so that a step over {@code k} micro-batches
   * of {@code b} samples equals one over a batch of {@code k·b} (for layers whose output for a sample does
   * not depend on the others in its batch: not batch normalization).
   *
   * @return the batches per optimizer step
   */
  public int accumulate() {
    return accumulate;
  }

  /**
   * The augmentation applied to each training batch, if any: never to validation data or predictions.
   *
   * @return the augmentation, or empty for none (the default)
   */
  public Optional<Augmentation> augmentation() {
    return Optional.ofNullable(augmentation);
  }

  /** The validation inputs, or null; not to be modified. */
  Matrix validationInputs() {
    return validationInputs;
  }

  /** The validation targets, or null; not to be modified. */
  Matrix validationTargets() {
    return validationTargets;
  }

  /** The real steps of each validation sequence (from a sequence data set), or null; not to be modified. */
  int[] validationLengths() {
    return validationLengths;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FitOptions f
        && epochs == f.epochs
        && batchSize == f.batchSize
        && accumulate == f.accumulate
        && shuffle == f.shuffle
        && listeners.equals(f.listeners)
        && metrics.equals(f.metrics)
        && java.util.Objects.equals(validationInputs, f.validationInputs)
        && java.util.Objects.equals(validationTargets, f.validationTargets)
        && java.util.Arrays.equals(validationLengths, f.validationLengths)
        && Objects.equals(augmentation, f.augmentation);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        epochs, batchSize, accumulate, shuffle, listeners, metrics, validationInputs, validationTargets, augmentation,
        java.util.Arrays.hashCode(validationLengths));
  }

  @Override
  public String toString() {
    return MoreObjects.toStringHelper(this)
        .add("epochs", epochs)
        .add("batchSize", batchSize)
        .add("accumulate", accumulate)
        .add("shuffle", shuffle)
        .add("augmentation", augmentation == null ? "none" : augmentation)
        .add("metrics", metrics)
        .add("validation", hasValidation() ? validationInputs.rows() + " samples" : "none")
        .add("listeners", listeners.size())
        .toString();
  }

  /** Builds {@link FitOptions}; each setter checks its argument at once. */
  public static final class Builder {
    private int epochs = 1;
    private int batchSize = 32;
    private int accumulate = 1;
    private boolean shuffle = true;
    private final List<TrainingListener> listeners = new ArrayList<>();
    private final List<Metric> metrics = new ArrayList<>();
    private Matrix validationInputs;
    private Matrix validationTargets;
    private int[] validationLengths;
    private Augmentation augmentation;

    private Builder() {}

    /**
     * @throws IllegalArgumentException unless {@code epochs > 0}
     *
     * @param epochs the number of epochs
     * @return this builder
     */
    public Builder epochs(int epochs) {
      checkArgument(epochs > 0, "Expected a positive number of epochs, got epochs=%s", epochs);
      this.epochs = epochs;
      return this;
    }

    /**
     * @throws IllegalArgumentException unless {@code batchSize > 0}
     *
     * @param batchSize the number of samples per step
     * @return this builder
     */
    public Builder batchSize(int batchSize) {
      checkArgument(batchSize > 0, "Expected a positive batch size, got batchSize=%s", batchSize);
      this.batchSize = batchSize;
      return this;
    }

    /**
     * Sums the gradients of {@code batches} consecutive batches into each optimizer step (gradient
     * accumulation): the step of a batch {@code batches} times larger, in the memory of one batch. The last
     * step of an epoch takes the batches that are left.
     *
     * @param batches the batches per optimizer step, 1 or more (default 1)
     * @return this builder
     * @throws IllegalArgumentException unless {@code batches > 0}
     */
    public Builder accumulate(int batches) {
      checkArgument(batches > 0, "Expected 1 or more batches per optimizer step, got accumulate=%s", batches);
      this.accumulate = batches;
      return this;
    }

    /**
     * Whether to shuffle the samples each epoch (default true).
     *
     * @param shuffle whether to shuffle the samples each epoch
     * @return this builder
     */
    public Builder shuffle(boolean shuffle) {
      this.shuffle = shuffle;
      return this;
    }

    /**
     * Augments each training batch after it is gathered (random crops and flips of images): with a
     * generator the trainer seeds from the network's seed, the step number and the batch's place in the
     * step, so that a run is reproducible and a resumed run the same run. Validation data and predictions
     * are never augmented. The augmentation's image shape must be the network's input shape, or have its
     * size when the input is a flat {@code [features]}; {@code fit} refuses it otherwise. None by default.
     *
     * @param augmentation the augmentation of training batches
     * @return this builder
     */
    public Builder augmentation(Augmentation augmentation) {
      this.augmentation = checkNotNull(augmentation, "augmentation");
      return this;
    }

    /**
     * Adds a listener; listeners are called in the order added.
     *
     * @param listener user code to call as training goes on
     * @return this builder
     */
    public Builder listener(TrainingListener listener) {
      listeners.add(checkNotNull(listener, "listener"));
      return this;
    }

    /**
     * Adds metrics to report each epoch, such as {@link dev.nn4j.core.metrics.Metrics#accuracy()} or {@link
     * dev.nn4j.core.metrics.Metrics#f1PerClass(int)}; each is recorded under its name, which must differ
     * from {@code "loss"} and from the other metrics' names.
     *
     * @param metrics the metrics to measure besides the loss
     * @return this builder
     * @throws IllegalArgumentException if a name is {@code "loss"} or was given already
     */
    public Builder metrics(Metric... metrics) {
      // All checked before any is added, so that a refused call leaves the builder as it was.
      List<Metric> all = new ArrayList<>(this.metrics);
      for (Metric m : metrics) {
        checkNotNull(m, "metric");
        checkArgument(!m.name().equals("loss"), "A metric may not be named 'loss', the loss's key in the history: %s", m);
        for (Metric added : all) {
          checkArgument(
              !added.name().equals(m.name()),
              "Metric '%s' was given twice (%s, then %s): the history records one value per name",
              m.name(),
              added,
              m);
        }
        all.add(m);
      }
      this.metrics.clear();
      this.metrics.addAll(all);
      return this;
    }

    /**
     * {@link #validation(Matrix, Matrix)} for a {@link dev.nn4j.core.data.DataSet}; the lengths of a data set
     * of sequences are kept, so validation ignores their padding as training does.
     *
     * @param data the validation data: features and labels
     * @return this builder
     */
    public Builder validation(dev.nn4j.core.data.DataSet data) {
      checkNotNull(data, "validation data");
      validation(data.features(), data.labels());
      this.validationLengths = data.lengths();
      return this;
    }

    /**
     * Data to measure the loss and metrics on after each epoch, never trained on (reported as {@code
     * "val_loss"}, {@code "val_accuracy"}, ...). The matrices are copied.
     *
     * @param inputs the validation inputs, one row each
     * @param targets the validation targets, one row each
     * @return this builder
     * @throws IllegalArgumentException if the counts differ or the data is empty
     */
    public Builder validation(Matrix inputs, Matrix targets) {
      checkNotNull(inputs, "validation inputs");
      checkNotNull(targets, "validation targets");
      checkArgument(
          inputs.rows() == targets.rows(),
          "Expected one validation target per validation input: got %s inputs and %s targets",
          inputs.rows(),
          targets.rows());
      checkArgument(inputs.rows() > 0, "Expected at least one validation sample, got none");
      this.validationInputs = inputs.copy();
      this.validationTargets = targets.copy();
      this.validationLengths = null;
      return this;
    }

    /**
     * The options.
     *
     * @return the options
     */
    public FitOptions build() {
      return new FitOptions(this);
    }
  }
}
