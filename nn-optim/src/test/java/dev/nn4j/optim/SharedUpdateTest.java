package dev.nn4j.optim;

import static dev.nn4j.optim.OptimizerTesting.named;
import static dev.nn4j.optim.OptimizerTesting.setGradient;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.collect.ImmutableList;
import dev.nn4j.core.Parameter;
import dev.nn4j.core.math.ParallelRanges;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A large parameter's update is shared between the threads of nn4j's default pool ({@link ParameterUpdate}):
 * it gives the same bits as the rule's loop over the whole parameter on the calling thread, which is what one
 * thread does, for every rule and option; it is cut into contiguous ranges from {@link
 * ParameterUpdate#MIN_SHARED_ELEMENTS} elements on; a step that overflows in one range only is undone exactly;
 * and a warm step allocates nothing on any thread. nn-optim's build runs this class with {@code
 * nn4j.threads=2} and again with {@code nn4j.threads=1}, so both thread counts are compared with the same
 * reference.
 */
class SharedUpdateTest {
  /** Four ranges on two threads. */
  private static final int LARGE = 3 * ParameterUpdate.MIN_SHARED_ELEMENTS + 17;

  /** Every rule with each option that changes its loop. */
  private static final List<BaseOptimizer<?>> RULES =
      List.of(
          Optimizers.sgd(0.01),
          Optimizers.sgd(0.01).withMomentum(0.9),
          Optimizers.sgd(0.01).withMomentum(0.9).withDampening(0.25).withWeightDecay(1e-2),
          Optimizers.sgd(0.01).withMomentum(0.9, true).withWeightDecay(1e-2),
          Optimizers.adam(1e-3),
          Optimizers.adam(1e-3).withAmsgrad(true).withWeightDecay(1e-2),
          Optimizers.adamW(1e-3),
          Optimizers.adamW(1e-3).withAmsgrad(true),
          Optimizers.adagrad(0.01).withLearningRateDecay(1e-3).withWeightDecay(1e-2),
          Optimizers.adagrad(0.01).withInitialAccumulatorValue(0.1),
          Optimizers.rmsProp(0.01),
          Optimizers.rmsProp(0.01).withCentered(true),
          Optimizers.rmsProp(0.01).withMomentum(0.5).withCentered(true).withWeightDecay(1e-2));

  @Test
  void theDefaultPoolHasTheThreadsOfTheProperty() {
    int expected = Integer.getInteger("nn4j.threads", Runtime.getRuntime().availableProcessors());
    assertThat(ParallelRanges.threads()).isEqualTo(expected);
  }

  @Test
  void everyRuleGivesTheSameBitsAsOneLoopOverTheWholeParameterOnTheCallingThread() {
    for (BaseOptimizer<?> rule : RULES) {
      Parameter[] shared = {randomParameter(LARGE, 1), randomParameter(100, 2)};
      StatefulUpdater updater = rule.start(named(shared));
      // The reference: the rule over each whole parameter on this thread, with buffers as the updater starts them.
      double[][] values = {shared[0].value().data().clone(), shared[1].value().data().clone()};
      double[][][] buffers = new double[2][rule.bufferNames().size()][];
      double[][][] before = new double[2][1 + rule.bufferNames().size()][];
      for (int p = 0; p < 2; p++) {
        for (int b = 0; b < buffers[p].length; b++) {
          buffers[p][b] = new double[values[p].length];
          Arrays.fill(buffers[p][b], rule.initialBufferValue());
        }
        for (int b = 0; b < before[p].length; b++) {
          before[p][b] = new double[values[p].length];
        }
      }
      Random gradients = new Random(3);
      for (long t = 1; t <= 3; t++) {
        double lr = updater.nextLearningRate();
        for (int p = 0; p < 2; p++) {
          double[] g = gaussian(gradients, values[p].length);
          setGradient(shared[p], g);
          assertThat(rule.update(values[p], g, buffers[p], before[p], lr, t, 0, values[p].length)).isTrue();
        }
        updater.step();
        for (int p = 0; p < 2; p++) {
          assertThat(firstDifference(shared[p].value().data(), values[p]))
              .as("first differing value of parameter %d after step %d of %s", p, t, rule)
              .isEqualTo(-1);
          for (int b = 0; b < buffers[p].length; b++) {
            String name = rule.bufferNames().get(b);
            assertThat(firstDifference(updater.state().buffer("layers." + p + ".weight", name), buffers[p][b]))
                .as("first differing element of %s of parameter %d after step %d of %s", name, p, t, rule)
                .isEqualTo(-1);
          }
        }
      }
    }
  }

  @Test
  void aParameterIsCutIntoRangesFromTheThresholdOn() {
    int threads = ParallelRanges.threads();
    int threshold = ParameterUpdate.MIN_SHARED_ELEMENTS;
    assertThat(ranges(threshold - 1)).containsExactly(List.of(0, threshold - 1));
    assertThat(ranges(threshold)).hasSize(threads == 1 ? 1 : 2);
    List<List<Integer>> large = ranges(LARGE);
    assertThat(large).hasSize(threads == 1 ? 1 : Math.min(6, 2 * threads));
    assertThat(large.get(0).get(0)).isZero();
    assertThat(large.get(large.size() - 1).get(1)).isEqualTo(LARGE);
    for (int r = 1; r < large.size(); r++) {
      assertThat(large.get(r).get(0)).as("start of range %d", r).isEqualTo(large.get(r - 1).get(1));
    }
  }

  /** The ranges, sorted, in which one step updates a parameter of {@code n} elements. */
  private static List<List<Integer>> ranges(int n) {
    RangeRecorder recorder = new RangeRecorder();
    Parameter p = randomParameter(n, 4);
    recorder.start(named(p)).step();
    List<List<Integer>> ranges = new ArrayList<>(recorder.ranges);
    ranges.sort((a, b) -> Integer.compare(a.get(0), b.get(0)));
    return ranges;
  }

  /**
   * The rules of {@code DivergingStepTest}, at a learning rate that a gradient of 1e300 overflows, with the
   * overflow only in the second of the large parameter's four ranges (on two threads): the step is undone
   * for every parameter, the one before the large one and the large one's other ranges included, and training
   * goes on as if it had never been tried.
   */
  @Test
  void anOverflowInOneRangeOnlyUndoesTheWholeStep() {
    List<BaseOptimizer<?>> rules = DivergingStepTest.RULES;
    int inSecondRange = 3 * LARGE / 8;
    for (BaseOptimizer<?> rule : rules) {
      Parameter[] tried = {randomParameter(50, 5), randomParameter(LARGE, 6), randomParameter(20, 7)};
      Parameter[] untried = {randomParameter(50, 5), randomParameter(LARGE, 6), randomParameter(20, 7)};
      StatefulUpdater a = rule.start(named(tried));
      StatefulUpdater b = rule.start(named(untried));
      Random gradients = new Random(8);
      for (int step = 0; step < 2; step++) {
        sameSteps(gradients, a, tried, b, untried);
      }

      for (Parameter p : tried) {
        setGradient(p, gaussian(gradients, p.size()));
      }
      tried[1].gradient().data()[inSecondRange] = 1e300;
      assertThat(a.stepIfFinite()).as("%s", rule).isFalse();
      assertThat(a.stepCount()).isEqualTo(2);
      assertSame(rule, a, tried, b, untried);

      sameSteps(gradients, a, tried, b, untried);
      assertSame(rule, a, tried, b, untried);
    }
  }

  private static void sameSteps(Random gradients, StatefulUpdater a, Parameter[] pa, StatefulUpdater b, Parameter[] pb) {
    for (int p = 0; p < pa.length; p++) {
      double[] g = gaussian(gradients, pa[p].size());
      setGradient(pa[p], g);
      setGradient(pb[p], g);
    }
    assertThat(a.stepIfFinite()).isTrue();
    assertThat(b.stepIfFinite()).isTrue();
  }

  private static void assertSame(BaseOptimizer<?> rule, StatefulUpdater a, Parameter[] pa, StatefulUpdater b, Parameter[] pb) {
    assertThat(a.state()).as("%s", rule).isEqualTo(b.state());
    for (int p = 0; p < pa.length; p++) {
      assertThat(firstDifference(pa[p].value().data(), pb[p].value().data()))
          .as("first differing value of parameter %d, %s", p, rule)
          .isEqualTo(-1);
    }
  }

  /**
   * Once warm, a step of Adam over a large and a small parameter allocates nothing on the calling thread or
   * on the pool's threads ({@code nn4j-loop-*}). Rounds of steps are counted, one of which must allocate
   * nothing: an allocation of the update would recur in every round, while the JVM may on rare occasions
   * allocate on the calling thread for itself.
   */
  @Test
  void aWarmStepAllocatesNothingOnAnyThread() {
    Parameter[] parameters = {randomParameter(LARGE, 9), randomParameter(100, 10)};
    StatefulUpdater updater = Optimizers.adam(1e-3).start(named(parameters));
    for (Parameter p : parameters) {
      setGradient(p, gaussian(new Random(11), p.size()));
    }
    for (int step = 0; step < 500; step++) {
      updater.step();
    }
    long[] pool =
        Thread.getAllStackTraces().keySet().stream()
            .filter(t -> t.getName().startsWith("nn4j-loop-"))
            .mapToLong(Thread::getId)
            .toArray();
    assertThat(pool).as("the pool's threads measured").hasSize(ParallelRanges.threads() - 1);
    long[] rounds = {-1, -1, -1};
    for (int round = 0; round < rounds.length; round++) {
      long before = allocatedBytes(pool);
      for (int step = 0; step < 20; step++) {
        updater.step();
      }
      rounds[round] = allocatedBytes(pool) - before;
      if (rounds[round] == 0) {
        break;
      }
    }
    assertThat(rounds).as("bytes allocated by rounds of 20 steps (caller and pool threads)").contains(0L);
  }

  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  /** The bytes allocated so far by the calling thread and the threads {@code pool}. */
  private static long allocatedBytes(long[] pool) {
    long sum = THREADS.getThreadAllocatedBytes(Thread.currentThread().getId());
    for (long id : pool) {
      sum += THREADS.getThreadAllocatedBytes(id);
    }
    return sum;
  }

  /** A {@code [1, n]} parameter of Gaussian values from {@code seed}. */
  private static Parameter randomParameter(int n, long seed) {
    Parameter p = new Parameter("weight", 1, n);
    System.arraycopy(gaussian(new Random(seed), n), 0, p.value().data(), 0, n);
    return p;
  }

  private static double[] gaussian(Random random, int n) {
    double[] values = new double[n];
    Arrays.setAll(values, i -> random.nextGaussian());
    return values;
  }

  /** The first index where {@code a} and {@code b} differ in any bit, or -1. */
  private static int firstDifference(double[] a, double[] b) {
    assertThat(a).hasSameSizeAs(b);
    for (int i = 0; i < a.length; i++) {
      if (Double.doubleToRawLongBits(a[i]) != Double.doubleToRawLongBits(b[i])) {
        return i;
      }
    }
    return -1;
  }

  /** A rule that only records the ranges it is given, changing nothing. */
  private static final class RangeRecorder extends BaseOptimizer<RangeRecorder> {
    final List<List<Integer>> ranges = Collections.synchronizedList(new ArrayList<>());

    RangeRecorder() {
      super(Settings.of(1.0, 0.0));
    }

    @Override
    public String name() {
      return "range_recorder";
    }

    @Override
    RangeRecorder withSettings(Settings settings) {
      return this;
    }

    @Override
    List<String> bufferNames() {
      return ImmutableList.of();
    }

    @Override
    boolean update(double[] theta, double[] g, double[][] buffers, double[][] before, double lr, long t, int from, int to) {
      ranges.add(List.of(from, to));
      return true;
    }

    @Override
    List<Option> options() {
      return List.of();
    }

    @Override
    void writeConfig(ConfigWriter out) {}
  }
}
