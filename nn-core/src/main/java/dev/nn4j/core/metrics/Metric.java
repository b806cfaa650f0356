package dev.nn4j.core.metrics;

import dev.nn4j.core.math.Matrix;

/**
 * A measure of how good a batch of predictions is, reported by {@code fit} next to the loss but not
 * optimized. Immutable and thread-safe.
 */
public interface Metric {

  /** The key under which the history records it, such as {@code "accuracy"}. */
  String name();

  /**
   * The metric's mean over the batch, for predictions and targets of shape {@code [n, outputs]} with {@code
   * n > 0}; {@code fit} averages it over an epoch's batches weighted by their sizes.
   */
  double value(Matrix prediction, Matrix target);
}
