package dev.nn4j.optim;

import static com.google.common.base.Preconditions.checkNotNull;

/**
 * The learning-rate schedules of nn4j, one factory each, with the closed forms and parameter
 * meanings of {@code torch.optim.lr_scheduler}. In the formulas, {@code γ} is the optimizer's base
 * learning rate and {@code s} the schedule's clock: the number of optimizer steps taken before the
 * current one (see {@link Schedule} for why the clock counts steps, not epochs).
 *
 * <pre>{@code
 * Optimizers.adam(0.001).withSchedule(Schedules.cosine(10_000));
 * Optimizers.sgd(0.1).withSchedule(Schedules.withWarmup(500, 0.01, Schedules.cosine(9_500)));
 * }</pre>
 *
 * <p>In an optimizer's configuration ({@link dev.nn4j.core.Optimizer#config()}), a schedule is its
 * name under {@code schedule} and its parameters under dotted sub-keys named as the arguments of the
 * PyTorch scheduler: {@code constant}; {@code step} ({@code step_size}, {@code gamma}); {@code
 * exponential} ({@code gamma}); {@code cosine} ({@code t_max}, {@code eta_min}); {@code linear}
 * ({@code start_factor}, {@code end_factor}, {@code total_iters}); {@code sequential} ({@code first},
 * {@code milestone}, {@code then}, the two schedules' parameters nesting one level further: {@code
 * schedule.first.start_factor}). A warm-up is a sequential schedule whose first part is linear.
 */
public final class Schedules {
  private Schedules() {}

  /**
   * The base learning rate at every step, {@code γ_s = γ}: what an optimizer uses by default.
   *
   * @return the constant schedule
   */
  public static Schedule constant() {
    return ConstantSchedule.INSTANCE;
  }

  /**
   * PyTorch's {@code StepLR}: multiplies the rate by {@code gamma} every {@code stepSize} steps,
   * {@code γ_s = γ · gamma^⌊s / stepSize⌋}.
   *
   * @param stepSize the number of steps between decays, at least 1
   * @param gamma the factor applied at each decay, such as {@code 0.1}
   * @return the schedule
   * @throws IllegalArgumentException unless {@code stepSize >= 1} and {@code gamma} is positive and
   *     finite
   */
  public static Schedule step(long stepSize, double gamma) {
    return new StepSchedule(stepSize, gamma);
  }

  /**
   * PyTorch's {@code ExponentialLR}: multiplies the rate by {@code gamma} every step, {@code γ_s =
   * γ · gamma^s}.
   *
   * @param gamma the factor applied at every step, such as {@code 0.999}
   * @return the schedule
   * @throws IllegalArgumentException unless {@code gamma} is positive and finite
   */
  public static Schedule exponential(double gamma) {
    return new ExponentialSchedule(gamma);
  }

  /**
   * {@link #cosine(long, double)} annealing to zero, PyTorch's default {@code eta_min = 0}.
   *
   * @param tMax {@code T_max}, the number of steps from {@code γ} to zero, at least 1
   * @return the schedule
   */
  public static Schedule cosine(long tMax) {
    return new CosineSchedule(tMax, 0.0);
  }

  /**
   * PyTorch's {@code CosineAnnealingLR}: from {@code γ} at {@code s = 0} down to {@code etaMin} at
   * {@code s = tMax} along half a cosine,
   *
   * <pre>    γ_s = η_min + (γ − η_min) · (1 + cos(π · s / T_max)) / 2</pre>
   *
   * <p>As in PyTorch (which has no restarts here), the cosine goes on after {@code tMax}: the rate
   * rises back to {@code γ} at {@code 2 · tMax}. Set {@code tMax} to the number of steps of the
   * training run.
   *
   * @param tMax {@code T_max}, the number of steps from {@code γ} to {@code etaMin}
   * @param etaMin {@code η_min}, the learning rate reached at {@code tMax} (an absolute rate, not a
   *     factor)
   * @return the schedule
   * @throws IllegalArgumentException unless {@code tMax >= 1} and {@code etaMin} is non-negative
   *     and finite
   */
  public static Schedule cosine(long tMax, double etaMin) {
    return new CosineSchedule(tMax, etaMin);
  }

  /**
   * PyTorch's {@code LinearLR}: multiplies {@code γ} by a factor that moves linearly from {@code
   * startFactor} to {@code endFactor} over {@code totalIters} steps and stays there,
   *
   * <pre>
   *     γ_s = γ · (start_factor + (end_factor − start_factor) · min(s, total_iters) / total_iters)
   * </pre>
   *
   * @param startFactor the factor of {@code γ} at step 0, in {@code (0, 1]}
   * @param endFactor the factor of {@code γ} from step {@code totalIters} on, in {@code [0, 1]}
   * @param totalIters the number of steps of the change, at least 1
   * @return the schedule
   * @throws IllegalArgumentException unless {@code 0 < startFactor <= 1}, {@code 0 <= endFactor <=
   *     1} (PyTorch's ranges) and {@code totalIters >= 1}
   */
  public static Schedule linear(double startFactor, double endFactor, long totalIters) {
    return new LinearSchedule(startFactor, endFactor, totalIters);
  }

  /**
   * A linear warm-up: {@link #linear} from {@code startFactor} to {@code 1} over {@code totalIters}
   * steps, then the base rate.
   *
   * @param startFactor the factor of {@code γ} at step 0, in {@code (0, 1]}
   * @param totalIters the number of warm-up steps, at least 1
   * @return the schedule
   */
  public static Schedule linearWarmup(double startFactor, long totalIters) {
    return new LinearSchedule(startFactor, 1.0, totalIters);
  }

  /**
   * PyTorch's {@code SequentialLR} with one milestone: {@code first} for the steps before {@code
   * milestone}, then {@code then} with its clock restarted at zero,
   *
   * <pre>    γ_s = first(γ, s)                 if s &lt; milestone
   *     γ_s = then(γ, s − milestone)      otherwise</pre>
   *
   * <p>Chains of more than two schedules nest: {@code sequential(a, m1, sequential(b, m2 - m1,
   * c))}.
   *
   * @param first the schedule before the milestone
   * @param milestone the step at which {@code then} takes over, at least 1
   * @param then the schedule from the milestone on, its clock starting at zero
   * @return the schedule
   * @throws IllegalArgumentException unless {@code milestone >= 1}
   */
  public static Schedule sequential(Schedule first, long milestone, Schedule then) {
    return new SequentialSchedule(first, milestone, then);
  }

  /**
   * A linear warm-up over {@code warmupSteps} steps from {@code startFactor · γ} up to {@code γ},
   * then {@code then} (its clock starting at zero when the warm-up ends): {@code
   * sequential(linearWarmup( startFactor, warmupSteps), warmupSteps, then)}.
   *
   * @param warmupSteps the number of warm-up steps, at least 1
   * @param startFactor the factor of {@code γ} at step 0, in {@code (0, 1]}
   * @param then the schedule after the warm-up
   * @return the schedule
   * @throws IllegalArgumentException unless {@code warmupSteps >= 1} and {@code 0 < startFactor <=
   *     1}
   */
  public static Schedule withWarmup(long warmupSteps, double startFactor, Schedule then) {
    Checks.positiveSteps("warmupSteps", warmupSteps);
    return sequential(
        linearWarmup(startFactor, warmupSteps), warmupSteps, checkNotNull(then, "then"));
  }
}
