/**
 * Metrics reported during training and for evaluation: accuracy, top-k accuracy, precision, recall and F1
 * (macro-averaged and per class), and the confusion matrix they are read from. A {@link
 * dev.nn4j.core.metrics.Metric} is immutable; its {@link dev.nn4j.core.metrics.Metric.Accumulator} holds
 * the state of one epoch's or one evaluation's measurement.
 */
package dev.nn4j.core.metrics;
