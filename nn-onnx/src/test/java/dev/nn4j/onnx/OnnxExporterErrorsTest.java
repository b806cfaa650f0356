package dev.nn4j.onnx;

import static dev.nn4j.activations.Activations.relu;
import static dev.nn4j.activations.Activations.sigmoid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nn4j.core.Activation;
import dev.nn4j.core.ElementwiseActivation;
import dev.nn4j.core.Layer;
import dev.nn4j.core.LayerConfig;
import dev.nn4j.core.Network;
import dev.nn4j.core.Pass;
import dev.nn4j.core.Shape;
import dev.nn4j.core.losses.Losses;
import dev.nn4j.core.math.Matrix;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What cannot be exported is refused up front, with a message that names it and what is supported. */
class OnnxExporterErrorsTest {

  /** {@code x³}: an activation that exists only in this test, so has no ONNX form. */
  private static final class Cube extends ElementwiseActivation {
    Cube() {
      super("test_cube");
    }

    @Override
    public double value(double x) {
      return x * x * x;
    }

    @Override
    public double derivative(double x, double y) {
      return 3 * x * x;
    }
  }

  /** An activation that claims a supported name with a configuration nn4j's would reject. */
  private static final class Misconfigured implements Activation {
    private final String name;
    private final Map<String, String> config;

    Misconfigured(String name, Map<String, String> config) {
      this.name = name;
      this.config = config;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public Map<String, String> config() {
      return config;
    }

    @Override
    public void forward(Matrix z, Matrix out) {
      out.copyFrom(z);
    }

    @Override
    public void backward(Matrix z, Matrix a, Matrix gradOut, Matrix gradIn) {
      gradIn.copyFrom(gradOut);
    }
  }

  /** {@code y = 2x}: a layer type that only this test knows, with no ONNX export. */
  private static final class Doubling implements Layer {
    private final Shape shape;

    Doubling(Shape shape) {
      this.shape = shape;
    }

    @Override
    public String type() {
      return "test_doubling";
    }

    @Override
    public LayerConfig config() {
      return LayerConfig.empty();
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
      Matrix out = pass.buffer(this, "y", input.rows(), input.cols());
      double[] in = input.data();
      double[] data = out.data();
      for (int k = 0; k < data.length; k++) {
        data[k] = 2 * in[k];
      }
      return out;
    }

    @Override
    public Matrix backward(Matrix outputGradient, Pass pass) {
      if (!pass.needsInputGradient(this)) {
        return null;
      }
      Matrix dx = pass.buffer(this, "dx", outputGradient.rows(), outputGradient.cols());
      double[] in = outputGradient.data();
      double[] data = dx.data();
      for (int k = 0; k < data.length; k++) {
        data[k] = 2 * in[k];
      }
      return dx;
    }
  }

  /** The identity, under the type name and configuration it is given: a layer that claims to be another. */
  private static final class Impostor implements Layer {
    private final String type;
    private final LayerConfig config;
    private final Shape shape;

    Impostor(String type, LayerConfig config, Shape shape) {
      this.type = type;
      this.config = config;
      this.shape = shape;
    }

    @Override
    public String type() {
      return type;
    }

    @Override
    public LayerConfig config() {
      return config;
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
      return input;
    }

    @Override
    public Matrix backward(Matrix outputGradient, Pass pass) {
      return pass.needsInputGradient(this) ? outputGradient : null;
    }
  }

  private static Network withHidden(Activation activation) {
    return Network.builder().input(3).dense(4, activation).dense(2, sigmoid()).loss(Losses.mse()).seed(1).build();
  }

  @Test
  void rejectsAnActivationWithoutOnnxFormNamingItAndTheSupportedOnes(@TempDir Path dir) {
    Network network = withHidden(new Cube());
    Path file = dir.resolve("cube.onnx");
    assertThatThrownBy(() -> OnnxExporter.export(network, file))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Activation 'test_cube' (%s, in layers.0) has no ONNX export; supported activations: [identity, sigmoid, "
                + "relu, tanh, softmax, leaky_relu, elu, softplus, silu, gelu]",
            Cube.class.getName());
    assertThat(file).doesNotExist();
    assertThat(OnnxExporter.SUPPORTED_ACTIVATIONS).hasSize(10).contains("gelu", "leaky_relu", "softmax");
  }

  @Test
  void rejectsALayerTypeWithoutOnnxFormNamingItAndTheSupportedOnes() {
    Network network = Network.builder()
        .input(3)
        .dense(4, relu())
        .layer(Doubling::new)
        .dense(1, sigmoid())
        .loss(Losses.mse())
        .seed(1)
        .build();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertThatThrownBy(() -> OnnxExporter.export(network, out))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Layer 1 is a 'test_doubling' layer (%s), which has no ONNX export; supported layer types: [avg_pool2d, batch_norm,"
                + " conv2d, dense, dropout, flatten, global_avg_pool2d, gru, layer_norm, lstm, max_pool2d, reshape, rnn, test_scale]. To add"
                + " one, put a jar on the class path that lists"
                + " its OnnxLayerExport in META-INF/services/dev.nn4j.onnx.OnnxLayerExport",
            Doubling.class.getName());
    assertThat(out.size()).as("nothing written").isZero();
    // The types of nn-core, and the one this test tree registers (see OnnxLayerExportSpiTest).
    assertThat(OnnxExporter.supportedLayerTypes())
        .containsExactly(
            "avg_pool2d",
            "batch_norm",
            "conv2d",
            "dense",
            "dropout",
            "flatten",
            "global_avg_pool2d",
            "gru",
            "layer_norm",
            "lstm",
            "max_pool2d",
            "reshape",
            "rnn",
            "test_scale");
  }

  @Test
  void rejectsAConfigurationThatNn4jWouldNotBuild() {
    assertThatThrownBy(() -> OnnxExporter.toByteArray(withHidden(new Misconfigured("gelu", Map.of("approximate", "sigmoid"))), OnnxPrecision.FLOAT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Expected one of [none, tanh] for 'approximate' of activation 'gelu' of layers.0, got 'sigmoid'");
    assertThatThrownBy(() -> OnnxExporter.toByteArray(withHidden(new Misconfigured("relu", Map.of("slope", "0.1"))), OnnxPrecision.FLOAT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Unknown configuration key 'slope' for activation 'relu' of layers.0: expected one of []");
    assertThatThrownBy(() -> OnnxExporter.toByteArray(withHidden(new Misconfigured("elu", Map.of("alpha", "NaN"))), OnnxPrecision.FLOAT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Expected a finite number for 'alpha' of activation 'elu' of layers.0, got 'NaN'");
    assertThatThrownBy(() -> OnnxExporter.toByteArray(withHidden(new Misconfigured("leaky_relu", Map.of("slope", "1e39"))), OnnxPrecision.DOUBLE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Expected 'slope' of activation 'leaky_relu' of layers.0 within single precision")
        .hasMessageContaining("got 1.0E39");
  }

  @Test
  void usesTheDefaultParameterWhenTheConfigurationOmitsIt() {
    // As nn-activations' providers do: leaky_relu without "slope" is 0.01, elu without "alpha" is 1.
    byte[] omitted = OnnxExporter.toByteArray(withHidden(new Misconfigured("leaky_relu", Map.of())), OnnxPrecision.FLOAT);
    byte[] explicit = OnnxExporter.toByteArray(withHidden(new Misconfigured("leaky_relu", Map.of("slope", "0.01"))), OnnxPrecision.FLOAT);
    assertThat(omitted).isEqualTo(explicit);
  }

  @Test
  void rejectsNonFiniteWeightsNamingTheTensorAndPosition() {
    Network network = withHidden(relu());
    // Through the live parameter: loadStateDict refuses values that are not finite.
    network.parameters().get("layers.1.weight").value().set(1, 2, Double.NaN);
    assertThatThrownBy(() -> OnnxExporter.toByteArray(network, OnnxPrecision.DOUBLE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Expected finite values within the range of DOUBLE (|v| <= 1.7976931348623157E308) in layers.1.weight, got NaN at [1, 2]");
  }

  @Test
  void rejectsWeightsBeyondSinglePrecisionUnlessExportedInDouble() {
    Network network = withHidden(relu());
    network.parameters().get("layers.0.bias").value().set(0, 3, -1e39);
    assertThatThrownBy(() -> OnnxExporter.toByteArray(network, OnnxPrecision.FLOAT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Expected finite values within the range of FLOAT (|v| <= 3.4028234663852886E38) in layers.0.bias, got -1.0E39 at [3]; "
                + "export with OnnxPrecision.DOUBLE");
    assertThat(OnnxExporter.toByteArray(network, OnnxPrecision.DOUBLE)).isNotEmpty();
  }

  @Test
  void leavesAnExistingFileAloneWhenExportIsRefused(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("model.onnx");
    Files.writeString(file, "previous model");
    assertThatThrownBy(() -> OnnxExporter.export(withHidden(new Cube()), file, OnnxPrecision.FLOAT))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(file).hasContent("previous model");
  }
  @Test
  void rejectsAConfigurationTheExportDoesNotKnowRatherThanIgnoringIt() {
    LayerConfig config = LayerConfig.builder().set("units", 3).set("activation", "relu").set("use_bias", false).build();
    Network network =
        Network.builder().input(3).layer(shape -> new Impostor("dense", config, shape)).loss(Losses.mse()).seed(1).build();
    assertThatThrownBy(() -> OnnxExporter.toByteArray(network, OnnxPrecision.FLOAT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Unknown configuration key 'use_bias' for layer 0 ('dense'): expected one of [units, activation]");
  }

  @Test
  void rejectsAConvolutionWhoseConfigurationDoesNotGiveItsShapes() {
    LayerConfig config = LayerConfig.builder().set("out_channels", 2).set("kernel_size", 3).set("activation", "relu").build();
    Network network = Network.builder()
        .input(Shape.of(1, 4, 4))
        .layer(shape -> new Impostor("conv2d", config, shape))
        .loss(Losses.mse())
        .seed(1)
        .build();
    assertThatThrownBy(() -> OnnxExporter.toByteArray(network, OnnxPrecision.FLOAT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "The configuration of layer 0 ('conv2d') (kernel 3x3, stride 1x1, padding 0x0 over samples [1, 4, 4]) gives outputs"
                + " [2, 2, 2], but the layer's are [1, 4, 4]");
    LayerConfig grouped = LayerConfig.builder().set("kernel_size", 2).set("groups", 2).build();
    Network pooled = Network.builder()
        .input(Shape.of(2, 4, 4))
        .layer(shape -> new Impostor("max_pool2d", grouped, shape))
        .loss(Losses.mse())
        .seed(1)
        .build();
    assertThatThrownBy(() -> OnnxExporter.toByteArray(pooled, OnnxPrecision.FLOAT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Unknown configuration key 'groups' for layer 0 ('max_pool2d'): expected one of [kernel_size, stride, padding]");
  }

  @Test
  void rejectsALayerWithoutTheTensorsItsTypeNeedsNamingThem() {
    Network network = Network.builder()
        .input(4)
        .layer(shape -> new Impostor("batch_norm", LayerConfig.empty(), shape))
        .loss(Losses.mse())
        .seed(1)
        .build();
    assertThatThrownBy(() -> OnnxExporter.toByteArray(network, OnnxPrecision.FLOAT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Layer 0 ('batch_norm') has no tensor 'weight' to export; it has []");
  }

  @Test
  void rejectsRunningStatisticsBeyondSinglePrecisionUnlessExportedInDouble() {
    Network network = Network.builder().input(3).dense(4, relu()).batchNorm().dense(2, sigmoid()).loss(Losses.mse()).seed(1).build();
    // Through the live buffer: loadStateDict would take it too, but this is shorter.
    network.layers().get(1).buffers().get(1).value().set(0, 2, 1e39);
    assertThatThrownBy(() -> OnnxExporter.toByteArray(network, OnnxPrecision.FLOAT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Expected finite values within the range of FLOAT (|v| <= 3.4028234663852886E38) in layers.1.running_var, got 1.0E39 at [2]; "
                + "export with OnnxPrecision.DOUBLE");
    assertThat(OnnxExporter.toByteArray(network, OnnxPrecision.DOUBLE)).isNotEmpty();
  }

  @Test
  void rejectsABatchNormEpsilonBeyondSinglePrecisionWhichOnnxTakesAsAFloatAttribute() {
    Network network = Network.builder()
        .input(3)
        .layer("batch_norm", LayerConfig.builder().set("eps", 1e39).build())
        .loss(Losses.mse())
        .seed(1)
        .build();
    assertThatThrownBy(() -> OnnxExporter.toByteArray(network, OnnxPrecision.DOUBLE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Expected 'eps' of layer 0 ('batch_norm') within single precision (|eps| <= 3.4028235E38) for ONNX's epsilon attribute,"
                + " got 1.0E39");
  }
}
