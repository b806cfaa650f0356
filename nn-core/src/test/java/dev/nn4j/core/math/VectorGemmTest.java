package dev.nn4j.core.math;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

/**
 * The Vector API product kernel against the plain one in the same JVM: the same bits for every shape, both
 * transposes, accumulation and every way of cutting {@code C} between threads. Runs in the surefire
 * executions that enable {@code jdk.incubator.vector} (at 512 bits, and at 256 in the execution with {@code
 * -XX:MaxVectorSize=32}).
 */
@DisabledIfSystemProperty(
    named = "nn4j.test.vectorApi",
    matches = "disabled",
    disabledReason = "this surefire execution runs without jdk.incubator.vector; the other executions run it")
class VectorGemmTest {
  /** {m, n, k}: ragged row and column tiles (8 x 24 or 4 x 12), one or two vectors wide, blocks of k (128, 256). */
  private static final int[][] SHAPES = {
    {8, 24, 1}, {8, 8, 5}, {9, 25, 3}, {7, 23, 129}, {16, 48, 128}, {17, 49, 257}, {64, 128, 784}, {13, 10, 64},
    {33, 17, 300}, {4, 12, 256}, {5, 13, 513}, {64, 1040, 7}, {300, 30, 40}
  };

  private final Random random = new Random(16);

  @Test
  void isChosenWithTheModuleAndWideVectors() {
    GemmKernel vector = GemmKernels.vector();
    assertThat(vector).isNotNull();
    assertThat(vector.name()).matches("vector-api-\\d+bit-\\d+x\\d+");
    assertThat(vector.columnTile() % 3).isZero();
    assertThat(GemmKernels.choose("vector").name()).isEqualTo(vector.name());
    assertThat(GemmKernels.choose("java")).isSameAs(GemmKernels.plain());
  }

  @Test
  void rejectsAnUnknownSettingByName() {
    assertThatThrownBy(() -> GemmKernels.choose("fast"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("java, vector or auto")
        .hasMessageContaining("'fast'");
  }

  @Test
  void givesTheBitsOfThePlainKernelForEveryShapeTransposeAndBlock() {
    GemmKernel vector = GemmKernels.vector();
    GemmKernel plain = GemmKernels.plain();
    for (int[] s : SHAPES) {
      int m = s[0];
      int n = s[1];
      int k = s[2];
      for (int form = 0; form < 4; form++) {
        boolean transposeA = (form & 1) != 0;
        boolean transposeB = (form & 2) != 0;
        double[] a = mixed(m * k);
        double[] b = mixed(k * n);
        double[] start = mixed(m * n);
        for (boolean accumulate : new boolean[] {false, true}) {
          double[] expected = start.clone();
          plain.multiply(transposeA, transposeB, m, n, k, a, b, expected, accumulate, 0, m, 0, n);
          double[] whole = start.clone();
          vector.multiply(transposeA, transposeB, m, n, k, a, b, whole, accumulate, 0, m, 0, n);
          assertThat(whole).as("%sx%sx%s A%s B%s accumulate=%s", m, n, k, transposeA, transposeB, accumulate)
              .isEqualTo(expected);
          // Cut as threads cut it: in columns at a ragged place, then in rows.
          double[] cut = start.clone();
          int col = n / 3 + 1;
          vector.multiply(transposeA, transposeB, m, n, k, a, b, cut, accumulate, 0, m, 0, Math.min(col, n));
          vector.multiply(transposeA, transposeB, m, n, k, a, b, cut, accumulate, 0, m, Math.min(col, n), n);
          assertThat(cut).as("columns cut at %s, %sx%sx%s", col, m, n, k).isEqualTo(expected);
          double[] rows = start.clone();
          int row = m / 2;
          vector.multiply(transposeA, transposeB, m, n, k, a, b, rows, accumulate, 0, row, 0, n);
          vector.multiply(transposeA, transposeB, m, n, k, a, b, rows, accumulate, row, m, 0, n);
          assertThat(rows).as("rows cut at %s, %sx%sx%s", row, m, n, k).isEqualTo(expected);
        }
      }
    }
  }

  @Test
  void leavesEverythingOutsideItsBlockAlone() {
    GemmKernel vector = GemmKernels.vector();
    int m = 20;
    int n = 50;
    int k = 9;
    double[] a = mixed(m * k);
    double[] b = mixed(k * n);
    double[] c = new double[m * n];
    java.util.Arrays.fill(c, 7.0);
    vector.multiply(false, false, m, n, k, a, b, c, false, 3, 11, 5, 30);
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        boolean inside = i >= 3 && i < 11 && j >= 5 && j < 30;
        if (!inside) {
          assertThat(c[i * n + j]).as("C(%s, %s), outside the block", i, j).isEqualTo(7.0);
        }
      }
    }
  }

  /** Mixed magnitudes, so that any other order of the additions would show in the bits. */
  private double[] mixed(int size) {
    double[] x = new double[size];
    for (int i = 0; i < size; i++) {
      x[i] = random.nextGaussian() * Math.pow(10, random.nextInt(7) - 3);
    }
    return x;
  }
}
