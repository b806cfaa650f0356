package dev.nn4j.core.math;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The kernels' reusable per-thread loop objects stay correct when a loop's body runs the same kernel again on
 * its thread (a function given to {@link Kernels#map} that maps something itself): the inner call gets a loop
 * of its own instead of overwriting the outer one's.
 */
class ReentrantLoopsTest {

  @Test
  void aMapWhoseFunctionMapsGivesTheSerialValues() {
    Matrix inner = new Matrix(1, 3);
    Matrix innerOut = new Matrix(1, 3);
    DoubleUnaryOperator f = v -> {
      inner.data()[0] = v;
      Kernels.map(inner, u -> u + 1, innerOut); // the same kernel, on the same thread, inside the outer loop
      return 2 * innerOut.data()[0];
    };
    int size = 200_000; // large enough for the outer map to be shared between threads
    Matrix a = new Matrix(1, size);
    for (int i = 0; i < size; i++) {
      a.data()[i] = i * 0.5;
    }
    Matrix out = new Matrix(1, size);
    for (int round = 0; round < 5; round++) {
      Kernels.map(a, v -> 2 * (v + 1), out); // warm: the thread's own loop object exists
      java.util.Arrays.fill(out.data(), Double.NaN);
      Kernels.map(a, v -> {
        synchronized (inner) { // the inner matrices are shared by the threads running the outer loop
          return f.applyAsDouble(v);
        }
      }, out);
      for (int i = 0; i < size; i++) {
        assertThat(out.data()[i]).as("element %s", i).isEqualTo(2 * (i * 0.5 + 1));
      }
    }
  }
}
