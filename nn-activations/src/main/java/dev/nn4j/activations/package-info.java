/**
 * The activation functions of nn4j: {@link dev.nn4j.activations.Activations} has a factory for each, and
 * each class gives its formula and derivative. Every one is registered by name (see {@link
 * dev.nn4j.core.ActivationProvider}).
 */
package dev.nn4j.activations;
