package dev.nn4j.core.math;

/**
 * The logistic sigmoid and {@code tanh} of the recurrent gates, in loops that C2 compiles to vector
 * instructions: on Java 17 {@link Math#exp} is a call per value (about 4 ns here) and {@link Math#tanh} a
 * native call, which made the gates half of a single-sequence LSTM prediction.
 *
 * <p>Both rest on one reduction: {@code x = k·ln 2 + r}, {@code |r| <= ln 2 / 2}, with {@code k} rounded by
 * the {@code 1.5·2^52} shifter and {@code r} by two fused multiply-adds (Cody and Waite's split of {@code ln
 * 2}); then {@code q = e^r − 1} from its Taylor series to {@code r^13/13!} (the next term is below {@code
 * 2^-57}), so that {@code e^x = 2^k + 2^k·q} and {@code e^x − 1 = 2^k·q + (2^k − 1)}, each with one rounding
 * in a fused multiply-add. {@code 2^k} is built from the bits of {@code k}, which C2 does not vectorize, so
 * an array is done in three passes: the reduction and the polynomial (vectorized), the scaling (scalar,
 * a few instructions), and the sigmoid's or tanh's last division (vectorized). Measured on one core of the
 * Xeon of the README, about 2 ns a value against 4.7 for {@code 1 / (1 + Math.exp(−z))}.
 *
 * <p>{@code sigmoid(z) = 1 / (1 + e^{−z})}; {@code tanh(z) = −m / (2 + m)} with {@code m = e^{−2|z|} − 1}
 * and the sign of {@code z}, which never cancels. Over 2 million arguments the exponential is within 1 ulp
 * of {@link StrictMath#exp}, and the sigmoid and tanh within 4 ulps of the same formula over {@link
 * StrictMath#exp} and of {@link StrictMath#tanh} (see the tests); each is exact at 0, ±∞ and NaN, and the
 * scalar forms ({@link #sigmoid(double)}, {@link #tanh(double)}) give the same bits as the array forms, on
 * every thread and with or without vectorization: the same IEEE operations in the same order.
 */
final class Exponentials {
  private static final double LOG2_E = 1.4426950408889634;
  /** The high part of {@code ln 2}, its low 32 bits zero, so that {@code k·LN2_HI} is exact for any {@code |k| < 2^20}. */
  private static final double LN2_HI = 6.93147180369123816490e-01;
  private static final double LN2_LO = 1.90821492927058770002e-10;
  /** {@code 1.5·2^52}: adding and subtracting it rounds to the nearest integer. */
  private static final double SHIFTER = 0x1.8p52;
  /**
   * Below, {@code e^x} is 0 in double; above, infinite: arguments are clamped so that {@code k} stays within
   * {@code ±1077}, infinities included.
   */
  private static final double EXP_LOWEST = -746.0;
  private static final double EXP_HIGHEST = 710.0;
  /** Below, {@code e^x − 1} is −1 in double, and {@code 2^k} still a normal number. */
  private static final double EXPM1_LOWEST = -708.0;

  private Exponentials() {}

  /**
   * {@code 1 / (1 + e^{−z})}.
   *
   * @param z the argument
   * @return the logistic sigmoid of {@code z}
   */
  static double sigmoid(double z) {
    double x = Math.min(Math.max(-z, EXP_LOWEST), EXP_HIGHEST);
    double k = round(x);
    return 1.0 / (1.0 + exp(expm1Reduced(x, k), k));
  }

  /**
   * {@code tanh(z)}.
   *
   * @param z the argument
   * @return the hyperbolic tangent of {@code z}
   */
  static double tanh(double z) {
    double x = Math.max(-2.0 * Math.abs(z), EXPM1_LOWEST);
    double k = round(x);
    double m = expm1(expm1Reduced(x, k), k);
    return Math.copySign(-m / (2.0 + m), z);
  }

  /**
   * Replaces {@code z[from, to)} by their sigmoids, the bits of {@link #sigmoid(double)}. The scratch arrays
   * are indexed as {@code z} is: C2 vectorizes a loop only where it sees that every array is read and written
   * at the same index (they might be one array).
   *
   * @param z the values, replaced in place
   * @param from the first index
   * @param to the end, exclusive
   * @param polynomials scratch, at least {@code to} values, of which {@code [from, to)} are overwritten
   * @param exponents scratch as {@code polynomials}
   */
  static void sigmoid(double[] z, int from, int to, double[] polynomials, double[] exponents) {
    for (int i = from; i < to; i++) {
      double x = Math.min(Math.max(-z[i], EXP_LOWEST), EXP_HIGHEST);
      double k = round(x);
      exponents[i] = k;
      polynomials[i] = expm1Reduced(x, k);
    }
    for (int i = from; i < to; i++) {
      polynomials[i] = exp(polynomials[i], exponents[i]);
    }
    for (int i = from; i < to; i++) {
      z[i] = 1.0 / (1.0 + polynomials[i]);
    }
  }

  /**
   * Writes the tanh of {@code z[from, to)} into {@code out[from, to)} ({@code out} may be {@code z}), the
   * bits of {@link #tanh(double)}; indexed as {@link #sigmoid(double[], int, int, double[], double[])}.
   *
   * @param z the arguments
   * @param out receives the values
   * @param from the first index
   * @param to the end, exclusive
   * @param polynomials scratch, at least {@code to} values, of which {@code [from, to)} are overwritten
   * @param exponents scratch as {@code polynomials}
   */
  static void tanh(double[] z, double[] out, int from, int to, double[] polynomials, double[] exponents) {
    for (int i = from; i < to; i++) {
      double x = Math.max(-2.0 * Math.abs(z[i]), EXPM1_LOWEST);
      double k = round(x);
      exponents[i] = k;
      polynomials[i] = expm1Reduced(x, k);
    }
    for (int i = from; i < to; i++) {
      polynomials[i] = expm1(polynomials[i], exponents[i]);
    }
    for (int i = from; i < to; i++) {
      double m = polynomials[i];
      out[i] = Math.copySign(-m / (2.0 + m), z[i]);
    }
  }

  /** {@code k}, the integer nearest {@code x / ln 2}, as a double. */
  private static double round(double x) {
    return (x * LOG2_E + SHIFTER) - SHIFTER;
  }

  /** {@code e^r − 1} for {@code r = x − k·ln 2}. */
  private static double expm1Reduced(double x, double k) {
    double r = Math.fma(k, -LN2_LO, Math.fma(k, -LN2_HI, x));
    double p = 1.0 / 6227020800.0;
    p = Math.fma(p, r, 1.0 / 479001600.0);
    p = Math.fma(p, r, 1.0 / 39916800.0);
    p = Math.fma(p, r, 1.0 / 3628800.0);
    p = Math.fma(p, r, 1.0 / 362880.0);
    p = Math.fma(p, r, 1.0 / 40320.0);
    p = Math.fma(p, r, 1.0 / 5040.0);
    p = Math.fma(p, r, 1.0 / 720.0);
    p = Math.fma(p, r, 1.0 / 120.0);
    p = Math.fma(p, r, 1.0 / 24.0);
    p = Math.fma(p, r, 1.0 / 6.0);
    p = Math.fma(p, r, 0.5);
    p = Math.fma(p, r, 1.0);
    return p * r;
  }

  /**
   * {@code e^x = 2^k·(1 + q)}, from {@code q = e^r − 1}: {@code 2^k} is two factors, each a normal number
   * for {@code |k| <= 1077} (the clamped range), the first applied in the fused multiply-add and the second
   * by an exact multiplication, which rounds only where the result is infinite or below {@code 2^-1022}; a
   * NaN {@code k} gives the polynomial's NaN.
   */
  private static double exp(double q, double k) {
    long n = (long) k;
    long half = n >> 1;
    double first = powerOfTwo(half);
    return Math.fma(first, q, first) * powerOfTwo(n - half);
  }

  /**
   * {@code e^x − 1 = 2^k·q + (2^k − 1)} for {@code −708 <= x <= 0} ({@code −1022 <= k <= 0}), where {@code
   * 2^k − 1} is exact down to {@code k = −53} and {@code −1} below, where {@code 2^k·q} no longer counts.
   */
  private static double expm1(double q, double k) {
    double scale = powerOfTwo((long) k);
    return Math.fma(scale, q, scale - 1.0);
  }

  /** {@code 2^n} for {@code -1022 <= n <= 1023}, from its bits. */
  private static double powerOfTwo(long n) {
    return Double.longBitsToDouble((n + 1023) << 52);
  }
}
