/** Metrics reported during training and for evaluation: accuracy and the confusion matrix. */
package dev.nn4j.core.metrics;
