/**
 * An optional compute backend for nn4j: the matrix products of {@link dev.nn4j.core.math.Kernels} on the
 * system's OpenBLAS, through netlib's JNI bindings. Put {@code nn-blas} on the class path and install
 * OpenBLAS ({@code apt-get install libopenblas0-pthread} on Debian); {@link dev.nn4j.blas.OpenBlasProvider}
 * says which library it found, and offers the backend by default only when that library is OpenBLAS, not
 * the slower reference BLAS that {@code libblas.so.3} may also be. nn4j's own Vector API kernels on AVX-512
 * outrank it ({@link dev.nn4j.core.math.JavaBackend.Provider#PRIORITY_WITH_VECTOR_API}).
 */
package dev.nn4j.blas;
