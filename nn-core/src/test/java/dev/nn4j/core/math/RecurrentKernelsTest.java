package dev.nn4j.core.math;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The recurrent kernels' own {@code tanh}: within a few ulps of {@link Math#tanh}, exact where it must be. */
class RecurrentKernelsTest {

  @Test
  void tanhIsWithinSixUlpsOfMathTanh() {
    Random random = new Random(7);
    double worst = 0;
    for (int i = 0; i < 2_000_000; i++) {
      double x = switch (i % 3) {
        case 0 -> random.nextGaussian() * 3;
        case 1 -> random.nextGaussian() * 1e-3;
        default -> (random.nextDouble() - 0.5) * Math.pow(10, -random.nextInt(300));
      };
      double expected = Math.tanh(x);
      double actual = RecurrentKernels.tanh(x);
      worst = Math.max(worst, expected == 0 ? Math.abs(actual) : Math.abs(actual - expected) / Math.ulp(expected));
    }
    assertThat(worst).isLessThanOrEqualTo(6.0);
  }

  @Test
  void tanhIsExactAtZeroInfinitiesAndNaN() {
    assertThat(Double.doubleToRawLongBits(RecurrentKernels.tanh(-0.0))).isEqualTo(Double.doubleToRawLongBits(-0.0));
    assertThat(RecurrentKernels.tanh(0.0)).isEqualTo(0.0);
    assertThat(RecurrentKernels.tanh(1e-310)).isEqualTo(1e-310);
    assertThat(RecurrentKernels.tanh(Double.POSITIVE_INFINITY)).isEqualTo(1.0);
    assertThat(RecurrentKernels.tanh(Double.NEGATIVE_INFINITY)).isEqualTo(-1.0);
    assertThat(RecurrentKernels.tanh(-400)).isEqualTo(-1.0);
    assertThat(RecurrentKernels.tanh(Double.NaN)).isNaN();
    assertThat(RecurrentKernels.tanh(0.5)).isEqualTo(Math.tanh(0.5));
  }
}
