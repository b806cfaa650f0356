/**
 * The optimizers of nn4j, with the update rules, hyper-parameters and defaults of {@code
 * torch.optim}: {@link dev.nn4j.optim.Optimizers} has a factory for each ({@link
 * dev.nn4j.optim.Sgd} with momentum, {@link dev.nn4j.optim.Adam} (and AdamW),
 * {@link dev.nn4j.optim.RmsProp}, {@link dev.nn4j.optim.Adagrad}), and each class gives its rule as
 * a formula in PyTorch's notation.
 *
 * <p>The pieces every rule shares live in {@link dev.nn4j.optim.BaseOptimizer}: the learning rate,
 * weight decay, gradient clipping by global norm ({@link dev.nn4j.optim.Clipping}) and
 * learning-rate schedules ({@link dev.nn4j.optim.Schedules}, whose clock counts optimizer steps).
 * An optimizer is an immutable configuration; its {@link dev.nn4j.optim.StatefulUpdater} holds the
 * state of one training run, keyed by the parameters' state-dict names, and exposes it as an {@link
 * dev.nn4j.core.OptimizerState} for checkpoints.
 *
 * <p>Every optimizer is registered by name with {@link java.util.ServiceLoader} ({@code
 * META-INF/services/dev.nn4j.core.OptimizerProvider}): {@code "sgd"}, {@code "adam"}, {@code
 * "adamw"}, {@code "rmsprop"}, {@code "adagrad"}. Its configuration, written under PyTorch's argument
 * names with the schedule under dotted keys, rebuilds an equal optimizer through {@link
 * dev.nn4j.core.Optimizer#named}, so a checkpoint alone resumes training ({@code Trainer.resume}).
 */
package dev.nn4j.optim;
