package dev.nn4j.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nn4j.core.math.Matrix;
import org.junit.jupiter.api.Test;

class OneHotTest {
  @Test
  void encodesEachLabelAsARowWithASingleOne() {
    Matrix encoded = OneHot.encode(new int[] {2, 0, 1, 2}, 3);

    assertThat(encoded.toArray())
        .isEqualTo(new double[][] {{0, 0, 1}, {1, 0, 0}, {0, 1, 0}, {0, 0, 1}});
  }

  @Test
  void decodeInvertsEncode() {
    int[] labels = {3, 1, 4, 1, 5, 0, 2, 6};

    assertThat(OneHot.decode(OneHot.encode(labels, 7))).containsExactly(labels);
  }

  @Test
  void decodeTakesTheLargestValueOfEachRowAndTheFirstOnTies() {
    Matrix probabilities =
        Matrix.of(new double[][] {{0.1, 0.7, 0.2}, {0.5, 0.2, 0.3}, {0.4, 0.2, 0.4}, {0.2, 0.3, 0.5}});

    assertThat(OneHot.decode(probabilities)).containsExactly(1, 0, 0, 2);
  }

  @Test
  void decodeNeverPicksNanOverANumber() {
    Matrix withNan = Matrix.of(new double[][] {{Double.NaN, 0.1, 0.05}, {0.3, Double.NaN, 0.6}});

    assertThat(OneHot.decode(withNan)).containsExactly(1, 2);
  }

  @Test
  void rejectsALabelOutsideTheClassesNamingLabelRowAndClassCount() {
    assertThatThrownBy(() -> OneHot.encode(new int[] {0, 1, 5, 2}, 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Label 5")
        .hasMessageContaining("row 2")
        .hasMessageContaining("class count 3");
    assertThatThrownBy(() -> OneHot.encode(new int[] {-1}, 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Label -1 at row 0");
  }

  @Test
  void rejectsFewerThanOneClassAndDecodingNoColumns() {
    assertThatThrownBy(() -> OneHot.encode(new int[] {0}, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("classes=0");
    assertThatThrownBy(() -> OneHot.decode(new Matrix(2, 0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[2, 0]");
  }

  @Test
  void targetsAreOneHotForSeveralOutputsAndTheLabelItselfForOne() {
    assertThat(OneHot.targets(new int[] {2, 0}, 3).toArray()).isEqualTo(new double[][] {{0, 0, 1}, {1, 0, 0}});
    assertThat(OneHot.targets(new int[] {1, 0, 1}, 1).toArray()).isEqualTo(new double[][] {{1}, {0}, {1}});
    assertThatThrownBy(() -> OneHot.targets(new int[] {0, 1, 2}, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Label 2 at row 2 is not a class of a classifier with one output: expected 0 or 1");
    assertThatThrownBy(() -> OneHot.targets(new int[] {-1}, 1)).hasMessageStartingWith("Label -1 at row 0");
    assertThatThrownBy(() -> OneHot.targets(new int[] {0, 4}, 4))
        .hasMessage("Label 4 at row 1 is not a class of a classifier with 4 outputs: expected 0 to 3, one class per output");
    assertThatThrownBy(() -> OneHot.targets(new int[] {0}, 0)).hasMessage("Expected at least 1 output, got outputs=0");
  }
}
