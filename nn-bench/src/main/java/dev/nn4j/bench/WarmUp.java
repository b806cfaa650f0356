package dev.nn4j.bench;

/**
 * Untimed runs of a piece of work until the JIT has settled: at least a number of runs and a number of seconds,
 * then rounds until two in a row run within a given fraction of each other. On two cores, C2 compiles with no
 * core to spare while the work runs on both threads, so a fixed warm-up short enough for one thread left the
 * timed runs of two threads to the compiler's tiers (see {@link ProductsBench} and {@link NetworkMeasure}).
 */
final class WarmUp {
  private WarmUp() {}

  /**
   * Runs {@code work} at least {@code minRuns} times and for {@code minSeconds}, then in rounds of {@code
   * roundSeconds} until two rounds in a row run at rates within {@code steady} (a fraction) of each other, for at
   * most {@code maxSeconds} in all.
   *
   * @return how many times {@code work} ran, and in how many seconds
   */
  static Runs untilSteady(Runnable work, int minRuns, double minSeconds, double roundSeconds, double steady, double maxSeconds) {
    long started = System.nanoTime();
    long runs = 0;
    for (; runs < minRuns || System.nanoTime() - started < minSeconds * 1e9; runs++) {
      work.run();
    }
    double lastRate = Double.NaN;
    while (System.nanoTime() - started < maxSeconds * 1e9) {
      long roundStarted = System.nanoTime();
      long roundRuns = 0;
      for (; System.nanoTime() - roundStarted < roundSeconds * 1e9; roundRuns++) {
        work.run();
      }
      runs += roundRuns;
      double rate = roundRuns / ((System.nanoTime() - roundStarted) / 1e9);
      if (Math.abs(rate - lastRate) < steady * lastRate) {
        break;
      }
      lastRate = rate;
    }
    return new Runs(runs, (System.nanoTime() - started) / 1e9);
  }

  /** What a warm-up ran: {@code runs} times in {@code seconds}. */
  record Runs(long runs, double seconds) {}
}
