package dev.nn4j.core.losses;

import static com.google.common.base.Preconditions.checkArgument;

import dev.nn4j.core.Activation;
import dev.nn4j.core.Loss;
import dev.nn4j.core.math.Matrix;
import java.util.Locale;

/**
 * Categorical cross-entropy, for a softmax output layer over {@code k} classes and one-hot (or probability)
 * targets: over the {@code n} samples of a batch,
 *
 * <pre>    L = −1/n Σ_samples Σ_classes y·log ŷ</pre>
 *
 * <p>It is always fused with the softmax before it ({@link #fusesWith}) and computed from the logits
 * {@code z} in the stable form of PyTorch's {@code CrossEntropyLoss}: {@code log ŷ_c = z_c − m − log Σ_j
 * e^(z_j − m)} with {@code m = max_j z_j}, which is finite for logits of ±1000, and {@code dL/dz = (ŷ − y) /
 * n}. {@link #value} on probabilities clamps {@code log ŷ} at −100.
 */
public final class CategoricalCrossEntropy implements Loss {
  static final CategoricalCrossEntropy INSTANCE = new CategoricalCrossEntropy();

  private CategoricalCrossEntropy() {}

  @Override
  public String name() {
    return "categorical_cross_entropy";
  }

  @Override
  public double value(Matrix prediction, Matrix target) {
    prediction.requireSameShape(target, "targets");
    double[] p = prediction.data();
    double[] y = target.data();
    double sum = 0.0;
    for (int i = 0; i < p.length; i++) {
      if (y[i] != 0) {
        sum -= y[i] * Math.max(Math.log(p[i]), -100.0);
      }
    }
    return sum / prediction.rows();
  }

  @Override
  public void gradient(Matrix prediction, Matrix target, Matrix gradient) {
    prediction.requireSameShape(target, "targets");
    prediction.requireSameShape(gradient, "gradient");
    double[] p = prediction.data();
    double[] y = target.data();
    double[] g = gradient.data();
    for (int i = 0; i < p.length; i++) {
      g[i] = -y[i] / Math.max(p[i], 1e-300) / prediction.rows();
    }
  }

  @Override
  public boolean fusesWith(Activation outputActivation) {
    return outputActivation.outputs() == Activation.Outputs.SOFTMAX;
  }

  @Override
  public double fusedValue(Matrix z, Matrix target) {
    z.requireSameShape(target, "targets");
    int k = z.cols();
    double[] zd = z.data();
    double[] y = target.data();
    double sum = 0.0;
    for (int r = 0; r < z.rows(); r++) {
      double logSumExp = logSumExp(zd, r * k, k);
      for (int c = r * k; c < (r + 1) * k; c++) {
        if (y[c] != 0) {
          sum -= y[c] * (zd[c] - logSumExp);
        }
      }
    }
    return sum / z.rows();
  }

  @Override
  public void fusedGradient(Matrix z, Matrix target, Matrix gradient) {
    z.requireSameShape(target, "targets");
    z.requireSameShape(gradient, "gradient");
    int k = z.cols();
    double[] zd = z.data();
    double[] y = target.data();
    double[] g = gradient.data();
    for (int r = 0; r < z.rows(); r++) {
      double logSumExp = logSumExp(zd, r * k, k);
      for (int c = r * k; c < (r + 1) * k; c++) {
        g[c] = (Math.exp(zd[c] - logSumExp) - y[c]) / z.rows();
      }
    }
  }

  /** {@code log Σ_j e^(z_j)} over one row, shifted by the row's maximum so that nothing overflows. */
  private static double logSumExp(double[] z, int from, int count) {
    double max = Double.NEGATIVE_INFINITY;
    for (int i = from; i < from + count; i++) {
      max = Math.max(max, z[i]);
    }
    double sum = 0.0;
    for (int i = from; i < from + count; i++) {
      sum += Math.exp(z[i] - max);
    }
    return max + Math.log(sum);
  }

  @Override
  public void checkCompatible(Activation outputActivation, int outputs) {
    checkArgument(
        outputs >= 2,
        "Categorical cross-entropy needs at least 2 classes, but the output layer has %s output: for a yes/no"
            + " output use binary cross-entropy with a sigmoid",
        outputs);
    checkArgument(
        outputActivation.outputs() == Activation.Outputs.SOFTMAX,
        "Categorical cross-entropy expects a softmax output layer (its outputs are one probability"
            + " distribution per sample), but the output layer uses %s: use softmax, or binary cross-entropy"
            + " for independent sigmoid outputs",
        outputActivation.name());
  }

  @Override
  public void checkTargets(Matrix target) {
    int k = target.cols();
    double[] y = target.data();
    // The messages are made only when a check fails, so a training step with good targets allocates nothing.
    for (int r = 0; r < target.rows(); r++) {
      double sum = 0.0;
      for (int c = r * k; c < (r + 1) * k; c++) {
        if (!(y[c] >= 0 && y[c] <= 1)) {
          throw new IllegalArgumentException(
              String.format(
                  Locale.ROOT,
                  "Categorical cross-entropy expects one-hot targets, got %s in sample %s, class %s",
                  y[c],
                  r,
                  c - r * k));
        }
        sum += y[c];
      }
      if (!(Math.abs(sum - 1) <= 1e-6)) {
        throw new IllegalArgumentException(
            String.format(
                Locale.ROOT,
                "Categorical cross-entropy expects each target row to sum to 1 (one-hot over %s classes), but sample"
                    + " %s sums to %s: is its label out of range for %s classes?",
                k,
                r,
                sum,
                k));
      }
    }
  }


  @Override
  public String toString() {
    return name();
  }
}
