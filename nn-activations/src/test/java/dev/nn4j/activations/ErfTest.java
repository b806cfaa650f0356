package dev.nn4j.activations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link Erf} against values computed to 50 digits with mpmath, rounded to double. */
class ErfTest {
  /** 1e-15 relative, as a percentage for AssertJ. */
  private static final double RELATIVE_1E_15 = 1e-13;

  @ParameterizedTest(name = "erf({0}) = {1}")
  @CsvSource({
    "0.5, 0.5204998778130465",
    "1.0, 0.8427007929497149",
    "2.0, 0.9953222650189527",
    "3.0, 0.9999779095030014",
    "0.1, 0.1124629160182849",
    "1e-5, 1.1283791670578999e-05",
    "4.5, 0.9999999998033839",
  })
  void matchesKnownValuesOfErf(double x, double expected) {
    assertThat(Erf.erf(x)).isCloseTo(expected, withinPercentage(RELATIVE_1E_15));
    assertThat(Erf.erf(-x)).isCloseTo(-expected, withinPercentage(RELATIVE_1E_15));
  }

  @ParameterizedTest(name = "erfc({0}) = {1}")
  @CsvSource({
    "0.1, 0.8875370839817152",
    "0.5, 0.4795001221869535",
    "1.0, 0.15729920705028513",
    "2.0, 0.004677734981047266",
    "3.0, 2.209049699858544e-05",
    "4.5, 1.9661604415428876e-10",
    "5.0, 1.537459794428035e-12",
    "6.0, 2.1519736712498913e-17",
    "10.0, 2.088487583762545e-45",
    "20.0, 5.395865611607901e-176",
    "26.0, 5.663192408856143e-296",
  })
  void keepsRelativeAccuracyOfErfcInItsTail(double x, double expected) {
    assertThat(Erf.erfc(x)).isCloseTo(expected, withinPercentage(RELATIVE_1E_15));
    assertThat(Erf.erfc(-x)).isCloseTo(2.0 - expected, withinPercentage(RELATIVE_1E_15));
  }

  @Test
  void isOddAndExactAtZero() {
    for (double x = -7.0; x <= 7.0; x += 0.0625) {
      assertThat(Erf.erf(-x)).isEqualTo(-Erf.erf(x));
    }
    assertThat(Erf.erf(0.0)).isEqualTo(0.0);
    assertThat(Erf.erfc(0.0)).isEqualTo(1.0);
  }

  @Test
  void saturatesAtOneAndZero() {
    assertThat(Erf.erf(6.0)).isEqualTo(1.0);
    assertThat(Erf.erf(-6.0)).isEqualTo(-1.0);
    assertThat(Erf.erf(Double.POSITIVE_INFINITY)).isEqualTo(1.0);
    assertThat(Erf.erf(Double.NEGATIVE_INFINITY)).isEqualTo(-1.0);
    assertThat(Erf.erfc(30.0)).isEqualTo(0.0);
    assertThat(Erf.erfc(Double.POSITIVE_INFINITY)).isEqualTo(0.0);
    assertThat(Erf.erfc(Double.NEGATIVE_INFINITY)).isEqualTo(2.0);
    assertThat(Erf.erf(Double.NaN)).isNaN();
    assertThat(Erf.erfc(Double.NaN)).isNaN();
  }

  @Test
  void erfAndErfcAddUpToOne() {
    for (double x = -5.0; x <= 5.0; x += 0.03125) {
      assertThat(Erf.erf(x) + Erf.erfc(x)).isCloseTo(1.0, withinPercentage(1e-12));
    }
  }

  @Test
  void isContinuousAcrossTheIntervalBoundaries() {
    for (double boundary : new double[] {0.46875, 4.0}) {
      double below = Math.nextDown(boundary);
      double above = Math.nextUp(boundary);
      assertThat(Erf.erf(above) - Erf.erf(below)).isBetween(0.0, 1e-15);
      assertThat(Erf.erfc(below) - Erf.erfc(above)).isBetween(0.0, 1e-15);
    }
  }
}
