package dev.nn4j.core;

import java.util.List;

/**
 * How parameters move against their gradients: the configuration of an update rule such as SGD.
 *
 * <p>An optimizer is an immutable value (it compares by value and prints its configuration) and can be
 * shared between networks. The state that an update rule keeps between steps (momentum buffers, step
 * counts) lives in the {@link Updater} that {@link #start} creates for one network's parameters.
 */
public interface Optimizer {

  /**
   * The registered name, such as {@code "sgd"}.
   *
   * @return the registered name
   */
  String name();

  /**
   * Starts optimizing {@code parameters}, the list of a network's parameters in a fixed order.
   *
   * @param parameters the parameters to update, in the order every later step and state uses
   * @return the updater that holds this run's state; its {@link Updater#step()} is called once per batch
   */
  Updater start(List<Parameter> parameters);

  /**
   * Applies one update rule to a fixed list of parameters, after each backward pass has written their
   * gradients. Holds the rule's state between steps. Not thread-safe: used by the training thread only.
   */
  interface Updater {

    /** Updates every parameter's value from its current gradient, in place. */
    void step();

    /**
     * A copy of the state that later steps depend on (step count, buffers), for checkpoints: restoring it
     * into an updater of the same optimizer over the same parameters continues training exactly.
     *
     * @return the state after the steps taken so far
     * @throws UnsupportedOperationException if this updater cannot save its state (the default)
     */
    default OptimizerState state() {
      throw new UnsupportedOperationException(this + " cannot save its state for a checkpoint");
    }

    /**
     * Replaces the state by {@code state}, as {@link #state()} returned it.
     *
     * @param state a state from {@link #state()} of an updater of the same optimizer and parameters
     * @throws IllegalArgumentException if the state does not fit this updater
     * @throws UnsupportedOperationException if this updater cannot restore a state (the default)
     */
    default void restore(OptimizerState state) {
      throw new UnsupportedOperationException(this + " cannot restore a checkpointed state");
    }
  }
}
