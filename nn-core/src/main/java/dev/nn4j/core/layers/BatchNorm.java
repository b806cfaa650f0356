package dev.nn4j.core.layers;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

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
import dev.nn4j.core.math.NormalizationKernels;
import java.util.List;

/**
 * Batch normalization over channels, with PyTorch's semantics ({@code nn.BatchNorm1d} for samples {@code
 * [C]} or {@code [C, L]}, {@code nn.BatchNorm2d} for {@code [C, H, W]}): the first dimension of a sample is
 * the channel, and each channel is normalized over the batch and its other dimensions.
 *
 * <p>Training: {@code y = γ · (x − μ_B) / √(σ²_B + ε) + β}, with the batch's mean {@code μ_B} and biased
 * variance {@code σ²_B} over the {@code m} values of the channel; the running statistics move towards the
 * batch's, {@code running_mean ← (1 − momentum)·running_mean + momentum·μ_B} and {@code running_var ← (1 −
 * momentum)·running_var + momentum·σ²_B·m/(m − 1)} (the unbiased variance), and {@code num_batches_tracked}
 * counts the batches. Inference: the same with the running statistics. Backward in training goes through the
 * batch statistics: {@code dL/dx = γ/(m·√(σ²_B + ε)) · (m·dy − Σdy − x̂·Σ(dy·x̂))}, {@code dL/dγ += Σ dy·x̂},
 * {@code dL/dβ += Σ dy}.
 *
 * <p>State dict: {@code weight} ({@code γ}, ones) and {@code bias} ({@code β}, zeros), {@code [C]}, when
 * {@code affine}; buffers {@code running_mean} (zeros), {@code running_var} (ones), {@code [C]}, and {@code
 * num_batches_tracked}, a count. Registered as {@code "batch_norm"}, configuration {@code momentum} (0.1),
 * {@code eps} (1e-5), {@code affine} (true), PyTorch's names and defaults.
 */
public final class BatchNorm implements Layer {
  /** The registered type name. */
  public static final String TYPE = "batch_norm";

  private final Shape shape;
  private final int channels;
  private final double momentum;
  private final double eps;
  private final Parameter weight;
  private final Parameter bias;
  private final Buffer runningMean;
  private final Buffer runningVar;
  private final Buffer batchesTracked;

  /**
   * @param shape the shape of each sample, channel first
   * @param momentum the weight of each batch in the running statistics, in {@code [0, 1]}
   * @param eps {@code ε}, added to the variance, positive
   * @param affine whether to learn {@code γ} and {@code β}
   */
  public BatchNorm(Shape shape, double momentum, double eps, boolean affine) {
    this.shape = checkNotNull(shape, "shape");
    checkArgument(shape.rank() >= 1, "Batch normalization needs samples with a channel dimension, got shape %s", shape);
    checkArgument(momentum >= 0 && momentum <= 1, "Expected a momentum in [0, 1] for batch normalization, got %s", momentum);
    checkArgument(eps > 0 && Double.isFinite(eps), "Expected a positive eps for batch normalization, got %s", eps);
    this.channels = shape.dim(0);
    this.momentum = momentum + 0.0;
    this.eps = eps;
    Shape perChannel = Shape.of(channels);
    this.weight = affine ? new Parameter("weight", perChannel, 1.0) : null;
    this.bias = affine ? new Parameter("bias", perChannel) : null;
    this.runningMean = Buffer.of("running_mean", perChannel);
    this.runningVar = Buffer.of("running_var", perChannel, 1.0);
    this.batchesTracked = Buffer.counter("num_batches_tracked");
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public LayerConfig config() {
    return LayerConfig.builder().set("momentum", momentum).set("eps", eps).set("affine", weight != null).build();
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
    return weight == null ? List.of() : List.of(weight, bias);
  }

  /** 2 for samples of one value per channel: a variance needs two values. */
  @Override
  public int minTrainingBatch() {
    return shape.size() == channels ? 2 : 1;
  }

  @Override
  public List<Buffer> buffers() {
    return List.of(runningMean, runningVar, batchesTracked);
  }

  @Override
  public Matrix forward(Matrix input, Pass pass) {
    Reshape.checkWidth(this, input);
    double[] mean = pass.buffer(this, "mean", 1, channels).data();
    double[] variance = pass.buffer(this, "variance", 1, channels).data();
    double[] invStd = pass.buffer(this, "invStd", 1, channels).data();
    if (pass.training()) {
      long count = (long) input.rows() * (shape.size() / channels);
      if (count < 2) {
        throw new IllegalArgumentException(
            "Batch normalization needs more than one value per channel when training, got a batch of " + input.rows()
                + " sample(s) of shape " + shape + " (PyTorch refuses the same)");
      }
      NormalizationKernels.channelMoments(input, channels, mean, variance);
      NormalizationKernels.updateRunning(runningMean.value().data(), mean, momentum, 1.0);
      NormalizationKernels.updateRunning(runningVar.value().data(), variance, momentum, count / (count - 1.0));
      batchesTracked.value().data()[0] += 1;
    } else {
      System.arraycopy(runningMean.value().data(), 0, mean, 0, channels);
      System.arraycopy(runningVar.value().data(), 0, variance, 0, channels);
    }
    NormalizationKernels.inverseStandardDeviations(variance, eps, invStd);
    Matrix normalized = pass.buffer(this, "normalized", input.rows(), input.cols());
    Matrix y = pass.buffer(this, "y", input.rows(), input.cols());
    NormalizationKernels.normalizeChannels(
        input, channels, mean, invStd, weight == null ? null : weight.value(), bias == null ? null : bias.value(), normalized, y);
    return y;
  }

  @Override
  public Matrix backward(Matrix outputGradient, Pass pass) {
    Matrix normalized = pass.kept(this, "normalized");
    double[] invStd = pass.kept(this, "invStd").data();
    Matrix dx = pass.needsInputGradient(this) ? pass.buffer(this, "dx", outputGradient.rows(), outputGradient.cols()) : null;
    NormalizationKernels.normalizeChannelsBackward(
        outputGradient,
        normalized,
        channels,
        invStd,
        weight == null ? null : weight.value(),
        pass.training(),
        dx,
        weight == null ? null : weight.gradient(),
        bias == null ? null : bias.gradient());
    return dx;
  }

  @Override
  public String toString() {
    return "BatchNorm(" + shape + ", momentum=" + momentum + ", eps=" + eps + (weight == null ? ", affine=false" : "") + ")";
  }

  /** Registers {@code "batch_norm"}: {@code momentum} (0.1), {@code eps} (1e-5), {@code affine} (true). */
  public static final class Provider implements LayerProvider {
    /** Called by {@link java.util.ServiceLoader}. */
    public Provider() {}

    @Override
    public String name() {
      return TYPE;
    }

    @Override
    public LayerFactory create(LayerConfig config) {
      ComponentConfig c = config.reader("layer 'batch_norm'", "momentum", "eps", "affine");
      double momentum = c.doubleIn("momentum", 0.1, 0.0, true, 1.0, true);
      double eps = c.doubleIn("eps", 1e-5, 0.0, false, Double.MAX_VALUE, true);
      boolean affine = c.bool("affine", true);
      return input -> new BatchNorm(input, momentum, eps, affine);
    }
  }
}
