package dev.nn4j.core.losses;

import dev.nn4j.core.Loss;
import dev.nn4j.core.math.Kernels;
import dev.nn4j.core.math.Matrix;

/**
 * Mean squared error, the tutorial's loss: {@code L = 1/(n·k) Σ (y_true - y_pred)²} over the {@code n}
 * samples and {@code k} outputs of a batch, with gradient {@code dL/dy_pred = -2 (y_true - y_pred) / (n·k)}.
 * For one output this is the tutorial's {@code MSE = 1/n Σ (y_true - y_pred)²}; for several it is
 * PyTorch's {@code MSELoss()}.
 */
public final class Mse implements Loss {
  static final Mse INSTANCE = new Mse();

  private Mse() {}

  @Override
  public String name() {
    return "mse";
  }

  @Override
  public double value(Matrix prediction, Matrix target) {
    prediction.requireSameShape(target, "targets");
    return Kernels.sumOfSquaredDifferences(target, prediction) / prediction.size();
  }

  @Override
  public void gradient(Matrix prediction, Matrix target, Matrix gradient) {
    prediction.requireSameShape(target, "targets");
    Kernels.subtract(target, prediction, gradient);
    Kernels.scale(gradient, -2.0 / prediction.size());
  }

  @Override
  public String toString() {
    return name();
  }
}
