package dev.nn4j.core;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import java.util.Arrays;
import java.util.List;

/**
 * A snapshot of an optimizer's state between steps: the step count {@code t} and, for each
 * parameter, the rule's buffers as named arrays (for Adam {@code "exp_avg"} and {@code
 * "exp_avg_sq"}, PyTorch's names). This is what a checkpoint must save to resume training exactly
 * where it stopped.
 *
 * <p>Parameters are identified by their index in the list the optimizer was started with, as in
 * PyTorch's {@code optimizer.state_dict()}; every parameter has the same buffers, each as long as
 * the parameter ({@code value().data()}'s row-major order). Immutable: arrays are copied in and
 * out.
 */
public final class OptimizerState {
  private final long step;
  private final ImmutableList<String> bufferNames;
  private final double[][][] buffers;

  /**
   * A snapshot of {@code step} steps with {@code buffers[parameter][buffer]} holding the buffer
   * named {@code bufferNames.get(buffer)} of the parameter with that index; the arrays are copied.
   *
   * @param step the number of steps taken, {@code t}
   * @param bufferNames the names of each parameter's buffers, such as {@code "exp_avg"}
   * @param buffers for each parameter index, one array per buffer name, each as long as the parameter
   * @throws IllegalArgumentException if {@code step} is negative, a name repeats, or a parameter
   *     does not have one array per name
   */
  public OptimizerState(long step, List<String> bufferNames, double[][][] buffers) {
    checkArgument(step >= 0, "Expected a step count >= 0, got step=%s", step);
    this.step = step;
    this.bufferNames = ImmutableList.copyOf(bufferNames);
    checkArgument(
        this.bufferNames.stream().distinct().count() == this.bufferNames.size(),
        "Expected distinct buffer names, got %s",
        this.bufferNames);
    checkNotNull(buffers, "buffers");
    this.buffers = new double[buffers.length][][];
    for (int p = 0; p < buffers.length; p++) {
      checkArgument(
          buffers[p] != null && buffers[p].length == this.bufferNames.size(),
          "Expected %s buffers %s for parameter %s, got %s",
          this.bufferNames.size(),
          this.bufferNames,
          p,
          buffers[p] == null ? null : buffers[p].length);
      this.buffers[p] = new double[buffers[p].length][];
      for (int b = 0; b < buffers[p].length; b++) {
        this.buffers[p][b] = checkNotNull(buffers[p][b], "buffer %s of parameter %s", b, p).clone();
      }
    }
  }

  /**
   * The number of steps taken, {@code t}; the next step is step {@code t + 1}.
   *
   * @return the step count {@code t}
   */
  public long step() {
    return step;
  }

  /**
   * The names of each parameter's buffers, such as {@code ["exp_avg", "exp_avg_sq"]}; may be empty.
   *
   * @return the buffer names, in order
   */
  public List<String> bufferNames() {
    return bufferNames;
  }

  /**
   * The number of parameters.
   *
   * @return the number of parameters, as in the list the optimizer was started with
   */
  public int parameterCount() {
    return buffers.length;
  }

  /**
   * A copy of the buffer called {@code name} of the parameter at index {@code parameter}.
   *
   * @param parameter the index of the parameter in the optimizer's list
   * @param name the buffer's name, such as {@code "exp_avg"}
   * @return a copy of the buffer, in the parameter's row-major order
   * @throws IllegalArgumentException if there is no such parameter or buffer
   */
  public double[] buffer(int parameter, String name) {
    checkArgument(
        parameter >= 0 && parameter < buffers.length,
        "Expected a parameter index in [0, %s), got %s",
        buffers.length,
        parameter);
    int b = bufferNames.indexOf(name);
    checkArgument(b >= 0, "Unknown buffer '%s': this state has %s", name, bufferNames);
    return buffers[parameter][b].clone();
  }

  /**
   * A state with no buffers, for an optimizer that keeps nothing but its step count.
   *
   * @param step the number of steps taken
   * @return the state
   */
  public static OptimizerState ofSteps(long step) {
    return new OptimizerState(step, List.of(), new double[0][][]);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof OptimizerState s
        && step == s.step
        && bufferNames.equals(s.bufferNames)
        && Arrays.deepEquals(buffers, s.buffers);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * Long.hashCode(step) + bufferNames.hashCode()) + Arrays.deepHashCode(buffers);
  }

  @Override
  public String toString() {
    return "OptimizerState(step="
        + step
        + ", buffers="
        + bufferNames
        + ", parameters="
        + buffers.length
        + ")";
  }
}
