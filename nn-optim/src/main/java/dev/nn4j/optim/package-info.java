/**
 * The optimizers of nn4j: {@link dev.nn4j.optim.Optimizers} has a factory for each, and each class gives
 * its update rule as a formula.
 */
package dev.nn4j.optim;
