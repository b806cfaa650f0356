package dev.nn4j.onnx.layers;

import static com.google.common.base.Preconditions.checkArgument;

import dev.nn4j.core.ComponentConfig;
import dev.nn4j.core.Shape;
import dev.nn4j.onnx.LayerToExport;
import dev.nn4j.onnx.OnnxGraph;
import dev.nn4j.onnx.OnnxLayerExport;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Exports {@code "batch_norm"} in its inference form, with the running statistics: {@code y = γ[c] · (x −
 * running_mean[c]) / √(running_var[c] + ε) + β[c]} for every value of channel {@code c}, the first
 * dimension of a sample. One {@code BatchNormalization} node (opset 9–13: inputs {@code X, scale, B,
 * input_mean, input_var}, attribute {@code epsilon}) on {@code [N, C]} for samples {@code [C]}, or on the
 * samples' own dimensions, {@code [N, C, L]} or {@code [N, C, H, W]}, for samples {@code [C, ...]} (from and
 * to rows with {@link OnnxGraph#samples} and {@link OnnxGraph#rows}, so that after a convolution it takes
 * the images as they are, without a {@code Reshape}); {@code scale}
 * and {@code B} are the state dict's {@code weight} and {@code bias}, or ones and zeros when the layer has
 * {@code affine = false}. {@code momentum} only matters in training, so it is not exported.
 *
 * <p>ONNX's {@code epsilon} is a single-precision attribute, {@code ε' = (float) ε}. So that {@code var + ε}
 * is the same in the model, the difference goes into the exported variance: {@code input_var = running_var
 * + (ε − ε')}, a change of about {@code 1e-13} for the default {@code ε = 1e-5}, which keeps a {@code DOUBLE}
 * model exact.
 */
public final class BatchNormExport implements OnnxLayerExport {
  /** Called by {@link java.util.ServiceLoader}. */
  public BatchNormExport() {}

  @Override
  public String type() {
    return "batch_norm";
  }

  @Override
  public String append(OnnxGraph graph, LayerToExport layer, String input) {
    ComponentConfig config = layer.config("momentum", "eps", "affine");
    double eps = config.doubleIn("eps", 1e-5, 0.0, false, Double.MAX_VALUE, true);
    boolean affine = config.bool("affine", true);
    float epsilon = (float) eps;
    checkArgument(
        Float.isFinite(epsilon),
        "Expected 'eps' of %s within single precision (|eps| <= %s) for ONNX's epsilon attribute, got %s",
        layer.describe(),
        Float.MAX_VALUE,
        eps);
    Shape shape = layer.layer().inputShape();
    int channels = shape.dim(0);
    int spatial = shape.size() / channels;
    Shape perChannel = Shape.of(channels);
    long[] dims = {channels};
    String name = layer.name();
    String scale;
    String shift;
    if (affine) {
      scale = graph.constant(name + ".weight", layer.tensor("weight", perChannel));
      shift = graph.constant(name + ".bias", layer.tensor("bias", perChannel));
    } else {
      scale = graph.constant(name + ".ones", dims, filled(channels, 1.0));
      shift = graph.constant(name + ".zeros", dims, filled(channels, 0.0));
    }
    String mean = graph.constant(name + ".running_mean", layer.tensor("running_mean", perChannel));
    double[] variance = layer.tensor("running_var", perChannel).values();
    for (int c = 0; c < channels; c++) {
      variance[c] += eps - (double) epsilon;
    }
    String var = graph.constant(name + ".running_var", dims, variance);
    String x = spatial == 1
        ? graph.samples(input, name + "/Reshape_channels", name + ".x_channels", channels)
        : graph.samples(input, name + "/Reshape_channels", name + ".x_channels", shape.dims());
    String y = graph.node(
        "BatchNormalization", name + "/BatchNormalization", List.of(x, scale, shift, mean, var), name + ".y", Map.of("epsilon", epsilon));
    return spatial == 1 ? y : graph.rows(y, name + "/Reshape_samples", name + ".y_samples", shape.dims());
  }

  private static double[] filled(int size, double value) {
    double[] values = new double[size];
    Arrays.fill(values, value);
    return values;
  }
}
