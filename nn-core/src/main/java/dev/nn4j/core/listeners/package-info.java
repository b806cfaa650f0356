/**
 * Ready-made training listeners, after Keras' callbacks: per-epoch logging ({@link
 * dev.nn4j.core.listeners.LoggingListener}), early stopping that restores the best state ({@link
 * dev.nn4j.core.listeners.EarlyStopping}), lowering the learning rate on a plateau ({@link
 * dev.nn4j.core.listeners.ReduceLROnPlateau}), a CSV file of the history ({@link
 * dev.nn4j.core.listeners.CsvLogger}) and checkpoints ({@link dev.nn4j.core.listeners.Checkpoints}). Epochs are
 * numbered from 1 in all of them. nn4j logs nothing per epoch by itself: the listeners that log do so because
 * they were added.
 */
package dev.nn4j.core.listeners;
