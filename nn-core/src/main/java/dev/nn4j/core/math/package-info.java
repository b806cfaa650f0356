/**
 * The dense matrix type and the numeric loops: {@link dev.nn4j.core.math.Kernels}, whose products go to the
 * {@link dev.nn4j.core.math.ComputeBackend}; {@link dev.nn4j.core.math.NormalizationKernels}, the loops of
 * batch and layer normalization; {@link dev.nn4j.core.math.FrozenWeights}, the one-sample products of a
 * frozen network; and {@link dev.nn4j.core.math.ParallelRanges}, nn4j's threads for loops written outside
 * nn-core (an optimizer's update).
 */
package dev.nn4j.core.math;
