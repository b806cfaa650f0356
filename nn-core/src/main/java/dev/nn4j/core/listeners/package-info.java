/**
 * Ready-made training listeners: per-epoch logging ({@link dev.nn4j.core.listeners.LoggingListener}), early
 * stopping that restores the best state ({@link dev.nn4j.core.listeners.EarlyStopping}) and checkpoints
 * ({@link dev.nn4j.core.listeners.Checkpoints}).
 */
package dev.nn4j.core.listeners;
