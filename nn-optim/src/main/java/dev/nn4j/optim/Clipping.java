package dev.nn4j.optim;

import static com.google.common.base.Preconditions.checkNotNull;

import dev.nn4j.core.Parameter;
import java.util.List;

/**
 * Gradient clipping by global norm, with the semantics of PyTorch's {@code
 * torch.nn.utils.clip_grad_norm_} (L2 norm): the norm is taken over the gradients of all parameters
 * together, as if they were concatenated into one vector,
 *
 * <pre>    total = sqrt(Σ_parameters Σ_i g_i²)
 *     g ← g · min(1, max_norm / (total + 1e-6))</pre>
 *
 * <p>so gradients whose total norm exceeds {@code max_norm} are scaled down, together, to a norm of
 * {@code max_norm} (slightly less, by PyTorch's {@code 1e-6} guard), which keeps their direction; a
 * smaller norm leaves them unchanged. An optimizer configured {@code withClipNorm(maxNorm)} applies
 * this to its parameters' gradients at the start of every step, before weight decay and the update
 * rule, as PyTorch code calls {@code clip_grad_norm_} between {@code backward()} and {@code
 * optimizer.step()}.
 */
public final class Clipping {
  /** PyTorch's guard against division by zero in the clipping coefficient. */
  static final double NORM_EPSILON = 1e-6;

  private Clipping() {}

  /**
   * The global L2 norm of the gradients of {@code parameters}, {@code sqrt(Σ g²)} over every
   * element of every gradient.
   *
   * @param parameters the parameters whose gradients to measure
   * @return the global norm
   */
  public static double gradientNorm(List<Parameter> parameters) {
    double sumOfSquares = 0.0;
    for (int p = 0; p < parameters.size(); p++) {
      double[] g = parameters.get(p).gradient().data();
      for (int i = 0; i < g.length; i++) {
        sumOfSquares += g[i] * g[i];
      }
    }
    return Math.sqrt(sumOfSquares);
  }

  /**
   * Scales the gradients of {@code parameters} in place so that their global norm is at most {@code
   * maxNorm}: {@code g ← g · max_norm / (total + 1e-6)} when that coefficient is below one.
   *
   * @param parameters the parameters whose gradients to clip
   * @param maxNorm {@code max_norm}, the largest norm allowed
   * @return the global norm before clipping, as PyTorch returns it (for logging)
   * @throws IllegalArgumentException unless {@code maxNorm} is positive and finite
   */
  public static double clipGradientNorm(List<Parameter> parameters, double maxNorm) {
    checkNotNull(parameters, "parameters");
    Checks.positive("maxNorm", maxNorm);
    double total = gradientNorm(parameters);
    double coefficient = maxNorm / (total + NORM_EPSILON);
    if (coefficient < 1.0) {
      for (int p = 0; p < parameters.size(); p++) {
        double[] g = parameters.get(p).gradient().data();
        for (int i = 0; i < g.length; i++) {
          g[i] *= coefficient;
        }
      }
    }
    return total;
  }
}
