package dev.nn4j.bench;

import java.util.List;

/**
 * The settings of the comparison with NumPy ({@code vs-numpy}) and of the W2/W3 step measurements it runs on
 * both sides ({@code mlp-steps}).
 *
 * @param threads the thread counts, each run in its own processes ({@code --threads 1,2}: {@code
 *     -Dnn4j.threads} for nn4j, {@code OPENBLAS_NUM_THREADS} for OpenBLAS in both)
 * @param repeat how many rounds of every thread count ({@code --repeat}, default 3); medians are reported
 * @param python the Python that runs {@code numpy_bench.py} ({@code --python}, default {@value #DEFAULT_PYTHON})
 * @param steps timed training steps of W2 and W3 on each side ({@code --steps}, default 100)
 */
record NumpyOptions(List<Integer> threads, int repeat, String python, int steps) {
  /** Debian's Python, where {@code python3-numpy} installs NumPy. */
  static final String DEFAULT_PYTHON = "/usr/bin/python3";

  /** The defaults: 1 and 2 threads, 3 rounds, Debian's Python, 100 steps. */
  static final NumpyOptions DEFAULTS = new NumpyOptions(List.of(1, 2), 3, DEFAULT_PYTHON, 100);

  NumpyOptions {
    threads = List.copyOf(threads);
  }
}
