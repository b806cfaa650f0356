/**
 * An optional compute backend for nn4j: the matrix products of {@link dev.nn4j.core.math.Kernels} on the
 * system's OpenBLAS, through netlib's JNI bindings. Put {@code nn-blas} on the class path and install
 * OpenBLAS ({@code apt-get install libopenblas0-pthread} on Debian); {@link dev.nn4j.blas.OpenBlasProvider}
 * says which implementation it found.
 */
package dev.nn4j.blas;
