package dev.nn4j.core.layers;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

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
 * Layer normalization, with PyTorch's semantics ({@code nn.LayerNorm(normalized_shape)}): each sample's last
 * {@code dims} dimensions (its normalized shape, the whole of a feature vector) are normalized by their own
 * mean and biased variance, {@code y = γ · (x − μ) / √(σ² + ε) + β}, the same in training and inference.
 * Backward, over the {@code G} values of a group with {@code g = dy ⊙ γ}: {@code dL/dx = 1/(G·√(σ² + ε)) ·
 * (G·g − Σg − x̂·Σ(g·x̂))}, {@code dL/dγ += Σ dy·x̂}, {@code dL/dβ += Σ dy}.
 *
 * <p>State dict: {@code weight} ({@code γ}, ones) and {@code bias} ({@code β}, zeros) of the normalized
 * shape, when {@code elementwise_affine}. Registered as {@code "layer_norm"}, configuration {@code dims}
 * (1), {@code eps} (1e-5), {@code elementwise_affine} (true).
 */
public final class LayerNorm implements Layer {
  /** The registered type name. */
  public static final String TYPE = "layer_norm";

  private final Shape shape;
  private final int dims;
  private final int groupSize;
  private final double eps;
  private final Parameter weight;
  private final Parameter bias;

  /**
   * @param shape the shape of each sample
   * @param dims how many of its last dimensions are normalized together, in {@code [1, rank]}
   * @param eps {@code ε}, added to the variance, positive
   * @param elementwiseAffine whether to learn {@code γ} and {@code β}
   * @throws IllegalArgumentException if {@code dims} is out of range; the message names the shape
   */
  public LayerNorm(Shape shape, int dims, double eps, boolean elementwiseAffine) {
    this.shape = checkNotNull(shape, "shape");
    checkArgument(
        dims >= 1 && dims <= shape.rank(),
        "Layer normalization over the last %s dimension(s) needs samples of at least that rank, got shape %s",
        dims,
        shape);
    checkArgument(eps > 0 && Double.isFinite(eps), "Expected a positive eps for layer normalization, got %s", eps);
    this.dims = dims;
    this.eps = eps;
    Shape normalized = shape.from(shape.rank() - dims);
    this.groupSize = normalized.size();
    this.weight = elementwiseAffine ? new Parameter("weight", normalized, 1.0) : null;
    this.bias = elementwiseAffine ? new Parameter("bias", normalized) : null;
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public LayerConfig config() {
    return LayerConfig.builder().set("dims", dims).set("eps", eps).set("elementwise_affine", weight != null).build();
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

  @Override
  public Matrix forward(Matrix input, Pass pass) {
    Reshape.checkWidth(this, input);
    Matrix invStd = pass.buffer(this, "invStd", 1, input.size() / groupSize);
    Matrix normalized = pass.buffer(this, "normalized", input.rows(), input.cols());
    Matrix y = pass.buffer(this, "y", input.rows(), input.cols());
    NormalizationKernels.layerNorm(
        input, groupSize, eps, weight == null ? null : weight.value(), bias == null ? null : bias.value(), invStd.data(), normalized, y);
    return y;
  }

  @Override
  public Matrix backward(Matrix outputGradient, Pass pass) {
    Matrix dx = pass.needsInputGradient(this) ? pass.buffer(this, "dx", outputGradient.rows(), outputGradient.cols()) : null;
    NormalizationKernels.layerNormBackward(
        outputGradient,
        pass.kept(this, "normalized"),
        groupSize,
        pass.kept(this, "invStd").data(),
        weight == null ? null : weight.value(),
        dx,
        weight == null ? null : weight.gradient(),
        bias == null ? null : bias.gradient());
    return dx;
  }

  @Override
  public String toString() {
    return "LayerNorm(" + shape + ", dims=" + dims + ", eps=" + eps + (weight == null ? ", elementwise_affine=false" : "") + ")";
  }

  /** Registers {@code "layer_norm"}: {@code dims} (1), {@code eps} (1e-5), {@code elementwise_affine} (true). */
  public static final class Provider implements LayerProvider {
    /** Called by {@link java.util.ServiceLoader}. */
    public Provider() {}

    @Override
    public String name() {
      return TYPE;
    }

    @Override
    public LayerFactory create(LayerConfig config) {
      ComponentConfig c = config.reader("layer 'layer_norm'", "dims", "eps", "elementwise_affine");
      int dims = c.positiveInt("dims", 1);
      double eps = c.doubleIn("eps", 1e-5, 0.0, false, Double.MAX_VALUE, true);
      boolean affine = c.bool("elementwise_affine", true);
      return input -> new LayerNorm(input, dims, eps, affine);
    }
  }
}
