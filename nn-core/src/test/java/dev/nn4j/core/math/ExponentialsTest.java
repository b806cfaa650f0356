package dev.nn4j.core.math;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The gates' sigmoid and tanh: within a few ulps of {@link StrictMath}'s, exact where they must be, and the
 * array forms (which C2 vectorizes) giving the scalar forms' bits.
 */
class ExponentialsTest {
  private static final int SAMPLES = 2_000_000;

  @Test
  void sigmoidIsWithinFourUlps() {
    assertThat(worstUlps(Exponentials::sigmoid, x -> 1.0 / (1.0 + StrictMath.exp(-x)))).isLessThanOrEqualTo(4.0);
  }

  @Test
  void tanhIsWithinFourUlps() {
    assertThat(worstUlps(Exponentials::tanh, StrictMath::tanh)).isLessThanOrEqualTo(4.0);
  }

  @Test
  void tanhIsExactAtZeroTinyInfinitiesAndNaN() {
    assertThat(Double.doubleToRawLongBits(Exponentials.tanh(-0.0))).isEqualTo(Double.doubleToRawLongBits(-0.0));
    assertThat(Double.doubleToRawLongBits(Exponentials.tanh(0.0))).isEqualTo(0L);
    assertThat(Exponentials.tanh(1e-310)).isEqualTo(1e-310);
    assertThat(Exponentials.tanh(-1e-300)).isEqualTo(-1e-300);
    assertThat(Exponentials.tanh(Double.POSITIVE_INFINITY)).isEqualTo(1.0);
    assertThat(Exponentials.tanh(Double.NEGATIVE_INFINITY)).isEqualTo(-1.0);
    assertThat(Exponentials.tanh(-400)).isEqualTo(-1.0);
    assertThat(Exponentials.tanh(20)).isEqualTo(1.0);
    assertThat(Exponentials.tanh(Double.NaN)).isNaN();
  }

  @Test
  void sigmoidIsExactAtZeroInfinitiesAndNaNAndSaturates() {
    assertThat(Exponentials.sigmoid(0.0)).isEqualTo(0.5);
    assertThat(Exponentials.sigmoid(-0.0)).isEqualTo(0.5);
    assertThat(Exponentials.sigmoid(Double.POSITIVE_INFINITY)).isEqualTo(1.0);
    assertThat(Exponentials.sigmoid(Double.NEGATIVE_INFINITY)).isEqualTo(0.0);
    assertThat(Exponentials.sigmoid(40)).isEqualTo(1.0);
    assertThat(Exponentials.sigmoid(-800)).isEqualTo(0.0);
    assertThat(Exponentials.sigmoid(Double.NaN)).isNaN();
    // e^709.5 is finite although its k = 1024 alone would overflow: the scaling is split.
    assertThat(Exponentials.sigmoid(-709.5)).isEqualTo(1.0 / (1.0 + StrictMath.exp(709.5)));
    // Near the bottom of the normal range and below it, where the result is subnormal.
    assertThat(Exponentials.sigmoid(-708)).isCloseTo(StrictMath.exp(-708), org.assertj.core.data.Percentage.withPercentage(1e-12));
    // As 1 / (1 + e^740) with any exp: e^740 is infinite in double.
    assertThat(Exponentials.sigmoid(-740)).isEqualTo(0.0);
  }

  @Test
  void arrayFormsGiveTheScalarBits() {
    Random random = new Random(3);
    int n = 1_000;
    double[] z = new double[n + 7];
    for (int i = 0; i < z.length; i++) {
      z[i] = argument(random, i);
    }
    z[10] = Double.NaN;
    z[11] = Double.POSITIVE_INFINITY;
    z[12] = -0.0;
    double[] polynomials = new double[n + 7];
    double[] exponents = new double[n + 7];
    for (int round = 0; round < 30; round++) { // the later rounds run the loops compiled by C2
      double[] sig = z.clone();
      Exponentials.sigmoid(sig, 3, 3 + n, polynomials, exponents);
      double[] th = new double[n + 7];
      Exponentials.tanh(z, th, 3, 3 + n, polynomials, exponents);
      double[] inPlace = z.clone();
      Exponentials.tanh(inPlace, inPlace, 3, 3 + n, polynomials, exponents);
      for (int i = 3; i < 3 + n; i++) {
        assertThat(Double.doubleToRawLongBits(sig[i])).isEqualTo(Double.doubleToRawLongBits(Exponentials.sigmoid(z[i])));
        assertThat(Double.doubleToRawLongBits(th[i])).isEqualTo(Double.doubleToRawLongBits(Exponentials.tanh(z[i])));
        assertThat(Double.doubleToRawLongBits(inPlace[i])).isEqualTo(Double.doubleToRawLongBits(th[i]));
      }
      assertThat(sig[2]).isEqualTo(z[2]); // nothing outside [from, to) is touched
      assertThat(sig[3 + n]).isEqualTo(z[3 + n]);
      assertThat(th[2]).isEqualTo(0.0);
      assertThat(th[3 + n]).isEqualTo(0.0);
    }
  }

  private static double worstUlps(DoubleUnaryOperator actual, DoubleUnaryOperator expected) {
    Random random = new Random(7);
    double worst = 0;
    for (int i = 0; i < SAMPLES; i++) {
      double x = argument(random, i);
      double e = expected.applyAsDouble(x);
      double a = actual.applyAsDouble(x);
      worst = Math.max(worst, e == 0 ? Math.abs(a) / Double.MIN_VALUE : Math.abs(a - e) / Math.ulp(e));
    }
    return worst;
  }

  private static double argument(Random random, int i) {
    return switch (i % 4) {
      case 0 -> random.nextGaussian() * 3;
      case 1 -> random.nextGaussian() * 1e-3;
      case 2 -> (random.nextDouble() - 0.5) * 80;
      default -> (random.nextDouble() - 0.5) * Math.pow(10, -random.nextInt(300));
    };
  }
}
