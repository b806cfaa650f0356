package dev.nn4j.onnx.layers;

import dev.nn4j.core.Activation;
import dev.nn4j.core.ComponentConfig;
import dev.nn4j.core.Shape;
import dev.nn4j.onnx.LayerToExport;
import dev.nn4j.onnx.OnnxGraph;
import dev.nn4j.onnx.OnnxLayerExport;
import java.util.List;
import java.util.Map;

/**
 * Exports {@code "dense"}, {@code a = f(x · Wᵀ + b)}, as {@code Gemm(x, W, b, transB=1)} followed by the
 * operators of its activation {@code f}. {@code W} is the state dict's {@code weight}, {@code [units, F]},
 * and {@code b} its {@code bias}, {@code [units]}.
 *
 * <p>The layer acts on the last dimension of its samples. For samples {@code [F]} the batch {@code [N, F]}
 * goes straight into {@code Gemm}; for samples {@code [T, F]} (or any shape {@code [..., F]} of {@code
 * T·F} values) the batch is reshaped to {@code [N·T, F]}, one row per step, and the result back to {@code
 * [N, T·units]}: the same weights at every step, and a softmax over the units of each step, as nn4j
 * computes it.
 */
public final class DenseExport implements OnnxLayerExport {
  /** Called by {@link java.util.ServiceLoader}. */
  public DenseExport() {}

  @Override
  public String type() {
    return "dense";
  }

  @Override
  public String append(OnnxGraph graph, LayerToExport layer, String input) {
    ComponentConfig config = layer.config("units", "activation");
    int units = config.positiveInt("units");
    Activation activation = config.activation("activation", null);
    Shape inputShape = layer.layer().inputShape();
    int features = inputShape.dim(-1);
    String name = layer.name();
    String weight = graph.constant(name + ".weight", layer.tensor("weight", Shape.of(units, features)));
    String bias = graph.constant(name + ".bias", layer.tensor("bias", Shape.of(units)));
    boolean steps = inputShape.size() != features;
    String x = steps ? graph.reshape(input, name + "/Reshape_steps", name + ".x_steps", -1, features) : input;
    String z = graph.node("Gemm", name + "/Gemm", List.of(x, weight, bias), name + ".z", Map.of("transB", 1L));
    String a = graph.activation(activation, z, name);
    return steps ? graph.reshape(a, name + "/Reshape_samples", name + ".y", -1, inputShape.withLast(units).size()) : a;
  }
}
