package dev.nn4j.optim;

import java.util.List;

/**
 * AdamW (Loshchilov and Hutter, 2019), as PyTorch's {@code torch.optim.AdamW}: {@link Adam} with
 * the weight decay decoupled from the gradient. Step {@code t} first shrinks the parameter, then
 * takes an Adam step on the unchanged gradient:
 *
 * <pre>
 *   θ_t ← θ_{t−1} − γ λ θ_{t−1}
 *   m_t ← β₁ m_{t−1} + (1 − β₁) g_t
 *   v_t ← β₂ v_{t−1} + (1 − β₂) g_t²
 *   m̂_t ← m_t / (1 − β₁^t)
 *   v̂_t ← v_t / (1 − β₂^t)                     (amsgrad as in {@link Adam})
 *   θ_t ← θ_t − γ m̂_t / (√v̂_t + ε)
 * </pre>
 *
 * <p>So the decay does not pass through the moments and is not rescaled by {@code √v̂}: every
 * parameter shrinks by the same factor {@code 1 − γλ} per step (with the scheduled {@code γ}).
 * Defaults are PyTorch's: {@code γ = 0.001, β₁ = 0.9, β₂ = 0.999, ε = 1e-8, λ = 0.01}.
 */
public final class AdamW extends BaseOptimizer<AdamW> {
  static final double DEFAULT_WEIGHT_DECAY = 0.01;

  private final double beta1;
  private final double beta2;
  private final double epsilon;
  private final boolean amsgrad;

  /**
   * AdamW with PyTorch's defaults and learning rate {@code learningRate}: use {@link
   * Optimizers#adamW}.
   */
  AdamW(double learningRate) {
    this(
        Settings.of(learningRate, DEFAULT_WEIGHT_DECAY),
        Adam.DEFAULT_BETA1,
        Adam.DEFAULT_BETA2,
        Adam.DEFAULT_EPSILON,
        false);
  }

  private AdamW(Settings settings, double beta1, double beta2, double epsilon, boolean amsgrad) {
    super(settings);
    this.beta1 = Checks.decayRate("beta1", beta1);
    this.beta2 = Checks.decayRate("beta2", beta2);
    this.epsilon = Checks.positive("epsilon", epsilon);
    this.amsgrad = amsgrad;
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
   * This optimizer with betas {@code (β₁, β₂)} (PyTorch's {@code betas}).
   *
   * @param beta1 {@code β₁}, in {@code [0, 1)}
   * @param beta2 {@code β₂}, in {@code [0, 1)}
   * @return a new optimizer; this one is unchanged
   * @throws IllegalArgumentException unless {@code 0 <= beta1 < 1} and {@code 0 <= beta2 < 1}
   */
  public AdamW withBetas(double beta1, double beta2) {
    return new AdamW(settings(), beta1, beta2, epsilon, amsgrad);
  }

  /**
   * This optimizer with {@code ε = epsilon} (PyTorch's {@code eps}).
   *
   * @param epsilon {@code ε}, positive
   * @return a new optimizer; this one is unchanged
   * @throws IllegalArgumentException unless {@code epsilon} is positive and finite
   */
  public AdamW withEpsilon(double epsilon) {
    return new AdamW(settings(), beta1, beta2, epsilon, amsgrad);
  }

  /**
   * This optimizer with the AMSGrad variant of the second moment if {@code amsgrad}.
   *
   * @param amsgrad whether to use AMSGrad
   * @return a new optimizer; this one is unchanged
   */
  public AdamW withAmsgrad(boolean amsgrad) {
    return new AdamW(settings(), beta1, beta2, epsilon, amsgrad);
  }

  @Override
  public String name() {
    return "adamw";
  }

  @Override
  AdamW withSettings(Settings settings) {
    return new AdamW(settings, beta1, beta2, epsilon, amsgrad);
  }

  @Override
  List<String> bufferNames() {
    return Adam.bufferNames(amsgrad);
  }

  @Override
  void update(double[] theta, double[] g, double[][] buffers, double lr, long t) {
    Adam.update(theta, g, buffers, lr, t, weightDecay(), true, beta1, beta2, epsilon, amsgrad);
  }

  @Override
  List<Option> options() {
    return Adam.options(beta1, beta2, epsilon, amsgrad);
  }

  @Override
  double defaultWeightDecay() {
    return DEFAULT_WEIGHT_DECAY;
  }
}
