package dev.nn4j.optim;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import dev.nn4j.core.Optimizer;
import dev.nn4j.core.OptimizerState;
import dev.nn4j.core.Parameter;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One training run of an nn4j optimizer over a fixed set of named parameters: the step count {@code
 * t} and, for each parameter, the rule's buffers (momentum, moments, sums). They are kept in arrays
 * in the order of the parameters given to {@link BaseOptimizer#start}, and exposed by the
 * parameters' names ({@code layers.0.weight}): {@link #state()} and {@link #restore} read and write
 * all of it, for checkpoints, so a state fits any updater over parameters of the same names and
 * sizes, whatever their order.
 *
 * <p>Each {@link #step()} follows the order of {@link BaseOptimizer}: scheduled learning rate,
 * gradient clipping (which scales the parameters' gradients in place), then the rule on every
 * parameter's value: a large parameter's update is shared between the threads of nn4j's default pool
 * ({@code nn4j.threads}), elementwise, so the results are the same bits on any number of threads (see {@link
 * ParameterUpdate}). Nothing is allocated per step. Not thread-safe: used by the training thread only.
 */
public final class StatefulUpdater implements Optimizer.Updater {
  private final BaseOptimizer<?> optimizer;
  private final ImmutableList<String> names;
  private final ImmutableList<Parameter> parameters;
  private final ImmutableList<String> bufferNames;
  /** {@code buffers[p][b]}: buffer {@code bufferNames[b]} of parameter {@code names[p]}. */
  private final double[][][] buffers;
  /** The rule's update of one parameter, shared between threads when the parameter is large. */
  private final ParameterUpdate update;
  /** The values and buffers from before the last step, for undoing it; made at the first step. */
  private double[][][] before;
  private long step;

  StatefulUpdater(BaseOptimizer<?> optimizer, Map<String, Parameter> parameters) {
    this.optimizer = checkNotNull(optimizer, "optimizer");
    checkNotNull(parameters, "parameters");
    this.names = ImmutableList.copyOf(parameters.keySet());
    this.parameters = ImmutableList.copyOf(parameters.values());
    this.bufferNames = ImmutableList.copyOf(optimizer.bufferNames());
    this.update = new ParameterUpdate(optimizer);
    this.buffers = new double[this.parameters.size()][bufferNames.size()][];
    for (int p = 0; p < buffers.length; p++) {
      for (int b = 0; b < bufferNames.size(); b++) {
        buffers[p][b] = new double[this.parameters.get(p).size()];
        Arrays.fill(buffers[p][b], optimizer.initialBufferValue());
      }
    }
  }

  /**
   * Takes step {@code t + 1}: updates every parameter's value in place from its gradient.
   *
   * @throws IllegalStateException if the schedule gives a negative or non-finite learning rate, or if the
   *     step would leave a value or a buffer NaN or infinite; then nothing has changed but the gradients,
   *     which clipping may have scaled (see {@link #stepIfFinite()})
   */
  @Override
  public void step() {
    if (!stepIfFinite()) {
      throw new IllegalStateException(
          "Step " + (step + 1) + " of " + optimizer + " overflowed: it would make a parameter or the optimizer's"
              + " state NaN or infinite, so it was undone. Try a lower learning rate");
    }
  }

  /**
   * Takes step {@code t + 1}, unless it would leave a parameter's value or one of the rule's buffers NaN or
   * infinite (an update that overflows): then every value and buffer, and the step count, is put back as it
   * was (the gradients stay as clipping left them), and this returns false. The rule keeps what it
   * overwrites as it goes, in arrays as large as the parameters and buffers, made at the first step: that
   * doubles the memory of the parameters and the optimizer's state while training, and costs a store per
   * value; nothing is allocated per step.
   *
   * @return true if the step was taken, false if it was undone
   * @throws IllegalStateException if the schedule gives a negative or non-finite learning rate; nothing has
   *     changed
   */
  @Override
  public boolean stepIfFinite() {
    double lr = nextLearningRate();
    if (!(lr >= 0 && Double.isFinite(lr))) {
      // Not Guava's checkState: its arguments would be boxed on every step.
      throw new IllegalStateException(
          "Schedule "
              + optimizer.schedule()
              + " gave learning rate "
              + lr
              + " at step "
              + step
              + "; expected a non-negative, finite rate");
    }
    step++;
    Settings settings = optimizer.settings();
    if (settings.clips()) {
      Clipping.clipGradientNorm(parameters, settings.clipNorm());
    }
    double[][][] before = before();
    int p = 0;
    try {
      for (; p < buffers.length; p++) {
        Parameter parameter = parameters.get(p);
        if (!update.run(parameter.value().data(), parameter.gradient().data(), buffers[p], before[p], lr, step)) {
          undo(p);
          step--;
          return false;
        }
      }
    } catch (RuntimeException | Error e) {
      // Only an error of the JVM's own (the rules are arithmetic): the parameters before the one that failed
      // are put back; that one may be partly updated, its ranges having run on several threads.
      undo(p - 1);
      step--;
      throw e;
    }
    return true;
  }

  /** The arrays that keep the values and buffers from before a step, {@code [parameter][0 or 1 + buffer]}. */
  private double[][][] before() {
    if (before == null) {
      before = new double[buffers.length][1 + bufferNames.size()][];
      for (int p = 0; p < buffers.length; p++) {
        for (int i = 0; i < before[p].length; i++) {
          before[p][i] = new double[parameters.get(p).size()];
        }
      }
    }
    return before;
  }

  /** Puts back the values and buffers of parameters {@code 0} to {@code last} from before the step. */
  private void undo(int last) {
    for (int p = 0; p <= last; p++) {
      double[] values = parameters.get(p).value().data();
      System.arraycopy(before[p][0], 0, values, 0, values.length);
      for (int b = 0; b < buffers[p].length; b++) {
        System.arraycopy(before[p][1 + b], 0, buffers[p][b], 0, values.length);
      }
    }
  }

  /**
   * The number of steps taken so far, {@code t}.
   *
   * @return {@code t}
   */
  public long stepCount() {
    return step;
  }

  /**
   * The learning rate the next step will use, {@code schedule(γ, t)}.
   *
   * @return the next step's learning rate {@code γ_{t+1}}
   */
  @Override
  public double nextLearningRate() {
    return optimizer.schedule().learningRate(optimizer.learningRate(), step);
  }

  /**
   * The optimizer whose rule this updater applies.
   *
   * @return the optimizer
   */
  public Optimizer optimizer() {
    return optimizer;
  }

  /** A copy of the current state: the step count and every parameter's buffers, by name. */
  @Override
  public OptimizerState state() {
    Map<String, double[][]> byName = new LinkedHashMap<>();
    for (int p = 0; p < buffers.length; p++) {
      byName.put(names.get(p), buffers[p]);
    }
    return new OptimizerState(step, bufferNames, byName);
  }

  /**
   * Replaces the current state by {@code state}, copied, so that training continues exactly as the
   * updater that produced it would have. Everything is checked before anything changes.
   *
   * @throws IllegalArgumentException if {@code state} has other buffers, is for parameters of other
   *     names, or has buffers of other lengths than this updater; the message gives what was
   *     expected and what was given
   */
  @Override
  public void restore(OptimizerState state) {
    checkNotNull(state, "state");
    checkArgument(
        state.bufferNames().equals(bufferNames),
        "Expected the buffers %s of %s, got a state with %s",
        bufferNames,
        optimizer.name(),
        state.bufferNames());
    checkArgument(
        state.parameterNames().equals(ImmutableSet.copyOf(names)),
        "Expected a state for the parameters %s, got one for %s",
        names,
        state.parameterNames());
    double[][][] source = new double[buffers.length][bufferNames.size()][];
    for (int p = 0; p < buffers.length; p++) {
      for (int b = 0; b < bufferNames.size(); b++) {
        source[p][b] = state.buffer(names.get(p), bufferNames.get(b));
        checkArgument(
            source[p][b].length == buffers[p][b].length,
            "Expected %s values in buffer '%s' of parameter '%s' (%s), got %s",
            buffers[p][b].length,
            bufferNames.get(b),
            names.get(p),
            parameters.get(p),
            source[p][b].length);
      }
    }
    for (int p = 0; p < buffers.length; p++) {
      for (int b = 0; b < bufferNames.size(); b++) {
        System.arraycopy(source[p][b], 0, buffers[p][b], 0, buffers[p][b].length);
      }
    }
    step = state.step();
  }

  @Override
  public String toString() {
    return "StatefulUpdater("
        + optimizer
        + ", step="
        + step
        + ", parameters="
        + parameters.size()
        + ")";
  }
}
