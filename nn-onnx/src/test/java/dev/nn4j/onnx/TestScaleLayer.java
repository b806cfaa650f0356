package dev.nn4j.onnx;

import dev.nn4j.core.ComponentConfig;
import dev.nn4j.core.Layer;
import dev.nn4j.core.LayerConfig;
import dev.nn4j.core.Pass;
import dev.nn4j.core.Shape;
import dev.nn4j.core.math.Matrix;
import java.util.List;

/**
 * {@code y = factor · x}: a layer type of a "third party" (this test tree), with its ONNX export {@link
 * Export} registered in the test tree's {@code META-INF/services/dev.nn4j.onnx.OnnxLayerExport}.
 */
final class TestScaleLayer implements Layer {
  static final String TYPE = "test_scale";

  private final Shape shape;
  private final double factor;

  TestScaleLayer(Shape shape, double factor) {
    this.shape = shape;
    this.factor = factor;
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public LayerConfig config() {
    return LayerConfig.builder().set("factor", factor).build();
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
  public Matrix forward(Matrix input, Pass pass) {
    return scaled(input, "y", pass);
  }

  @Override
  public Matrix backward(Matrix outputGradient, Pass pass) {
    return pass.needsInputGradient(this) ? scaled(outputGradient, "dx", pass) : null;
  }

  private Matrix scaled(Matrix input, String name, Pass pass) {
    Matrix out = pass.buffer(this, name, input.rows(), input.cols());
    double[] in = input.data();
    double[] data = out.data();
    for (int k = 0; k < data.length; k++) {
      data[k] = factor * in[k];
    }
    return out;
  }

  /** The export of {@code test_scale}: {@code Mul(x, factor)}, written against the public SPI only. */
  public static final class Export implements OnnxLayerExport {
    /** Called by {@link java.util.ServiceLoader}. */
    public Export() {}

    @Override
    public String type() {
      return TYPE;
    }

    @Override
    public String append(OnnxGraph graph, LayerToExport layer, String input) {
      ComponentConfig config = layer.config("factor");
      double factor = config.finiteDouble("factor", 1.0);
      String name = layer.name();
      return graph.node("Mul", name + "/Mul", List.of(input, graph.scalar(name + ".factor", factor)), name + ".y");
    }
  }
}
