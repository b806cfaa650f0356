package dev.nn4j.activations;

/**
 * The error function {@code erf(x) = 2/√π ∫₀ˣ e^(-t²) dt} and its complement {@code erfc(x) = 1 - erf(x)},
 * which Java's {@link Math} lacks; the exact {@link Gelu} needs them for the normal distribution function
 * {@code Φ(x) = erfc(-x/√2) / 2}.
 *
 * <p>W. J. Cody's rational Chebyshev approximations ("Rational Chebyshev approximations for the error
 * function", Math. Comp. 23 (1969) 631-637), with the coefficients of his SPECFUN routine {@code CALERF}
 * (netlib.org/specfun/erf): three intervals of {@code |x|}, {@code [0, 0.46875]} for {@code erf} and
 * {@code (0.46875, 4]} and {@code (4, ∞)} for {@code erfc}, each accurate to about 1e-15 relative in
 * double precision. {@code erfc} keeps that relative accuracy far into its tail ({@code erfc(10) ≈
 * 2.09e-45}), where {@code 1 - erf(x)} would be 0.
 */
final class Erf {
  /** Below this {@code |x|}, {@code erf(x) = x · R(x²)}; above, {@code erfc} is approximated. */
  private static final double SMALL_LIMIT = 0.46875;
  /** Below this {@code |x|}, {@code x²} is negligible next to 1 in the first interval. */
  private static final double TINY = 1.11e-16;
  /** Above this {@code |x|}, {@code erfc(|x|)} underflows to 0. */
  private static final double ERFC_UNDERFLOW = 26.543;
  /** {@code 1/√π}. */
  private static final double ONE_OVER_SQRT_PI = 5.6418958354775628695e-1;

  // erf(x) = x * (A0 + A1 x² + ... + A4 x⁸) / (B0 + ... + x⁸) on |x| <= 0.46875 (Horner order as CALERF)
  private static final double[] A = {
    3.16112374387056560e00, 1.13864154151050156e02, 3.77485237685302021e02, 3.20937758913846947e03,
    1.85777706184603153e-1
  };
  private static final double[] B = {
    2.36012909523441209e01, 2.44024637934444173e02, 1.28261652607737228e03, 2.84423683343917062e03
  };

  // erfc(x) = e^(-x²) * C(x) / D(x) on 0.46875 < x <= 4
  private static final double[] C = {
    5.64188496988670089e-1, 8.88314979438837594e00, 6.61191906371416295e01, 2.98635138197400131e02,
    8.81952221241769090e02, 1.71204761263407058e03, 2.05107837782607147e03, 1.23033935479799725e03,
    2.15311535474403846e-8
  };
  private static final double[] D = {
    1.57449261107098347e01, 1.17693950891312499e02, 5.37181101862009858e02, 1.62138957456669019e03,
    3.29079923573345963e03, 4.36261909014324716e03, 3.43936767414372164e03, 1.23033935480374942e03
  };

  // erfc(x) = e^(-x²) / x * (1/√π - P(1/x²) / (x² Q(1/x²))) on x > 4
  private static final double[] P = {
    3.05326634961232344e-1, 3.60344899949804439e-1, 1.25781726111229246e-1, 1.60837851487422766e-2,
    6.58749161529837803e-4, 1.63153871373020978e-2
  };
  private static final double[] Q = {
    2.56852019228982242e00, 1.87295284992346047e00, 5.27905102951428412e-1, 6.05183413124413191e-2,
    2.33520497626869185e-3
  };

  private Erf() {}

  /** {@code erf(x)}, odd, in {@code [-1, 1]}; {@code erf(±∞) = ±1}, {@code erf(NaN) = NaN}. */
  static double erf(double x) {
    if (Double.isNaN(x)) {
      return x;
    }
    double y = Math.abs(x);
    if (y <= SMALL_LIMIT) {
      return x * smallRatio(y);
    }
    // (0.5 - erfc) + 0.5 as CALERF does: one rounding less than 1 - erfc near 1.
    double value = (0.5 - erfcAbove(y)) + 0.5;
    return x < 0 ? -value : value;
  }

  /** {@code erfc(x) = 1 - erf(x)}, in {@code [0, 2]}, accurate relative to itself also where it is tiny. */
  static double erfc(double x) {
    if (Double.isNaN(x)) {
      return x;
    }
    double y = Math.abs(x);
    if (y <= SMALL_LIMIT) {
      return 1.0 - x * smallRatio(y);
    }
    double tail = erfcAbove(y);
    return x < 0 ? 2.0 - tail : tail;
  }

  /** {@code erf(y) / y} for {@code 0 <= y <= 0.46875}. */
  private static double smallRatio(double y) {
    double ysq = y > TINY ? y * y : 0.0;
    double numerator = A[4] * ysq;
    double denominator = ysq;
    for (int i = 0; i < 3; i++) {
      numerator = (numerator + A[i]) * ysq;
      denominator = (denominator + B[i]) * ysq;
    }
    return (numerator + A[3]) / (denominator + B[3]);
  }

  /** {@code erfc(y)} for {@code y > 0.46875}. */
  private static double erfcAbove(double y) {
    double ratio;
    if (y <= 4.0) {
      double numerator = C[8] * y;
      double denominator = y;
      for (int i = 0; i < 7; i++) {
        numerator = (numerator + C[i]) * y;
        denominator = (denominator + D[i]) * y;
      }
      ratio = (numerator + C[7]) / (denominator + D[7]);
    } else {
      if (y >= ERFC_UNDERFLOW) {
        return 0.0;
      }
      double inverseSquare = 1.0 / (y * y);
      double numerator = P[5] * inverseSquare;
      double denominator = inverseSquare;
      for (int i = 0; i < 4; i++) {
        numerator = (numerator + P[i]) * inverseSquare;
        denominator = (denominator + Q[i]) * inverseSquare;
      }
      ratio = inverseSquare * (numerator + P[4]) / (denominator + Q[4]);
      ratio = (ONE_OVER_SQRT_PI - ratio) / y;
    }
    return expMinusSquare(y) * ratio;
  }

  /**
   * {@code e^(-y²)} without the error of rounding {@code y²}: {@code y = h + d} with {@code h} a multiple
   * of 1/16 (so {@code h²} is exact) and {@code y² = h² + (y - h)(y + h)}.
   */
  private static double expMinusSquare(double y) {
    double head = Math.floor(16.0 * y) / 16.0;
    double rest = (y - head) * (y + head);
    return Math.exp(-head * head) * Math.exp(-rest);
  }
}
