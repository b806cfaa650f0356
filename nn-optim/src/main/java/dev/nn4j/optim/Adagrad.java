package dev.nn4j.optim;

import static dev.nn4j.core.math.Kernels.nonFiniteSign;

import dev.nn4j.core.Optimizer;
import java.util.List;

/**
 * Adagrad (Duchi, Hazan and Singer, 2011), as PyTorch's {@code torch.optim.Adagrad}: each
 * parameter's step shrinks with the sum of its squared gradients so far. With learning rate {@code
 * γ}, learning rate decay {@code η}, initial accumulator value {@code τ}, {@code ε} and weight
 * decay {@code λ}, step {@code t} does, for every parameter {@code θ} with gradient {@code g_t}:
 *
 * <pre>
 *   γ̃ ← γ / (1 + (t − 1) η)
 *   if λ ≠ 0:   g_t ← g_t + λ θ_{t−1}
 *   state_sum_t ← state_sum_{t−1} + g_t²          (state_sum_0 = τ)
 *   θ_t ← θ_{t−1} − γ̃ g_t / (√state_sum_t + ε)
 * </pre>
 *
 * <p>The buffer is PyTorch's {@code "sum"}, which starts at {@code τ} (as PyTorch's implementation
 * fills it with {@code initial_accumulator_value}). With a schedule, {@code γ} is the scheduled
 * rate. Defaults are PyTorch's: {@code γ = 0.01, η = 0, τ = 0, ε = 1e-10, λ = 0}.
 *
 * <p>Name {@code "adagrad"}; configuration (PyTorch's argument names, see {@link BaseOptimizer} for
 * the shared keys): {@code lr}, {@code lr_decay}, {@code weight_decay}, {@code
 * initial_accumulator_value}, {@code eps}, and nn4j's {@code clip_norm} and {@code schedule}.
 */
public final class Adagrad extends BaseOptimizer<Adagrad> {
  static final String NAME = "adagrad";
  static final String LR_DECAY = "lr_decay";
  static final String INITIAL_ACCUMULATOR_VALUE = "initial_accumulator_value";
  static final String EPS = "eps";
  static final double DEFAULT_LEARNING_RATE = 1e-2;
  static final double DEFAULT_EPSILON = 1e-10;

  private final double learningRateDecay;
  private final double initialAccumulatorValue;
  private final double epsilon;

  /**
   * Adagrad with PyTorch's defaults and learning rate {@code learningRate}: use {@link
   * Optimizers#adagrad}.
   */
  Adagrad(double learningRate) {
    this(Settings.of(learningRate, 0.0), 0.0, 0.0, DEFAULT_EPSILON);
  }

  private Adagrad(
      Settings settings, double learningRateDecay, double initialAccumulatorValue, double epsilon) {
    super(settings);
    this.learningRateDecay = Checks.nonNegative("learningRateDecay", learningRateDecay);
    this.initialAccumulatorValue =
        Checks.nonNegative("initialAccumulatorValue", initialAccumulatorValue);
    this.epsilon = Checks.positive("epsilon", epsilon);
  }

  /**
   * The learning rate decay {@code η} (PyTorch's {@code lr_decay}).
   *
   * @return {@code η}
   */
  public double learningRateDecay() {
    return learningRateDecay;
  }

  /**
   * The initial value {@code τ} of the sum of squared gradients.
   *
   * @return {@code τ}
   */
  public double initialAccumulatorValue() {
    return initialAccumulatorValue;
  }

  /**
   * {@code ε}, added to {@code √state_sum} for numerical stability.
   *
   * @return {@code ε}
   */
  public double epsilon() {
    return epsilon;
  }

  /**
   * This optimizer with learning rate decay {@code η = learningRateDecay} (PyTorch's {@code
   * lr_decay}): step {@code t} uses {@code γ / (1 + (t − 1) η)}.
   *
   * @param learningRateDecay {@code η}, non-negative
   * @return a new optimizer; this one is unchanged
   * @throws IllegalArgumentException unless {@code learningRateDecay} is non-negative and finite
   */
  public Adagrad withLearningRateDecay(double learningRateDecay) {
    return new Adagrad(settings(), learningRateDecay, initialAccumulatorValue, epsilon);
  }

  /**
   * This optimizer with the sum of squared gradients starting at {@code τ =
   * initialAccumulatorValue} (PyTorch's {@code initial_accumulator_value}).
   *
   * @param initialAccumulatorValue {@code τ}, non-negative
   * @return a new optimizer; this one is unchanged
   * @throws IllegalArgumentException unless {@code initialAccumulatorValue} is non-negative and
   *     finite
   */
  public Adagrad withInitialAccumulatorValue(double initialAccumulatorValue) {
    return new Adagrad(settings(), learningRateDecay, initialAccumulatorValue, epsilon);
  }

  /**
   * This optimizer with {@code ε = epsilon} (PyTorch's {@code eps}).
   *
   * @param epsilon {@code ε}, positive
   * @return a new optimizer; this one is unchanged
   * @throws IllegalArgumentException unless {@code epsilon} is positive and finite
   */
  public Adagrad withEpsilon(double epsilon) {
    return new Adagrad(settings(), learningRateDecay, initialAccumulatorValue, epsilon);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  Adagrad withSettings(Settings settings) {
    return new Adagrad(settings, learningRateDecay, initialAccumulatorValue, epsilon);
  }

  @Override
  List<String> bufferNames() {
    return List.of("sum");
  }

  @Override
  double initialBufferValue() {
    return initialAccumulatorValue;
  }

  @Override
  boolean update(
      double[] theta, double[] g, double[][] buffers, double[][] before, double lr, long t, int from, int to) {
    double lambda = weightDecay();
    double[] stateSum = buffers[0];
    double[] thetaBefore = before[0];
    double[] sumBefore = before[1];
    double decayedLr = lr / (1 + (t - 1) * learningRateDecay);
    long flags = 0;
    for (int i = from; i < to; i++) {
      double ti = theta[i];
      double si = stateSum[i];
      thetaBefore[i] = ti;
      sumBefore[i] = si;
      double gi = lambda == 0 ? g[i] : g[i] + lambda * ti;
      si += gi * gi;
      ti -= decayedLr * gi / (Math.sqrt(si) + epsilon);
      stateSum[i] = si;
      theta[i] = ti;
      flags |= nonFiniteSign(ti) | nonFiniteSign(si);
    }
    return flags >= 0;
  }

  @Override
  List<Option> options() {
    return List.of(
        new Option("learningRateDecay", learningRateDecay, 0.0),
        new Option("initialAccumulatorValue", initialAccumulatorValue, 0.0),
        new Option("epsilon", epsilon, DEFAULT_EPSILON));
  }

  @Override
  void writeConfig(ConfigWriter out) {
    out.put(LR_DECAY, learningRateDecay)
        .put(INITIAL_ACCUMULATOR_VALUE, initialAccumulatorValue)
        .put(EPS, epsilon);
  }

  /**
   * Registers {@code "adagrad"}: {@code lr} (default 0.01), {@code lr_decay} (0), {@code
   * weight_decay} (0), {@code initial_accumulator_value} (0), {@code eps} (1e-10), {@code
   * clip_norm}, {@code schedule}.
   */
  public static final class Provider extends RuleProvider {
    /** Called by {@link java.util.ServiceLoader}. */
    public Provider() {
      super(NAME, DEFAULT_LEARNING_RATE, 0.0, LR_DECAY, INITIAL_ACCUMULATOR_VALUE, EPS);
    }

    @Override
    Optimizer create(ConfigReader config, Settings settings) {
      return new Adagrad(
          settings,
          config.nonNegative(LR_DECAY, 0.0),
          config.nonNegative(INITIAL_ACCUMULATOR_VALUE, 0.0),
          config.positive(EPS, DEFAULT_EPSILON));
    }
  }
}
