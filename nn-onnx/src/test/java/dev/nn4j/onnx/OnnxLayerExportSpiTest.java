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
        .hasMessage("Unsupported attribute alpha=0.5 of layers.1/Relu: expected a Float, Long or long[]");
  }

  @Test
  void refusesAConstantWhoseValuesDoNotFitItsShape() {
    OnnxGraph graph = new OnnxGraph(OnnxPrecision.DOUBLE, "input", 3, "N");
    assertThatThrownBy(() -> graph.constant("layers.0.weight", new long[] {2, 2}, new double[] {1, 2, 3}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Tensor layers.0.weight of shape [2, 2] needs 4 values, got 3");
  }
}
