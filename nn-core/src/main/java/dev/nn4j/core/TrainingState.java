package dev.nn4j.core;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import java.util.Optional;

/**
 * Everything that training continues from: the network's state dict (parameters and buffers), the
 * optimizer's state (momentum buffers,
 * Adam's moments and step count, and so the schedule's position), and the numbers of epochs and steps
 * taken, from which the next epoch's shuffling and the next step's dropout masks derive. Restoring it into
 * a network built the same way makes training continue exactly as if it had not stopped. Immutable.
 *
 * <p>The optimizer's configuration is not part of it: {@link Trainer#restore} continues with the trainer's own
 * optimizer. A checkpoint file records the configuration too, its learning rate as {@link
 * Trainer#setLearningRate} last set it, so {@link Trainer#resume(java.nio.file.Path)} continues with that
 * rate.
 */
public final class TrainingState {
  private final StateDict stateDict;
  private final OptimizerState optimizer;
  private final long epochsTrained;
  private final long stepsTaken;

  /**
   * @param stateDict the network's parameters and buffers, as {@link Network#stateDict()} gives them
   * @param optimizer the optimizer's state, or null for a network that has not been trained
   * @param epochsTrained epochs trained so far
   * @param stepsTaken optimizer steps taken so far
   */
  public TrainingState(StateDict stateDict, OptimizerState optimizer, long epochsTrained, long stepsTaken) {
    this.stateDict = checkNotNull(stateDict, "stateDict");
    checkArgument(epochsTrained >= 0, "Expected epochsTrained >= 0, got %s", epochsTrained);
    checkArgument(stepsTaken >= 0, "Expected stepsTaken >= 0, got %s", stepsTaken);
    this.optimizer = optimizer;
    this.epochsTrained = epochsTrained;
    this.stepsTaken = stepsTaken;
  }

  /**
   * The network's parameters and buffers.
   *
   * @return the state dict
   */
  public StateDict stateDict() {
    return stateDict;
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
    return "TrainingState{epochs=" + epochsTrained + ", steps=" + stepsTaken + ", state=" + stateDict.names()
        + ", optimizer=" + optimizer + "}";
  }
}
