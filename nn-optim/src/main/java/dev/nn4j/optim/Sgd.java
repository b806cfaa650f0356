package dev.nn4j.optim;

import static com.google.common.base.Preconditions.checkArgument;
import static dev.nn4j.core.math.Kernels.nonFiniteSign;

import com.google.common.collect.ImmutableList;
import dev.nn4j.core.Optimizer;
import java.util.List;

/**
 * Stochastic gradient descent, optionally with momentum, as PyTorch's {@code torch.optim.SGD}. With
 * the defaults it is the tutorial's update {@code w ← w − η · ∂L/∂w} for every weight and bias. In
 * PyTorch's notation (learning rate {@code γ}, weight decay {@code λ}, momentum {@code μ},
 * dampening {@code τ}), step {@code t} does, for every parameter {@code θ} with gradient {@code
 * g_t}:
 *
 * <pre>
 *   if λ ≠ 0:   g_t ← g_t + λ θ_{t−1}
 *   if μ ≠ 0:   b_t ← μ b_{t−1} + (1 − τ) g_t     (t &gt; 1)
 *               b_t ← g_t                         (t = 1)
 *               g_t ← g_t + μ b_t   if nesterov,  else  g_t ← b_t
 *   θ_t ← θ_{t−1} − γ g_t
 * </pre>
 *
 * <p>The momentum buffer {@code b} is PyTorch's {@code "momentum_buffer"}. Note that the learning
 * rate multiplies the whole buffer ({@code b ← μb + g; θ ← θ − γb}), PyTorch's form, not
 * Sutskever's ({@code v ← μv + γg; θ ← θ − v}); the two differ when the learning rate changes
 * during training.
 *
 * <p>Name {@code "sgd"}; configuration (PyTorch's argument names, see {@link BaseOptimizer} for the
 * shared keys): {@code lr} (required), {@code momentum}, {@code dampening}, {@code nesterov}, {@code
 * weight_decay}, and nn4j's {@code clip_norm} and {@code schedule}.
 */
public final class Sgd extends BaseOptimizer<Sgd> {
  static final String NAME = "sgd";
  static final String MOMENTUM = "momentum";
  static final String DAMPENING = "dampening";
  static final String NESTEROV = "nesterov";

  private final double momentum;
  private final double dampening;
  private final boolean nesterov;

  /** Plain SGD with learning rate {@code learningRate}: use {@link Optimizers#sgd(double)}. */
  Sgd(double learningRate) {
    this(Settings.of(learningRate, 0.0), 0.0, 0.0, false);
  }

  private Sgd(Settings settings, double momentum, double dampening, boolean nesterov) {
    super(settings);
    this.momentum = Checks.decayRate("momentum", momentum);
    this.dampening = Checks.unitInterval("dampening", dampening);
    checkArgument(
        !nesterov || (momentum > 0 && dampening == 0),
        "Nesterov momentum requires a momentum > 0 and zero dampening, got momentum=%s,"
            + " dampening=%s",
        momentum,
        dampening);
    this.nesterov = nesterov;
  }

  /**
   * The momentum factor {@code μ}; 0 means plain SGD.
   *
   * @return {@code μ}
   */
  public double momentum() {
    return momentum;
  }

  /**
   * The dampening {@code τ} of the momentum.
   *
   * @return {@code τ}
   */
  public double dampening() {
    return dampening;
  }

  /**
   * Whether the momentum is Nesterov's.
   *
   * @return whether Nesterov momentum is used
   */
  public boolean nesterov() {
    return nesterov;
  }

  /**
   * This optimizer with classical (heavy-ball) momentum {@code μ = momentum}, Nesterov off.
   *
   * @param momentum {@code μ}, in {@code [0, 1)}
   * @return a new optimizer; this one is unchanged
   * @throws IllegalArgumentException unless {@code 0 <= momentum < 1}
   */
  public Sgd withMomentum(double momentum) {
    return withMomentum(momentum, false);
  }

  /**
   * This optimizer with momentum {@code μ = momentum}, Nesterov's if {@code nesterov}.
   *
   * @param momentum {@code μ}, in {@code [0, 1)}
   * @param nesterov whether to use Nesterov momentum
   * @return a new optimizer; this one is unchanged
   * @throws IllegalArgumentException unless {@code 0 <= momentum < 1}, or if {@code nesterov} and
   *     the momentum is zero or the dampening is not (PyTorch's rule)
   */
  public Sgd withMomentum(double momentum, boolean nesterov) {
    return new Sgd(settings(), momentum, dampening, nesterov);
  }

  /**
   * This optimizer with dampening {@code τ = dampening}: the new gradient enters the momentum
   * buffer with weight {@code 1 − τ} (from the second step on).
   *
   * @param dampening {@code τ}, in {@code [0, 1]}
   * @return a new optimizer; this one is unchanged
   * @throws IllegalArgumentException unless {@code 0 <= dampening <= 1}, or if it is non-zero with
   *     Nesterov momentum
   */
  public Sgd withDampening(double dampening) {
    return new Sgd(settings(), momentum, dampening, nesterov);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  Sgd withSettings(Settings settings) {
    return new Sgd(settings, momentum, dampening, nesterov);
  }

  @Override
  List<String> bufferNames() {
    return momentum == 0 ? ImmutableList.of() : ImmutableList.of("momentum_buffer");
  }

  @Override
  boolean update(
      double[] theta, double[] g, double[][] buffers, double[][] before, double lr, long t, int from, int to) {
    double lambda = weightDecay();
    double[] b = momentum == 0 ? null : buffers[0];
    double[] thetaBefore = before[0];
    double[] bBefore = b == null ? null : before[1];
    long flags = 0;
    for (int i = from; i < to; i++) {
      double ti = theta[i];
      thetaBefore[i] = ti;
      double gi = lambda == 0 ? g[i] : g[i] + lambda * ti;
      if (b != null) {
        double bi = b[i];
        bBefore[i] = bi;
        bi = t > 1 ? momentum * bi + (1 - dampening) * gi : gi;
        b[i] = bi;
        flags |= nonFiniteSign(bi);
        gi = nesterov ? gi + momentum * bi : bi;
      }
      ti -= lr * gi;
      theta[i] = ti;
      flags |= nonFiniteSign(ti);
    }
    return flags >= 0;
  }

  @Override
  List<Option> options() {
    return List.of(
        new Option("momentum", momentum, 0.0),
        new Option("dampening", dampening, 0.0),
        new Option("nesterov", nesterov, false));
  }

  @Override
  void writeConfig(ConfigWriter out) {
    out.put(MOMENTUM, momentum).put(DAMPENING, dampening).put(NESTEROV, nesterov);
  }

  /**
   * Registers {@code "sgd"}: {@code lr} (required), {@code momentum} (default 0), {@code dampening}
   * (0), {@code nesterov} (false), {@code weight_decay} (0), {@code clip_norm}, {@code schedule}.
   */
  public static final class Provider extends RuleProvider {
    /** Called by {@link java.util.ServiceLoader}. */
    public Provider() {
      super(NAME, Double.NaN, 0.0, MOMENTUM, DAMPENING, NESTEROV);
    }

    @Override
    Optimizer create(ConfigReader config, Settings settings) {
      return new Sgd(
          settings,
          config.decayRate(MOMENTUM, 0.0),
          config.doubleIn(DAMPENING, 0.0, 0, true, 1, true),
          config.bool(NESTEROV, false));
    }
  }
}
