package dev.nn4j.core;

import java.util.Map;

/**
 * How parameters move against their gradients: the configuration of an update rule such as SGD.
 *
 * <p>An optimizer is an immutable value (it compares by value and prints its configuration) and can be
 * shared between networks. The state that an update rule keeps between steps (momentum buffers, step
 * counts) lives in the {@link Updater} that {@link #start} creates for one network's parameters.
 *
 * <p>Registered by name with an {@link OptimizerProvider}, an optimizer is rebuilt from {@link #name()} and
 * {@link #config()}: that is how a checkpoint alone restores the optimizer it was trained with.
 */
public interface Optimizer {

  /**
   * The registered name, such as {@code "sgd"}.
   *
   * @return the registered name
   */
  String name();

  /**
   * The configuration that, with the name, rebuilds this optimizer through {@link #named}: PyTorch's
   * names for its hyper-parameters ({@code lr}, {@code momentum}, {@code betas}...), as strings. Empty by
   * default, which rebuilds it with its defaults.
   *
   * @return the configuration
   */
  default Map<String, String> config() {
    return Map.of();
  }

  /**
   * Starts optimizing {@code parameters}, a network's parameters by state-dict name, in a fixed order.
   *
   * @param parameters the parameters to update, by name ({@code layers.0.weight}), in network order
   * @return the updater that holds this run's state, keyed by those names; its {@link Updater#step()} is
   *     called once per batch
   */
  Updater start(Map<String, Parameter> parameters);

  /**
   * The base learning rate {@code γ} (PyTorch's {@code lr}), before any schedule: what {@link
   * Trainer#learningRate()} reports and {@link #withLearningRate} changes. NaN (the default) for an
   * optimizer that has no single learning rate to report.
   *
   * @return the base learning rate, or NaN
   */
  default double learningRate() {
    return Double.NaN;
  }

  /**
   * This optimizer with base learning rate {@code learningRate}, everything else equal: how {@link
   * Trainer#setLearningRate} lowers the rate between epochs (as {@link
   * dev.nn4j.core.listeners.ReduceLROnPlateau} does) while the optimizer's state carries on.
   *
   * @param learningRate the new base learning rate, positive and finite
   * @return an optimizer equal to this one but for its learning rate; this one is unchanged
   * @throws UnsupportedOperationException if the optimizer has no learning rate to change (the default)
   * @throws IllegalArgumentException unless {@code learningRate} is positive and finite
   */
  default Optimizer withLearningRate(double learningRate) {
    throw new UnsupportedOperationException(
        this + " has no learning rate to change: its optimizer does not implement Optimizer.withLearningRate");
  }

  /**
   * The optimizer registered under {@code name} (or an alias), built with {@code config}, as a checkpoint
   * restores it.
   *
   * @param name the registered name, such as {@code "adam"}
   * @param config its configuration, as {@link #config()} gives it
   * @return the optimizer
   * @throws IllegalArgumentException if the name is unknown (the message lists the known names) or the
   *     configuration is bad
   */
  static Optimizer named(String name, Map<String, String> config) {
    return Registry.OPTIMIZERS.provider(name).create(config);
  }

  /**
   * Applies one update rule to a fixed set of named parameters, after each backward pass has written their
   * gradients. Holds the rule's state between steps. Not thread-safe: used by the training thread only.
   */
  interface Updater {

    /** Updates every parameter's value from its current gradient, in place. */
    void step();

    /**
     * Takes a step unless it would leave a parameter, or this updater's own state, NaN or infinite (an update
     * that overflows, from too large a learning rate or too large inputs): then the parameters' values and
     * the updater's state, its step count too, are put back as they were before the step (the gradients may
     * have been clipped in place), and this returns false. The {@link dev.nn4j.core.Trainer}
     * steps through this method, so that a diverging step never leaves non-finite weights. nn4j's optimizers
     * keep that promise; by default an updater just takes the step and returns true, and an overflowing step
     * shows as a non-finite loss one batch later, with the weights already lost.
     *
     * @return true if the step was taken, false if it was undone
     */
    default boolean stepIfFinite() {
      step();
      return true;
    }

    /**
     * The learning rate the next {@link #step()} will use, its schedule applied: the {@link Trainer} records
     * that of each epoch's last step in the {@link History} as {@value History#LEARNING_RATE}. NaN (the
     * default) for a rule that has no single learning rate; the history then has none.
     *
     * @return the next step's learning rate, or NaN
     */
    default double nextLearningRate() {
      return Double.NaN;
    }

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
