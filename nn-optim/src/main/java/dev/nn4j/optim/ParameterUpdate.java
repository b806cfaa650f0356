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
   * The smallest parameter whose update is shared between threads: {@value} elements. Measured with {@code
   * UpdateThresholdHarness} (nn-optim's tests) on a 2-core Intel Xeon virtual machine (AVX-512, JDK 17), {@code
   * nn4j.threads=2}: the median time of one update, on the calling thread alone / shared in two ranges (four
   * for 100,352 elements, W2's first layer), in µs:
   *
   * <pre>
   *   elements                          4,096     8,192    16,384    32,768    49,152   100,352
   *   SGD,  the pool's thread polling  2.8/3.9   5.9/3.9  11.6/6.8  29.7/15.5 46.2/24.1   114/53
   *   SGD,  the pool's thread parked   3.4/4.9   6.7/7.8  11.9/13.1 28.9/33.0 51.3/27.1   116/62
   *   Adam, the pool's thread polling 21.8/12.6 46.2/22.5 88.6/46.9  187/96    291/144    558/284
   *   Adam, the pool's thread parked  21.6/23.3 44.4/47.3  101/49    189/97    292/146    559/323
   * </pre>
   *
   * <p>In a training step on the {@code java} backend the pool's thread is still polling after the step's last
   * product (the rows "polling"): there SGD gains from 8,192 elements on and runs twice as fast from 16,384.
   * When it is parked (another backend, or an update long after any loop), waking it costs about what sharing
   * a parameter below 32,768 elements saves, so the threshold is where that loss stays about 1 µs (16,384); the
   * rules that do more per element (Adam) gain from fewer. (These figures are with the caller polling for the
   * pool's last ranges before it parks; when it parked at once, a caller done first took tens of µs to wake:
   * SGD on 8,192 elements 25 µs shared against 6 alone, and no gain below 65,536 elements.)
   */
  static final int MIN_SHARED_ELEMENTS = 1 << 14;

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
