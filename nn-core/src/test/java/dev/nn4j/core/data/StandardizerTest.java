package dev.nn4j.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.nn4j.core.math.Matrix;
import java.util.List;
import org.junit.jupiter.api.Test;

class StandardizerTest {
  private static final Matrix TRAIN =
      Matrix.of(new double[][] {{1, 10, 5}, {2, 20, 5}, {3, 30, 5}, {6, 60, 5}});

  @Test
  void fitsPerColumnMeanAndPopulationStd() {
    Standardizer s = Standardizer.fit(TRAIN);

    // Column 0: mean 3, deviations -2 -1 0 3, population variance 14 / 4 = 3.5.
    assertThat(s.mean()).containsExactly(3, 30, 5);
    assertThat(s.std()[0]).isCloseTo(Math.sqrt(3.5), within(1e-15));
    assertThat(s.std()[1]).isCloseTo(10 * Math.sqrt(3.5), within(1e-13));
    assertThat(s.featureCount()).isEqualTo(3);
  }

  @Test
  void constantColumnsKeepStdOneAndBecomeZero() {
    Standardizer s = Standardizer.fit(Matrix.of(new double[][] {{0.1, 1}, {0.1, 2}, {0.1, 3}}));

    assertThat(s.std()[0]).isEqualTo(1.0);
    assertThat(s.mean()[0]).isEqualTo(0.1);
    Matrix out = s.apply(Matrix.of(new double[][] {{0.1, 2}, {0.6, 2}}));
    assertThat(out.get(0, 0)).isZero();
    assertThat(out.get(1, 0)).isCloseTo(0.5, within(1e-15));
    assertThat(out.isFinite()).isTrue();
  }

  @Test
  void applyGivesMeanZeroAndStdOneOnTheTrainingDataWithoutChangingIt() {
    Matrix copy = TRAIN.copy();
    Standardizer s = Standardizer.fit(TRAIN);

    Matrix out = s.apply(TRAIN);

    assertThat(TRAIN).isEqualTo(copy);
    double r = Math.sqrt(3.5);
    assertThat(out.get(0, 0)).isCloseTo(-2 / r, within(1e-15));
    assertThat(out.get(3, 1)).isCloseTo(3 / r, within(1e-15));
    assertThat(out.get(2, 2)).isZero();
    Standardizer again = Standardizer.fit(out);
    assertThat(again.mean()[0]).isCloseTo(0, within(1e-15));
    assertThat(again.std()[0]).isCloseTo(1, within(1e-15));
  }

  @Test
  void appliesTheTrainingStatisticsToOtherData() {
    Standardizer s = Standardizer.fit(TRAIN);

    Matrix validation = s.apply(Matrix.rowVector(3 + Math.sqrt(3.5), 30, 7));

    assertThat(validation.get(0, 0)).isCloseTo(1, within(1e-15));
    assertThat(validation.get(0, 1)).isZero();
    assertThat(validation.get(0, 2)).isEqualTo(2.0);
  }

  @Test
  void standardizesADataSetKeepingItsLabels() {
    DataSet data = DataSet.ofClasses(TRAIN, new int[] {0, 1, 1, 0}, List.of("a", "b"));

    DataSet out = Standardizer.fit(TRAIN).apply(data);

    assertThat(out.labels()).isEqualTo(data.labels());
    assertThat(out.classNames()).containsExactly("a", "b");
    assertThat(out.features().get(1, 2)).isZero();
  }

  @Test
  void ofRebuildsAFittedStandardizer() {
    Standardizer fitted = Standardizer.fit(TRAIN);

    Standardizer rebuilt = Standardizer.of(fitted.mean(), fitted.std());

    assertThat(rebuilt).isEqualTo(fitted);
    assertThatThrownBy(() -> Standardizer.of(new double[] {0}, new double[] {0}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("column 0, got 0.0");
  }

  @Test
  void isDeterministic() {
    assertThat(Standardizer.fit(TRAIN)).isEqualTo(Standardizer.fit(TRAIN.copy()));
  }

  @Test
  void rejectsAWrongWidthNoRowsAndNonFiniteValues() {
    Standardizer s = Standardizer.fit(TRAIN);

    assertThatThrownBy(() -> s.apply(new Matrix(2, 4)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("3 columns")
        .hasMessageContaining("[2, 4]");
    assertThatThrownBy(() -> Standardizer.fit(new Matrix(0, 3)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least one sample");
    assertThatThrownBy(() -> Standardizer.fit(Matrix.rowVector(1, Double.NaN)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("NaN");
  }
}
