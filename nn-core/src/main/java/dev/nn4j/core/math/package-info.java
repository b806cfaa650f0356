/**
 * The dense matrix type and the numeric loops: {@link dev.nn4j.core.math.Kernels}, whose products go to the
 * {@link dev.nn4j.core.math.ComputeBackend}; {@link dev.nn4j.core.math.NormalizationKernels}, the loops of
 * batch and layer normalization; and {@link dev.nn4j.core.math.FrozenWeights}, the one-sample products of a
 * frozen network.
 */
package dev.nn4j.core.math;
