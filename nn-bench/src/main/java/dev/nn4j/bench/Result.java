package dev.nn4j.bench;

/**
 * One timed run: {@code samples} processed in {@code steps} (batches or products) in {@code seconds}, with
 * {@code flopsPerSample} floating-point operations each, {@code allocatedBytes} allocated by the running
 * thread and nn4j's pool threads ({@link Meter#allocatedBytes()}), and {@code peakHeapBytes} the heap's peak use meanwhile.
 */
record Result(
    String backend,
    String phase,
    long samples,
    long steps,
    double seconds,
    double flopsPerSample,
    long allocatedBytes,
    long peakHeapBytes) {

  double samplesPerSecond() {
    return samples / seconds;
  }

  /** {@code samples · flopsPerSample / seconds}, in 10⁹ per second. */
  double gflops() {
    return samples * flopsPerSample / seconds / 1e9;
  }

  double bytesPerStep() {
    return (double) allocatedBytes / steps;
  }
}
