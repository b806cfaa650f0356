package dev.nn4j.optim;

import static com.google.common.base.Preconditions.checkNotNull;

import dev.nn4j.core.Optimizer;
import dev.nn4j.core.Parameter;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What every optimizer of nn4j shares, so that each one only writes its per-parameter update rule:
 * the base learning rate {@code γ}, the weight decay {@code λ} (whose meaning is the rule's: added
 * to the gradient as an L2 penalty, {@code g ← g + λθ}, except for AdamW, {@link Optimizers#adamW}), gradient
 * clipping by global norm ({@link Clipping}) and a learning-rate {@link Schedule}.
 *
 * <p>One optimizer step ({@link StatefulUpdater#step()}), for {@code t = 1, 2, ...}:
 *
 * <ol>
 *   <li>{@code γ_t = schedule(γ, t − 1)}, the scheduled learning rate;
 *   <li>if a clipping norm is set, the gradients of all parameters are clipped together, in place;
 *   <li>each parameter {@code θ} is updated in place by the rule, from its gradient {@code g},
 *       {@code γ_t}, {@code t} and the rule's buffers for it.
 * </ol>
 *
 * <p>An optimizer is an immutable value: the {@code with...} methods return a changed copy, equal
 * optimizers have equal configurations, and {@link #toString()} prints the learning rate and every
 * option that differs from PyTorch's default. Everything that changes during training lives in the
 * {@link StatefulUpdater} that {@link #start} creates.
 *
 * <p><b>By name.</b> Every optimizer is registered by its {@link #name()} (an {@link
 * dev.nn4j.core.OptimizerProvider} listed in this jar's {@code META-INF/services}), and its {@link
 * #config()} holds every hyper-parameter under PyTorch's name, so that {@code Optimizer.named(o.name(),
 * o.config())} rebuilds an optimizer equal to {@code o}: that is how a checkpoint alone restores its
 * optimizer ({@code Trainer.resume}). Every optimizer writes {@code lr} and {@code weight_decay};
 * {@code clip_norm} when it clips; {@code schedule} with the schedule's parameters as dotted sub-keys
 * ({@code schedule=cosine, schedule.t_max=1000, schedule.eta_min=0.0}) unless the schedule is
 * constant; and every hyper-parameter of its rule (see each class). Numbers are written so that they
 * read back exactly ({@link dev.nn4j.core.ComponentConfig#format(double)}).
 *
 * <p><b>A schedule of one's own.</b> A {@link Schedule} that is not one of {@link Schedules} (a lambda,
 * say) has no name to be rebuilt by: {@link #config()} then writes {@code schedule=custom} (and the
 * schedule's class under {@code schedule.class}, for information), which {@link Optimizer#named}
 * refuses with a message saying that the schedule is the user's own. Such an optimizer still saves
 * checkpoints; to resume one, create the optimizer in code and call {@code Trainer.of(network,
 * optimizer).resumeFrom(file)}.
 *
 * <p>The rule's hooks are package-private, so the rules live in this package; a new rule is a
 * subclass here that names its buffers, writes its per-parameter update as one loop over a range of
 * elements, writes its hyper-parameters to its configuration and reads them back in its provider.
 *
 * @param <O> the concrete optimizer, which the {@code with...} methods return
 */
public abstract class BaseOptimizer<O extends BaseOptimizer<O>> implements Optimizer {
  private final Settings settings;

  /** Only the optimizers of this package extend this class. */
  BaseOptimizer(Settings settings) {
    this.settings = checkNotNull(settings, "settings");
  }

  /**
   * The base learning rate {@code γ} (PyTorch's {@code lr}), before any schedule.
   *
   * @return {@code γ}
   */
  @Override
  public final double learningRate() {
    return settings.learningRate();
  }

  /**
   * The weight decay {@code λ} (PyTorch's {@code weight_decay}).
   *
   * @return {@code λ}
   */
  public final double weightDecay() {
    return settings.weightDecay();
  }

  /**
   * The norm to which the gradients are clipped before each step ({@code max_norm} of {@code
   * clip_grad_norm_}), or {@link Double#POSITIVE_INFINITY} when they are not clipped.
   *
   * @return the clipping norm, or infinity
   */
  public final double clipNorm() {
    return settings.clipNorm();
  }

  /**
   * The learning-rate schedule; {@link Schedules#constant()} unless one was set.
   *
   * @return the schedule
   */
  public final Schedule schedule() {
    return settings.schedule();
  }

  /**
   * This optimizer with base learning rate {@code learningRate}.
   *
   * @param learningRate the new base learning rate {@code γ}
   * @return a new optimizer; this one is unchanged
   * @throws IllegalArgumentException unless {@code learningRate} is positive and finite
   */
  @Override
  public final O withLearningRate(double learningRate) {
    return withSettings(settings.withLearningRate(learningRate));
  }

  /**
   * This optimizer with weight decay {@code weightDecay} (PyTorch's {@code weight_decay}); see the
   * rule's formula for where {@code λ} enters.
   *
   * @param weightDecay the new weight decay {@code λ}
   * @return a new optimizer; this one is unchanged
   * @throws IllegalArgumentException unless {@code weightDecay} is non-negative and finite
   */
  public final O withWeightDecay(double weightDecay) {
    return withSettings(settings.withWeightDecay(weightDecay));
  }

  /**
   * This optimizer clipping the global L2 norm of the gradients to {@code maxNorm} before every
   * step, as {@code torch.nn.utils.clip_grad_norm_(parameters, maxNorm)}: see {@link Clipping}.
   *
   * @param maxNorm the largest global norm of the gradients
   * @return a new optimizer; this one is unchanged
   * @throws IllegalArgumentException unless {@code maxNorm} is positive and finite
   */
  public final O withClipNorm(double maxNorm) {
    return withSettings(settings.withClipNorm(maxNorm));
  }

  /**
   * This optimizer with the learning-rate schedule {@code schedule}, whose clock counts optimizer
   * steps (see {@link Schedule}).
   *
   * @param schedule the learning-rate schedule
   * @return a new optimizer; this one is unchanged
   */
  public final O withSchedule(Schedule schedule) {
    return withSettings(settings.withSchedule(checkNotNull(schedule, "schedule")));
  }

  /**
   * Starts optimizing {@code parameters}: a new updater with zero state ({@code t = 0}, the rule's
   * buffers at their initial values), keyed by the parameters' names, whose {@link
   * StatefulUpdater#step()} is called once per batch.
   */
  @Override
  public final StatefulUpdater start(Map<String, Parameter> parameters) {
    return new StatefulUpdater(this, parameters);
  }

  /**
   * The configuration that rebuilds this optimizer through {@link Optimizer#named}: the rule's
   * hyper-parameters and {@code lr}, {@code weight_decay}, {@code clip_norm} (when clipping) and
   * {@code schedule} (unless constant), as the class comment describes. Never throws: with a schedule
   * of the user's own it is written, but {@link Optimizer#named} refuses it.
   *
   * @return the configuration, in a fixed order
   */
  @Override
  public final Map<String, String> config() {
    ConfigWriter out = new ConfigWriter();
    settings.write(out);
    writeConfig(out);
    return out.build();
  }

  /** This optimizer's rule with other shared settings. */
  abstract O withSettings(Settings settings);

  /** The shared settings. */
  final Settings settings() {
    return settings;
  }

  /**
   * PyTorch's names of the buffers the rule keeps per parameter, in a fixed order; may be empty.
   */
  abstract List<String> bufferNames();

  /** The value every buffer element starts at. */
  double initialBufferValue() {
    return 0.0;
  }

  /**
   * Applies the rule to the elements {@code [from, to)} of one parameter, in place, keeping every value it
   * overwrites so that the step can be undone, and telling whether every value it wrote is finite. Both are
   * done in the rule's own loop: a separate copy and check would read the parameter and its buffers twice
   * more.
   *
   * <p>Each element is updated from its own values alone, so that a large parameter's update can be cut into
   * ranges run by several threads at once ({@link ParameterUpdate}) and give the same bits as one loop over
   * the whole parameter. A rule touches only the elements {@code [from, to)} of the arrays.
   *
   * @param theta the parameter's values {@code θ}, updated in place
   * @param g its gradient, already clipped; not modified
   * @param buffers the rule's buffers for this parameter, in {@link #bufferNames()} order, each as
   *     long as {@code theta}
   * @param before receives the values from before the step: {@code before[0]} those of {@code theta},
   *     {@code before[1 + b]} those of {@code buffers[b]}; each as long as {@code theta}
   * @param lr the scheduled learning rate {@code γ_t} of this step
   * @param t the number of this step, from 1
   * @param from the first element to update
   * @param to the element after the last one to update
   * @return true if every value written to {@code theta} and {@code buffers} is finite
   */
  abstract boolean update(
      double[] theta, double[] g, double[][] buffers, double[][] before, double lr, long t, int from, int to);

  /** The rule's own hyper-parameters with PyTorch's defaults, for equality and printing. */
  abstract List<Option> options();

  /** Writes the rule's own hyper-parameters under PyTorch's names, as its provider reads them. */
  abstract void writeConfig(ConfigWriter out);

  /** PyTorch's default weight decay for this rule (0, and 0.01 for AdamW). */
  double defaultWeightDecay() {
    return 0.0;
  }

  /** Equal when of the same rule with equal hyper-parameters, schedule and clipping. */
  @Override
  public final boolean equals(Object o) {
    return o != null
        && o.getClass() == getClass()
        && settings.equals(((BaseOptimizer<?>) o).settings)
        && options().equals(((BaseOptimizer<?>) o).options());
  }

  @Override
  public final int hashCode() {
    return 31 * (31 * getClass().hashCode() + settings.hashCode()) + options().hashCode();
  }

  /**
   * The configuration, such as {@code adam(learningRate=0.001, amsgrad=true, clipNorm=1.0)}: the
   * learning rate, then every option that differs from PyTorch's default.
   */
  @Override
  public final String toString() {
    Stream<String> rule = options().stream().filter(o -> !o.isDefault()).map(Option::toString);
    Stream.Builder<String> shared = Stream.builder();
    if (Double.compare(weightDecay(), defaultWeightDecay()) != 0) {
      shared.add("weightDecay=" + weightDecay());
    }
    if (settings.clips()) {
      shared.add("clipNorm=" + clipNorm());
    }
    if (!schedule().equals(Schedules.constant())) {
      shared.add("schedule=" + schedule());
    }
    return Stream.concat(
            Stream.of("learningRate=" + learningRate()), Stream.concat(rule, shared.build()))
        .collect(Collectors.joining(", ", name() + "(", ")"));
  }
}
