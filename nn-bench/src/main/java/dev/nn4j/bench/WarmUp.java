package dev.nn4j.bench;

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
    long started = System.nanoTime();
    long runs = 0;
    for (; runs < minRuns || System.nanoTime() - started < minSeconds * 1e9; runs++) {
      work.run();
    }
    double rate = runs / ((System.nanoTime() - started) / 1e9);
    double lastRate = Double.NaN;
    for (long left = (long) (maxSeconds * 1e9) - (System.nanoTime() - started); left > 0;
        left = (long) (maxSeconds * 1e9) - (System.nanoTime() - started)) {
      long roundStarted = System.nanoTime();
      long roundNanos = Math.min((long) (roundSeconds * 1e9), left);
      long roundRuns = 0;
      for (; System.nanoTime() - roundStarted < roundNanos; roundRuns++) {
        work.run();
      }
      rate = roundRuns / ((System.nanoTime() - roundStarted) / 1e9);
      if (Math.abs(rate - lastRate) < STEADY * lastRate) {
        break;
      }
      lastRate = rate;
    }
    return rate;
  }
}
