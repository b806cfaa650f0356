package dev.nn4j.activations;

import dev.nn4j.core.Activation;
import dev.nn4j.core.SimpleActivationProvider;
import dev.nn4j.core.math.Kernels;
import dev.nn4j.core.math.Matrix;

/**
 * Softmax over each row (each sample), turning a layer's outputs into probabilities that sum to 1:
 * {@code a_i = e^(z_i) / Σ_k e^(z_k)}.
 *
 * <p>It is not elementwise: each output depends on the whole row, its Jacobian is {@code ∂a_i/∂z_j = a_i
 * (δ_ij - a_j)}, and the chain rule gives {@code dL/dz_i = a_i (dL/da_i - Σ_k dL/da_k a_k)}. The row's
 * maximum is subtracted before exponentiating, which leaves the result unchanged and keeps {@code e^z}
 * from overflowing, so logits of ±1000 give probabilities, not NaN. Followed by cross-entropy, the loss
 * may fuse with it and skip this backward (see {@link dev.nn4j.core.Loss#fusesWith(Activation)}).
 */
public final class Softmax implements Activation {
  private static final String NAME = "softmax";

  /** Use {@link Activations#softmax()}. */
  Softmax() {}

  @Override
  public String name() {
    return NAME;
  }

  /** {@code out[r][i] = e^(z[r][i] - m) / Σ_k e^(z[r][k] - m)}, {@code m} the row's maximum. */
  @Override
  public void forward(Matrix z, Matrix out) {
    Kernels.softmaxRows(z, out);
  }

  /** {@code gradIn[r][i] = a[r][i] (gradOut[r][i] - Σ_k gradOut[r][k] a[r][k])}; needs only {@code a}. */
  @Override
  public void backward(Matrix z, Matrix a, Matrix gradOut, Matrix gradIn) {
    z.requireSameShape(a, "softmax output");
    Kernels.softmaxRowsBackward(a, gradOut, gradIn);
  }

  /** Equal to every other softmax: it has no parameters. */
  @Override
  public boolean equals(Object o) {
    return o instanceof Softmax;
  }

  @Override
  public int hashCode() {
    return NAME.hashCode();
  }

  /** {@code "softmax"}. */
  @Override
  public String toString() {
    return NAME;
  }

  /** Registers {@code "softmax"}. */
  public static final class Provider extends SimpleActivationProvider {
    /** Called by {@link java.util.ServiceLoader}. */
    public Provider() {
      super(NAME, Activations::softmax);
    }
  }

  /** {@link Outputs#SOFTMAX}: one distribution per row: categorical cross-entropy fuses with it. */
  @Override
  public Outputs outputs() {
    return Outputs.SOFTMAX;
  }

  /** Its backward reads the outputs only. */
  @Override
  public boolean derivativeFromOutput() {
    return true;
  }
}
