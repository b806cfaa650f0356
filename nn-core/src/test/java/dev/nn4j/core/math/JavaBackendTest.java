package dev.nn4j.core.math;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class JavaBackendTest {
  private static final NaiveBackend NAIVE = new NaiveBackend();
  private static final JavaBackend ONE_THREAD = new JavaBackend(1);
  private static final JavaBackend TWO_THREADS = new JavaBackend(2);
  private static final JavaBackend THREE_THREADS = new JavaBackend(3);

  /** {m, n, k}: single rows and columns, odd sizes, sizes around the block sizes (256), empty ones. */
  private static final int[][] SHAPES = {
    {1, 1, 1}, {1, 1, 7}, {1, 9, 1}, {5, 1, 1}, {1, 128, 784}, {1, 10, 128}, {2, 33, 17}, {3, 5, 2},
    {4, 7, 9}, {7, 13, 11}, {17, 1, 300}, {1, 300, 17}, {64, 128, 31}, {31, 257, 5}, {6, 255, 513},
    {65, 130, 257}, {100, 300, 260}, {257, 9, 3}, {2, 600, 70}, {0, 5, 3}, {4, 0, 3}, {4, 5, 0}, {0, 0, 0}
  };

  private final Random random = new Random(20240611);

  @Test
  void agreesWithNaiveBackendOnAllTransposesAndAwkwardShapes() {
    for (int[] shape : SHAPES) {
      for (boolean transposeA : new boolean[] {false, true}) {
        for (boolean transposeB : new boolean[] {false, true}) {
          int m = shape[0];
          int n = shape[1];
          int k = shape[2];
          double[] a = gaussian(m * k);
          double[] b = gaussian(k * n);
          double[] expected = new double[m * n];
          NAIVE.gemm(transposeA, transposeB, m, n, k, a, b, expected);
          double[] scale = absoluteProductSums(transposeA, transposeB, m, n, k, a, b);
          for (JavaBackend backend : List.of(ONE_THREAD, TWO_THREADS, THREE_THREADS)) {
            double[] c = garbage(m * n);
            backend.gemm(transposeA, transposeB, m, n, k, a, b, c);
            for (int e = 0; e < m * n; e++) {
              assertThat(Math.abs(c[e] - expected[e]))
                  .as("%s, op(A)%s op(B)%s, m=%s n=%s k=%s, element %s", backend.threads(), t(transposeA),
                      t(transposeB), m, n, k, e)
                  .isLessThanOrEqualTo(1e-12 * scale[e]);
            }
          }
        }
      }
    }
  }

  @Test
  void everyElementIsTheAscendingFmaChainWhicheverPathComputesIt() {
    for (int[] shape : SHAPES) {
      for (boolean transposeA : new boolean[] {false, true}) {
        for (boolean transposeB : new boolean[] {false, true}) {
          int m = shape[0];
          int n = shape[1];
          int k = shape[2];
          double[] a = gaussian(m * k);
          double[] b = gaussian(k * n);
          double[] expected = fmaChains(transposeA, transposeB, m, n, k, a, b);
          double[] c = garbage(m * n);
          TWO_THREADS.gemm(transposeA, transposeB, m, n, k, a, b, c);
          assertThat(bits(c)).as("m=%s n=%s k=%s", m, n, k).isEqualTo(bits(expected));
        }
      }
    }
  }

  @Test
  void eachRowOfAProductEqualsTheProductOfThatRowAlone() {
    // A single row takes the unpacked paths, many rows the packed one: same bits.
    int m = 40;
    int n = 300;
    int k = 270;
    for (boolean transposeB : new boolean[] {false, true}) {
      double[] a = gaussian(m * k);
      double[] b = gaussian(k * n);
      double[] c = new double[m * n];
      TWO_THREADS.gemm(false, transposeB, m, n, k, a, b, c);
      for (int i = 0; i < m; i++) {
        double[] row = new double[n];
        ONE_THREAD.gemm(false, transposeB, 1, n, k, Arrays.copyOfRange(a, i * k, (i + 1) * k), b, row);
        assertThat(bits(row)).as("row %s", i).isEqualTo(bits(Arrays.copyOfRange(c, i * n, (i + 1) * n)));
      }
    }
  }

  @Test
  void resultsAreIdenticalBitForBitWithOneTwoOrThreeThreads() {
    // Wide products are split by columns, narrow ones (n < 64 per thread) by rows.
    int[][] large = {{300, 530, 270}, {1000, 128, 200}, {900, 100, 260}, {129, 1030, 65}, {64, 784, 128}};
    for (int[] shape : large) {
      for (boolean transposeA : new boolean[] {false, true}) {
        for (boolean transposeB : new boolean[] {false, true}) {
          int m = shape[0];
          int n = shape[1];
          int k = shape[2];
          assertThat((long) m * n * k).isGreaterThanOrEqualTo(JavaBackend.PARALLEL_WORK);
          double[] a = gaussian(m * k);
          double[] b = gaussian(k * n);
          double[] one = new double[m * n];
          double[] two = new double[m * n];
          double[] three = new double[m * n];
          ONE_THREAD.gemm(transposeA, transposeB, m, n, k, a, b, one);
          TWO_THREADS.gemm(transposeA, transposeB, m, n, k, a, b, two);
          THREE_THREADS.gemm(transposeA, transposeB, m, n, k, a, b, three);
          assertThat(bits(two)).as("2 threads, m=%s n=%s k=%s", m, n, k).isEqualTo(bits(one));
          assertThat(bits(three)).as("3 threads, m=%s n=%s k=%s", m, n, k).isEqualTo(bits(one));
        }
      }
    }
  }

  @Test
  void concurrentProductsFromEightThreadsAreCorrect() throws Exception {
    // Small (single-sample), medium and threaded products, all at once on one backend.
    int[][] shapes = {{1, 128, 784}, {64, 128, 784}, {200, 300, 150}, {3, 10, 128}, {128, 784, 64}};
    List<double[][]> cases = new ArrayList<>();
    for (int[] s : shapes) {
      double[] a = gaussian(s[0] * s[2]);
      double[] b = gaussian(s[2] * s[1]);
      double[] expected = new double[s[0] * s[1]];
      ONE_THREAD.gemm(false, true, s[0], s[1], s[2], a, b, expected);
      cases.add(new double[][] {a, b, expected});
    }
    ExecutorService callers = Executors.newFixedThreadPool(8);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int first = t;
        Callable<Integer> caller =
            () -> {
              int checked = 0;
              for (int round = 0; round < 20; round++) {
                int which = (first + round) % shapes.length;
                int[] s = shapes[which];
                double[][] kase = cases.get(which);
                double[] c = new double[s[0] * s[1]];
                TWO_THREADS.gemm(false, true, s[0], s[1], s[2], kase[0], kase[1], c);
                assertThat(bits(c)).isEqualTo(bits(kase[2]));
                checked++;
              }
              return checked;
            };
        results.add(callers.submit(caller));
      }
      for (Future<Integer> r : results) {
        assertThat(r.get()).isEqualTo(20);
      }
    } finally {
      callers.shutdownNow();
    }
  }

  @Test
  void singleThreadedProductsAllocateNothingOnceWarm() {
    java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
    assumeTrue(
        bean instanceof com.sun.management.ThreadMXBean,
        "this JVM's ThreadMXBean (" + bean.getClass().getName() + ") cannot count a thread's allocations");
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) bean;
    assumeTrue(threads.isThreadAllocatedMemoryEnabled(), "this JVM has per-thread allocation counting turned off");
    // {transposeA, transposeB, m, n, k}: packed, streamed and dot-product paths.
    int[][] shapes = {{0, 1, 64, 128, 100}, {1, 0, 30, 70, 64}, {0, 0, 1, 300, 50}, {0, 1, 1, 128, 200}};
    List<double[][]> operands = new ArrayList<>();
    for (int[] s : shapes) {
      operands.add(new double[][] {gaussian(s[2] * s[4]), gaussian(s[4] * s[3]), new double[s[2] * s[3]]});
    }
    Runnable products =
        () -> {
          for (int i = 0; i < shapes.length; i++) {
            int[] s = shapes[i];
            double[][] o = operands.get(i);
            TWO_THREADS.gemm(s[0] == 1, s[1] == 1, s[2], s[3], s[4], o[0], o[1], o[2]);
          }
        };
    // Warm: until C2 has compiled them for every shape, the Vector API kernel's vectors are objects on the heap.
    // A kernel run by a few calls per product (the ragged edge) gets there last.
    long thread = Thread.currentThread().getId();
    for (int round = 0, quiet = 0; round < 5000 && quiet < 10; round++) {
      long start = threads.getThreadAllocatedBytes(thread);
      products.run();
      quiet = threads.getThreadAllocatedBytes(thread) - start < 256 ? quiet + 1 : 0;
    }
    long before = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
    for (int round = 0; round < 20; round++) {
      products.run();
    }
    long allocated = threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
    assertThat(allocated).as("bytes allocated by 80 products").isLessThan(1024);
  }

  @Test
  void zeroInnerSizeGivesZerosAndEmptyOutputsAreLeftAlone() {
    double[] c = garbage(6);
    ONE_THREAD.gemm(false, false, 2, 3, 0, new double[0], new double[0], c);
    assertThat(c).containsOnly(0.0);
    double[] untouched = {42.0};
    ONE_THREAD.gemm(true, true, 0, 3, 4, new double[0], new double[12], untouched);
    assertThat(untouched).containsExactly(42.0);
  }

  @Test
  void rejectsNegativeSizesAndShortArrays() {
    assertThatThrownBy(() -> ONE_THREAD.gemm(false, false, -1, 2, 2, new double[4], new double[4], new double[4]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("m=-1");
    assertThatThrownBy(() -> ONE_THREAD.gemm(false, false, 2, 2, 2, new double[3], new double[4], new double[4]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a has 3");
    assertThatThrownBy(() -> new JavaBackend(0)).hasMessageContaining("got 0");
  }

  @Test
  void isTheDefaultBackendAndCountsItsThreads() {
    assertThat(new JavaBackend.Provider().create()).get().extracting(ComputeBackend::name).isEqualTo("java");
    assertThat(new JavaBackend().threads()).isGreaterThanOrEqualTo(1);
    assertThat(THREE_THREADS.threads()).isEqualTo(3);
  }

  @Test
  void outranksOpenBlasExactlyWithTheVectorApiKernelsOnVectorsOfEightDoubles() {
    // The kernel's name gives the width this run got: 512 bits on AVX-512 with the module, less in the capped runs.
    String kernel = new JavaBackend().kernelName();
    int bits = kernel.startsWith("vector-api-") ? Integer.parseInt(kernel.replaceAll("^vector-api-(\\d+)bit.*", "$1")) : 0;
    int openBlas = 10;

    int priority = new JavaBackend.Provider().priority();

    assertThat(priority).as(kernel).isEqualTo(bits >= 512 ? JavaBackend.Provider.PRIORITY_WITH_VECTOR_API : JavaBackend.Provider.PRIORITY);
    assertThat(JavaBackend.Provider.PRIORITY_WITH_VECTOR_API).isGreaterThan(openBlas);
    assertThat(JavaBackend.Provider.PRIORITY).isLessThan(openBlas);
    if (System.getProperty("nn4j.test.vectorBits") != null) {
      assertThat(priority).as("a run capped below 512-bit vectors").isEqualTo(JavaBackend.Provider.PRIORITY);
    }
  }

  /** The contract of {@link JavaBackend}: {@code c = fma(a(i,p), b(p,j), c)} for ascending {@code p}. */
  private static double[] fmaChains(
      boolean transposeA, boolean transposeB, int m, int n, int k, double[] a, double[] b) {
    double[] c = new double[m * n];
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        double sum = 0.0;
        for (int p = 0; p < k; p++) {
          sum = Math.fma(transposeA ? a[p * m + i] : a[i * k + p], transposeB ? b[j * k + p] : b[p * n + j], sum);
        }
        c[i * n + j] = sum;
      }
    }
    return c;
  }

  /** {@code Σ_p |a(i,p)| |b(p,j)|}: the scale of the rounding errors of element {@code (i, j)}. */
  private static double[] absoluteProductSums(
      boolean transposeA, boolean transposeB, int m, int n, int k, double[] a, double[] b) {
    double[] absA = Arrays.stream(a).map(Math::abs).toArray();
    double[] absB = Arrays.stream(b).map(Math::abs).toArray();
    double[] scale = new double[m * n];
    NAIVE.gemm(transposeA, transposeB, m, n, k, absA, absB, scale);
    return scale;
  }

  private double[] gaussian(int size) {
    double[] x = new double[size];
    for (int i = 0; i < size; i++) {
      x[i] = random.nextGaussian();
    }
    return x;
  }

  private static double[] garbage(int size) {
    double[] x = new double[size];
    Arrays.fill(x, Double.NaN);
    return x;
  }

  private static long[] bits(double[] x) {
    return Arrays.stream(x).mapToLong(Double::doubleToRawLongBits).toArray();
  }

  private static String t(boolean transposed) {
    return transposed ? "ᵀ" : "";
  }
}
