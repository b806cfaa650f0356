package dev.nn4j.core.metrics;

import dev.nn4j.core.math.Matrix;

/**
 * A measure of how good a batch of predictions is, reported by {@code fit} next to the loss but not
 * optimized. Immutable and thread-safe.
 */
public interface Metric {

  /**
   * The key under which the history records it, such as {@code "accuracy"}.
   *
   * @return the name
   */
  String name();

  /**
   * The metric's mean over the batch, for predictions and targets of shape {@code [n, outputs]} with {@code
   * n > 0}; {@code fit} averages it over an epoch's batches weighted by their sizes.
   *
   * @param prediction the network's outputs, {@code [n, outputs]}
   * @param target the targets, same shape
   * @return the mean over the {@code n} samples
   */
  double value(Matrix prediction, Matrix target);
}
