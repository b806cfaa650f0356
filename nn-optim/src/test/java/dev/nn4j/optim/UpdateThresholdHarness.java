package dev.nn4j.optim;

import dev.nn4j.core.math.ParallelRanges;
import dev.nn4j.core.math.RangeBody;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.locks.LockSupport;

/**
 * Not a test: the measurement behind {@link ParameterUpdate#MIN_SHARED_ELEMENTS}. For parameters of several
 * sizes, the median time of one update by plain SGD and by Adam, on the calling thread alone and shared by
 * the default pool in 2 and in 4 ranges; each both back to back (the pool's helper still polling) and 200 µs
 * apart (the helper parked, as when the update follows the last product of a training step). Run with
 * {@code java -Dnn4j.threads=2 -cp <nn-optim's test class path> dev.nn4j.optim.UpdateThresholdHarness}.
 */
final class UpdateThresholdHarness {
  private static final int[] SIZES = {4_096, 8_192, 16_384, 24_576, 32_768, 49_152, 65_536, 100_352, 200_000};
  private static final int WARM_UP = 2_000;
  private static final int CALLS = 401;
  private static final long PAUSE_NANOS = 200_000;

  private UpdateThresholdHarness() {}

  public static void main(String[] args) {
    System.out.printf("threads=%d; median ns per update: caller alone | 2 ranges | 4 ranges%n", ParallelRanges.threads());
    for (BaseOptimizer<?> rule : new BaseOptimizer<?>[] {Optimizers.sgd(1e-3), Optimizers.adam(1e-3)}) {
      for (int n : SIZES) {
        Body body = new Body(rule, n);
        long twoRanges = (2 * ParallelRanges.MIN_TASK_WORK + n - 1) / n;
        StringBuilder line = new StringBuilder(String.format("%-6s n=%7d", rule.name(), n));
        for (long pause : new long[] {0, PAUSE_NANOS}) {
          long alone = median(body, 0, pause);
          long two = n < (1 << 16) ? median(body, twoRanges, pause) : -1;
          long four = median(body, 1L << 16, pause);
          line.append(String.format("  %s: %7d | %7d | %7d", pause == 0 ? "back to back" : "200 µs apart", alone, two, four));
        }
        System.out.println(line);
      }
    }
  }

  /** The median time of {@link #CALLS} updates; {@code work} 0 means on the caller alone. */
  private static long median(Body body, long work, long pause) {
    long[] times = new long[CALLS];
    for (int call = -WARM_UP; call < CALLS; call++) {
      if (pause > 0) {
        LockSupport.parkNanos(pause);
      }
      long start = System.nanoTime();
      if (work == 0) {
        body.run(0, body.theta.length);
      } else {
        ParallelRanges.forRange(body.theta.length, work, body);
      }
      long time = System.nanoTime() - start;
      if (call >= 0) {
        times[call] = time;
      }
    }
    Arrays.sort(times);
    return times[CALLS / 2];
  }

  /** One parameter's update by {@code rule}, over a range. */
  private static final class Body implements RangeBody {
    private final BaseOptimizer<?> rule;
    private final double[] theta;
    private final double[] g;
    private final double[][] buffers;
    private final double[][] before;

    Body(BaseOptimizer<?> rule, int n) {
      this.rule = rule;
      Random random = new Random(n);
      theta = new double[n];
      g = new double[n];
      Arrays.setAll(theta, i -> random.nextGaussian());
      Arrays.setAll(g, i -> 1e-3 * random.nextGaussian());
      buffers = new double[rule.bufferNames().size()][n];
      before = new double[1 + buffers.length][n];
    }

    @Override
    public void run(int from, int to) {
      rule.update(theta, g, buffers, before, 1e-3, 2, from, to);
    }
  }
}
