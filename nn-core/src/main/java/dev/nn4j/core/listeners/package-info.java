/** Ready-made training listeners: per-epoch logging and early stopping. */
package dev.nn4j.core.listeners;
