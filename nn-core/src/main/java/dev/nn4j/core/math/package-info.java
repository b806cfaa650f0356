/** The dense matrix type and {@link dev.nn4j.core.math.Kernels}, where every numeric loop lives. */
package dev.nn4j.core.math;
