package org.example.centering;

import dev.nn4j.core.Buffer;
import dev.nn4j.core.ComponentConfig;
import dev.nn4j.core.Layer;
import dev.nn4j.core.LayerConfig;
import dev.nn4j.core.LayerFactory;
import dev.nn4j.core.LayerProvider;
import dev.nn4j.core.Parameter;
import dev.nn4j.core.Pass;
import dev.nn4j.core.Shape;
import dev.nn4j.core.math.Matrix;
import java.util.List;

/**
 * Centers each feature and shifts it by a learned amount: {@code y = x − μ + β}.
 *
 * <p>Training: {@code μ} is the feature's mean over the batch, and the running mean follows it, {@code
 * running_mean ← (1 − momentum)·running_mean + momentum·μ}. Inference: {@code μ} is the running mean.
 * Backward: {@code dL/dβ += Σ_rows dL/dy}; {@code dL/dx = dL/dy − mean_rows(dL/dy)} in training (every
 * output depends on the batch's mean), {@code dL/dx = dL/dy} in inference.
 *
 * <p>State dict: {@code shift} ({@code β}, a parameter) and {@code running_mean} (a buffer), one value per
 * feature. Registered as {@code "centering"}, configuration {@code momentum} (0.1).
 */
public final class Centering implements Layer {
  private final Shape shape;
  private final double momentum;
  private final Parameter shift;
  private final Buffer runningMean;

  /**
   * @param shape the shape of each sample, a vector of features
   * @param momentum the weight of each batch in the running mean, in [0, 1]
   */
  public Centering(Shape shape, double momentum) {
    if (shape.rank() != 1) {
      throw new IllegalArgumentException("Centering takes samples of one dimension, got shape " + shape);
    }
    this.shape = shape;
    this.momentum = momentum;
    this.shift = new Parameter("shift", shape);
    this.runningMean = Buffer.of("running_mean", shape);
  }

  @Override
  public String type() {
    return "centering";
  }

  @Override
  public LayerConfig config() {
    return LayerConfig.builder().set("momentum", momentum).build();
  }

  @Override
  public Shape inputShape() {
    return shape;
  }

  @Override
  public Shape outputShape() {
    return shape;
  }

  @Override
  public List<Parameter> parameters() {
    return List.of(shift);
  }

  @Override
  public List<Buffer> buffers() {
    return List.of(runningMean);
  }

  @Override
  public Matrix forward(Matrix x, Pass pass) {
    int n = x.rows();
    int features = shape.size();
    double[] mean = pass.buffer(this, "mean", 1, features).data();
    if (pass.training()) {
      columnMeans(x, mean);
      double[] running = runningMean.value().data();
      for (int j = 0; j < features; j++) {
        running[j] = (1 - momentum) * running[j] + momentum * mean[j];
      }
    } else {
      System.arraycopy(runningMean.value().data(), 0, mean, 0, features);
    }
    Matrix y = pass.buffer(this, "y", n, features);
    for (int r = 0; r < n; r++) {
      for (int j = 0; j < features; j++) {
        y.set(r, j, x.get(r, j) - mean[j] + shift.value().data()[j]);
      }
    }
    return y;
  }

  @Override
  public Matrix backward(Matrix dy, Pass pass) {
    int n = dy.rows();
    int features = shape.size();
    double[] meanGradient = pass.buffer(this, "mean gradient", 1, features).data();
    columnMeans(dy, meanGradient);
    for (int j = 0; j < features; j++) {
      shift.gradient().data()[j] += n * meanGradient[j];
    }
    if (!pass.needsInputGradient(this)) {
      return null;
    }
    Matrix dx = pass.buffer(this, "dx", n, features);
    for (int r = 0; r < n; r++) {
      for (int j = 0; j < features; j++) {
        dx.set(r, j, dy.get(r, j) - (pass.training() ? meanGradient[j] : 0.0));
      }
    }
    return dx;
  }

  private static void columnMeans(Matrix m, double[] means) {
    java.util.Arrays.fill(means, 0.0);
    for (int r = 0; r < m.rows(); r++) {
      for (int j = 0; j < m.cols(); j++) {
        means[j] += m.get(r, j) / m.rows();
      }
    }
  }

  @Override
  public String toString() {
    return "Centering(" + shape + ", momentum=" + momentum + ")";
  }

  /** Registers {@code "centering"}: listed in META-INF/services/dev.nn4j.core.LayerProvider. */
  public static final class Provider implements LayerProvider {
    @Override
    public String name() {
      return "centering";
    }

    @Override
    public LayerFactory create(LayerConfig config) {
      ComponentConfig c = config.reader("layer 'centering'", "momentum");
      double momentum = c.doubleIn("momentum", 0.1, 0.0, true, 1.0, true);
      return input -> new Centering(input, momentum);
    }
  }
}
