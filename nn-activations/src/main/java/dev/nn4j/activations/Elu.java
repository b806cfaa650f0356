package dev.nn4j.activations;

/**
 * The exponential linear unit (Clevert et al., 2015), {@code f(x) = x} for {@code x > 0} and {@code α (e^x
 * - 1)} otherwise, with {@code f'(x) = 1} for {@code x > 0} and {@code α e^x} otherwise ({@code α} at 0, as
 * in PyTorch's {@code ELU}).
 *
 * <p>Smooth for {@code α = 1}, and its negative outputs (down to {@code -α}) pull the mean activation
 * towards zero. Name {@code "elu"}, configuration {@code {"alpha": "1.0"}}; the default {@code α = 1} is
 * PyTorch's.
 */
public final class Elu extends OneParameterActivation {
  /** The registered name. */
  static final String NAME = "elu";
  /** The configuration key of {@code α}. */
  static final String ALPHA = "alpha";
  /** {@code α} when none is given, as PyTorch's. */
  public static final double DEFAULT_ALPHA = 1.0;

  private final double alpha;

  /** Use {@link Activations#elu(double)}. */
  Elu(double alpha) {
    super(NAME, ALPHA, alpha);
    this.alpha = parameter();
  }

  /**
   * {@code α}, the value that {@code f} tends to, negated, as {@code x → -∞}.
   *
   * @return {@code α}
   */
  public double alpha() {
    return alpha;
  }

  @Override
  public double value(double x) {
    // expm1 keeps e^x - 1 accurate for x near 0, where 1 would swallow e^x's digits.
    return x > 0 ? x : alpha * Math.expm1(x);
  }

  @Override
  public double derivative(double x, double y) {
    return x > 0 ? 1.0 : alpha * Math.exp(x);
  }

  /** Registers {@code "elu"}, configured by {@code "alpha"} (default 1.0). */
  public static final class Provider extends OneParameterActivation.Provider {
    /** Called by {@link java.util.ServiceLoader}. */
    public Provider() {
      super(NAME, ALPHA, DEFAULT_ALPHA, Activations::elu);
    }
  }

  /** {@link Outputs#REAL}: not probabilities: the cross-entropies refuse it. */
  @Override
  public Outputs outputs() {
    return Outputs.REAL;
  }
}
