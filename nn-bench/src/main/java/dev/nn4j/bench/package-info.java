/**
 * nn4j's benchmarks: {@link dev.nn4j.bench.Bench} (training, inference and matrix products on every backend
 * against the naive reference) and the JMH kernel benchmark {@link dev.nn4j.bench.GemmBenchmark}. An
 * application, not a library: nothing depends on it.
 */
package dev.nn4j.bench;
