package dev.nn4j.bench;

import dev.nn4j.core.Activation;
import dev.nn4j.core.math.Kernels;
import dev.nn4j.core.math.Matrix;

/**
 * Softmax over each row, {@code a_c = e^(z_c) / Σ_j e^(z_j)}, named {@code "softmax"} so that categorical
 * cross-entropy fuses with it. A stand-in until {@code nn-activations} has {@code softmax()}.
 */
final class Softmax implements Activation {

  @Override
  public String name() {
    return "softmax";
  }

  @Override
  public void forward(Matrix z, Matrix out) {
    Kernels.softmaxRows(z, out);
  }

  /** {@code dL/dz_c = a_c (dL/da_c − Σ_j dL/da_j · a_j)}; unused when fused with the loss. */
  @Override
  public void backward(Matrix z, Matrix a, Matrix gradOut, Matrix gradIn) {
    Kernels.softmaxRowsBackward(a, gradOut, gradIn);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Softmax;
  }

  @Override
  public int hashCode() {
    return name().hashCode();
  }

  @Override
  public String toString() {
    return name();
  }
}
