package dev.nn4j.core;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A snapshot of an optimizer's state between steps: the step count {@code t} and, for each parameter, the
 * rule's buffers as named arrays (for Adam {@code "exp_avg"} and {@code "exp_avg_sq"}, PyTorch's names).
 * This is what a checkpoint must save to resume training exactly where it stopped.
 *
 * <p>Parameters are identified by their names in the network's state dict ({@code layers.0.weight}), so a
 * state survives a change in the order or number of other parameters' entries; every parameter has the same
 * buffers, each as long as the parameter ({@code value().data()}'s row-major order). Immutable: arrays are
 * copied in and out.
 */
public final class OptimizerState {
  private final long step;
  private final ImmutableList<String> bufferNames;
  private final Map<String, double[][]> buffers;

  /**
   * A snapshot of {@code step} steps with {@code buffers.get(parameter)[b]} holding the buffer named {@code
   * bufferNames.get(b)} of that parameter; the arrays are copied.
   *
   * @param step the number of steps taken, {@code t}
   * @param bufferNames the names of each parameter's buffers, such as {@code "exp_avg"}
   * @param buffers for each parameter name, in the network's order, one array per buffer name
   * @throws IllegalArgumentException if {@code step} is negative, a name repeats, or a parameter does not
   *     have one array per name
   */
  public OptimizerState(long step, List<String> bufferNames, Map<String, double[][]> buffers) {
    checkArgument(step >= 0, "Expected a step count >= 0, got step=%s", step);
    this.step = step;
    this.bufferNames = ImmutableList.copyOf(bufferNames);
    checkArgument(
        this.bufferNames.stream().distinct().count() == this.bufferNames.size(),
        "Expected distinct buffer names, got %s",
        this.bufferNames);
    checkNotNull(buffers, "buffers");
    Map<String, double[][]> copy = new LinkedHashMap<>();
    buffers.forEach((parameter, arrays) -> {
      checkArgument(
          arrays != null && arrays.length == this.bufferNames.size(),
          "Expected %s buffers %s for parameter %s, got %s",
          this.bufferNames.size(),
          this.bufferNames,
          parameter,
          arrays == null ? null : arrays.length);
      double[][] own = new double[arrays.length][];
      for (int b = 0; b < arrays.length; b++) {
        own[b] = checkNotNull(arrays[b], "buffer %s of parameter %s", b, parameter).clone();
      }
      copy.put(parameter, own);
    });
    this.buffers = copy;
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
   * The names of the parameters, in the network's order.
   *
   * @return the parameter names
   */
  public Set<String> parameterNames() {
    return java.util.Collections.unmodifiableSet(buffers.keySet());
  }

  /**
   * A copy of the buffer called {@code name} of the parameter called {@code parameter}.
   *
   * @param parameter the parameter's name, such as {@code "layers.0.weight"}
   * @param name the buffer's name, such as {@code "exp_avg"}
   * @return a copy of the buffer, in the parameter's row-major order
   * @throws IllegalArgumentException if there is no such parameter or buffer
   */
  public double[] buffer(String parameter, String name) {
    double[][] arrays = buffers.get(parameter);
    checkArgument(arrays != null, "No state for parameter '%s': this state has %s", parameter, buffers.keySet());
    int b = bufferNames.indexOf(name);
    checkArgument(b >= 0, "Unknown buffer '%s': this state has %s", name, bufferNames);
    return arrays[b].clone();
  }

  /**
   * A state with no buffers, for an optimizer that keeps nothing but its step count.
   *
   * @param step the number of steps taken
   * @return the state
   */
  public static OptimizerState ofSteps(long step) {
    return new OptimizerState(step, List.of(), Map.of());
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof OptimizerState s) || step != s.step || !bufferNames.equals(s.bufferNames)
        || !buffers.keySet().equals(s.buffers.keySet())) {
      return false;
    }
    return buffers.entrySet().stream().allMatch(e -> Arrays.deepEquals(e.getValue(), s.buffers.get(e.getKey())));
  }

  @Override
  public int hashCode() {
    return 31 * (31 * Long.hashCode(step) + bufferNames.hashCode()) + buffers.keySet().hashCode();
  }

  @Override
  public String toString() {
    return "OptimizerState(step=" + step + ", buffers=" + bufferNames + ", parameters=" + buffers.size() + ")";
  }
}
