package dev.nn4j.core.math;

/**
 * The body of a loop over the indices {@code [from, to)}, as {@link ParallelRanges#forRange} runs it on
 * contiguous parts of a larger loop, possibly on several threads at once.
 *
 * <p>A body must give each index the same result whichever part it falls in and whichever thread runs it
 * (an elementwise update, say), and parts run concurrently must write disjoint elements. To allocate nothing
 * per loop, reuse one body object whose fields hold the loop's arguments rather than a lambda that captures
 * them.
 */
@FunctionalInterface
public interface RangeBody {
  /**
   * Runs the loop over {@code [from, to)}.
   *
   * @param from the first index, included
   * @param to the last index, excluded; at least {@code from}
   */
  void run(int from, int to);
}
