package dev.nn4j.core.metrics;

import dev.nn4j.core.math.Matrix;

/**
 * A measure of how good a classifier's or regressor's predictions are, reported by {@code fit} next to the
 * loss but not optimized. Immutable and thread-safe; the state of a measurement over many batches lives in
 * an {@link Accumulator}, made new for each epoch and each evaluation.
 *
 * <p><b>Over an epoch.</b> {@code fit} makes an {@link #accumulator()} at the start of each epoch, {@link
 * Accumulator#update updates} it with every training batch's predictions and targets, and records its
 * {@link Accumulator#result()} under {@link #name()}; validation and {@code Network.evaluate} update a new
 * one with the whole data set at once. This is Keras' stateful metric ({@code update_state}, {@code
 * result}; {@code reset_state} is a new accumulator). By default ({@link #accumulator()} not overridden) the
 * result is the mean of {@link #value} over the batches weighted by their sizes, right for a metric that is
 * a mean over samples (accuracy); a metric that is not (precision, recall, F1: ratios of counts over the
 * whole epoch) overrides {@link #accumulator()} to keep counts. A metric written with only {@link #name()}
 * and {@link #value} works as it always did.
 */
public interface Metric {

  /**
   * The key under which the history records it, such as {@code "accuracy"}; validation records it as
   * {@code "val_" + name()}.
   *
   * @return the name
   */
  String name();

  /**
   * The metric over one set of predictions, for predictions and targets of shape {@code [n, outputs]} with
   * {@code n > 0}: for a metric that is a mean over samples, the mean over the {@code n}.
   *
   * @param prediction the network's outputs, {@code [n, outputs]}
   * @param target the targets, same shape
   * @return the metric of these {@code n} samples
   */
  double value(Matrix prediction, Matrix target);

  /**
   * A new, empty measurement of this metric over many batches. The default weights {@link #value} of each
   * batch by its number of samples (and gives {@link #value} itself after a single batch).
   *
   * @return a new accumulator, owned by the caller
   */
  default Accumulator accumulator() {
    return new MeanAccumulator(this);
  }

  /**
   * The running state of one metric over many batches: updated batch after batch, read at the end. Not
   * thread-safe; one per epoch, or per evaluation.
   */
  interface Accumulator {

    /**
     * Adds one batch. The matrices are not kept: {@code fit} reuses them for the next batch.
     *
     * @param prediction the network's outputs for the batch, {@code [n, outputs]}
     * @param target the batch's targets, same shape
     * @throws IllegalArgumentException if the shapes differ, or differ from those of the earlier batches
     */
    void update(Matrix prediction, Matrix target);

    /**
     * The metric over every batch added so far, as if they were one set; 0 before the first.
     *
     * @return the metric's value
     */
    double result();
  }
}
