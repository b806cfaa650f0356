package dev.nn4j.bench;

import java.util.function.LongSupplier;

/**
 * Untimed runs of a piece of work until the JIT has settled: at least a number of runs and a number of seconds,
 * then rounds until two in a row run within {@link #STEADY} of each other. On two cores, C2 compiles with no core
 * to spare while the work runs on both threads, so a fixed warm-up short enough for one thread left the timed runs
 * of two threads to the compiler's tiers (see {@link ProductsBench} and {@link NetworkMeasure}).
 */
final class WarmUp {
  /** Two rounds whose rates differ by less than this fraction end the warm-up. */
  static final double STEADY = 0.03;

  private WarmUp() {}

  /**
   * Runs {@code work} at least {@code minRuns} times and for {@code minSeconds}, then in rounds of {@code
   * roundSeconds} until two rounds in a row run at rates within {@link #STEADY} of each other, or until {@code
   * maxSeconds} have passed in all (the last round is cut short to end there; a noisy machine never settles).
   *
   * @return the rate of the last round, runs per second (of all the runs if there was no round)
   */
  static double untilSteady(Runnable work, int minRuns, double minSeconds, double roundSeconds, double maxSeconds) {
    return untilSteady(work, minRuns, minSeconds, roundSeconds, maxSeconds, System::nanoTime);
  }

  /** {@link #untilSteady(Runnable, int, double, double, double)} on the clock {@code nanoTime}, for tests. */
  static double untilSteady(
      Runnable work, int minRuns, double minSeconds, double roundSeconds, double maxSeconds, LongSupplier nanoTime) {
    long started = nanoTime.getAsLong();
    long runs = 0;
    for (; runs < minRuns || nanoTime.getAsLong() - started < minSeconds * 1e9; runs++) {
      work.run();
    }
    double rate = runs / ((nanoTime.getAsLong() - started) / 1e9);
    double lastRate = Double.NaN;
    for (long left = (long) (maxSeconds * 1e9) - (nanoTime.getAsLong() - started); left > 0;
        left = (long) (maxSeconds * 1e9) - (nanoTime.getAsLong() - started)) {
      long roundStarted = nanoTime.getAsLong();
      long roundNanos = Math.min((long) (roundSeconds * 1e9), left);
      long roundRuns = 0;
      for (; nanoTime.getAsLong() - roundStarted < roundNanos; roundRuns++) {
        work.run();
      }
      rate = roundRuns / ((nanoTime.getAsLong() - roundStarted) / 1e9);
      if (Math.abs(rate - lastRate) < STEADY * lastRate) {
        break;
      }
      lastRate = rate;
    }
    return rate;
  }
}
