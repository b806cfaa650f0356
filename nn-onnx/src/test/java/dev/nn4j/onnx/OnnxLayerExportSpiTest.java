package dev.nn4j.onnx;

import static dev.nn4j.activations.Activations.relu;
import static dev.nn4j.activations.Activations.tanh;
import static dev.nn4j.onnx.OnnxChecks.FLOAT_RELATIVE;
import static dev.nn4j.onnx.OnnxChecks.maxMixedError;
import static dev.nn4j.onnx.OnnxChecks.runFloat;
import static dev.nn4j.onnx.OnnxChecks.toDouble;
import static dev.nn4j.onnx.OnnxChecks.toFloat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import dev.nn4j.core.Network;
import dev.nn4j.core.losses.Losses;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A layer type of a third party is exported by the {@link OnnxLayerExport} its jar registers (here the test
 * tree's {@code META-INF/services}); the graph checks the wiring of what an export adds.
 */
class OnnxLayerExportSpiTest {

  @Test
  void exportsALayerTypeOfAnotherJarThroughItsRegisteredExport() throws Exception {
    Network network = Network.builder()
        .input(4)
        .dense(5, relu())
        .layer(shape -> new TestScaleLayer(shape, -2.5))
        .dense(2, tanh())
        .loss(Losses.mse())
        .seed(4)
        .build();
    assertThat(OnnxExporter.supportedLayerTypes()).contains(TestScaleLayer.TYPE);
    byte[] model = OnnxExporter.toByteArray(network, OnnxPrecision.FLOAT);
    assertThat(new String(model, StandardCharsets.ISO_8859_1)).contains("layers.1/Mul").contains("layers.1.factor");
    Random random = new Random(8);
    double[][] x = new double[5][4];
    for (double[] row : x) {
      for (int j = 0; j < row.length; j++) {
        row[j] = 2 * random.nextDouble() - 1;
      }
    }
    double[][] actual = toDouble(runFloat(model, toFloat(x)));
    assertThat(maxMixedError(actual, network.predict(x))).isLessThanOrEqualTo(FLOAT_RELATIVE);
  }

  @Test
  void addsTheReshapeToRowsOnlyWhenANodeReadsTheRows() throws Exception {
    OnnxGraph graph = new OnnxGraph(OnnxPrecision.FLOAT, "input", 12, "N");
    String images = graph.samples("input", "to_images", "images", 3, 2, 2);
    assertThat(graph.samples("input", "unused", "unused", 12)).as("rows are samples of one dimension").isEqualTo("input");
    String relu = graph.node("Relu", "relu", List.of(images), "relu.y");
    String rows = graph.rows(relu, "to_rows", "rows", 3, 2, 2);
    assertThat(graph.samples(rows, "again", "again", 3, 2, 2)).as("the images the rows stand for").isEqualTo(relu);
    assertThatThrownBy(() -> graph.samples(rows, "wrong", "wrong", 2, 2, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("wrong reads rows, rows of samples [3, 2, 2], as samples [2, 2, 2] of another size");
    // Another shape of the rows reshapes the images they stand for: Reshape(relu.y), not Reshape(Reshape(relu.y)).
    String steps = graph.samples(rows, "to_steps", "steps", 6, 2);
    String sigmoid = graph.node("Sigmoid", "sigmoid", List.of(steps), "sigmoid.y");
    String sum = graph.node("Add", "add", List.of(rows, graph.rows(sigmoid, "steps_to_rows", "steps.rows", 6, 2)), "sum");
    graph.output(sum, OnnxExporter.OUTPUT_NAME, 12);
    String model = new String(graph.encode(7, 13, "test", null).toByteArray(), StandardCharsets.ISO_8859_1);
    assertThat(model).contains("to_images", "to_rows", "to_steps", "steps_to_rows").doesNotContain("unused", "again", "wrong");

    float[][] x = {{-1, 2, -3, 4, -5, 6, -7, 8, -9, 10, -11, 12}};
    float[][] y = runFloat(graph.encode(7, 13, "test", null).toByteArray(), x);
    for (int j = 0; j < 12; j++) {
      double r = Math.max(0, x[0][j]);
      assertThat((double) y[0][j]).isCloseTo(r + 1 / (1 + Math.exp(-r)), offset(1e-6));
    }
  }

  @Test
  void refusesANodeThatReadsATensorNothingDefines() {
    OnnxGraph graph = new OnnxGraph(OnnxPrecision.FLOAT, "input", 3, "N");
    assertThatThrownBy(() -> graph.node("Relu", "layers.0/Relu", List.of("layers.0.z"), "layers.0.a"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Node layers.0/Relu reads 'layers.0.z', which neither the input, a constant nor an earlier node defines");
  }

  @Test
  void refusesATensorNameDefinedTwice() {
    OnnxGraph graph = new OnnxGraph(OnnxPrecision.FLOAT, "input", 3, "N");
    graph.constant("layers.0.weight", new long[] {3}, new double[] {1, 2, 3});
    assertThatThrownBy(() -> graph.int64s("layers.0.weight", 1, 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Tensor layers.0.weight is already defined");
    graph.node("Mul", "layers.0/Mul", List.of("input", "layers.0.weight"), "layers.0.y");
    assertThatThrownBy(() -> graph.node("Relu", "layers.1/Relu", List.of("layers.0.y"), "layers.0.y"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Node layers.1/Relu computes 'layers.0.y', which is already defined");
    assertThatThrownBy(() -> graph.node("Relu", "layers.1/Relu", List.of("layers.0.y"), "layers.1.y", Map.of("alpha", 0.5)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Unsupported attribute alpha=0.5 of layers.1/Relu: expected a Float, Long, long[], String or String[]");
  }

  @Test
  void refusesAConstantWhoseValuesDoNotFitItsShape() {
    OnnxGraph graph = new OnnxGraph(OnnxPrecision.DOUBLE, "input", 3, "N");
    assertThatThrownBy(() -> graph.constant("layers.0.weight", new long[] {2, 2}, new double[] {1, 2, 3}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Tensor layers.0.weight of shape [2, 2] needs 4 values, got 3");
  }
}
