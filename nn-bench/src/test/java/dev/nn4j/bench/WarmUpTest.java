package dev.nn4j.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * When {@link WarmUp#untilSteady} stops: once two rounds agree after its minimum, at its maximum when they never
 * do. On a clock that only the work advances, so that the test is exact on any machine.
 */
class WarmUpTest {
  /** Nanoseconds on the test's clock. */
  private long now;
  private int runs;

  @Test
  void stopsAfterTheMinimumAndTwoRoundsThatAgree() {
    double rate = WarmUp.untilSteady(() -> work(1_000_000), 5, 0.2, 0.1, 10, () -> now);

    // 200 runs of 1 ms for the minimum, then two rounds of 100 runs at the same rate.
    assertThat(runs).isEqualTo(400);
    assertThat(now).isEqualTo(400_000_000L);
    assertThat(rate).isCloseTo(1000.0, within(1e-9));
  }

  @Test
  void stopsAtTheMaximumWhenTheRatesNeverAgree() {
    // Each run takes a quarter longer for every 50 ms gone: no two rounds of 50 ms agree within 3 %.
    WarmUp.untilSteady(() -> work((long) (1_000_000 * Math.pow(1.25, now / 50e6))), 1, 0.0, 0.05, 1.0, () -> now);

    // Stopped at 1 s, give or take the last run (about 87 ms at 1 s).
    assertThat(now).isBetween(1_000_000_000L, 1_100_000_000L);
  }

  @Test
  void cutsTheLastRoundShortAtTheMaximum() {
    WarmUp.untilSteady(() -> work(1_000_000 + runs * 10_000L), 1, 0.0, 0.1, 0.35, () -> now);

    // Rounds of 0.1 s from 1 ms on (each run 10 µs longer, so the rates keep falling): the last one ends at 0.35 s.
    assertThat(now).isBetween(350_000_000L, 360_000_000L);
  }

  @Test
  void runsAtLeastTheMinimumNumberOfTimes() {
    WarmUp.untilSteady(() -> work(1_000_000), 20, 0.0, 0.01, 0.0, () -> now);

    assertThat(runs).isEqualTo(20);
  }

  private void work(long nanos) {
    runs++;
    now += nanos;
  }
}
