package dev.nn4j.core.math;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/**
 * Every kernel of {@link Kernels} against a naive reference written here, element by element, on fixed
 * awkward shapes (one row, one column, odd sizes, zero rows or an empty inner dimension) and on random
 * shapes; and every shape mismatch rejected with both shapes in the message.
 *
 * <p>Outputs are filled with NaN before each call, so a kernel that reads its output instead of
 * overwriting it fails.
 */
class KernelsTest {
  /** Products and sums may be reordered by a faster kernel; a few ulps of a sum of O(1) terms. */
  private static final double SUM_TOLERANCE = 1e-12;

  private static final int RANDOM_SHAPES = 30;

  /** {n, k, m}: the sizes of an {@code [n, k] · [k, m]} product, including degenerate ones. */
  private static final int[][] FIXED_PRODUCT_SHAPES = {
    {1, 1, 1}, {1, 5, 1}, {1, 1, 7}, {7, 1, 1}, {3, 5, 7}, {13, 11, 9}, {2, 3, 2}, {1, 17, 3},
    {0, 3, 4}, {4, 0, 3}, {4, 3, 0}, {0, 0, 0}, {64, 33, 17}
  };

  /** {rows, cols} of an elementwise kernel's operands. */
  private static final int[][] FIXED_SHAPES = {
    {1, 1}, {1, 9}, {9, 1}, {3, 5}, {7, 13}, {0, 4}, {4, 0}, {0, 0}, {32, 31}
  };

  // ------------------------------------------------------------------ shapes and references

  private static List<int[]> productShapes() {
    List<int[]> shapes = new ArrayList<>(List.of(FIXED_PRODUCT_SHAPES));
    Random random = new Random(11);
    for (int i = 0; i < RANDOM_SHAPES; i++) {
      shapes.add(new int[] {1 + random.nextInt(20), 1 + random.nextInt(20), 1 + random.nextInt(20)});
    }
    return shapes;
  }

  private static List<int[]> shapes() {
    List<int[]> shapes = new ArrayList<>(List.of(FIXED_SHAPES));
    Random random = new Random(12);
    for (int i = 0; i < RANDOM_SHAPES; i++) {
      shapes.add(new int[] {1 + random.nextInt(20), 1 + random.nextInt(20)});
    }
    return shapes;
  }

  private static Matrix random(int rows, int cols, Random random) {
    Matrix m = new Matrix(rows, cols);
    for (int i = 0; i < m.size(); i++) {
      m.data()[i] = random.nextGaussian();
    }
    return m;
  }

  private static Matrix nan(int rows, int cols) {
    Matrix m = new Matrix(rows, cols);
    m.fill(Double.NaN);
    return m;
  }

  private static double[][] transpose(double[][] a, int rows, int cols) {
    double[][] t = new double[cols][rows];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        t[c][r] = a[r][c];
      }
    }
    return t;
  }

  /** The textbook triple loop: {@code out[i][j] = Σ_p a[i][p] b[p][j]}. */
  private static double[][] naiveProduct(double[][] a, double[][] b, int n, int k, int m) {
    double[][] out = new double[n][m];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < m; j++) {
        double sum = 0.0;
        for (int p = 0; p < k; p++) {
          sum += a[i][p] * b[p][j];
        }
        out[i][j] = sum;
      }
    }
    return out;
  }

  private static void assertClose(Matrix actual, double[][] expected, double tolerance, String what) {
    assertThat(actual.rows()).as("%s rows", what).isEqualTo(expected.length);
    for (int r = 0; r < expected.length; r++) {
      assertThat(actual.row(r).length).as("%s cols", what).isEqualTo(expected[r].length);
      for (int c = 0; c < expected[r].length; c++) {
        assertThat(actual.get(r, c)).as("%s at (%s, %s)", what, r, c).isCloseTo(expected[r][c], within(tolerance));
      }
    }
  }

  private static void assertRejectsNamingShapes(ThrowingCallable call, String... shapes) {
    assertThatThrownBy(call).isInstanceOf(IllegalArgumentException.class).hasMessageContainingAll(shapes);
  }

  // ------------------------------------------------------------------ products

  @Test
  void firstNonFiniteFindsTheFirstNaNOrInfinityInAnyBlock() {
    // 2,500 elements: two whole blocks of the check and a partial one; every kind of non-finite value, at
    // the edges of blocks, with the largest finite values and subnormals around it.
    double[] specials = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.longBitsToDouble(0x7ff0_0000_0000_0001L)};
    int[] places = {0, 1, 1023, 1024, 2047, 2048, 2499};
    for (double special : specials) {
      for (int place : places) {
        Matrix m = new Matrix(50, 50);
        double[] d = m.data();
        for (int i = 0; i < d.length; i++) {
          d[i] = i % 3 == 0 ? Double.MAX_VALUE : i % 3 == 1 ? -Double.MIN_VALUE : -Double.MAX_VALUE;
        }
        assertThat(Kernels.firstNonFinite(m)).isEqualTo(-1);
        assertThat(m.isFinite()).isTrue();
        d[place] = special;
        if (place + 7 < d.length) {
          d[place + 7] = Double.NaN;
        }
        assertThat(Kernels.firstNonFinite(m)).as("%s at %d", special, place).isEqualTo(place);
        assertThat(m.isFinite()).isFalse();
      }
    }
    assertThat(Kernels.firstNonFinite(new Matrix(0, 3))).isEqualTo(-1);
  }

  @Test
  void nonFiniteSignIsNegativeExactlyForNaNAndInfinities() {
    for (double x : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.longBitsToDouble(0xfff0_0000_0000_0001L)}) {
      assertThat(Kernels.nonFiniteSign(x)).as("%s", x).isNegative();
    }
    for (double x : new double[] {0.0, -0.0, Double.MIN_VALUE, -Double.MIN_NORMAL, 1.0, -1.0, Double.MAX_VALUE, -Double.MAX_VALUE}) {
      assertThat(Kernels.nonFiniteSign(x)).as("%s", x).isNotNegative();
    }
  }

  @Test
  void firstNonFiniteOfALargeMatrixSharedBetweenThreadsIsStillTheFirst() {
    // 200,000 values: shared between the threads of the default pool, each range finding its own first hit.
    Matrix m = new Matrix(1000, 200);
    double[] d = m.data();
    assertThat(Kernels.firstNonFinite(m)).isEqualTo(-1);
    d[199_999] = Double.NEGATIVE_INFINITY;
    assertThat(Kernels.firstNonFinite(m)).isEqualTo(199_999);
    d[150_001] = Double.NaN;
    assertThat(Kernels.firstNonFinite(m)).isEqualTo(150_001);
    d[3] = Double.POSITIVE_INFINITY;
    assertThat(Kernels.firstNonFinite(m)).isEqualTo(3);
    assertThat(m.isFinite()).isFalse();
  }

  @Test
  void multiplyMatchesNaiveProduct() {
    Random random = new Random(1);
    for (int[] s : productShapes()) {
      int n = s[0];
      int k = s[1];
      int m = s[2];
      Matrix a = random(n, k, random);
      Matrix b = random(k, m, random);
      Matrix out = nan(n, m);
      Kernels.multiply(a, b, out);
      assertClose(out, naiveProduct(a.toArray(), b.toArray(), n, k, m), SUM_TOLERANCE, "a·b for " + a.shape() + b.shape());
    }
  }

  @Test
  void multiplyTransposeBMatchesNaiveProduct() {
    Random random = new Random(2);
    for (int[] s : productShapes()) {
      int n = s[0];
      int k = s[1];
      int m = s[2];
      Matrix a = random(n, k, random);
      Matrix b = random(m, k, random);
      Matrix out = nan(n, m);
      Kernels.multiplyTransposeB(a, b, out);
      double[][] expected = naiveProduct(a.toArray(), transpose(b.toArray(), m, k), n, k, m);
      assertClose(out, expected, SUM_TOLERANCE, "a·bᵀ for " + a.shape() + b.shape());
    }
  }

  @Test
  void multiplyTransposeAMatchesNaiveProduct() {
    Random random = new Random(3);
    for (int[] s : productShapes()) {
      int n = s[0];
      int k = s[1];
      int m = s[2];
      Matrix a = random(k, n, random);
      Matrix b = random(k, m, random);
      Matrix out = nan(n, m);
      Kernels.multiplyTransposeA(a, b, out);
      double[][] expected = naiveProduct(transpose(a.toArray(), k, n), b.toArray(), n, k, m);
      assertClose(out, expected, SUM_TOLERANCE, "aᵀ·b for " + a.shape() + b.shape());
    }
  }

  @Test
  void multiplyGivesTheHandComputedProduct() {
    Matrix a = Matrix.of(new double[][] {{1, 2, 3}, {4, 5, 6}});
    Matrix b = Matrix.of(new double[][] {{7, 8}, {9, 10}, {11, 12}});
    Matrix out = nan(2, 2);
    Kernels.multiply(a, b, out);
    assertThat(out.toArray()).isEqualTo(new double[][] {{58, 64}, {139, 154}});
  }

  @Test
  void productsRejectMismatchedInnerSizesNamingBothShapes() {
    assertRejectsNamingShapes(() -> Kernels.multiply(new Matrix(2, 3), new Matrix(4, 5), new Matrix(2, 5)), "[2, 3]", "[4, 5]");
    assertRejectsNamingShapes(
        () -> Kernels.multiplyTransposeB(new Matrix(2, 3), new Matrix(5, 4), new Matrix(2, 5)), "[2, 3]", "[5, 4]");
    assertRejectsNamingShapes(
        () -> Kernels.multiplyTransposeA(new Matrix(3, 2), new Matrix(4, 5), new Matrix(2, 5)), "[3, 2]", "[4, 5]");
  }

  @Test
  void productsRejectAWrongOutputShapeNamingBothShapes() {
    assertRejectsNamingShapes(() -> Kernels.multiply(new Matrix(2, 3), new Matrix(3, 5), new Matrix(5, 2)), "[2, 5]", "[5, 2]");
    assertRejectsNamingShapes(
        () -> Kernels.multiplyTransposeB(new Matrix(2, 3), new Matrix(5, 3), new Matrix(2, 4)), "[2, 5]", "[2, 4]");
    assertRejectsNamingShapes(
        () -> Kernels.multiplyTransposeA(new Matrix(3, 2), new Matrix(3, 5), new Matrix(1, 5)), "[2, 5]", "[1, 5]");
  }

  // ------------------------------------------------------------------ affine, bias, column sums

  @Test
  void affineMatchesNaiveDotProductPlusBias() {
    Random random = new Random(4);
    for (int[] s : productShapes()) {
      int n = s[0];
      int inputs = s[1];
      int outputs = s[2];
      Matrix x = random(n, inputs, random);
      Matrix weights = random(outputs, inputs, random);
      Matrix bias = random(1, outputs, random);
      Matrix out = nan(n, outputs);
      Kernels.affine(x, weights, bias, out);
      double[][] expected = new double[n][outputs];
      for (int r = 0; r < n; r++) {
        for (int j = 0; j < outputs; j++) {
          double sum = 0.0;
          for (int i = 0; i < inputs; i++) {
            sum += weights.get(j, i) * x.get(r, i);
          }
          expected[r][j] = sum + bias.get(0, j);
        }
      }
      assertClose(out, expected, SUM_TOLERANCE, "x·Wᵀ + b for x " + x.shape() + ", W " + weights.shape());
    }
  }

  @Test
  void affineRejectsMismatchedShapesNamingBothShapes() {
    // bias of the wrong width
    assertRejectsNamingShapes(
        () -> Kernels.affine(new Matrix(4, 3), new Matrix(2, 3), new Matrix(1, 3), new Matrix(4, 2)), "[1, 2]", "[1, 3]");
    // inputs of the wrong width for the weights
    assertRejectsNamingShapes(
        () -> Kernels.affine(new Matrix(4, 5), new Matrix(2, 3), new Matrix(1, 2), new Matrix(4, 2)), "[4, 5]", "[2, 3]");
    // output of the wrong shape
    assertRejectsNamingShapes(
        () -> Kernels.affine(new Matrix(4, 3), new Matrix(2, 3), new Matrix(1, 2), new Matrix(2, 4)), "[4, 2]", "[2, 4]");
  }

  @Test
  void addRowVectorAddsTheVectorToEveryRow() {
    Random random = new Random(5);
    for (int[] s : shapes()) {
      Matrix m = random(s[0], s[1], random);
      Matrix v = random(1, s[1], random);
      double[][] expected = m.toArray();
      for (double[] row : expected) {
        for (int c = 0; c < row.length; c++) {
          row[c] += v.get(0, c);
        }
      }
      Kernels.addRowVector(m, v);
      assertClose(m, expected, 0.0, "m + v for " + m.shape());
    }
  }

  @Test
  void addRowVectorRejectsAVectorOfTheWrongShapeNamingBothShapes() {
    assertRejectsNamingShapes(() -> Kernels.addRowVector(new Matrix(3, 4), new Matrix(1, 5)), "[1, 4]", "[1, 5]");
    assertRejectsNamingShapes(() -> Kernels.addRowVector(new Matrix(3, 4), new Matrix(2, 4)), "[1, 4]", "[2, 4]");
  }

  @Test
  void columnSumsMatchNaiveSums() {
    Random random = new Random(6);
    for (int[] s : shapes()) {
      Matrix a = random(s[0], s[1], random);
      Matrix out = nan(1, s[1]);
      Kernels.columnSums(a, out);
      double[][] expected = new double[1][s[1]];
      for (int c = 0; c < s[1]; c++) {
        for (int r = 0; r < s[0]; r++) {
          expected[0][c] += a.get(r, c);
        }
      }
      assertClose(out, expected, SUM_TOLERANCE, "column sums of " + a.shape());
    }
  }

  @Test
  void columnSumsOfNoRowsAreZero() {
    Matrix out = nan(1, 3);
    Kernels.columnSums(new Matrix(0, 3), out);
    assertThat(out.data()).containsExactly(0.0, 0.0, 0.0);
  }

  @Test
  void columnSumsRejectAWrongOutputShapeNamingBothShapes() {
    assertRejectsNamingShapes(() -> Kernels.columnSums(new Matrix(3, 4), new Matrix(1, 3)), "[1, 4]", "[1, 3]");
    assertRejectsNamingShapes(() -> Kernels.columnSums(new Matrix(3, 4), new Matrix(4, 1)), "[1, 4]", "[4, 1]");
  }

  // ------------------------------------------------------------------ elementwise

  @Test
  void mapAppliesTheFunctionToEveryElement() {
    Random random = new Random(7);
    DoubleUnaryOperator f = x -> Math.sin(x) * 3 + x * x;
    for (int[] s : shapes()) {
      Matrix a = random(s[0], s[1], random);
      Matrix out = nan(s[0], s[1]);
      Kernels.map(a, f, out);
      double[][] expected = a.toArray();
      for (double[] row : expected) {
        for (int c = 0; c < row.length; c++) {
          row[c] = f.applyAsDouble(row[c]);
        }
      }
      assertClose(out, expected, 0.0, "f(a) for " + a.shape());
    }
  }

  @Test
  void mapMayWriteIntoItsInput() {
    Matrix a = Matrix.rowVector(-1, 0, 2);
    Kernels.map(a, x -> 2 * x + 1, a);
    assertThat(a.data()).containsExactly(-1.0, 1.0, 5.0);
  }

  @Test
  void mapRejectsAWrongOutputShapeNamingBothShapes() {
    assertRejectsNamingShapes(() -> Kernels.map(new Matrix(2, 3), x -> x, new Matrix(3, 2)), "[2, 3]", "[3, 2]");
  }

  @Test
  void chainElementwiseMultipliesTheGradientByTheDerivative() {
    Random random = new Random(8);
    DoubleBinaryOperator derivative = (x, y) -> x * y + 0.5;
    for (int[] s : shapes()) {
      Matrix x = random(s[0], s[1], random);
      Matrix y = random(s[0], s[1], random);
      Matrix gradOut = random(s[0], s[1], random);
      Matrix gradIn = nan(s[0], s[1]);
      Kernels.chainElementwise(x, y, gradOut, derivative, gradIn);
      double[][] expected = new double[s[0]][s[1]];
      for (int r = 0; r < s[0]; r++) {
        for (int c = 0; c < s[1]; c++) {
          expected[r][c] = gradOut.get(r, c) * derivative.applyAsDouble(x.get(r, c), y.get(r, c));
        }
      }
      assertClose(gradIn, expected, 0.0, "gradOut ⊙ f'(x) for " + x.shape());
    }
  }

  @Test
  void chainElementwiseMayWriteIntoTheOutputGradient() {
    Matrix x = Matrix.rowVector(1, 2, 3);
    Matrix gradient = Matrix.rowVector(10, 20, 30);
    Kernels.chainElementwise(x, x, gradient, (xi, yi) -> xi, gradient);
    assertThat(gradient.data()).containsExactly(10.0, 40.0, 90.0);
  }

  @Test
  void chainElementwiseRejectsMismatchedShapesNamingBothShapes() {
    DoubleBinaryOperator one = (x, y) -> 1.0;
    assertRejectsNamingShapes(
        () -> Kernels.chainElementwise(new Matrix(2, 3), new Matrix(3, 2), new Matrix(2, 3), one, new Matrix(2, 3)),
        "[2, 3]",
        "[3, 2]");
    assertRejectsNamingShapes(
        () -> Kernels.chainElementwise(new Matrix(2, 3), new Matrix(2, 3), new Matrix(1, 3), one, new Matrix(2, 3)),
        "[2, 3]",
        "[1, 3]");
    assertRejectsNamingShapes(
        () -> Kernels.chainElementwise(new Matrix(2, 3), new Matrix(2, 3), new Matrix(2, 3), one, new Matrix(2, 4)),
        "[2, 3]",
        "[2, 4]");
  }

  @Test
  void subtractMatchesElementwiseDifference() {
    Random random = new Random(9);
    for (int[] s : shapes()) {
      Matrix a = random(s[0], s[1], random);
      Matrix b = random(s[0], s[1], random);
      Matrix out = nan(s[0], s[1]);
      Kernels.subtract(a, b, out);
      double[][] expected = new double[s[0]][s[1]];
      for (int r = 0; r < s[0]; r++) {
        for (int c = 0; c < s[1]; c++) {
          expected[r][c] = a.get(r, c) - b.get(r, c);
        }
      }
      assertClose(out, expected, 0.0, "a - b for " + a.shape());
    }
  }

  @Test
  void subtractMayWriteIntoEitherOperand() {
    Matrix a = Matrix.rowVector(5, 7);
    Matrix b = Matrix.rowVector(1, 2);
    Kernels.subtract(a, b, a);
    assertThat(a.data()).containsExactly(4.0, 5.0);
    Kernels.subtract(a, b, b);
    assertThat(b.data()).containsExactly(3.0, 3.0);
  }

  @Test
  void subtractRejectsMismatchedShapesNamingBothShapes() {
    assertRejectsNamingShapes(() -> Kernels.subtract(new Matrix(2, 3), new Matrix(3, 2), new Matrix(2, 3)), "[2, 3]", "[3, 2]");
    assertRejectsNamingShapes(() -> Kernels.subtract(new Matrix(2, 3), new Matrix(2, 3), new Matrix(2, 1)), "[2, 3]", "[2, 1]");
  }

  @Test
  void scaleMultipliesEveryElement() {
    Random random = new Random(10);
    for (int[] s : shapes()) {
      Matrix m = random(s[0], s[1], random);
      double factor = random.nextGaussian();
      double[][] expected = m.toArray();
      for (double[] row : expected) {
        for (int c = 0; c < row.length; c++) {
          row[c] *= factor;
        }
      }
      Kernels.scale(m, factor);
      assertClose(m, expected, 0.0, "m * factor for " + m.shape());
    }
  }

  @Test
  void addScaledIsAxpy() {
    Random random = new Random(13);
    for (int[] s : shapes()) {
      Matrix target = random(s[0], s[1], random);
      Matrix x = random(s[0], s[1], random);
      double alpha = random.nextGaussian();
      double[][] expected = new double[s[0]][s[1]];
      for (int r = 0; r < s[0]; r++) {
        for (int c = 0; c < s[1]; c++) {
          expected[r][c] = target.get(r, c) + alpha * x.get(r, c);
        }
      }
      Kernels.addScaled(target, alpha, x);
      assertClose(target, expected, 0.0, "target + alpha * x for " + x.shape());
    }
  }

  @Test
  void addScaledRejectsMismatchedShapesNamingBothShapes() {
    assertRejectsNamingShapes(() -> Kernels.addScaled(new Matrix(2, 3), 1.0, new Matrix(3, 3)), "[2, 3]", "[3, 3]");
  }

  @Test
  void sumOfSquaredDifferencesMatchesNaiveSum() {
    Random random = new Random(14);
    for (int[] s : shapes()) {
      Matrix a = random(s[0], s[1], random);
      Matrix b = random(s[0], s[1], random);
      double expected = 0.0;
      for (int r = 0; r < s[0]; r++) {
        for (int c = 0; c < s[1]; c++) {
          double d = a.get(r, c) - b.get(r, c);
          expected += d * d;
        }
      }
      assertThat(Kernels.sumOfSquaredDifferences(a, b)).as("Σ(a - b)² for %s", a.shape()).isCloseTo(expected, within(SUM_TOLERANCE));
    }
  }

  @Test
  void sumOfSquaredDifferencesOfTheTutorialsExampleIsTwo() {
    assertThat(Kernels.sumOfSquaredDifferences(Matrix.columnVector(1, 0, 0, 1), Matrix.columnVector(0, 0, 0, 0))).isEqualTo(2.0);
  }

  @Test
  void sumOfSquaredDifferencesRejectsMismatchedShapesNamingBothShapes() {
    assertRejectsNamingShapes(() -> Kernels.sumOfSquaredDifferences(new Matrix(4, 1), new Matrix(1, 4)), "[4, 1]", "[1, 4]");
  }

  // ------------------------------------------------------------------ gather

  @Test
  void gatherRowsCopiesTheIndexedRowsInOrder() {
    Random random = new Random(15);
    for (int[] s : shapes()) {
      int rows = s[0];
      int cols = s[1];
      if (rows == 0) {
        continue;
      }
      Matrix source = random(rows, cols, random);
      int[] indices = new int[rows + 3];
      for (int i = 0; i < indices.length; i++) {
        indices[i] = random.nextInt(rows);
      }
      int from = random.nextInt(4);
      int count = random.nextInt(indices.length - from + 1);
      Matrix out = nan(count, cols);
      Kernels.gatherRows(source, indices, from, out);
      double[][] expected = new double[count][];
      for (int r = 0; r < count; r++) {
        expected[r] = source.row(indices[from + r]);
      }
      assertClose(out, expected, 0.0, "gathered rows of " + source.shape());
    }
  }

  @Test
  void gatherRowsIntoNoRowsDoesNothing() {
    Matrix out = new Matrix(0, 3);
    Kernels.gatherRows(new Matrix(2, 3), new int[] {1, 0}, 2, out);
    assertThat(out.size()).isZero();
  }

  @Test
  void gatherRowsRejectsAnOutputOfAnotherWidthNamingBothWidths() {
    assertThatThrownBy(() -> Kernels.gatherRows(new Matrix(5, 3), new int[] {0, 1}, 0, new Matrix(2, 4)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContainingAll("3", "4");
  }

  @Test
  void gatherRowsRejectsAnOutputOfAnotherWidthNamingBothShapes() {
    assertRejectsNamingShapes(
        () -> Kernels.gatherRows(new Matrix(5, 3), new int[] {0, 1}, 0, new Matrix(2, 4)), "[5, 3]", "[2, 4]");
  }

  // ------------------------------------------------------------------ softmax

  @Test
  void softmaxRowsMatchesNaiveExpOverSumOfExps() {
    Random random = new Random(16);
    for (int[] s : shapes()) {
      Matrix z = random(s[0], s[1], random);
      Kernels.scale(z, 3.0);
      Matrix out = nan(s[0], s[1]);
      Kernels.softmaxRows(z, out);
      double[][] expected = new double[s[0]][s[1]];
      for (int r = 0; r < s[0]; r++) {
        double sum = 0.0;
        for (int c = 0; c < s[1]; c++) {
          sum += Math.exp(z.get(r, c));
        }
        for (int c = 0; c < s[1]; c++) {
          expected[r][c] = Math.exp(z.get(r, c)) / sum;
        }
      }
      assertClose(out, expected, 1e-15, "softmax of " + z.shape());
    }
  }

  @Test
  void softmaxRowsSumToOne() {
    Random random = new Random(17);
    for (int[] s : shapes()) {
      if (s[1] == 0) {
        continue;
      }
      Matrix z = random(s[0], s[1], random);
      Kernels.scale(z, 10.0);
      Matrix out = nan(s[0], s[1]);
      Kernels.softmaxRows(z, out);
      for (int r = 0; r < s[0]; r++) {
        double sum = 0.0;
        for (double p : out.row(r)) {
          assertThat(p).isBetween(0.0, 1.0);
          sum += p;
        }
        assertThat(sum).as("row %s of softmax of %s", r, z.shape()).isCloseTo(1.0, within(1e-14));
      }
    }
  }

  @Test
  void softmaxRowsOfHugeLogitsHasNoNaN() {
    Matrix z =
        Matrix.of(
            new double[][] {
              {1000, -1000, 0}, {-1000, -1000, -1000}, {1000, 1000, 1000}, {1000, 999, -1000}, {-1000, -999, -1000}
            });
    Matrix out = nan(5, 3);
    Kernels.softmaxRows(z, out);
    assertThat(out.isFinite()).isTrue();
    assertThat(out.row(0)).containsExactly(1.0, 0.0, 0.0);
    assertThat(out.row(1)).containsExactly(1.0 / 3, 1.0 / 3, 1.0 / 3);
    assertThat(out.row(2)).containsExactly(1.0 / 3, 1.0 / 3, 1.0 / 3);
    double e = Math.exp(-1);
    assertThat(out.row(3)).containsExactly(new double[] {1 / (1 + e), e / (1 + e), 0.0}, within(1e-16));
    assertThat(out.row(4)).containsExactly(new double[] {e / (1 + 2 * e), 1 / (1 + 2 * e), e / (1 + 2 * e)}, within(1e-16));
  }

  @Test
  void softmaxRowsMayWriteIntoItsInput() {
    Matrix z = Matrix.rowVector(0, Math.log(3));
    Kernels.softmaxRows(z, z);
    assertThat(z.data()).containsExactly(new double[] {0.25, 0.75}, within(1e-16));
  }

  @Test
  void softmaxRowsRejectsAWrongOutputShapeNamingBothShapes() {
    assertRejectsNamingShapes(() -> Kernels.softmaxRows(new Matrix(2, 3), new Matrix(2, 2)), "[2, 3]", "[2, 2]");
  }

  @Test
  void softmaxRowsBackwardMatchesTheJacobianProduct() {
    Random random = new Random(18);
    for (int[] s : shapes()) {
      int rows = s[0];
      int cols = s[1];
      Matrix a = nan(rows, cols);
      Kernels.softmaxRows(random(rows, cols, random), a);
      Matrix gradOut = random(rows, cols, random);
      Matrix gradIn = nan(rows, cols);
      Kernels.softmaxRowsBackward(a, gradOut, gradIn);
      // dL/dz_c = Σ_k dL/da_k · da_k/dz_c, with da_k/dz_c = a_k (δ_kc − a_c)
      double[][] expected = new double[rows][cols];
      for (int r = 0; r < rows; r++) {
        for (int c = 0; c < cols; c++) {
          double sum = 0.0;
          for (int k = 0; k < cols; k++) {
            double jacobian = a.get(r, k) * ((k == c ? 1.0 : 0.0) - a.get(r, c));
            sum += gradOut.get(r, k) * jacobian;
          }
          expected[r][c] = sum;
        }
      }
      assertClose(gradIn, expected, SUM_TOLERANCE, "softmax backward for " + a.shape());
    }
  }

  @Test
  void softmaxRowsBackwardMatchesFiniteDifferencesOfSoftmax() {
    Random random = new Random(19);
    int cols = 5;
    Matrix z = random(1, cols, random);
    Matrix weights = random(1, cols, random); // L = Σ_k weights_k · softmax(z)_k, so dL/da = weights
    Matrix a = new Matrix(1, cols);
    Kernels.softmaxRows(z, a);
    Matrix gradIn = new Matrix(1, cols);
    Kernels.softmaxRowsBackward(a, weights, gradIn);
    double h = 1e-6;
    for (int c = 0; c < cols; c++) {
      Matrix plus = z.copy();
      plus.set(0, c, z.get(0, c) + h);
      Matrix minus = z.copy();
      minus.set(0, c, z.get(0, c) - h);
      Matrix aPlus = new Matrix(1, cols);
      Matrix aMinus = new Matrix(1, cols);
      Kernels.softmaxRows(plus, aPlus);
      Kernels.softmaxRows(minus, aMinus);
      double numeric = 0.0;
      for (int k = 0; k < cols; k++) {
        numeric += weights.get(0, k) * (aPlus.get(0, k) - aMinus.get(0, k)) / (2 * h);
      }
      assertThat(gradIn.get(0, c)).as("dL/dz_%s", c).isCloseTo(numeric, within(1e-8));
    }
  }

  @Test
  void softmaxRowsBackwardMayWriteIntoTheOutputGradient() {
    Matrix a = Matrix.rowVector(0.25, 0.75);
    Matrix gradient = Matrix.rowVector(1, 0);
    Kernels.softmaxRowsBackward(a, gradient, gradient);
    // dot = 0.25; gradIn = [0.25 (1 − 0.25), 0.75 (0 − 0.25)]
    assertThat(gradient.data()).containsExactly(0.1875, -0.1875);
  }

  @Test
  void softmaxRowsBackwardRejectsMismatchedShapesNamingBothShapes() {
    assertRejectsNamingShapes(
        () -> Kernels.softmaxRowsBackward(new Matrix(2, 3), new Matrix(3, 2), new Matrix(2, 3)), "[2, 3]", "[3, 2]");
    assertRejectsNamingShapes(
        () -> Kernels.softmaxRowsBackward(new Matrix(2, 3), new Matrix(2, 3), new Matrix(1, 3)), "[2, 3]", "[1, 3]");
  }

  @Test
  void aBackendWrittenBeforeAccumulationStillAccumulatesCorrectly() {
    // Only the overwriting product, as third-party backends had it: the default adds its result.
    ComputeBackend old =
        new ComputeBackend() {
          @Override
          public String name() {
            return "old";
          }

          @Override
          public void gemm(boolean transposeA, boolean transposeB, int m, int n, int k, double[] a, double[] b, double[] c) {
            new NaiveBackend().gemm(transposeA, transposeB, m, n, k, a, b, c);
          }
        };
    double[] a = {1, 2, 3, 4, 5, 6};
    double[] b = {1, 0, -1, 2, 0.5, 3};
    double[] c = {10, 20, 30, 40};
    old.gemm(true, false, 2, 2, 3, a, b, c, true);
    double[] product = new double[4];
    new NaiveBackend().gemm(true, false, 2, 2, 3, a, b, product);
    org.assertj.core.api.Assertions.assertThat(c)
        .containsExactly(10 + product[0], 20 + product[1], 30 + product[2], 40 + product[3]);
  }
}
