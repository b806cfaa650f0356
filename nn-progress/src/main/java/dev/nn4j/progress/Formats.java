package dev.nn4j.progress;

import java.util.Locale;

/**
 * How the progress display writes numbers: durations, rates and metric values, always in {@link Locale#ROOT}
 * so that a log reads the same on every machine.
 */
final class Formats {
  private Formats() {}

  /**
   * A time left as a clock: {@code m:ss}, or {@code h:mm:ss} from an hour on.
   *
   * @param seconds the duration, rounded to the second; a negative one reads as {@code 0:00}
   * @return the clock, such as {@code 2:05} or {@code 1:02:05}
   */
  static String clock(double seconds) {
    long s = Math.max(0, Math.round(seconds));
    return s >= 3600
        ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
        : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
  }

  /**
   * How long an epoch took: tenths of a second below a minute ({@code 3.2 s}), a clock from a minute on.
   *
   * @param seconds the duration
   * @return the duration as text
   */
  static String duration(double seconds) {
    return seconds < 59.95 ? String.format(Locale.ROOT, "%.1f s", seconds) : clock(seconds);
  }

  /**
   * A training rate, with thousands separators: {@code 3,200 samples/s}; one decimal below 10.
   *
   * @param samplesPerSecond the rate
   * @return the rate as text
   */
  static String rate(double samplesPerSecond) {
    String pattern = samplesPerSecond < 9.95 ? "%.1f samples/s" : "%,.0f samples/s";
    return String.format(Locale.ROOT, pattern, samplesPerSecond);
  }

  /**
   * A loss or metric value as Keras prints it: four decimals, or four significant digits in scientific
   * notation when its magnitude is below 0.001 (so a small loss does not read as 0.0000).
   *
   * @param value the value
   * @return the value as text
   */
  static String value(double value) {
    String pattern = value != 0 && Math.abs(value) < 1e-3 ? "%.4e" : "%.4f";
    return String.format(Locale.ROOT, pattern, value);
  }
}
