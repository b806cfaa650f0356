package dev.nn4j.onnx.layers;

import static com.google.common.base.Preconditions.checkArgument;

import dev.nn4j.core.ComponentConfig;
import dev.nn4j.core.Shape;
import dev.nn4j.onnx.LayerToExport;
import dev.nn4j.onnx.OnnxGraph;
import dev.nn4j.onnx.OnnxLayerExport;
import java.util.List;
import java.util.Map;

/**
 * Exports {@code "layer_norm"}: each group of {@code G} values, the sample's last {@code dims} dimensions, is
 * normalized by its own mean and biased variance, {@code y = γ · (x − μ) / √(σ² + ε) + β}. Opset 13 has no
 * {@code LayerNormalization} (it came in opset 17), so it is composed, the two-pass form that nn4j and
 * PyTorch's exporter compute:
 *
 * <pre>{@code
 * μ  = ReduceMean(x, axes=[-1])          d  = Sub(x, μ)
 * σ² = ReduceMean(Mul(d, d), axes=[-1])  x̂ = Div(d, Sqrt(Add(σ², ε)))
 * y  = Add(Mul(x̂, γ), β)
 * }</pre>
 *
 * <p>on the batch {@code [N, G]} when a sample is one group, or on {@code [N·P, G]} between {@code Reshape}s
 * when it holds {@code P} of them (samples {@code [T, F]} normalized over {@code F}). {@code γ} and {@code β}
 * are the state dict's {@code weight} and {@code bias}, of the normalized shape, given as {@code [G]}; without
 * {@code elementwise_affine} the last two nodes are left out. {@code ε} is a scalar constant of the model's
 * precision.
 */
public final class LayerNormExport implements OnnxLayerExport {
  private static final Map<String, Object> LAST_AXIS = Map.of("axes", new long[] {-1});

  /** Called by {@link java.util.ServiceLoader}. */
  public LayerNormExport() {}

  @Override
  public String type() {
    return "layer_norm";
  }

  @Override
  public String append(OnnxGraph graph, LayerToExport layer, String input) {
    ComponentConfig config = layer.config("dims", "eps", "elementwise_affine");
    int dims = config.positiveInt("dims", 1);
    double eps = config.doubleIn("eps", 1e-5, 0.0, false, Double.MAX_VALUE, true);
    boolean affine = config.bool("elementwise_affine", true);
    Shape shape = layer.layer().inputShape();
    checkArgument(dims <= shape.rank(), "Expected 'dims' of %s at most the rank of its samples %s, got %s", layer.describe(), shape, dims);
    Shape normalized = shape.from(shape.rank() - dims);
    int group = normalized.size();
    boolean groups = shape.size() != group;
    String name = layer.name();
    String x = groups ? graph.reshape(input, name + "/Reshape_groups", name + ".x_groups", -1, group) : input;
    String mean = graph.node("ReduceMean", name + "/ReduceMean", List.of(x), name + ".mean", LAST_AXIS);
    String centered = graph.node("Sub", name + "/Sub", List.of(x, mean), name + ".centered");
    String squares = graph.node("Mul", name + "/Mul_square", List.of(centered, centered), name + ".squares");
    String variance = graph.node("ReduceMean", name + "/ReduceMean_square", List.of(squares), name + ".variance", LAST_AXIS);
    String shifted = graph.node("Add", name + "/Add_eps", List.of(variance, graph.scalar(name + ".eps", eps)), name + ".variance_eps");
    String std = graph.node("Sqrt", name + "/Sqrt", List.of(shifted), name + ".std");
    String y = graph.node("Div", name + "/Div", List.of(centered, std), name + ".normalized");
    if (affine) {
      long[] flat = {group};
      String weight = graph.constant(name + ".weight", flat, layer.tensor("weight", normalized).values());
      String bias = graph.constant(name + ".bias", flat, layer.tensor("bias", normalized).values());
      String scaled = graph.node("Mul", name + "/Mul_weight", List.of(y, weight), name + ".scaled");
      y = graph.node("Add", name + "/Add_bias", List.of(scaled, bias), name + ".y");
    }
    return groups ? graph.reshape(y, name + "/Reshape_samples", name + ".y_samples", -1, shape.size()) : y;
  }
}
