package dev.nn4j.core.losses;

import static com.google.common.base.Preconditions.checkArgument;

import dev.nn4j.core.Activation;
import dev.nn4j.core.Loss;
import dev.nn4j.core.math.Matrix;
import java.util.Locale;

/**
 * Binary cross-entropy, for outputs that are independent probabilities (a sigmoid output layer): over the
 * {@code N} elements of a batch,
 *
 * <pre>    L = −1/N Σ [ y·log ŷ + (1 − y)·log(1 − ŷ) ]</pre>
 *
 * <p>with each log clamped at −100 as PyTorch's {@code BCELoss} does, so that a saturated output gives a
 * large but finite loss. After a sigmoid it is fused ({@link #fusesWith}) and computed from the logits
 * {@code z} as PyTorch's {@code BCEWithLogitsLoss}: {@code L = 1/N Σ [max(z, 0) − z·y + log(1 + e^(−|z|))]},
 * with gradient {@code dL/dz = (σ(z) − y) / N}.
 */
public final class BinaryCrossEntropy implements Loss {
  static final BinaryCrossEntropy INSTANCE = new BinaryCrossEntropy();
  private static final double LOG_CLAMP = -100.0;

  private BinaryCrossEntropy() {}

  @Override
  public String name() {
    return "binary_cross_entropy";
  }

  @Override
  public double value(Matrix prediction, Matrix target) {
    prediction.requireSameShape(target, "targets");
    double[] p = prediction.data();
    double[] y = target.data();
    double sum = 0.0;
    for (int i = 0; i < p.length; i++) {
      sum -= y[i] * clampedLog(p[i]) + (1 - y[i]) * clampedLog(1 - p[i]);
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
    // d/dp of −[y log p + (1−y) log(1−p)] = (p − y) / (p (1 − p)); PyTorch bounds the denominator by 1e-12.
    for (int i = 0; i < p.length; i++) {
      g[i] = (p[i] - y[i]) / Math.max(p[i] * (1 - p[i]), 1e-12) / p.length;
    }
  }

  @Override
  public boolean fusesWith(Activation outputActivation) {
    return outputActivation.outputs() == Activation.Outputs.SIGMOID;
  }

  @Override
  public double fusedValue(Matrix z, Matrix target) {
    z.requireSameShape(target, "targets");
    double[] zd = z.data();
    double[] y = target.data();
    double sum = 0.0;
    for (int i = 0; i < zd.length; i++) {
      sum += Math.max(zd[i], 0) - zd[i] * y[i] + Math.log1p(Math.exp(-Math.abs(zd[i])));
    }
    return sum / zd.length;
  }

  @Override
  public void fusedGradient(Matrix z, Matrix target, Matrix gradient) {
    z.requireSameShape(target, "targets");
    z.requireSameShape(gradient, "gradient");
    double[] zd = z.data();
    double[] y = target.data();
    double[] g = gradient.data();
    for (int i = 0; i < zd.length; i++) {
      g[i] = (1.0 / (1.0 + Math.exp(-zd[i])) - y[i]) / zd.length;
    }
  }

  @Override
  public void checkCompatible(Activation outputActivation, int outputs) {
    checkArgument(
        outputActivation.outputs() != Activation.Outputs.SOFTMAX,
        "Binary cross-entropy expects independent probabilities per output, but the output layer uses softmax:"
            + " use categorical cross-entropy with softmax, or sigmoid outputs with binary cross-entropy");
    checkArgument(
        outputActivation.outputs() != Activation.Outputs.REAL,
        "Binary cross-entropy expects outputs in (0, 1), but the output layer uses %s, whose outputs are not"
            + " probabilities: use a sigmoid output layer",
        outputActivation.name());
  }

  @Override
  public void checkTargets(Matrix target) {
    double[] y = target.data();
    // The message is made only when the check fails, so a training step with good targets allocates nothing.
    for (int i = 0; i < y.length; i++) {
      if (!(y[i] >= 0 && y[i] <= 1)) {
        throw new IllegalArgumentException(
            String.format(
                Locale.ROOT,
                "Binary cross-entropy expects targets in [0, 1], got %s in sample %s, output %s",
                y[i],
                i / target.cols(),
                i % target.cols()));
      }
    }
  }

  private static double clampedLog(double x) {
    return Math.max(Math.log(x), LOG_CLAMP);
  }

  @Override
  public String toString() {
    return name();
  }
}
