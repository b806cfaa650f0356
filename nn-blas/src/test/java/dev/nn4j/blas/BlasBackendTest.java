package dev.nn4j.blas;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ludovic.netlib.blas.JavaBLAS;
import dev.nn4j.core.math.ComputeBackend;
import dev.nn4j.core.math.NaiveBackend;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The row-major to column-major mapping of {@link BlasBackend#gemm}, checked against {@link NaiveBackend}
 * on random matrices for every transpose combination, on awkward shapes (one row, one column, odd sizes,
 * k = 0, empty). It runs on OpenBLAS when it is installed, and always on netlib's Java BLAS, which takes the
 * same column-major arguments, so the mapping is checked on any machine. Each runs as nn4j uses it (small
 * products in Java) and with every product sent to BLAS ({@link BlasBackend#nativeOnly()}), so that the call
 * itself is checked on the small shapes too.
 */
class BlasBackendTest {
  /** Relative to {@code Σ_p |a_ip · b_pj|}, the scale of the rounding error of a sum of products. */
  private static final double TOLERANCE = 1e-12;

  private static final int[][] SHAPES = {
    {1, 1, 1}, {1, 7, 5}, {7, 1, 5}, {5, 7, 1}, {1, 1, 300}, {3, 5, 2}, {17, 33, 65}, {64, 128, 784},
    {129, 257, 65}, {64, 10, 128}, {0, 3, 4}, {3, 0, 4}, {0, 0, 0}, {3, 4, 0}, {1, 1, 0},
  };

  static List<ComputeBackend> backends() {
    List<ComputeBackend> backends = new ArrayList<>();
    new OpenBlasProvider().create().map(BlasBackend.class::cast).ifPresent(b -> backends.addAll(List.of(b, b.nativeOnly())));
    BlasBackend netlibJava = new BlasBackend("netlib-java", JavaBLAS.getInstance());
    backends.addAll(List.of(netlibJava, netlibJava.nativeOnly()));
    return backends;
  }

  static Stream<Arguments> cases() {
    List<Arguments> cases = new ArrayList<>();
    for (ComputeBackend backend : backends()) {
      for (int[] s : SHAPES) {
        for (boolean transposeA : new boolean[] {false, true}) {
          for (boolean transposeB : new boolean[] {false, true}) {
            cases.add(Arguments.of(backend, transposeA, transposeB, s[0], s[1], s[2]));
          }
        }
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}: transposeA={1} transposeB={2} m={3} n={4} k={5}")
  @MethodSource("cases")
  void agreesWithNaiveProduct(ComputeBackend backend, boolean transposeA, boolean transposeB, int m, int n, int k) {
    Random random = new Random(31L * m + 7L * n + k + (transposeA ? 1000 : 0) + (transposeB ? 2000 : 0));
    double[] a = randomArray(m * k, random);
    double[] b = randomArray(k * n, random);
    double[] expected = new double[m * n];
    new NaiveBackend().gemm(transposeA, transposeB, m, n, k, a, b, expected);
    double[] scale = new double[m * n];
    new NaiveBackend().gemm(transposeA, transposeB, m, n, k, abs(a), abs(b), scale);

    double[] c = new double[m * n];
    Arrays.fill(c, Double.NaN); // C is overwritten, never read
    backend.gemm(transposeA, transposeB, m, n, k, a, b, c);

    for (int i = 0; i < c.length; i++) {
      assertThat(Math.abs(c[i] - expected[i]))
          .as("element (%s, %s) of %s x %s, k = %s", i / n, i % n, m, n, k)
          .isLessThanOrEqualTo(TOLERANCE * scale[i]);
    }
    if (k == 0) {
      assertThat(c).isEqualTo(new double[m * n]); // an empty sum: zeros, not the NaNs that were there
    }
  }

  private static double[] randomArray(int size, Random random) {
    double[] values = new double[size];
    for (int i = 0; i < size; i++) {
      values[i] = 2 * random.nextDouble() - 1;
    }
    return values;
  }

  private static double[] abs(double[] values) {
    return Arrays.stream(values).map(Math::abs).toArray();
  }
}
