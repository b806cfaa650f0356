package dev.nn4j.optim;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * Argument checks for hyper-parameters, each failing with a message that names the hyper-parameter,
 * the range it must be in and the value received: {@code "Expected 0 <= beta1 < 1, got beta1=1.0"}.
 * The checks of numbers that may be zero return {@code -0.0} as {@code 0.0}, so that equal
 * configurations are equal values ({@code -0.0} would be written {@code "0.0"} and read back as
 * {@code 0.0}).
 */
final class Checks {
  private Checks() {}

  /** {@code value > 0} and finite. */
  static double positive(String name, double value) {
    checkArgument(
        value > 0 && Double.isFinite(value),
        "Expected a positive, finite %s, got %s=%s",
        name,
        name,
        value);
    return value;
  }

  /** {@code value >= 0} and finite; returns it with {@code -0.0} made {@code 0.0}. */
  static double nonNegative(String name, double value) {
    checkArgument(
        value >= 0 && Double.isFinite(value),
        "Expected a non-negative, finite %s, got %s=%s",
        name,
        name,
        value);
    return value + 0.0;
  }

  /**
   * {@code 0 <= value < 1}: a decay rate such as a beta, a momentum or RMSprop's alpha; returns it
   * with {@code -0.0} made {@code 0.0}.
   */
  static double decayRate(String name, double value) {
    checkArgument(value >= 0 && value < 1, "Expected 0 <= %s < 1, got %s=%s", name, name, value);
    return value + 0.0;
  }

  /** {@code 0 <= value <= 1}; returns it with {@code -0.0} made {@code 0.0}. */
  static double unitInterval(String name, double value) {
    checkArgument(value >= 0 && value <= 1, "Expected 0 <= %s <= 1, got %s=%s", name, name, value);
    return value + 0.0;
  }

  /** {@code value >= 1}: a count of optimizer steps. */
  static long positiveSteps(String name, long value) {
    checkArgument(value >= 1, "Expected %s >= 1 optimizer steps, got %s=%s", name, name, value);
    return value;
  }
}
