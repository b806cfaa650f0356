package dev.nn4j.optim;

/**
 * A learning-rate schedule: the learning rate {@code γ_t} of each optimizer step as a function of
 * the optimizer's base learning rate {@code γ} and a step clock, in the closed forms of {@code
 * torch.optim.lr_scheduler}.
 *
 * <p><b>The clock counts optimizer steps (batches), not epochs.</b> The optimizer's {@code t}-th
 * call of {@link dev.nn4j.core.Optimizer.Updater#step()} ({@code t = 1, 2, ...}) uses {@code
 * learningRate(γ, t - 1)}: the first step reads the clock at {@code 0}, as a PyTorch scheduler
 * whose {@code scheduler.step()} is called after every {@code optimizer.step()}. Counting steps is
 * deterministic and needs no hook into the training loop. A PyTorch recipe that steps its scheduler
 * once per epoch gives its sizes in epochs; here give them in steps: {@code epochs × batches per
 * epoch} (for {@code StepLR(step_size=30)} with 100 batches per epoch, {@code step(3000, γ)}).
 *
 * <p>A schedule is an immutable value, safe to share; the implementations of {@link Schedules}
 * compare by value and print their configuration. Build one with {@link Schedules}; combine a
 * warm-up with another schedule with {@link Schedules#sequential} or {@link Schedules#withWarmup}.
 *
 * <p><b>Schedules of one's own.</b> Any implementation works, a lambda included: {@code (base, step)
 * -> base / (1 + step)}. But only the schedules of {@link Schedules} have a registered name, so only
 * they are written to an optimizer's configuration in a form that rebuilds them: an optimizer with a
 * schedule of one's own saves checkpoints as any other, but {@code Trainer.resume(file)} cannot
 * rebuild it; resume with the optimizer given, {@code Trainer.of(network, optimizer).resumeFrom(file)}
 * (see {@link BaseOptimizer}).
 */
@FunctionalInterface
public interface Schedule {

  /**
   * The learning rate when the clock reads {@code step}.
   *
   * @param baseLearningRate the optimizer's learning rate {@code γ} (PyTorch's {@code initial_lr})
   * @param step the number of optimizer steps taken before this one, {@code >= 0}
   * @return the learning rate {@code γ_t} of this step
   */
  double learningRate(double baseLearningRate, long step);
}
