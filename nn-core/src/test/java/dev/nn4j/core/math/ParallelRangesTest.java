package dev.nn4j.core.math;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nn4j.core.testing.ThreadAllocations;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/**
 * The public loop of {@link ParallelRanges}: every index once, in contiguous ranges whose number follows the
 * work; small loops on the caller in one range; checked arguments; a reused body allocates nothing.
 */
class ParallelRangesTest {
  @Test
  void aLargeLoopRunsEveryIndexOnceInContiguousRanges() {
    int n = 100_000;
    AtomicIntegerArray runs = new AtomicIntegerArray(n);
    List<int[]> ranges = Collections.synchronizedList(new ArrayList<>());
    ParallelRanges.forRange(n, 4, (from, to) -> {
      ranges.add(new int[] {from, to});
      for (int i = from; i < to; i++) {
        runs.incrementAndGet(i);
      }
    });
    for (int i = 0; i < n; i++) {
      assertThat(runs.get(i)).as("index %d", i).isEqualTo(1);
    }
    // 100,000 x 4 work is 6 tasks' worth: two ranges per thread, or the whole loop on one thread.
    int threads = ParallelRanges.threads();
    assertThat(ranges).as("ranges on %d thread(s)", threads).hasSize(threads == 1 ? 1 : Math.min(6, 2 * threads));
    ranges.sort((a, b) -> Integer.compare(a[0], b[0]));
    assertThat(ranges.get(0)[0]).isZero();
    assertThat(ranges.get(ranges.size() - 1)[1]).isEqualTo(n);
    for (int r = 1; r < ranges.size(); r++) {
      assertThat(ranges.get(r)[0]).as("start of range %d", r).isEqualTo(ranges.get(r - 1)[1]);
    }
  }

  @Test
  void aLoopOfLessThanTwoTasksWorthRunsOnTheCallerInOneRange() {
    int n = (int) (2 * ParallelRanges.MIN_TASK_WORK / 8) - 1;
    List<String> ranges = new ArrayList<>();
    ParallelRanges.forRange(n, 8, (from, to) -> ranges.add(Thread.currentThread().getName() + " " + from + ".." + to));
    assertThat(ranges).containsExactly(Thread.currentThread().getName() + " 0.." + n);
  }

  @Test
  void badArgumentsAreRefusedWithTheValueReceived() {
    RangeBody body = (from, to) -> {};
    assertThatThrownBy(() -> ParallelRanges.forRange(-1, 1, body))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Expected a number of iterations n >= 0, got n=-1");
    assertThatThrownBy(() -> ParallelRanges.forRange(10, 0, body))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Expected a workPerIteration from 1 to 2^32, got 0");
    assertThatThrownBy(() -> ParallelRanges.forRange(10, (1L << 32) + 1, body))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Expected a workPerIteration from 1 to 2^32, got 4294967297");
    assertThatThrownBy(() -> ParallelRanges.forRange(10, 1, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("body");
  }

  @Test
  void aRangeThatThrowsFailsTheLoop() {
    assertThatThrownBy(() -> ParallelRanges.forRange(1 << 20, 1, (from, to) -> {
          if (from == 0) {
            throw new IllegalStateException("range from 0");
          }
        }))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("range from 0");
  }

  /** Rounds of loops, one of which must allocate nothing (the JVM may rarely allocate for itself). */
  @Test
  void aReusedBodyAllocatesNothingOnAnyThread() {
    Negate body = new Negate();
    body.values = new double[1 << 17];
    Arrays.fill(body.values, 1.0);
    for (int warmUp = 0; warmUp < 5_000; warmUp++) {
      ParallelRanges.forRange(body.values.length, 4, body);
    }
    ThreadAllocations allocations = new ThreadAllocations("nn4j-loop-");
    long[] rounds = {-1, -1, -1};
    for (int round = 0; round < rounds.length; round++) {
      long before = allocations.allocatedBytes();
      for (int call = 0; call < 1000; call++) {
        ParallelRanges.forRange(body.values.length, 4, body);
      }
      rounds[round] = allocations.allocatedBytes() - before;
      if (rounds[round] == 0) {
        break;
      }
    }
    assertThat(rounds).as("bytes allocated by rounds of 1,000 loops").contains(0L);
  }

  /** A body with its array in a field, reused by every loop. */
  private static final class Negate implements RangeBody {
    double[] values;

    @Override
    public void run(int from, int to) {
      double[] v = values;
      for (int i = from; i < to; i++) {
        v[i] = -v[i];
      }
    }
  }
}
