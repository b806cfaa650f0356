package dev.nn4j.optim;

import static dev.nn4j.core.math.Kernels.nonFiniteSign;

import com.google.common.collect.ImmutableList;
import dev.nn4j.core.ComponentConfig;
import dev.nn4j.core.Optimizer;
import java.util.List;

/**
 * Adam (Kingma and Ba, 2015), as PyTorch's {@code torch.optim.Adam}: per-parameter step sizes from
 * running averages of the gradient and of its square. With learning rate {@code γ}, betas {@code
 * β₁, β₂}, {@code ε} and weight decay {@code λ}, step {@code t} does, for every parameter {@code θ}
 * with gradient {@code g_t}:
 *
 * <pre>
 *   if λ ≠ 0:   g_t ← g_t + λ θ_{t−1}          (L2 penalty, unlike AdamW below)
 *   m_t ← β₁ m_{t−1} + (1 − β₁) g_t
 *   v_t ← β₂ v_{t−1} + (1 − β₂) g_t²
 *   m̂_t ← m_t / (1 − β₁^t)
 *   v̂_t ← v_t / (1 − β₂^t)                     (amsgrad: v_t^max ← max(v_{t−1}^max, v_t),
 *                                                          v̂_t ← v_t^max / (1 − β₂^t))
 *   θ_t ← θ_{t−1} − γ m̂_t / (√v̂_t + ε)
 * </pre>
 *
 * <p>{@code ε} is added to the square root, as PyTorch does. The buffers are PyTorch's {@code
 * "exp_avg"} ({@code m}), {@code "exp_avg_sq"} ({@code v}) and, with AMSGrad, {@code
 * "max_exp_avg_sq"}: like PyTorch's implementation, AMSGrad keeps the maximum of the raw {@code
 * v_t} and bias-corrects it with the current step's {@code 1 − β₂^t}. Defaults are PyTorch's:
 * {@code γ = 0.001, β₁ = 0.9, β₂ = 0.999, ε = 1e-8, λ = 0}.
 *
 * <p><b>AdamW</b> (Loshchilov and Hutter, 2019; {@link Optimizers#adamW}, PyTorch's {@code
 * torch.optim.AdamW}) is the same rule with the weight decay decoupled from the gradient: step {@code t}
 * first shrinks the parameter, {@code θ_t ← θ_{t−1} − γ λ θ_{t−1}}, then takes the Adam step above on the
 * unchanged gradient. The decay then does not pass through the moments and is not rescaled by {@code
 * √v̂}: every parameter shrinks by the same factor {@code 1 − γλ} per step. Its default {@code λ} is
 * PyTorch's 0.01.
 *
 * <p>Names {@code "adam"} and {@code "adamw"}; configuration (PyTorch's argument names, see {@link
 * BaseOptimizer} for the shared keys): {@code lr}, {@code betas} (both in one value, {@code
 * "0.9,0.999"}), {@code eps}, {@code weight_decay}, {@code amsgrad}, and nn4j's {@code clip_norm} and
 * {@code schedule}.
 */
public final class Adam extends BaseOptimizer<Adam> {
  static final String BETAS = "betas";
  static final String EPS = "eps";
  static final String AMSGRAD = "amsgrad";
  static final double DEFAULT_LEARNING_RATE = 1e-3;
  static final double DEFAULT_BETA1 = 0.9;
  static final double DEFAULT_BETA2 = 0.999;
  static final double DEFAULT_EPSILON = 1e-8;
  static final double DEFAULT_DECOUPLED_WEIGHT_DECAY = 0.01;

  private final double beta1;
  private final double beta2;
  private final double epsilon;
  private final boolean amsgrad;
  private final boolean decoupled;

  /**
   * Adam ({@code decoupled = false}) or AdamW with PyTorch's defaults and learning rate {@code
   * learningRate}: use {@link Optimizers#adam} or {@link Optimizers#adamW}.
   */
  Adam(double learningRate, boolean decoupled) {
    this(
        Settings.of(learningRate, decoupled ? DEFAULT_DECOUPLED_WEIGHT_DECAY : 0.0),
        DEFAULT_BETA1,
        DEFAULT_BETA2,
        DEFAULT_EPSILON,
        false,
        decoupled);
  }

  private Adam(
      Settings settings, double beta1, double beta2, double epsilon, boolean amsgrad, boolean decoupled) {
    super(settings);
    this.beta1 = Checks.decayRate("beta1", beta1);
    this.beta2 = Checks.decayRate("beta2", beta2);
    this.epsilon = Checks.positive("epsilon", epsilon);
    this.amsgrad = amsgrad;
    this.decoupled = decoupled;
  }

  /**
   * {@code β₁}, the decay rate of the first moment {@code m}.
   *
   * @return {@code β₁}
   */
  public double beta1() {
    return beta1;
  }

  /**
   * {@code β₂}, the decay rate of the second moment {@code v}.
   *
   * @return {@code β₂}
   */
  public double beta2() {
    return beta2;
  }

  /**
   * {@code ε}, added to {@code √v̂} for numerical stability.
   *
   * @return {@code ε}
   */
  public double epsilon() {
    return epsilon;
  }

  /**
   * Whether this is the AMSGrad variant.
   *
   * @return whether AMSGrad is used
   */
  public boolean amsgrad() {
    return amsgrad;
  }

  /**
   * Whether the weight decay is decoupled from the gradient (AdamW) rather than added to it (Adam).
   *
   * @return true for AdamW
   */
  public boolean decoupled() {
    return decoupled;
  }

  /**
   * This optimizer with betas {@code (β₁, β₂)} (PyTorch's {@code betas}).
   *
   * @param beta1 {@code β₁}, in {@code [0, 1)}
   * @param beta2 {@code β₂}, in {@code [0, 1)}
   * @return a new optimizer; this one is unchanged
   * @throws IllegalArgumentException unless {@code 0 <= beta1 < 1} and {@code 0 <= beta2 < 1}
   */
  public Adam withBetas(double beta1, double beta2) {
    return new Adam(settings(), beta1, beta2, epsilon, amsgrad, decoupled);
  }

  /**
   * This optimizer with {@code ε = epsilon} (PyTorch's {@code eps}).
   *
   * @param epsilon {@code ε}, positive
   * @return a new optimizer; this one is unchanged
   * @throws IllegalArgumentException unless {@code epsilon} is positive and finite
   */
  public Adam withEpsilon(double epsilon) {
    return new Adam(settings(), beta1, beta2, epsilon, amsgrad, decoupled);
  }

  /**
   * This optimizer as AMSGrad (Reddi et al., 2018) if {@code amsgrad}, as plain Adam otherwise.
   *
   * @param amsgrad whether to use AMSGrad
   * @return a new optimizer; this one is unchanged
   */
  public Adam withAmsgrad(boolean amsgrad) {
    return new Adam(settings(), beta1, beta2, epsilon, amsgrad, decoupled);
  }

  @Override
  public String name() {
    return nameOf(decoupled);
  }

  private static String nameOf(boolean decoupled) {
    return decoupled ? "adamw" : "adam";
  }

  @Override
  double defaultWeightDecay() {
    return defaultWeightDecayOf(decoupled);
  }

  private static double defaultWeightDecayOf(boolean decoupled) {
    return decoupled ? DEFAULT_DECOUPLED_WEIGHT_DECAY : 0.0;
  }

  @Override
  Adam withSettings(Settings settings) {
    return new Adam(settings, beta1, beta2, epsilon, amsgrad, decoupled);
  }

  @Override
  List<String> bufferNames() {
    return bufferNames(amsgrad);
  }

  @Override
  boolean update(
      double[] theta, double[] g, double[][] buffers, double[][] before, double lr, long t, int from, int to) {
    return update(theta, g, buffers, before, lr, t, from, to, weightDecay(), decoupled, beta1, beta2, epsilon, amsgrad);
  }

  @Override
  List<Option> options() {
    return List.of(
        new Option("beta1", beta1, DEFAULT_BETA1),
        new Option("beta2", beta2, DEFAULT_BETA2),
        new Option("epsilon", epsilon, DEFAULT_EPSILON),
        new Option("amsgrad", amsgrad, false),
        // Never printed (the name says adam or adamw), but part of equality.
        new Option("decoupled", decoupled, decoupled));
  }

  @Override
  void writeConfig(ConfigWriter out) {
    out.put(BETAS, ComponentConfig.format(beta1) + "," + ComponentConfig.format(beta2))
        .put(EPS, epsilon)
        .put(AMSGRAD, amsgrad);
  }

  /**
   * Registers {@code "adam"}: {@code lr} (default 0.001), {@code betas} ({@code "0.9,0.999"}),
   * {@code eps} (1e-8), {@code weight_decay} (0), {@code amsgrad} (false), {@code clip_norm}, {@code
   * schedule}.
   */
  public static final class Provider extends AdamProvider {
    /** Called by {@link java.util.ServiceLoader}. */
    public Provider() {
      super(false);
    }
  }

  /**
   * Registers {@code "adamw"}: as {@code "adam"}, but the weight decay is decoupled and defaults to
   * 0.01.
   */
  public static final class AdamWProvider extends AdamProvider {
    /** Called by {@link java.util.ServiceLoader}. */
    public AdamWProvider() {
      super(true);
    }
  }

  /** Reads the configuration of Adam or AdamW. */
  abstract static class AdamProvider extends RuleProvider {
    private final boolean decoupled;

    AdamProvider(boolean decoupled) {
      super(nameOf(decoupled), DEFAULT_LEARNING_RATE, defaultWeightDecayOf(decoupled), BETAS, EPS, AMSGRAD);
      this.decoupled = decoupled;
    }

    @Override
    Optimizer create(ConfigReader config, Settings settings) {
      double[] betas = config.decayRatePair(BETAS, DEFAULT_BETA1, DEFAULT_BETA2);
      return new Adam(
          settings,
          betas[0],
          betas[1],
          config.positive(EPS, DEFAULT_EPSILON),
          config.bool(AMSGRAD, false),
          decoupled);
    }
  }

  /** The buffers of Adam and AdamW. */
  static List<String> bufferNames(boolean amsgrad) {
    return amsgrad
        ? ImmutableList.of("exp_avg", "exp_avg_sq", "max_exp_avg_sq")
        : ImmutableList.of("exp_avg", "exp_avg_sq");
  }

  /**
   * One step of Adam ({@code decoupled = false}: {@code λ} is added to the gradient) or AdamW
   * ({@code decoupled = true}: {@code θ ← θ − γλθ} before the Adam step) on one parameter, as {@link
   * BaseOptimizer#update} describes.
   */
  static boolean update(
      double[] theta,
      double[] g,
      double[][] buffers,
      double[][] before,
      double lr,
      long t,
      int from,
      int to,
      double lambda,
      boolean decoupled,
      double beta1,
      double beta2,
      double epsilon,
      boolean amsgrad) {
    double[] m = buffers[0];
    double[] v = buffers[1];
    double[] vMax = amsgrad ? buffers[2] : null;
    double[] thetaBefore = before[0];
    double[] mBefore = before[1];
    double[] vBefore = before[2];
    double[] vMaxBefore = amsgrad ? before[3] : null;
    double biasCorrection1 = 1 - Math.pow(beta1, t);
    double biasCorrection2 = 1 - Math.pow(beta2, t);
    long flags = 0;
    for (int i = from; i < to; i++) {
      double ti = theta[i];
      double mi = m[i];
      double vi = v[i];
      thetaBefore[i] = ti;
      mBefore[i] = mi;
      vBefore[i] = vi;
      double gi = g[i];
      if (decoupled) {
        ti -= lr * lambda * ti;
      } else if (lambda != 0) {
        gi += lambda * ti;
      }
      mi = beta1 * mi + (1 - beta1) * gi;
      vi = beta2 * vi + (1 - beta2) * gi * gi;
      m[i] = mi;
      v[i] = vi;
      double mHat = mi / biasCorrection1;
      double vHat = vi;
      if (amsgrad) {
        vMaxBefore[i] = vMax[i];
        vHat = Math.max(vMax[i], vi);
        vMax[i] = vHat;
      }
      vHat /= biasCorrection2;
      ti -= lr * mHat / (Math.sqrt(vHat) + epsilon);
      theta[i] = ti;
      flags |= nonFiniteSign(ti) | nonFiniteSign(mi) | nonFiniteSign(vi);
    }
    return flags >= 0;
  }
}
