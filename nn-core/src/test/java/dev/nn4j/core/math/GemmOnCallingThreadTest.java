package dev.nn4j.core.math;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link ComputeBackend#gemmOnCallingThread} reads and writes only the product's part of arrays longer than it
 * (threads' reusable buffers) and gives the bits of the same backend's {@code gemm} on arrays of exactly its
 * sizes: on the Java backend, and through the default method on a backend written before it existed, which
 * insists on exact sizes.
 */
class GemmOnCallingThreadTest {
  /** A backend with only {@code gemm}, which insists on exact sizes as the interface documents them. */
  private static final class ExactSizesOnly implements ComputeBackend {
    @Override
    public String name() {
      return "exact";
    }

    @Override
    public void gemm(boolean transposeA, boolean transposeB, int m, int n, int k, double[] a, double[] b, double[] c) {
      assertThat(new int[] {a.length, b.length, c.length}).as("array sizes").containsExactly(m * k, k * n, m * n);
      new JavaBackend(1).gemm(transposeA, transposeB, m, n, k, a, b, c);
    }
  }

  @Test
  void longerArraysGiveTheBitsOfExactOnesOnEveryBackend() {
    Random r = new Random(7);
    for (ComputeBackend backend : new ComputeBackend[] {new JavaBackend(2), new ExactSizesOnly()}) {
      for (int trial = 0; trial < 40; trial++) {
        int m = 1 + r.nextInt(40);
        int n = 1 + r.nextInt(40);
        int k = 1 + r.nextInt(40);
        boolean transposeA = r.nextBoolean();
        boolean transposeB = r.nextBoolean();
        boolean accumulate = r.nextBoolean();
        double[] a = random(r, m * k + r.nextInt(5));
        double[] b = random(r, k * n + r.nextInt(5));
        double[] c = random(r, m * n + 1 + r.nextInt(5));
        double[] expected = Arrays.copyOf(c, m * n);
        backend.gemm(transposeA, transposeB, m, n, k, Arrays.copyOf(a, m * k), Arrays.copyOf(b, k * n), expected, accumulate);
        double[] before = c.clone();
        backend.gemmOnCallingThread(transposeA, transposeB, m, n, k, a, b, c, accumulate);
        assertThat(Arrays.copyOf(c, m * n)).as("%s, trial %s: the product", backend.name(), trial).isEqualTo(expected);
        assertThat(Arrays.copyOfRange(c, m * n, c.length))
            .as("%s, trial %s: past the product", backend.name(), trial)
            .isEqualTo(Arrays.copyOfRange(before, m * n, before.length));
      }
    }
  }

  @Test
  void shortArraysAreRejectedByTheDefaultAsByTheJavaBackend() {
    for (ComputeBackend backend : new ComputeBackend[] {new JavaBackend(1), new ExactSizesOnly()}) {
      assertThatThrownBy(() -> backend.gemmOnCallingThread(false, false, 2, 3, 4, new double[7], new double[12], new double[6], false))
          .as(backend.name())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("m=2 n=3 k=4");
    }
  }

  private static double[] random(Random r, int size) {
    double[] values = new double[size];
    Arrays.setAll(values, i -> r.nextGaussian());
    return values;
  }
}
