package dev.nn4j.activations;

import dev.nn4j.core.Activation;

/**
 * The activations that come with nn4j, one factory each. Every one is also registered by name through
 * {@link java.util.ServiceLoader}, so {@code Activation.named("relu")} finds it too.
 *
 * <p>Use them with static imports: {@code .dense(2, sigmoid())}.
 */
public final class Activations {
  private static final Sigmoid SIGMOID = new Sigmoid();
  private static final Relu RELU = new Relu();
  private static final Tanh TANH = new Tanh();
  private static final Softmax SOFTMAX = new Softmax();
  private static final LeakyRelu LEAKY_RELU = new LeakyRelu(LeakyRelu.DEFAULT_SLOPE);
  private static final Elu ELU = new Elu(Elu.DEFAULT_ALPHA);
  private static final Gelu GELU = new Gelu(false);
  private static final Gelu GELU_TANH = new Gelu(true);
  private static final Softplus SOFTPLUS = new Softplus();
  private static final Silu SILU = new Silu();
  private static final Identity IDENTITY = new Identity();

  private Activations() {}

  /**
   * {@code 1 / (1 + e^(-x))}: see {@link Sigmoid}.
   *
   * @return the sigmoid
   */
  public static Sigmoid sigmoid() {
    return SIGMOID;
  }

  /**
   * {@code max(0, x)}: see {@link Relu}.
   *
   * @return the ReLU
   */
  public static Relu relu() {
    return RELU;
  }

  /**
   * {@code tanh(x)}: see {@link Tanh}.
   *
   * @return the tanh
   */
  public static Tanh tanh() {
    return TANH;
  }

  /**
   * {@code e^(z_i) / Σ_k e^(z_k)} over each row: see {@link Softmax}.
   *
   * @return the softmax
   */
  public static Softmax softmax() {
    return SOFTMAX;
  }

  /**
   * {@code x} for {@code x > 0}, {@code 0.01 x} otherwise (PyTorch's default slope): see {@link LeakyRelu}.
   *
   * @return the leaky ReLU with slope 0.01
   */
  public static LeakyRelu leakyRelu() {
    return LEAKY_RELU;
  }

  /**
   * {@code x} for {@code x > 0}, {@code slope · x} otherwise: see {@link LeakyRelu}.
   *
   * @param slope the slope for {@code x <= 0}, finite
   * @return the leaky ReLU
   * @throws IllegalArgumentException if {@code slope} is NaN or infinite
   */
  public static LeakyRelu leakyRelu(double slope) {
    return new LeakyRelu(slope);
  }

  /**
   * {@code x} for {@code x > 0}, {@code e^x - 1} otherwise ({@code α = 1}): see {@link Elu}.
   *
   * @return the ELU with {@code α = 1}
   */
  public static Elu elu() {
    return ELU;
  }

  /**
   * {@code x} for {@code x > 0}, {@code α (e^x - 1)} otherwise: see {@link Elu}.
   *
   * @param alpha {@code α}, finite
   * @return the ELU
   * @throws IllegalArgumentException if {@code alpha} is NaN or infinite
   */
  public static Elu elu(double alpha) {
    return new Elu(alpha);
  }

  /**
   * The exact GELU, {@code x Φ(x)} (PyTorch's {@code approximate="none"}): see {@link Gelu}.
   *
   * @return the exact GELU
   */
  public static Gelu gelu() {
    return GELU;
  }

  /**
   * The tanh approximation of GELU, {@code x (1 + tanh(√(2/π) (x + 0.044715 x³))) / 2} (PyTorch's {@code
   * approximate="tanh"}): see {@link Gelu}.
   *
   * @return the tanh-approximated GELU
   */
  public static Gelu geluTanh() {
    return GELU_TANH;
  }

  /**
   * {@code ln(1 + e^x)}, computed without overflow: see {@link Softplus}.
   *
   * @return the softplus
   */
  public static Softplus softplus() {
    return SOFTPLUS;
  }

  /**
   * {@code x σ(x)}, also called swish: see {@link Silu}.
   *
   * @return the SiLU
   */
  public static Silu silu() {
    return SILU;
  }

  /**
   * {@code x}, no activation: see {@link Identity}.
   *
   * @return the identity
   */
  public static Identity identity() {
    return IDENTITY;
  }
}
