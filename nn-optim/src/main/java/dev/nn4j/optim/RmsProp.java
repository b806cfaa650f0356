package dev.nn4j.optim;

import static dev.nn4j.core.math.Kernels.nonFiniteSign;

import com.google.common.collect.ImmutableList;
import dev.nn4j.core.Optimizer;
import java.util.List;

/**
 * RMSprop (Hinton's lecture 6e; the centered form from Graves, 2013), as PyTorch's {@code
 * torch.optim.RMSprop}: each gradient divided by a running root mean square of the gradients. With
 * learning rate {@code γ}, smoothing constant {@code α}, {@code ε}, weight decay {@code λ} and
 * momentum {@code μ}, step {@code t} does, for every parameter {@code θ} with gradient {@code g_t}:
 *
 * <pre>
 *   if λ ≠ 0:     g_t ← g_t + λ θ_{t−1}
 *   v_t ← α v_{t−1} + (1 − α) g_t²
 *   ṽ_t ← v_t
 *   if centered:  g^ave_t ← α g^ave_{t−1} + (1 − α) g_t
 *                 ṽ_t ← ṽ_t − (g^ave_t)²
 *   if μ &gt; 0:     b_t ← μ b_{t−1} + g_t / (√ṽ_t + ε)
 *                 θ_t ← θ_{t−1} − γ b_t
 *   else:         θ_t ← θ_{t−1} − γ g_t / (√ṽ_t + ε)
 * </pre>
 *
 * <p>{@code ε} is added after the square root, as PyTorch does (TensorFlow adds it inside). The
 * buffers are PyTorch's {@code "square_avg"} ({@code v}), {@code "momentum_buffer"} ({@code b},
 * when {@code μ > 0}) and {@code "grad_avg"} ({@code g^ave}, when centered), all starting at zero.
 * Defaults are PyTorch's: {@code γ = 0.01, α = 0.99, ε = 1e-8, λ = 0, μ = 0}, not centered.
 *
 * <p>Name {@code "rmsprop"}; configuration (PyTorch's argument names, see {@link BaseOptimizer} for
 * the shared keys): {@code lr}, {@code alpha}, {@code eps}, {@code weight_decay}, {@code momentum},
 * {@code centered}, and nn4j's {@code clip_norm} and {@code schedule}.
 */
public final class RmsProp extends BaseOptimizer<RmsProp> {
  static final String NAME = "rmsprop";
  static final String ALPHA = "alpha";
  static final String EPS = "eps";
  static final String MOMENTUM = "momentum";
  static final String CENTERED = "centered";
  static final double DEFAULT_LEARNING_RATE = 1e-2;
  static final double DEFAULT_ALPHA = 0.99;
  static final double DEFAULT_EPSILON = 1e-8;

  private final double alpha;
  private final double epsilon;
  private final double momentum;
  private final boolean centered;

  /**
   * RMSprop with PyTorch's defaults and learning rate {@code learningRate}: use {@link
   * Optimizers#rmsProp}.
   */
  RmsProp(double learningRate) {
    this(Settings.of(learningRate, 0.0), DEFAULT_ALPHA, DEFAULT_EPSILON, 0.0, false);
  }

  private RmsProp(
      Settings settings, double alpha, double epsilon, double momentum, boolean centered) {
    super(settings);
    this.alpha = Checks.decayRate("alpha", alpha);
    this.epsilon = Checks.positive("epsilon", epsilon);
    this.momentum = Checks.decayRate("momentum", momentum);
    this.centered = centered;
  }

  /**
   * The smoothing constant {@code α} of the running average of {@code g²}.
   *
   * @return {@code α}
   */
  public double alpha() {
    return alpha;
  }

  /**
   * {@code ε}, added to {@code √ṽ} for numerical stability.
   *
   * @return {@code ε}
   */
  public double epsilon() {
    return epsilon;
  }

  /**
   * The momentum factor {@code μ}; 0 means none.
   *
   * @return {@code μ}
   */
  public double momentum() {
    return momentum;
  }

  /**
   * Whether the squared average is centered by the square of the average gradient.
   *
   * @return whether RMSprop is centered
   */
  public boolean centered() {
    return centered;
  }

  /**
   * This optimizer with smoothing constant {@code α = alpha}.
   *
   * @param alpha {@code α}, in {@code [0, 1)}
   * @return a new optimizer; this one is unchanged
   * @throws IllegalArgumentException unless {@code 0 <= alpha < 1}
   */
  public RmsProp withAlpha(double alpha) {
    return new RmsProp(settings(), alpha, epsilon, momentum, centered);
  }

  /**
   * This optimizer with {@code ε = epsilon} (PyTorch's {@code eps}).
   *
   * @param epsilon {@code ε}, positive
   * @return a new optimizer; this one is unchanged
   * @throws IllegalArgumentException unless {@code epsilon} is positive and finite
   */
  public RmsProp withEpsilon(double epsilon) {
    return new RmsProp(settings(), alpha, epsilon, momentum, centered);
  }

  /**
   * This optimizer with momentum {@code μ = momentum}.
   *
   * @param momentum {@code μ}, in {@code [0, 1)}
   * @return a new optimizer; this one is unchanged
   * @throws IllegalArgumentException unless {@code 0 <= momentum < 1}
   */
  public RmsProp withMomentum(double momentum) {
    return new RmsProp(settings(), alpha, epsilon, momentum, centered);
  }

  /**
   * This optimizer centered (normalizing by an estimate of the gradient's variance) if {@code
   * centered}.
   *
   * @param centered whether to center the squared average
   * @return a new optimizer; this one is unchanged
   */
  public RmsProp withCentered(boolean centered) {
    return new RmsProp(settings(), alpha, epsilon, momentum, centered);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  RmsProp withSettings(Settings settings) {
    return new RmsProp(settings, alpha, epsilon, momentum, centered);
  }

  @Override
  List<String> bufferNames() {
    ImmutableList.Builder<String> names = ImmutableList.<String>builder().add("square_avg");
    if (momentum > 0) {
      names.add("momentum_buffer");
    }
    if (centered) {
      names.add("grad_avg");
    }
    return names.build();
  }

  @Override
  boolean update(
      double[] theta, double[] g, double[][] buffers, double[][] before, double lr, long t, int from, int to) {
    double lambda = weightDecay();
    double[] v = buffers[0];
    double[] b = momentum > 0 ? buffers[1] : null;
    double[] gAve = centered ? buffers[buffers.length - 1] : null;
    double[] thetaBefore = before[0];
    double[] vBefore = before[1];
    double[] bBefore = b == null ? null : before[2];
    double[] gAveBefore = centered ? before[before.length - 1] : null;
    long flags = 0;
    for (int i = from; i < to; i++) {
      double ti = theta[i];
      double vi = v[i];
      thetaBefore[i] = ti;
      vBefore[i] = vi;
      double gi = lambda == 0 ? g[i] : g[i] + lambda * ti;
      vi = alpha * vi + (1 - alpha) * gi * gi;
      v[i] = vi;
      flags |= nonFiniteSign(vi);
      double vTilde = vi;
      if (centered) {
        double ai = gAve[i];
        gAveBefore[i] = ai;
        ai = alpha * ai + (1 - alpha) * gi;
        gAve[i] = ai;
        flags |= nonFiniteSign(ai);
        vTilde -= ai * ai;
      }
      double scaled = gi / (Math.sqrt(vTilde) + epsilon);
      if (b != null) {
        double bi = b[i];
        bBefore[i] = bi;
        bi = momentum * bi + scaled;
        b[i] = bi;
        flags |= nonFiniteSign(bi);
        ti -= lr * bi;
      } else {
        ti -= lr * scaled;
      }
      theta[i] = ti;
      flags |= nonFiniteSign(ti);
    }
    return flags >= 0;
  }

  @Override
  List<Option> options() {
    return List.of(
        new Option("alpha", alpha, DEFAULT_ALPHA),
        new Option("epsilon", epsilon, DEFAULT_EPSILON),
        new Option("momentum", momentum, 0.0),
        new Option("centered", centered, false));
  }

  @Override
  void writeConfig(ConfigWriter out) {
    out.put(ALPHA, alpha).put(EPS, epsilon).put(MOMENTUM, momentum).put(CENTERED, centered);
  }

  /**
   * Registers {@code "rmsprop"}: {@code lr} (default 0.01), {@code alpha} (0.99), {@code eps}
   * (1e-8), {@code weight_decay} (0), {@code momentum} (0), {@code centered} (false), {@code
   * clip_norm}, {@code schedule}.
   */
  public static final class Provider extends RuleProvider {
    /** Called by {@link java.util.ServiceLoader}. */
    public Provider() {
      super(NAME, DEFAULT_LEARNING_RATE, 0.0, ALPHA, EPS, MOMENTUM, CENTERED);
    }

    @Override
    Optimizer create(ConfigReader config, Settings settings) {
      return new RmsProp(
          settings,
          config.decayRate(ALPHA, DEFAULT_ALPHA),
          config.positive(EPS, DEFAULT_EPSILON),
          config.decayRate(MOMENTUM, 0.0),
          config.bool(CENTERED, false));
    }
  }
}
