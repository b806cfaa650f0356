package dev.nn4j.core;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableMap;
import dev.nn4j.core.math.Matrix;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Everything that training continues from: the parameters, the optimizer's state (momentum buffers,
 * Adam's moments and step count, and so the schedule's position), and the numbers of epochs and steps
 * taken, from which the next epoch's shuffling and the next step's dropout masks derive. Restoring it into
 * a network built the same way makes training continue exactly as if it had not stopped. Immutable.
 */
public final class TrainingState {
  private final ImmutableMap<String, Matrix> parameters;
  private final OptimizerState optimizer;
  private final long epochsTrained;
  private final long stepsTaken;

  /**
   * @param parameters every parameter's value by name, as {@link Network#parameterValues()} gives them
   *     (copied)
   * @param optimizer the optimizer's state, or null for a network that has not been trained
   * @param epochsTrained epochs trained so far
   * @param stepsTaken optimizer steps taken so far
   */
  public TrainingState(Map<String, Matrix> parameters, OptimizerState optimizer, long epochsTrained, long stepsTaken) {
    checkNotNull(parameters, "parameters");
    checkArgument(epochsTrained >= 0, "Expected epochsTrained >= 0, got %s", epochsTrained);
    checkArgument(stepsTaken >= 0, "Expected stepsTaken >= 0, got %s", stepsTaken);
    Map<String, Matrix> copies = new LinkedHashMap<>();
    parameters.forEach((name, value) -> copies.put(name, value.copy()));
    this.parameters = ImmutableMap.copyOf(copies);
    this.optimizer = optimizer;
    this.epochsTrained = epochsTrained;
    this.stepsTaken = stepsTaken;
  }

  /**
   * Every parameter's value by name; the matrices are copies.
   *
   * @return every parameter's value by name
   */
  public Map<String, Matrix> parameters() {
    Map<String, Matrix> copies = new LinkedHashMap<>();
    parameters.forEach((name, value) -> copies.put(name, value.copy()));
    return copies;
  }

  /**
   * The optimizer's state, empty if the network had not been trained.
   *
   * @return the optimizer's state, empty if the network had not been trained
   */
  public Optional<OptimizerState> optimizer() {
    return Optional.ofNullable(optimizer);
  }

  /**
   * Epochs trained so far.
   *
   * @return the epochs trained so far
   */
  public long epochsTrained() {
    return epochsTrained;
  }

  /**
   * Optimizer steps taken so far.
   *
   * @return the optimizer steps taken so far
   */
  public long stepsTaken() {
    return stepsTaken;
  }

  @Override
  public String toString() {
    return "TrainingState{epochs=" + epochsTrained + ", steps=" + stepsTaken + ", parameters=" + parameters.keySet()
        + ", optimizer=" + optimizer + "}";
  }
}
