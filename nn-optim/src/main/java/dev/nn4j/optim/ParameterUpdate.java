package dev.nn4j.optim;

import dev.nn4j.core.math.ParallelRanges;
import dev.nn4j.core.math.RangeBody;

/**
 * One parameter's update by a rule ({@link BaseOptimizer#update}): a large parameter's as contiguous ranges
 * shared between the threads of nn4j's default pool ({@link ParallelRanges}, the {@code nn4j.threads}
 * property), a small one's on the calling thread. Each element is updated by the same arithmetic in either
 * case, so the bits are the same on any number of threads; every range runs to its end, so that when one
 * reports a non-finite value the whole parameter's values from before the step are there to put back.
 *
 * <p>One object per {@link StatefulUpdater}, its arguments in fields and reused for every parameter and step,
 * so that a step allocates nothing (a lambda capturing the parameter's arrays would be a new object per
 * call). Not thread-safe: called by its updater's thread only; the pool's threads only run its ranges.
 */
final class ParameterUpdate implements RangeBody {
  /**
   * The smallest parameter whose update is shared between threads: {@value} elements. Measured on a 2-core
   * AMD Zen 3 (AVX2) virtual machine with {@code UpdateThresholdHarness} (nn-optim's tests), median time of
   * one update, on the caller alone against shared by 2 threads:
   * TODO figures.
   */
  static final int MIN_SHARED_ELEMENTS = 1 << 15;

  /**
   * The work per element, in the units of {@link ParallelRanges#forRange}, that makes a parameter of {@link
   * #MIN_SHARED_ELEMENTS} exactly two ranges' worth: smaller ones run on the caller, larger ones are cut into
   * ranges of at least {@code MIN_SHARED_ELEMENTS / 2} elements, at most two per thread.
   */
  static final long WORK_PER_ELEMENT = 2 * ParallelRanges.MIN_TASK_WORK / MIN_SHARED_ELEMENTS;

  private final BaseOptimizer<?> rule;
  private double[] theta;
  private double[] g;
  private double[][] buffers;
  private double[][] before;
  private double lr;
  private long t;
  /** Set by any range that wrote a NaN or an infinity; read by the caller once every range has run. */
  private volatile boolean nonFinite;

  /** @param rule the rule that updates each range */
  ParameterUpdate(BaseOptimizer<?> rule) {
    this.rule = rule;
  }

  /**
   * Updates one parameter by the rule, as {@link BaseOptimizer#update} describes, over all its elements.
   *
   * @return true if every value written is finite
   */
  boolean run(double[] theta, double[] g, double[][] buffers, double[][] before, double lr, long t) {
    this.theta = theta;
    this.g = g;
    this.buffers = buffers;
    this.before = before;
    this.lr = lr;
    this.t = t;
    nonFinite = false;
    ParallelRanges.forRange(theta.length, WORK_PER_ELEMENT, this);
    return !nonFinite;
  }

  /** Updates the elements {@code [from, to)}: one range, on whichever thread claimed it. */
  @Override
  public void run(int from, int to) {
    if (!rule.update(theta, g, buffers, before, lr, t, from, to)) {
      nonFinite = true;
    }
  }
}
