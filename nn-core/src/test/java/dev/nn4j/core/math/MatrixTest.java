package dev.nn4j.core.math;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Construction, copying, element access and equality of {@link Matrix}, and its errors. */
class MatrixTest {

  @Test
  void newMatrixIsZeroOfTheGivenShape() {
    Matrix m = new Matrix(2, 3);
    assertThat(m.rows()).isEqualTo(2);
    assertThat(m.cols()).isEqualTo(3);
    assertThat(m.size()).isEqualTo(6);
    assertThat(m.shape()).isEqualTo("[2, 3]");
    assertThat(m.data()).containsExactly(0, 0, 0, 0, 0, 0);
  }

  @Test
  void emptyShapesAreAllowed() {
    assertThat(new Matrix(0, 3).size()).isZero();
    assertThat(new Matrix(3, 0).toArray()).isEqualTo(new double[][] {{}, {}, {}});
    assertThat(new Matrix(0, 0).toArray()).isEmpty();
  }

  @Test
  void negativeShapeIsRejectedNamingTheShape() {
    assertThatThrownBy(() -> new Matrix(-1, 2)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[-1, 2]");
    assertThatThrownBy(() -> new Matrix(2, -3)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[2, -3]");
  }

  @Test
  void shapeWithMoreElementsThanAnArrayHoldsIsRejectedNamingTheShape() {
    assertThatThrownBy(() -> new Matrix(65536, 65536))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[65536, 65536]");
  }

  @Test
  void elementsAreRowMajor() {
    Matrix m = Matrix.of(new double[][] {{1, 2, 3}, {4, 5, 6}});
    assertThat(m.data()).containsExactly(1, 2, 3, 4, 5, 6);
    assertThat(m.get(1, 0)).isEqualTo(4.0);
    m.set(0, 2, 9.5);
    assertThat(m.data()[2]).isEqualTo(9.5);
  }

  @Test
  void wrapSharesTheArray() {
    double[] data = {1, 2, 3, 4, 5, 6};
    Matrix m = Matrix.wrap(3, 2, data);
    assertThat(m.get(2, 1)).isEqualTo(6.0);
    data[0] = 42;
    assertThat(m.get(0, 0)).isEqualTo(42.0);
    assertThat(m.data()).isSameAs(data);
  }

  @Test
  void wrapOfTheWrongLengthNamesTheShapeAndBothSizes() {
    assertThatThrownBy(() -> Matrix.wrap(2, 3, new double[5]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContainingAll("6", "[2, 3]", "5");
  }

  @Test
  void wrapOfANegativeShapeIsRejected() {
    assertThatThrownBy(() -> Matrix.wrap(-2, 3, new double[0]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[-2, 3]");
  }

  @Test
  void ofCopiesTheRows() {
    double[][] values = {{1, 2}, {3, 4}};
    Matrix m = Matrix.of(values);
    values[0][0] = 99;
    assertThat(m.toArray()).isEqualTo(new double[][] {{1, 2}, {3, 4}});
  }

  @Test
  void ofRaggedRowsNamesTheRowAndBothLengths() {
    assertThatThrownBy(() -> Matrix.of(new double[][] {{1, 2, 3}, {4, 5, 6}, {7, 8}}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContainingAll("Row 2", "2 values", "expected 3");
  }

  @Test
  void ofNoRowsIsEmpty() {
    Matrix m = Matrix.of(new double[0][]);
    assertThat(m.rows()).isZero();
    assertThat(m.cols()).isZero();
  }

  @Test
  void rowAndColumnFactoriesCopyTheirValues() {
    double[] values = {1, 2, 3};
    Matrix row = Matrix.rowVector(values);
    Matrix column = Matrix.columnVector(values);
    values[1] = 99;
    assertThat(row.shape()).isEqualTo("[1, 3]");
    assertThat(row.data()).containsExactly(1, 2, 3);
    assertThat(column.shape()).isEqualTo("[3, 1]");
    assertThat(column.data()).containsExactly(1, 2, 3);
  }

  @Test
  void copyIsDeep() {
    Matrix m = Matrix.of(new double[][] {{1, 2}, {3, 4}});
    Matrix copy = m.copy();
    assertThat(copy).isEqualTo(m).isNotSameAs(m);
    copy.set(0, 0, -1);
    assertThat(m.get(0, 0)).isEqualTo(1.0);
  }

  @Test
  void copyFromCopiesEveryElement() {
    Matrix target = new Matrix(2, 2);
    Matrix source = Matrix.of(new double[][] {{1, 2}, {3, 4}});
    target.copyFrom(source);
    assertThat(target).isEqualTo(source);
    source.set(1, 1, 0);
    assertThat(target.get(1, 1)).isEqualTo(4.0);
  }

  @Test
  void copyFromAnotherShapeNamesBothShapes() {
    assertThatThrownBy(() -> new Matrix(2, 2).copyFrom(new Matrix(2, 3)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContainingAll("[2, 2]", "[2, 3]");
  }

  @Test
  void toArrayAndRowAreCopies() {
    Matrix m = Matrix.of(new double[][] {{1, 2}, {3, 4}, {5, 6}});
    double[][] array = m.toArray();
    assertThat(array).isEqualTo(new double[][] {{1, 2}, {3, 4}, {5, 6}});
    array[0][0] = 99;
    double[] row = m.row(2);
    assertThat(row).containsExactly(5, 6);
    row[0] = 99;
    assertThat(m.get(0, 0)).isEqualTo(1.0);
    assertThat(m.get(2, 0)).isEqualTo(5.0);
  }

  @Test
  void fillSetsEveryElement() {
    Matrix m = new Matrix(2, 3);
    m.fill(0.5);
    assertThat(m.data()).containsOnly(0.5);
  }

  @Test
  void equalMatricesHaveEqualShapesAndElements() {
    Matrix a = Matrix.of(new double[][] {{1, 2, 3}, {4, 5, 6}});
    Matrix b = Matrix.wrap(2, 3, new double[] {1, 2, 3, 4, 5, 6});
    assertThat(a).isEqualTo(b);
    assertThat(a.hashCode()).isEqualTo(b.hashCode());
    assertThat(a).isNotEqualTo(Matrix.wrap(3, 2, new double[] {1, 2, 3, 4, 5, 6}));
    assertThat(a).isNotEqualTo(Matrix.wrap(2, 3, new double[] {1, 2, 3, 4, 5, 7}));
    assertThat(new Matrix(0, 3)).isNotEqualTo(new Matrix(3, 0));
    assertThat(a).isNotEqualTo("Matrix[2, 3]");
  }

  @Test
  void equalityComparesLikeDoubleCompare() {
    assertThat(Matrix.rowVector(Double.NaN)).isEqualTo(Matrix.rowVector(Double.NaN));
    assertThat(Matrix.rowVector(0.0)).isNotEqualTo(Matrix.rowVector(-0.0));
  }

  @Test
  void indexOutsideTheMatrixNamesTheIndexAndTheShape() {
    Matrix m = new Matrix(2, 3);
    assertThatThrownBy(() -> m.get(2, 0)).isInstanceOf(IndexOutOfBoundsException.class).hasMessageContainingAll("(2, 0)", "[2, 3]");
    assertThatThrownBy(() -> m.get(0, 3)).isInstanceOf(IndexOutOfBoundsException.class).hasMessageContainingAll("(0, 3)", "[2, 3]");
    assertThatThrownBy(() -> m.set(-1, 0, 1.0))
        .isInstanceOf(IndexOutOfBoundsException.class)
        .hasMessageContainingAll("(-1, 0)", "[2, 3]");
    // (0, 3) would be the valid flat index 3 in row-major order: it must still be rejected
    assertThatThrownBy(() -> m.set(0, 3, 1.0)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThat(m.data()).containsOnly(0.0);
  }

  @Test
  void rowOutsideTheMatrixNamesTheRowAndTheShape() {
    Matrix m = new Matrix(2, 3);
    assertThatThrownBy(() -> m.row(2)).isInstanceOf(IllegalArgumentException.class).hasMessageContainingAll("Row 2", "[2, 3]");
    assertThatThrownBy(() -> m.row(-1)).isInstanceOf(IllegalArgumentException.class).hasMessageContainingAll("-1", "[2, 3]");
  }

  @Test
  void isFiniteDetectsNaNAndInfinity() {
    assertThat(Matrix.rowVector(1, -2, 0).isFinite()).isTrue();
    assertThat(Matrix.rowVector(1, Double.NaN).isFinite()).isFalse();
    assertThat(Matrix.rowVector(Double.NEGATIVE_INFINITY).isFinite()).isFalse();
    assertThat(new Matrix(0, 0).isFinite()).isTrue();
  }

  @Test
  void sameShapeComparesRowsAndColumns() {
    assertThat(new Matrix(2, 3).sameShape(new Matrix(2, 3))).isTrue();
    assertThat(new Matrix(2, 3).sameShape(new Matrix(3, 2))).isFalse();
  }

  @Test
  void toStringShowsShapeAndSmallContents() {
    assertThat(Matrix.of(new double[][] {{1, 2}, {3, 4}}).toString()).isEqualTo("Matrix[2, 2][[1.0, 2.0], [3.0, 4.0]]");
    assertThat(new Matrix(20, 20).toString()).isEqualTo("Matrix[20, 20]");
  }
}
