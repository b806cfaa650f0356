package dev.nn4j.core.losses;

import static com.google.common.base.Preconditions.checkArgument;

import dev.nn4j.core.Loss;
import dev.nn4j.core.math.Matrix;
import java.util.Map;

/**
 * Huber loss, quadratic for small errors and linear for large ones, so outliers pull less than with MSE.
 * With {@code d = ŷ − y} over the {@code N} elements of a batch (PyTorch's {@code HuberLoss(delta)}):
 *
 * <pre>    L = 1/N Σ { d²/2            if |d| ≤ δ
 *               { δ (|d| − δ/2)    otherwise</pre>
 *
 * <p>with gradient {@code dL/dŷ = clamp(d, −δ, δ) / N}.
 */
public final class Huber implements Loss {
  private final double delta;

  Huber(double delta) {
    checkArgument(delta > 0 && Double.isFinite(delta), "Expected a positive, finite Huber delta, got delta=%s", delta);
    this.delta = delta;
  }

  /**
   * The threshold {@code δ} between the quadratic and the linear part.
   *
   * @return {@code δ}
   */
  public double delta() {
    return delta;
  }

  @Override
  public String name() {
    return "huber";
  }

  @Override
  public Map<String, String> config() {
    return Map.of("delta", Double.toString(delta));
  }

  @Override
  public double value(Matrix prediction, Matrix target) {
    prediction.requireSameShape(target, "targets");
    double[] p = prediction.data();
    double[] y = target.data();
    double sum = 0.0;
    for (int i = 0; i < p.length; i++) {
      double d = Math.abs(p[i] - y[i]);
      sum += d <= delta ? 0.5 * d * d : delta * (d - 0.5 * delta);
    }
    return sum / p.length;
  }

  @Override
  public void gradient(Matrix prediction, Matrix target, Matrix gradient) {
    prediction.requireSameShape(target, "targets");
    prediction.requireSameShape(gradient, "gradient");
    double[] p = prediction.data();
    double[] y = target.data();
    double[] g = gradient.data();
    for (int i = 0; i < p.length; i++) {
      g[i] = Math.max(-delta, Math.min(delta, p[i] - y[i])) / p.length;
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Huber h && Double.compare(delta, h.delta) == 0;
  }

  @Override
  public int hashCode() {
    return Double.hashCode(delta);
  }

  @Override
  public String toString() {
    return "huber(delta=" + delta + ")";
  }
}
