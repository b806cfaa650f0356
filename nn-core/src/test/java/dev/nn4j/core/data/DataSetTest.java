package dev.nn4j.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nn4j.core.math.Matrix;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DataSetTest {
  /** Sample {@code i} has features {@code (i, 10 i)} and label {@code i}, so pairs can be checked. */
  private static DataSet numbered(int n) {
    double[][] x = new double[n][];
    double[][] y = new double[n][];
    for (int i = 0; i < n; i++) {
      x[i] = new double[] {i, 10 * i};
      y[i] = new double[] {i};
    }
    return DataSet.of(x, y);
  }

  /** The label of each sample, in order. */
  private static int[] ids(DataSet data) {
    return Arrays.stream(data.labels().data()).mapToInt(v -> (int) v).toArray();
  }

  private static void assertPairsIntact(DataSet data) {
    for (int i = 0; i < data.size(); i++) {
      double id = data.labels().get(i, 0);
      assertThat(data.features().row(i)).containsExactly(id, 10 * id);
    }
  }

  @Test
  void ofCopiesTheMatricesSoLaterWritesDoNotShow() {
    Matrix x = Matrix.of(new double[][] {{1, 2}, {3, 4}});
    Matrix y = Matrix.columnVector(0, 1);
    DataSet data = DataSet.of(x, y);

    x.set(0, 0, 99);
    y.set(1, 0, 99);

    assertThat(data.size()).isEqualTo(2);
    assertThat(data.features().toArray()).isEqualTo(new double[][] {{1, 2}, {3, 4}});
    assertThat(data.labels().toArray()).isEqualTo(new double[][] {{0}, {1}});
  }

  @Test
  void wrapKeepsTheGivenMatricesWithoutCopying() {
    Matrix x = new Matrix(3, 2);
    Matrix y = new Matrix(3, 1);

    DataSet data = DataSet.wrap(x, y);

    assertThat(data.features()).isSameAs(x);
    assertThat(data.labels()).isSameAs(y);
  }

  @Test
  void rejectsDifferentCountsNamingBoth() {
    assertThatThrownBy(() -> DataSet.of(new Matrix(5, 2), new Matrix(4, 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("5 feature rows")
        .hasMessageContaining("4 label rows");
  }

  @Test
  void ofClassesOneHotEncodesAndKeepsTheNames() {
    DataSet data =
        DataSet.ofClasses(Matrix.columnVector(0.5, 1.5, 2.5), new int[] {1, 0, 1}, List.of("cat", "dog"));

    assertThat(data.labels().toArray()).isEqualTo(new double[][] {{0, 1}, {1, 0}, {0, 1}});
    assertThat(data.classNames()).containsExactly("cat", "dog");
  }

  @Test
  void ofClassesFromArraysOneHotEncodesWithoutNames() {
    DataSet data = DataSet.ofClasses(new double[][] {{0.5}, {1.5}, {2.5}}, new int[] {2, 0, 1}, 3);

    assertThat(data.features().toArray()).isEqualTo(new double[][] {{0.5}, {1.5}, {2.5}});
    assertThat(data.labels().toArray()).isEqualTo(new double[][] {{0, 0, 1}, {1, 0, 0}, {0, 1, 0}});
    assertThat(data.classNames()).isEmpty();
    assertThatThrownBy(() -> DataSet.ofClasses(new double[][] {{0.5}, {1.5}}, new int[] {0}, 2))
        .hasMessage("Expected as many labels as samples: 2 feature rows but 1 label rows");
    assertThatThrownBy(() -> DataSet.ofClasses(new double[][] {{0.5}}, new int[] {3}, 3))
        .hasMessageStartingWith("Label 3 at row 0 is outside [0, 3)");
  }

  @Test
  void rejectsClassNamesThatDoNotMatchTheLabelColumns() {
    assertThatThrownBy(() -> DataSet.wrap(new Matrix(2, 1), new Matrix(2, 3), List.of("a", "b")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("one class name per label column (3)")
        .hasMessageContaining("got 2 names");
  }

  @Test
  void shuffleWithASeedGivesTheSameOrderEveryTime() {
    DataSet data = numbered(6);

    DataSet first = data.shuffled(42);

    assertThat(ids(first)).containsExactly(1, 0, 4, 5, 3, 2);
    assertThat(data.shuffled(42)).isEqualTo(first);
    assertThat(data.shuffled(new Random(42))).isEqualTo(first);
    assertThat(ids(data.shuffled(7))).containsExactly(3, 0, 1, 2, 5, 4);
    assertPairsIntact(first);
    assertThat(ids(data)).containsExactly(0, 1, 2, 3, 4, 5);
  }

  @Test
  void shuffleKeepsClassNames() {
    DataSet data =
        DataSet.ofClasses(new Matrix(4, 1), new int[] {0, 1, 0, 1}, List.of("no", "yes"));

    assertThat(data.shuffled(1).classNames()).containsExactly("no", "yes");
  }

  @Test
  void splitShufflesThenCutsAtTheRoundedFraction() {
    DataSet data = numbered(10);

    Split split = data.split(0.8, 42);

    // The order of new Random(42) over 10 samples is 4 6 2 1 7 9 8 5 3 0.
    assertThat(ids(split.train())).containsExactly(4, 6, 2, 1, 7, 9, 8, 5);
    assertThat(ids(split.validation())).containsExactly(3, 0);
    assertThat(split.train()).isEqualTo(data.shuffled(42).head(8));
    assertThat(data.split(0.8, 42)).isEqualTo(split);
    assertPairsIntact(split.train());
    assertPairsIntact(split.validation());
  }

  @Test
  void splitPartsAreDisjointAndCoverEverySample() {
    DataSet data = numbered(150);

    Split split = data.split(0.7, 3);

    assertThat(split.train().size()).isEqualTo(105);
    assertThat(split.validation().size()).isEqualTo(45);
    List<Integer> all = new ArrayList<>();
    Arrays.stream(ids(split.train())).forEach(all::add);
    Arrays.stream(ids(split.validation())).forEach(all::add);
    assertThat(all).doesNotHaveDuplicates().hasSize(150).allMatch(i -> i >= 0 && i < 150);
  }

  @Test
  void splitRejectsFractionsThatLeaveAPartEmpty() {
    DataSet data = numbered(4);

    assertThatThrownBy(() -> data.split(1.0, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("strictly between 0 and 1, got 1.0");
    assertThatThrownBy(() -> data.split(0.9, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("0.9 of 4 samples gives 4 training and 0 validation");
  }

  @Test
  void batchesCoverTheSamplesInOrderWithASmallerLastBatch() {
    DataSet data = numbered(10);

    List<int[]> batches = new ArrayList<>();
    for (DataSet batch : data.batches(4)) {
      assertPairsIntact(batch);
      batches.add(ids(batch));
    }

    assertThat(batches)
        .containsExactly(new int[] {0, 1, 2, 3}, new int[] {4, 5, 6, 7}, new int[] {8, 9});
    assertThat(data.batchCount(4)).isEqualTo(3);
    assertThat(data.batchCount(5)).isEqualTo(2);
    assertThat(data.batches(10)).containsExactly(data);
  }

  @Test
  void batchesCanBeIteratedAgain() {
    Iterable<DataSet> batches = numbered(5).batches(2);

    int first = 0;
    for (DataSet b : batches) {
      first += b.size();
    }
    int second = 0;
    for (DataSet b : batches) {
      second += b.size();
    }

    assertThat(first).isEqualTo(5);
    assertThat(second).isEqualTo(5);
  }

  @Test
  void rejectsABatchSizeBelowOne() {
    assertThatThrownBy(() -> numbered(3).batches(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 1, got 0");
  }

  @Test
  void sliceAndHeadCopyTheRequestedRows() {
    DataSet data = numbered(6);

    assertThat(ids(data.slice(2, 5))).containsExactly(2, 3, 4);
    assertThat(data.slice(3, 3).size()).isZero();
    assertThat(ids(data.head(2))).containsExactly(0, 1);
    assertThat(data.head(100)).isEqualTo(data);
    assertThat(data.slice(1, 2).features()).isNotSameAs(data.features());
  }

  @Test
  void sliceRejectsBoundsOutsideTheData() {
    DataSet data = numbered(6);

    assertThatThrownBy(() -> data.slice(4, 7))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("to <= 6")
        .hasMessageContaining("from=4, to=7");
    assertThatThrownBy(() -> data.slice(3, 2)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> data.head(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("got -1");
  }

  @Test
  void toStringGivesSizesNotValues() {
    DataSet data =
        DataSet.ofClasses(new Matrix(3, 4), new int[] {0, 1, 2}, List.of("a", "b", "c"));

    assertThat(data.toString())
        .isEqualTo(
            "DataSet{samples=3, features=4, sampleShape=[4], labelColumns=3, classNames=[a, b, c]}");
    assertThat(data.withSampleShape(1, 2, 2).toString()).contains("sampleShape=[1, 2, 2]");
  }

  // ---------------------------------------------------------------- sample shape

  /** Six samples of 12 features, {@code x[i][j] = 100 i + j}, read as images of 3 x 2 x 2. */
  private static DataSet images() {
    double[][] x = new double[6][12];
    double[][] y = new double[6][1];
    for (int i = 0; i < 6; i++) {
      for (int j = 0; j < 12; j++) {
        x[i][j] = 100 * i + j;
      }
      y[i][0] = i;
    }
    return DataSet.of(x, y).withSampleShape(3, 2, 2);
  }

  @Test
  void everyFactoryGivesTheShapeOfAFeatureVector() {
    assertThat(numbered(3).sampleShape()).containsExactly(2);
    assertThat(DataSet.wrap(new Matrix(2, 5), new Matrix(2, 1)).sampleShape()).containsExactly(5);
    assertThat(DataSet.ofClasses(new Matrix(2, 7), new int[] {0, 1}, List.of("a", "b")).sampleShape())
        .containsExactly(7);
  }

  @Test
  void withSampleShapeAttachesAShapeOfTheFeatureWidthAndSharesTheMatrices() {
    DataSet flat = images().withSampleShape(12);
    DataSet shaped = flat.withSampleShape(3, 2, 2);

    assertThat(shaped.sampleShape()).containsExactly(3, 2, 2);
    assertThat(flat.sampleShape()).containsExactly(12);
    assertThat(shaped.features()).isSameAs(flat.features());
    assertThat(shaped.labels()).isSameAs(flat.labels());
    shaped.sampleShape()[0] = 99;
    assertThat(shaped.sampleShape()).containsExactly(3, 2, 2);
  }

  @Test
  void withSampleShapeRefusesAShapeOfAnotherSizeNamingBoth() {
    DataSet data = images();

    assertThatThrownBy(() -> data.withSampleShape(3, 32, 32))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Expected a sample shape of 12 values, the feature columns of this data set, got [3, 32, 32]"
                + " (3072 values)");
    assertThatThrownBy(() -> data.withSampleShape(3, 0, 4))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Expected positive sizes in a sample shape, got [3, 0, 4]");
    assertThatThrownBy(() -> data.withSampleShape())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least one size");
    assertThatThrownBy(() -> data.withSampleShape(65536, 65536, 65536))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("(more than 2^32 values)");
  }

  @Test
  void shuffleSplitSliceBatchesAndHeadKeepTheSampleShape() {
    DataSet data = images();

    assertThat(data.shuffled(3).sampleShape()).containsExactly(3, 2, 2);
    Split split = data.split(0.5, 3);
    assertThat(split.train().sampleShape()).containsExactly(3, 2, 2);
    assertThat(split.validation().sampleShape()).containsExactly(3, 2, 2);
    assertThat(data.slice(1, 3).sampleShape()).containsExactly(3, 2, 2);
    assertThat(data.head(2).sampleShape()).containsExactly(3, 2, 2);
    for (DataSet batch : data.batches(4)) {
      assertThat(batch.sampleShape()).containsExactly(3, 2, 2);
    }
    assertThat(data.slice(2, 3).features().row(0)).containsExactly(
        200, 201, 202, 203, 204, 205, 206, 207, 208, 209, 210, 211);
  }

  @Test
  void standardizingKeepsTheSampleShape() {
    DataSet data = images();

    assertThat(Standardizer.fit(data.features()).apply(data).sampleShape()).containsExactly(3, 2, 2);
  }

  @Test
  void theSampleShapeTakesPartInEqualityAndHashCode() {
    DataSet shaped = images();
    DataSet flat = shaped.withSampleShape(12);
    DataSet other = shaped.withSampleShape(3, 4, 1);

    assertThat(shaped).isNotEqualTo(flat).isNotEqualTo(other);
    assertThat(shaped).isEqualTo(images()).hasSameHashCodeAs(images());
    assertThat(flat.withSampleShape(3, 2, 2)).isEqualTo(shaped);
    assertThat(shaped.hashCode()).isNotEqualTo(flat.hashCode());
  }
}
