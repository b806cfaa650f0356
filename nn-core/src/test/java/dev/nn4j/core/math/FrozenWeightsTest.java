package dev.nn4j.core.math;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link FrozenWeights} with whichever kernel this JVM chooses: surefire runs this class twice, once with
 * {@code --add-modules jdk.incubator.vector} and once without.
 */
class FrozenWeightsTest {
  /** Output counts around the vector widths (4, 8) and the blocks of 8 and 16 vectors, and input counts. */
  static final int[] OUTPUTS = {1, 2, 3, 4, 5, 7, 8, 9, 10, 15, 16, 17, 31, 32, 33, 63, 64, 65, 127, 128, 129, 130, 200, 257, 513};

  static final int[] INPUTS = {1, 2, 3, 17, 128, 784};

  private final Random random = new Random(20261129);

  @Test
  void choosesTheVectorKernelExactlyWhenTheModuleIsEnabled() {
    boolean enabled = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    // Each surefire execution says which JVM it meant to start, so neither can quietly test the other's case.
    String expected = System.getProperty("nn4j.test.vectorApi");
    if (expected != null) {
      assertThat(enabled).as("jdk.incubator.vector in this run, meant to be %s", expected).isEqualTo(expected.equals("enabled"));
    }
    assertThat(FrozenWeights.kernelName()).matches(enabled ? "vector-api-\\d+bit" : "java");
    // A run that caps the vector width (-XX:MaxVectorSize) gets that width, or less on a processor without it.
    String bits = System.getProperty("nn4j.test.vectorBits");
    if (bits != null) {
      int width = Integer.parseInt(FrozenWeights.kernelName().replaceAll("\\D", ""));
      assertThat(width).as(FrozenWeights.kernelName()).isLessThanOrEqualTo(Integer.parseInt(bits));
    }
  }

  @Test
  void eachOutputIsTheAscendingFmaChainOfTheJavaBackend() {
    JavaBackend backend = new JavaBackend(1);
    for (int n : OUTPUTS) {
      for (int k : INPUTS) {
        Matrix w = gaussian(n, k);
        double[] x = gaussian(1, k).data();
        double[] expected = fmaChain(x, w);
        double[] fromBackend = new double[n];
        backend.gemm(false, true, 1, n, k, x, w.data(), fromBackend);
        double[] y = new double[n];
        FrozenWeights.of(w).multiply(x, y);
        assertThat(fromBackend).as("java backend, n=%s k=%s", n, k).containsExactly(expected);
        assertThat(y).as("%s, n=%s k=%s", FrozenWeights.kernelName(), n, k).containsExactly(expected);
      }
    }
  }

  @Test
  void keepsTheBitsOnceTheJitHasCompiledTheKernel() {
    // The shapes above run once each, mostly interpreted; a product called thousands of times runs the
    // code that C2 compiled (with the Vector API, its intrinsics), which must keep the order.
    for (int[] shape : new int[][] {{128, 784}, {10, 128}, {130, 33}, {5, 17}}) {
      Matrix w = gaussian(shape[0], shape[1]);
      FrozenWeights frozen = FrozenWeights.of(w);
      double[] y = new double[shape[0]];
      for (int call = 0; call < 3_000; call++) {
        double[] x = gaussian(1, shape[1]).data();
        frozen.multiply(x, y);
        if (call % 100 == 99) {
          assertThat(y).as("%s, call %s, shape %sx%s", FrozenWeights.kernelName(), call, shape[0], shape[1])
              .containsExactly(fmaChain(x, w));
        }
      }
    }
  }

  @Test
  void isACopyThatLaterWritesDoNotReach() {
    Matrix w = gaussian(130, 40);
    double[] x = gaussian(1, 40).data();
    FrozenWeights frozen = FrozenWeights.of(w);
    double[] before = fmaChain(x, w);
    w.fill(7.0);
    double[] y = new double[130];
    frozen.multiply(x, y);
    assertThat(y).containsExactly(before);
    assertThat(frozen.outputs()).isEqualTo(130);
    assertThat(frozen.inputs()).isEqualTo(40);
  }

  @Test
  void rejectsSamplesAndOutputsOfTheWrongLength() {
    FrozenWeights frozen = FrozenWeights.of(gaussian(10, 784));
    assertThatThrownBy(() -> frozen.multiply(new double[783], new double[10]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Expected a sample of 784 values and room for 10 outputs, got 783 and 10");
    assertThatThrownBy(() -> frozen.multiply(new double[784], new double[9]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Expected a sample of 784 values and room for 10 outputs, got 784 and 9");
  }

  /** The oracle: {@code y[j] = fma(x[p], w[j][p], y[j])} for {@code p = 0, 1, ...}, from {@code +0.0}. */
  static double[] fmaChain(double[] x, Matrix w) {
    double[] y = new double[w.rows()];
    for (int j = 0; j < w.rows(); j++) {
      double c = 0.0;
      for (int p = 0; p < w.cols(); p++) {
        c = Math.fma(x[p], w.get(j, p), c);
      }
      y[j] = c;
    }
    return y;
  }

  private Matrix gaussian(int rows, int cols) {
    Matrix m = new Matrix(rows, cols);
    for (int i = 0; i < m.size(); i++) {
      m.data()[i] = random.nextGaussian();
    }
    return m;
  }

  @Test
  void largeWeightsAreSharedBetweenTwoThreadsWithTheSameBits() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        JavaBackend.configuredThreads() >= 2, "one thread configured: products are not split");
    Matrix w = gaussian(257, 512); // 131,584 values, an odd number of outputs
    assertThat(w.size()).isGreaterThanOrEqualTo((int) FrozenWeights.SPLIT_VALUES);
    FrozenWeights shared = FrozenWeights.of(w);
    FrozenWeights whole = new FrozenWeights(w, new JavaRowKernel()); // one piece, the plain kernel: the reference
    assertThat(shared.split()).isTrue();
    assertThat(whole.split()).isFalse();
    assertThat(FrozenWeights.of(gaussian(3, 4)).split()).isFalse();
    long helped = HelperThread.INSTANCE.halvesDone();
    java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(3);
    try {
      java.util.List<java.util.concurrent.Future<?>> futures = new java.util.ArrayList<>();
      for (int t = 0; t < 3; t++) {
        long seed = t;
        futures.add(threads.submit(() -> {
          Random random = new Random(seed);
          double[] x = new double[512];
          double[] y = new double[257];
          double[] expected = new double[257];
          for (int round = 0; round < 2_000; round++) {
            for (int i = 0; i < x.length; i++) {
              x[i] = random.nextGaussian();
            }
            shared.multiply(x, y);
            whole.multiply(x, expected);
            assertThat(y).as("round %s", round).containsExactly(expected);
          }
          return null;
        }));
      }
      for (java.util.concurrent.Future<?> f : futures) {
        f.get();
      }
    } finally {
      threads.shutdownNow();
    }
    assertThat(HelperThread.INSTANCE.halvesDone()).as("halves the helper thread computed").isGreaterThan(helped);
  }

  @Test
  void aSharedCopyIsNotKeptAliveByTheThreadsThatUsedIt() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        JavaBackend.configuredThreads() >= 2, "one thread configured: products are not split");
    FrozenWeights shared = FrozenWeights.of(gaussian(257, 512));
    assertThat(shared.split()).isTrue();
    for (int i = 0; i < 50; i++) {
      shared.multiply(new double[512], new double[257]); // this thread's per-thread state, and the helper's
    }
    java.lang.ref.WeakReference<FrozenWeights> ref = new java.lang.ref.WeakReference<>(shared);
    shared = null;
    for (int i = 0; i < 50 && ref.get() != null; i++) {
      System.gc();
      Thread.sleep(20);
    }
    assertThat(ref.get()).as("the copy, after its last use on this still running thread").isNull();
  }
}
