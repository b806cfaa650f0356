package dev.nn4j.core.math;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

/**
 * A loop over {@code [0, n)} shared as contiguous ranges between the calling thread and the threads of nn4j's
 * default pool (as many threads as processors, or {@value JavaBackend#THREADS_PROPERTY}), the pool of nn4j's own
 * elementwise and convolution loops and, with the same number of threads, of the {@code java} backend's
 * products: for work outside {@code nn-core} that is cheap per element but large, such as an optimizer's update
 * of a large parameter, which then finds the pool's threads still polling after the step's last product.
 *
 * <p>A loop smaller than two tasks' worth of work ({@code n · workPerIteration < 2 ·} {@value
 * #MIN_TASK_WORK}) runs on the calling thread, as {@code body.run(0, n)}; a larger one is cut into at most two
 * ranges per thread, each of at least {@value #MIN_TASK_WORK} work, which the caller and the pool's threads
 * claim one at a time. The caller returns once every range has run; what the ranges wrote is then visible to
 * it. If a range throws, the others still run and the first failure is thrown to the caller.
 *
 * <p>The results are the same bits on any number of threads when {@code body} computes each index alone (see
 * {@link RangeBody}). Allocates nothing once the calling thread has run one shared loop, given a body that
 * does not allocate: reuse one body object rather than a lambda that captures the loop's arguments.
 */
public final class ParallelRanges {
  /**
   * The least work of one range, in {@code workPerIteration} units (about one element operation each):
   * {@value}. Below twice this, a loop is not shared.
   */
  public static final long MIN_TASK_WORK = ParallelLoops.MIN_PARALLEL_WORK;

  /** The most {@code workPerIteration}, so that {@code n · workPerIteration} cannot overflow. */
  private static final long MAX_WORK_PER_ITERATION = 1L << 32;

  private ParallelRanges() {}

  /**
   * The threads that share a large loop, the caller included.
   *
   * @return at least 1
   */
  public static int threads() {
    return ParallelLoops.DEFAULT.threads();
  }

  /**
   * Runs {@code body} over {@code [0, n)}, on the calling thread or, for a large loop, as contiguous ranges
   * shared with the pool's threads (see the class comment).
   *
   * @param n the number of iterations, at least 0
   * @param workPerIteration about how many element operations one iteration costs, from 1 to {@code 2^32}: it
   *     decides whether and into how many ranges the loop is cut
   * @param body the loop over one range
   * @throws IllegalArgumentException if {@code n} or {@code workPerIteration} is out of range
   */
  public static void forRange(int n, long workPerIteration, RangeBody body) {
    checkArgument(n >= 0, "Expected a number of iterations n >= 0, got n=%s", n);
    checkArgument(
        workPerIteration >= 1 && workPerIteration <= MAX_WORK_PER_ITERATION,
        "Expected a workPerIteration from 1 to 2^32, got %s",
        workPerIteration);
    checkNotNull(body, "body");
    ParallelLoops.DEFAULT.forRange(n, workPerIteration, body);
  }
}
