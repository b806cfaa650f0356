package dev.nn4j.blas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ludovic.netlib.blas.BLAS;
import dev.ludovic.netlib.blas.JavaBLAS;
import dev.nn4j.core.math.ComputeBackend;
import dev.nn4j.core.math.JavaBackend;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link BlasBackend} keeps what {@link NativeCrossover} names in Java, with the {@code java} backend's bits, and
 * sends the rest to BLAS: checked on a BLAS that records its calls (any machine), and on OpenBLAS when it is
 * installed.
 */
class SmallProductsInJavaTest {

  /** netlib's Java BLAS, recording the sizes of every {@code dgemm} it is asked for. */
  private static final class RecordingBlas {
    final List<String> calls = new ArrayList<>();
    final BLAS blas = (BLAS) Proxy.newProxyInstance(BLAS.class.getClassLoader(), new Class<?>[] {BLAS.class},
        (proxy, method, args) -> {
          if (method.getName().equals("dgemm")) {
            calls.add(args[2] + "x" + args[3] + "x" + args[4]);
          }
          try {
            return method.invoke(JavaBLAS.getInstance(), args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  private static double[] product(ComputeBackend backend, boolean transposeA, boolean transposeB, int m, int n, int k) {
    Random random = new Random(31L * m + 7L * n + k);
    double[] a = random.doubles((long) m * k, -1, 1).toArray();
    double[] b = random.doubles((long) k * n, -1, 1).toArray();
    double[] c = new double[m * n];
    backend.gemm(transposeA, transposeB, m, n, k, a, b, c);
    return c;
  }

  /**
   * A product on the calling thread (a convolution's group) runs on the Java backend whatever its size, with its
   * bits, reading and writing only the product's part of longer arrays; BLAS is never called.
   */
  @Test
  void productsOnTheCallingThreadRunInJava() {
    RecordingBlas recording = new RecordingBlas();
    BlasBackend backend = new BlasBackend("recording", recording.blas);
    Random random = new Random(5);
    int m = 64;
    int n = 300;
    int k = 288;
    double[] a = random.doubles((long) m * k + 3, -1, 1).toArray();
    double[] b = random.doubles((long) k * n + 5, -1, 1).toArray();
    double[] c = random.doubles((long) m * n + 7, -1, 1).toArray();
    double[] expected = Arrays.copyOf(c, m * n);
    new JavaBackend().gemm(false, true, m, n, k, Arrays.copyOf(a, m * k), Arrays.copyOf(b, k * n), expected, true);
    double[] tail = Arrays.copyOfRange(c, m * n, c.length);

    backend.gemmOnCallingThread(false, true, m, n, k, a, b, c, true);

    assertThat(recording.calls).as("dgemm calls").isEmpty();
    assertThat(Arrays.copyOf(c, m * n)).isEqualTo(expected);
    assertThat(Arrays.copyOfRange(c, m * n, c.length)).isEqualTo(tail);
  }

  @ParameterizedTest(name = "{0}{1} {2}x{3}x{4} stays in Java")
  @CsvSource({
    // The tutorial's 2-2-1 network, batch 1: every product of its training step and of predict.
    "N, T, 1, 2, 2", "T, N, 2, 2, 1", "N, N, 1, 2, 2", "N, T, 1, 1, 2", "T, N, 1, 2, 1", "N, N, 1, 2, 1",
    // One and two rows just below each form's row threshold (A·Bᵀ 512, A·B and Aᵀ·B 256 multiply-adds).
    "N, T, 1, 15, 34", "N, T, 2, 15, 17", "N, N, 1, 15, 17", "N, N, 2, 127, 1", "T, N, 1, 15, 17", "T, N, 2, 8, 15",
    // One and two rows from the upper bound (2^20 multiply-adds) on: the Java kernel streams B faster.
    "N, T, 1, 1024, 1024", "N, N, 2, 512, 1024", "T, N, 2, 1024, 1024", "N, T, 2, 1024, 1025",
    // Three rows, just below each form's threshold (A·B and Aᵀ·B 512, A·Bᵀ 1,024).
    "N, N, 3, 10, 17", "N, T, 3, 10, 34", "T, N, 3, 10, 17",
  })
  void smallProductsRunOnTheJavaBackendWithItsBits(String formA, String formB, int m, int n, int k) {
    boolean transposeA = formA.equals("T");
    boolean transposeB = formB.equals("T");
    RecordingBlas recording = new RecordingBlas();

    double[] routed = product(new BlasBackend("recording", recording.blas), transposeA, transposeB, m, n, k);

    assertThat(recording.calls).as("dgemm calls").isEmpty();
    assertThat(routed).isEqualTo(product(new JavaBackend(), transposeA, transposeB, m, n, k));
  }

  @ParameterizedTest(name = "{0}{1} {2}x{3}x{4} goes to BLAS")
  @CsvSource({
    // One and two rows at each form's row threshold.
    "N, T, 1, 16, 32", "N, T, 2, 16, 16", "N, N, 1, 16, 16", "N, N, 2, 8, 16", "T, N, 1, 16, 16", "T, N, 2, 8, 16",
    // One-sample predict through W2's layers, two samples through W3's, and just below the upper bound.
    "N, T, 1, 128, 784", "N, T, 1, 10, 128", "N, T, 2, 512, 784", "N, N, 2, 784, 512", "N, T, 1, 1023, 1024",
    "T, N, 2, 511, 1024",
    // Three rows at each form's threshold, and W2's batch-64 products.
    "N, N, 4, 8, 16", "N, T, 4, 16, 16", "T, N, 4, 8, 16", "N, T, 64, 128, 784", "T, N, 128, 784, 64", "N, N, 64, 784, 128",
    "N, T, 3, 2, 2000",
  })
  void productsAboveTheirCrossoverGoToBlas(String formA, String formB, int m, int n, int k) {
    RecordingBlas recording = new RecordingBlas();

    product(new BlasBackend("recording", recording.blas), formA.equals("T"), formB.equals("T"), m, n, k);

    // Column-major Cᵀ = op(B)ᵀ · op(A)ᵀ: BLAS's m and n are nn4j's n and m.
    assertThat(recording.calls).containsExactly(n + "x" + m + "x" + k);
  }

  @Test
  void nativeOnlySendsEvenTheSmallestProductsToBlas() {
    RecordingBlas recording = new RecordingBlas();
    BlasBackend nativeOnly = new BlasBackend("recording", recording.blas).nativeOnly();

    product(nativeOnly, false, true, 1, 1, 2);

    assertThat(recording.calls).containsExactly("1x1x2");
    assertThat(nativeOnly.name()).isEqualTo("recording-jni");
    assertThat(nativeOnly.keepsSmallProductsInJava()).isFalse();
    assertThat(new BlasBackend("recording", recording.blas).keepsSmallProductsInJava()).isTrue();
  }

  @Test
  void onOpenBlasTheTutorialsAndTheLargestRowProductsGiveTheJavaBackendsBits() {
    Optional<ComputeBackend> openBlas = new OpenBlasProvider().create();
    assumeTrue(openBlas.isPresent(), "OpenBLAS is not installed (Debian: apt-get install libopenblas0-pthread): "
        + OpenBlasProvider.status());
    for (int[] s : new int[][] {{1, 2, 2}, {2, 2, 1}, {1, 1, 2}, {1, 1024, 1024}}) {
      assertThat(product(openBlas.get(), false, true, s[0], s[1], s[2]))
          .as("%sx%sx%s", s[0], s[1], s[2])
          .isEqualTo(product(new JavaBackend(), false, true, s[0], s[1], s[2]));
    }
  }
}
