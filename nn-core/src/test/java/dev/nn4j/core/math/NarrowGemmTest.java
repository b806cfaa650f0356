package dev.nn4j.core.math;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.util.Arrays;
import java.util.Random;
import jdk.incubator.vector.DoubleVector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

/**
 * The Vector API kernel of narrow products against the definition, the chain {@code c = fma(a(i,p), b(p,j), c)}
 * over {@code p} ascending written as plain loops: the same raw bits for every shape around those of a
 * ten-output layer, the three forms of training, with and without accumulation, NaN, infinities and signed
 * zeros among the values, whole or cut into blocks as threads cut it.
 */
@DisabledIfSystemProperty(
    named = "nn4j.test.vectorApi",
    matches = "disabled",
    disabledReason = "this surefire execution runs without jdk.incubator.vector; the other executions run it")
class NarrowGemmTest {
  /** {m, n, k} of W2's and W3's ten-output layers (batch 64) in the forms of training, and ragged neighbours. */
  private static final int[][] LAYER_SHAPES = {
    {64, 10, 128}, {64, 10, 512}, {10, 128, 64}, {10, 512, 64}, {64, 128, 10}, {64, 512, 10},
    {63, 11, 129}, {9, 130, 65}, {65, 133, 7}, {1000, 10, 128}, {10, 784, 1000}
  };

  private static final boolean[][] FORMS = {{false, true}, {true, false}, {false, false}};

  private static final JavaBackend[] BACKENDS = {
    new JavaBackend(1, GemmKernels.vector()), new JavaBackend(2, GemmKernels.vector())
  };

  private final Random random = new Random(23);
  /** The kernel itself, at any vector width (the backend takes it only with eight doubles a vector). */
  private final GemmKernel narrow = VectorApi.kernel("dev.nn4j.core.math.NarrowGemm", GemmKernel.class);

  @Test
  void isMadeOnlyWithTheVectorKernelAndEightDoublesAVector() {
    assertThat(narrow).isNotNull();
    assertThat(narrow.name()).matches("vector-api-\\d+bit-narrow-\\d+x\\d+");
    assertThat(GemmKernels.narrow(GemmKernels.plain())).isNull();
    boolean wide = DoubleVector.SPECIES_PREFERRED.length() >= 8;
    assertThat(GemmKernels.narrow(GemmKernels.vector()) != null).as("a narrow kernel beside the vector one").isEqualTo(wide);
  }

  @Test
  void takesTheTenOutputProductsAndLeavesTheWideOnesToThePackedKernel() {
    assumeThat(DoubleVector.SPECIES_PREFERRED.length()).as("doubles per vector").isGreaterThanOrEqualTo(8);
    assertThat(narrow.takes(false, true, 64, 10, 128)).as("forward, W2").isTrue();
    assertThat(narrow.takes(true, false, 10, 512, 64)).as("weight gradient, W3").isTrue();
    assertThat(narrow.takes(false, false, 64, 512, 10)).as("input gradient, W3").isTrue();
    assertThat(narrow.takes(false, true, 64, 128, 784)).as("forward, W2's hidden layer").isFalse();
    assertThat(narrow.takes(true, false, 128, 784, 64)).as("weight gradient, W2's hidden layer").isFalse();
    assertThat(narrow.takes(false, false, 64, 784, 128)).as("input gradient, W2's hidden layer").isFalse();
    assertThat(narrow.takes(false, false, 1024, 1024, 1024)).as("1024^3").isFalse();
    assertThat(narrow.takes(false, true, 64, 4, 128)).as("narrower than a vector").isFalse();
    assertThat(narrow.takes(true, true, 10, 10, 10)).as("both transposed").isFalse();
    assertThat(narrow.takes(false, false, 1, 784, 10)).as("input gradient, one sample").isFalse();
    assertThat(narrow.takes(true, false, 1, 128, 64)).as("weight gradient, one output").isFalse();
    assertThat(narrow.takes(false, false, 4, 784, 10)).as("input gradient, four samples").isTrue();
  }

  @Test
  void givesTheBitsOfTheChainAtTheLayerShapes() {
    for (int[] shape : LAYER_SHAPES) {
      for (boolean[] form : FORMS) {
        for (boolean accumulate : new boolean[] {false, true}) {
          checkBits(form[0], form[1], shape[0], shape[1], shape[2], accumulate);
        }
      }
    }
  }

  @Test
  void givesTheBitsOfTheChainForRandomShapes() {
    for (int trial = 0; trial < 600; trial++) {
      boolean[] form = FORMS[trial % FORMS.length];
      int m = 1 + random.nextInt(70);
      int n = 1 + random.nextInt(40);
      int k = 1 + random.nextInt(70);
      checkBits(form[0], form[1], m, n, k, random.nextBoolean());
    }
  }

  @Test
  void leavesEverythingOutsideItsBlockAlone() {
    for (boolean[] form : FORMS) {
      int m = 23;
      int n = 37;
      int k = 9;
      double[] c = new double[m * n];
      Arrays.fill(c, 7.0);
      narrow.multiply(form[0], form[1], m, n, k, values(m * k), values(k * n), c, false, 3, 14, 5, 30);
      for (int i = 0; i < m; i++) {
        for (int j = 0; j < n; j++) {
          if (i < 3 || i >= 14 || j < 5 || j >= 30) {
            assertThat(c[i * n + j]).as("C(%s, %s), outside the block, A%s B%s", i, j, form[0], form[1]).isEqualTo(7.0);
          }
        }
      }
    }
  }

  /**
   * One product of the kernel, whole and cut in rows and in columns at ragged places (as threads cut it), and
   * of backends of one and two threads, against the definition.
   */
  private void checkBits(boolean transposeA, boolean transposeB, int m, int n, int k, boolean accumulate) {
    double[] a = values(m * k);
    double[] b = values(k * n);
    double[] start = values(m * n);
    String product = String.format("%s%s:%dx%dx%d accumulate=%s",
        transposeA ? "T" : "N", transposeB ? "T" : "N", m, n, k, accumulate);
    double[] expected = start.clone();
    chain(transposeA, transposeB, m, n, k, a, b, expected, accumulate);

    double[] whole = start.clone();
    narrow.multiply(transposeA, transposeB, m, n, k, a, b, whole, accumulate, 0, m, 0, n);
    assertSameBits(whole, expected, product);

    double[] byRows = start.clone();
    int row = random.nextInt(m + 1);
    narrow.multiply(transposeA, transposeB, m, n, k, a, b, byRows, accumulate, 0, row, 0, n);
    narrow.multiply(transposeA, transposeB, m, n, k, a, b, byRows, accumulate, row, m, 0, n);
    assertSameBits(byRows, expected, product + ", rows cut at " + row);

    double[] byColumns = start.clone();
    int column = random.nextInt(n + 1);
    narrow.multiply(transposeA, transposeB, m, n, k, a, b, byColumns, accumulate, 0, m, 0, column);
    narrow.multiply(transposeA, transposeB, m, n, k, a, b, byColumns, accumulate, 0, m, column, n);
    assertSameBits(byColumns, expected, product + ", columns cut at " + column);

    for (JavaBackend backend : BACKENDS) {
      double[] viaBackend = start.clone();
      backend.gemm(transposeA, transposeB, m, n, k, a, b, viaBackend, accumulate);
      assertSameBits(viaBackend, expected, product + ", backend of " + backend.threads() + " threads");
    }
  }

  /**
   * Thousands of random blocks of random products, all four forms, accumulating or not: the chain's bits inside the
   * block, and nothing changed outside it (what a neighbouring thread's block relies on). From the review of the
   * merged kernel.
   */
  @Test
  void everyRandomBlockHasTheChainsBitsInsideAndIsUntouchedOutside() {
    boolean[][] forms = {{false, true}, {true, false}, {false, false}, {true, true}};
    for (int trial = 0; trial < 4000; trial++) {
      boolean[] form = forms[trial % forms.length];
      int m = 1 + random.nextInt(35);
      int n = 1 + random.nextInt(60);
      int k = 1 + random.nextInt(40);
      int rowStart = random.nextInt(m);
      int rowEnd = rowStart + 1 + random.nextInt(m - rowStart);
      int colStart = random.nextInt(n);
      int colEnd = colStart + 1 + random.nextInt(n - colStart);
      boolean accumulate = random.nextBoolean();
      double[] a = values(m * k);
      double[] b = values(k * n);
      double[] c = values(m * n);
      double[] whole = c.clone();
      chain(form[0], form[1], m, n, k, a, b, whole, accumulate);
      double[] expected = c.clone();
      for (int i = rowStart; i < rowEnd; i++) {
        System.arraycopy(whole, i * n + colStart, expected, i * n + colStart, colEnd - colStart);
      }
      narrow.multiply(form[0], form[1], m, n, k, a, b, c, accumulate, rowStart, rowEnd, colStart, colEnd);
      assertSameBits(c, expected, String.format(
          "%s%s %dx%dx%d, accumulate %s, rows [%d, %d), columns [%d, %d)", form[0] ? "T" : "N", form[1] ? "T" : "N",
          m, n, k, accumulate, rowStart, rowEnd, colStart, colEnd));
    }
  }

  /** The definition: each element's chain of fused multiply-adds, in order, from zero or from {@code C}. */
  private static void chain(
      boolean transposeA, boolean transposeB, int m, int n, int k, double[] a, double[] b, double[] c, boolean accumulate) {
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        double sum = accumulate ? c[i * n + j] : 0.0;
        for (int p = 0; p < k; p++) {
          sum = Math.fma(transposeA ? a[p * m + i] : a[i * k + p], transposeB ? b[j * k + p] : b[p * n + j], sum);
        }
        c[i * n + j] = sum;
      }
    }
  }

  private static void assertSameBits(double[] actual, double[] expected, String product) {
    assertThat(rawBits(actual)).as(product).isEqualTo(rawBits(expected));
  }

  private static long[] rawBits(double[] x) {
    long[] bits = new long[x.length];
    for (int i = 0; i < x.length; i++) {
      bits[i] = Double.doubleToRawLongBits(x[i]);
    }
    return bits;
  }

  /** NaN, the infinities and the signed zeros: two of them land in each operand. */
  private static final double[] SPECIAL = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.0, -0.0};

  /**
   * Mixed magnitudes, so that any other order of the additions would show in the bits, and two {@link
   * #SPECIAL} values (a few more would turn most of a long product into NaN).
   */
  private double[] values(int size) {
    double[] x = new double[size];
    for (int i = 0; i < size; i++) {
      x[i] = random.nextGaussian() * Math.pow(10, random.nextInt(7) - 3);
    }
    for (int s = 0; s < 2; s++) {
      x[random.nextInt(size)] = SPECIAL[random.nextInt(SPECIAL.length)];
    }
    return x;
  }
}
