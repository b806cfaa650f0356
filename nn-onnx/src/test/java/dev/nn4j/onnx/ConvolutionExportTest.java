package dev.nn4j.onnx;

import static dev.nn4j.activations.Activations.identity;
import static dev.nn4j.activations.Activations.relu;
import static dev.nn4j.activations.Activations.sigmoid;
import static dev.nn4j.activations.Activations.softmax;
import static dev.nn4j.activations.Activations.tanh;
import static dev.nn4j.onnx.OnnxChecks.assertFloatModelAgrees;
import static dev.nn4j.onnx.OnnxChecks.compare;
import static dev.nn4j.onnx.OnnxChecks.runDouble;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.nn4j.core.Activation;
import dev.nn4j.core.FitOptions;
import dev.nn4j.core.LayerConfig;
import dev.nn4j.core.Network;
import dev.nn4j.core.NetworkBuilder;
import dev.nn4j.core.Shape;
import dev.nn4j.core.Trainer;
import dev.nn4j.core.losses.Losses;
import dev.nn4j.core.math.Matrix;
import dev.nn4j.optim.Optimizers;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Convolution, max, average and global average pooling, each alone and in small CNNs with batch
 * normalization, flatten and dense layers, trained a few steps (so that weights, biases and running
 * statistics are not their initial values), run in ONNX Runtime and give {@link Network#predict}'s outputs:
 * a single-precision model to the tolerances of {@link OnnxChecks}, a double-precision one to {@code 1e-13}
 * of {@code max(1, |b|)} where ONNX Runtime runs it, with its default (all) graph optimizations.
 *
 * <p>Measured with these seeds: single precision within 2.4e-6 of nn4j's outputs (1.9e-6 of {@code max(1,
 * |b|)}, most of it the rounding of inputs up to ±10.5 to {@code float}, which convolutions sum), at most 13%
 * of the tolerance {@code t} (average pooling; convolutions 7%); double precision within 2.3e-16, and max
 * pooling exactly.
 */
class ConvolutionExportTest {
  private static final int BATCH = 7;
  private static final int TRAINING_SAMPLES = 32;
  /** As in {@link LayerExportTest}: double-precision models agree to a few units of the last place. */
  private static final double DOUBLE_RELATIVE = 1e-13;
  /** The layer types whose ONNX operators ONNX Runtime 1.20's CPU provider implements only for {@code float}. */
  private static final Set<String> NO_DOUBLE_KERNEL_IN_ONNX_RUNTIME = Set.of("conv2d", "avg_pool2d", "global_avg_pool2d");

  @BeforeAll
  static void loadRuntime() {
    OnnxChecks.environment();
  }

  /**
   * A network of {@code builder}'s layers with MSE; if it has parameters, trained 2 epochs of batches of 8
   * with Adam (η = 0.01), which moves every weight.
   */
  private static Network trained(NetworkBuilder builder, long seed) {
    Network network = builder.loss(Losses.mse()).seed(seed).build();
    if (network.parameters().isEmpty()) {
      return network;
    }
    Random random = new Random(seed);
    Matrix inputs = new Matrix(TRAINING_SAMPLES, network.inputSize());
    Matrix targets = new Matrix(TRAINING_SAMPLES, network.outputSize());
    double[] x = inputs.data();
    for (int k = 0; k < x.length; k++) {
      // Values off centre and of unequal spread, so that the statistics move away from 0 and 1.
      x[k] = 1.5 + (1 + k % 3) * (2 * random.nextDouble() - 1);
    }
    double[] y = targets.data();
    for (int k = 0; k < y.length; k++) {
      y[k] = random.nextDouble();
    }
    Trainer.of(network, Optimizers.adam(0.01)).fit(inputs, targets, FitOptions.builder().epochs(2).batchSize(8).build());
    return network;
  }

  /** Seven samples of {@code width} values around 1.5, negative ones too; the last one spread 5 times wider. */
  private static double[][] samples(long seed, int width) {
    Random random = new Random(seed);
    double[][] x = new double[BATCH][width];
    for (int i = 0; i < BATCH; i++) {
      double scale = i == BATCH - 1 ? 10 : 2;
      for (int j = 0; j < width; j++) {
        x[i][j] = 1.5 + (2 * random.nextDouble() - 1) * scale;
      }
    }
    return x;
  }

  /** A {@code conv2d} layer's configuration: PyTorch's keys, as its provider reads them. */
  private static LayerConfig conv(int out, String kernel, String stride, String padding, String dilation, boolean bias, Activation f) {
    return LayerConfig.builder()
        .set("out_channels", out)
        .set("kernel_size", kernel)
        .set("stride", stride)
        .set("padding", padding)
        .set("dilation", dilation)
        .set("bias", bias)
        .set("activation", f)
        .build();
  }

  private static LayerConfig pool(String kernel, String stride, String padding) {
    return LayerConfig.builder().set("kernel_size", kernel).set("stride", stride).set("padding", padding).build();
  }

  private static LayerConfig avgPool(String kernel, String stride, String padding, boolean countIncludePad) {
    return LayerConfig.builder()
        .set("kernel_size", kernel)
        .set("stride", stride)
        .set("padding", padding)
        .set("count_include_pad", countIncludePad)
        .build();
  }

  /** Each layer type alone (or behind an input reshape), in the configurations that matter to its ONNX form. */
  static Stream<Arguments> layers() {
    return Stream.of(
        Arguments.of(
            "conv2d 3x3 valid, relu",
            (Supplier<Network>) () -> trained(Network.builder().input(Shape.of(2, 7, 7)).conv2d(4, 3, relu()), 1)),
        Arguments.of(
            "conv2d 4x4 same (1 row above, 2 below), tanh",
            (Supplier<Network>) () -> trained(
                Network.builder().input(Shape.of(2, 6, 7)).layer("conv2d", conv(3, "4", "1", "same", "1", true, tanh())), 2)),
        Arguments.of(
            "conv2d 3x2, stride 2x1, padding 1x2, dilation 2x1, no bias, identity",
            (Supplier<Network>) () -> trained(
                Network.builder().input(Shape.of(3, 9, 8)).layer("conv2d", conv(4, "3,2", "2,1", "1,2", "2,1", false, identity())),
                3)),
        Arguments.of(
            "conv2d 3x3 same, dilation 2, sigmoid, from flat input rows",
            (Supplier<Network>) () -> trained(
                Network.builder().input(50).reshape(2, 5, 5).layer("conv2d", conv(3, "3", "1", "same", "2", true, sigmoid())), 4)),
        Arguments.of(
            "conv2d with softmax over the whole sample",
            (Supplier<Network>) () -> trained(
                Network.builder().input(Shape.of(2, 5, 5)).layer("conv2d", conv(2, "2", "1", "valid", "1", true, softmax())), 5)),
        Arguments.of(
            "max_pool2d 2x2",
            (Supplier<Network>) () -> trained(Network.builder().input(Shape.of(3, 6, 7)).maxPool2d(2), 6)),
        Arguments.of(
            "max_pool2d 3x3, stride 2, padding 1 (minus infinity)",
            (Supplier<Network>) () -> trained(Network.builder().input(Shape.of(2, 7, 6)).layer("max_pool2d", pool("3", "2", "1")), 7)),
        Arguments.of(
            "max_pool2d 2x3, stride 1x2, padding 1x1",
            (Supplier<Network>) () -> trained(Network.builder().input(Shape.of(2, 5, 7)).layer("max_pool2d", pool("2,3", "1,2", "1,1")), 8)),
        Arguments.of(
            "avg_pool2d 2x2",
            (Supplier<Network>) () -> trained(Network.builder().input(Shape.of(3, 6, 7)).avgPool2d(2), 9)),
        Arguments.of(
            "avg_pool2d 3x3, stride 2, padding 1, count_include_pad",
            (Supplier<Network>) () -> trained(
                Network.builder().input(Shape.of(2, 7, 6)).layer("avg_pool2d", avgPool("3", "2", "1", true)), 10)),
        Arguments.of(
            "avg_pool2d 3x3, stride 2, padding 1, without count_include_pad",
            (Supplier<Network>) () -> trained(
                Network.builder().input(Shape.of(2, 7, 6)).layer("avg_pool2d", avgPool("3", "2", "1", false)), 11)),
        Arguments.of(
            "avg_pool2d 2x3, stride 1x2, padding 1x1, without count_include_pad",
            (Supplier<Network>) () -> trained(
                Network.builder().input(Shape.of(2, 5, 7)).layer("avg_pool2d", avgPool("2,3", "1,2", "1,1", false)), 12)),
        Arguments.of(
            "global_avg_pool2d",
            (Supplier<Network>) () -> trained(Network.builder().input(Shape.of(4, 5, 6)).globalAvgPool2d(), 13)),
        Arguments.of(
            "batch_norm over the channels of a convolution's images",
            (Supplier<Network>) () -> trained(Network.builder().input(Shape.of(2, 6, 6)).conv2d(3, 3, identity()).batchNorm(), 14)),
        Arguments.of(
            "flatten after a convolution",
            (Supplier<Network>) () -> trained(Network.builder().input(Shape.of(2, 6, 6)).conv2d(3, 3, relu()).flatten(), 15)));
  }

  /** Small CNNs of every image layer, and the layers before and after them. */
  static Stream<Arguments> networks() {
    return Stream.of(
        Arguments.of(
            "conv same + BN + max pool + conv strided, dilated, no bias + avg pools + global avg pool + dense",
            (Supplier<Network>) () -> trained(
                Network.builder()
                    .input(Shape.of(3, 16, 16))
                    .conv2d(6, 3, "same", relu())
                    .batchNorm()
                    .maxPool2d(2)
                    .layer("conv2d", conv(8, "3", "2", "2", "2", false, relu()))
                    .layer("avg_pool2d", avgPool("3", "1", "1", true))
                    .layer("avg_pool2d", avgPool("3", "1", "1", false))
                    .globalAvgPool2d()
                    .dense(3, identity()),
                21)),
        Arguments.of(
            "Keras-like: conv, max pool, conv, max pool, flatten, dropout, dense softmax",
            (Supplier<Network>) () -> trained(
                Network.builder()
                    .input(Shape.of(1, 14, 14))
                    .conv2d(4, 3, relu())
                    .maxPool2d(2)
                    .conv2d(8, 3, relu())
                    .maxPool2d(2)
                    .flatten()
                    .dropout(0.5)
                    .dense(3, softmax()),
                22)),
        Arguments.of(
            "global pool then batch norm over features, and a reshape back to images",
            (Supplier<Network>) () -> trained(
                Network.builder()
                    .input(Shape.of(2, 6, 6))
                    .conv2d(8, 3, "1", tanh())
                    .globalAvgPool2d()
                    .batchNorm()
                    .reshape(2, 2, 2)
                    .conv2d(3, 2, relu())
                    .flatten()
                    .dense(2, sigmoid()),
                23)),
        Arguments.of(
            "max pool, batch norm on images, padded max pool, flatten, dense (runs in double too)",
            (Supplier<Network>) () -> trained(
                Network.builder()
                    .input(Shape.of(3, 8, 8))
                    .maxPool2d(2)
                    .batchNorm()
                    .layer("max_pool2d", pool("3", "1", "1"))
                    .flatten()
                    .dense(3, tanh()),
                25)),
        Arguments.of(
            "conv, batch norm, layer norm over the last dimension, dense on its steps",
            (Supplier<Network>) () -> trained(
                Network.builder()
                    .input(Shape.of(2, 6, 6))
                    .conv2d(3, 3, relu())
                    .batchNorm()
                    .layerNorm()
                    .dense(2, tanh())
                    .flatten()
                    .dense(2, identity()),
                24)));
  }

  static Stream<Arguments> all() {
    return Stream.concat(layers(), networks());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("all")
  void runsInOnnxRuntimeWithTheNetworksOutputsInFloat(String description, Supplier<Network> factory) throws OrtException {
    assertFloatModelAgrees(factory, samples(31, factory.get().inputSize()));
  }

  /**
   * A double-precision model agrees with nn4j to {@code 1e-13} where ONNX Runtime 1.20's CPU provider runs it:
   * it has a double {@code MaxPool} (and {@code BatchNormalization}, {@code Reshape}, {@code Gemm}), but no
   * double kernel for {@code Conv}, {@code AveragePool} or {@code GlobalAveragePool}. A model with those is
   * valid (the session fails at the kernel lookup, after type and shape inference passed) but does not load
   * there; should a later version load it, this test fails and should compare it too.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("all")
  void keepsDoublePrecisionWhenAskedTo(String description, Supplier<Network> factory) throws OrtException {
    Network network = factory.get();
    double[][] x = samples(31, network.inputSize());
    byte[] model = OnnxExporter.toByteArray(network, OnnxPrecision.DOUBLE);
    boolean runnable = network.layers().stream().noneMatch(l -> NO_DOUBLE_KERNEL_IN_ONNX_RUNTIME.contains(l.type()));
    if (!runnable) {
      assertThatThrownBy(() -> runDouble(model, x, new OrtSession.SessionOptions()))
          .isInstanceOf(OrtException.class)
          .hasMessageContaining("ORT_NOT_IMPLEMENTED")
          .hasMessageMatching("(?s).*Could not find an implementation for (Conv|AveragePool|GlobalAveragePool)\\(.*");
      return;
    }
    double[][] actual = runDouble(model, x, new OrtSession.SessionOptions());
    assertThat(compare(actual, network.predict(x)).maxRelative()).isLessThanOrEqualTo(DOUBLE_RELATIVE);
  }

  /** The nodes of a model, as their operator names appear in its bytes. */
  private static String model(Network network) {
    return new String(OnnxExporter.toByteArray(network, OnnxPrecision.FLOAT), StandardCharsets.ISO_8859_1);
  }

  @Test
  void takesAndGivesRowsAsNetworkPredictDoes() throws OrtException {
    Network network = trained(Network.builder().input(Shape.of(1, 14, 14)).conv2d(4, 3, relu()).maxPool2d(2).flatten().dense(3, softmax()), 22);
    try (OrtSession session =
        OnnxChecks.environment().createSession(OnnxExporter.toByteArray(network, OnnxPrecision.FLOAT), new OrtSession.SessionOptions())) {
      assertThat(((TensorInfo) session.getInputInfo().get(OnnxExporter.INPUT_NAME).getInfo()).getShape()).containsExactly(-1L, 196L);
      assertThat(((TensorInfo) session.getOutputInfo().get(OnnxExporter.OUTPUT_NAME).getInfo()).getShape()).containsExactly(-1L, 3L);
    }
    Network convolutions = trained(Network.builder().input(Shape.of(2, 5, 5)).conv2d(3, 3, relu()).maxPool2d(2), 23);
    try (OrtSession session =
        OnnxChecks.environment().createSession(OnnxExporter.toByteArray(convolutions, OnnxPrecision.FLOAT), new OrtSession.SessionOptions())) {
      assertThat(((TensorInfo) session.getOutputInfo().get(OnnxExporter.OUTPUT_NAME).getInfo()).getShape()).containsExactly(-1L, 3L);
    }
  }

  @Test
  void passesImagesFromLayerToLayerWithoutReshapingThemInBetween() {
    Network network = trained(
        Network.builder()
            .input(Shape.of(1, 14, 14))
            .conv2d(4, 3, relu())
            .batchNorm()
            .maxPool2d(2)
            .conv2d(8, 3, relu())
            .avgPool2d(2)
            .flatten()
            .dense(3, softmax()),
        22);
    String model = model(network);
    // One Reshape to images after the input, one to rows before the dense layer.
    assertThat(model.split("Reshape_images", -1)).hasSize(2);
    assertThat(model.split("Reshape_rows", -1)).hasSize(2);
    assertThat(model).contains("Conv", "BatchNormalization", "MaxPool", "AveragePool", "Gemm", "Softmax").doesNotContain("Reshape_channels");
  }
}
