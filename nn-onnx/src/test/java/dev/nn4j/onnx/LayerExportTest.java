package dev.nn4j.onnx;

import static dev.nn4j.activations.Activations.geluTanh;
import static dev.nn4j.activations.Activations.identity;
import static dev.nn4j.activations.Activations.relu;
import static dev.nn4j.activations.Activations.sigmoid;
import static dev.nn4j.activations.Activations.softmax;
import static dev.nn4j.activations.Activations.tanh;
import static dev.nn4j.onnx.OnnxChecks.assertFloatModelAgrees;
import static dev.nn4j.onnx.OnnxChecks.compare;
import static dev.nn4j.onnx.OnnxChecks.runDouble;
import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.nn4j.core.FitOptions;
import dev.nn4j.core.LayerConfig;
import dev.nn4j.core.Network;
import dev.nn4j.core.NetworkBuilder;
import dev.nn4j.core.Shape;
import dev.nn4j.core.StateDict;
import dev.nn4j.core.Trainer;
import dev.nn4j.core.losses.Losses;
import dev.nn4j.core.math.Matrix;
import dev.nn4j.optim.Optimizers;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Networks with batch normalization, layer normalization, flatten, reshape and dense layers on samples of
 * more than one dimension, trained a few steps (so that the running statistics and the normalizations' scale
 * and shift are not their initial values), run in ONNX Runtime and give {@link Network#predict}'s outputs:
 * a single-precision model to the tolerances of {@link OnnxChecks}, a double-precision one to {@code 1e-13}
 * of {@code max(1, |b|)}, with ONNX Runtime's default (all) graph optimizations.
 *
 * <p>Measured with these seeds: single precision within 3e-7 of nn4j's outputs (which are of order 1), at
 * most 7% of the tolerance {@code t}, so within {@code 1e-6 · max(1, |b|)} alone as well; double precision
 * within 3.3e-16.
 */
class LayerExportTest {
  private static final int BATCH = 7;
  /**
   * Tighter than the {@code 1e-12} of the activations' tests: the errors measured are at most 3.3e-16. Had
   * batch normalization's {@code ε} been rounded to {@code float} without correcting the variance, they
   * would be 2.7e-11 (with {@code ε = 1e-3}) and 1.3e-13 (with {@code ε = 1e-5}).
   */
  private static final double DOUBLE_RELATIVE = 1e-13;
  private static final int TRAINING_SAMPLES = 48;

  @BeforeAll
  static void loadRuntime() {
    OnnxChecks.environment();
  }

  /** A network of {@code builder}'s layers with MSE, trained 3 epochs of batches of 8 with SGD (η = 0.1). */
  private static Network trained(NetworkBuilder builder, long seed) {
    Network network = builder.loss(Losses.mse()).seed(seed).build();
    Random random = new Random(seed);
    Matrix inputs = new Matrix(TRAINING_SAMPLES, network.inputSize());
    Matrix targets = new Matrix(TRAINING_SAMPLES, network.outputSize());
    double[] x = inputs.data();
    for (int k = 0; k < x.length; k++) {
      // Features off centre and of unequal spread, so that the statistics move away from 0 and 1.
      x[k] = 1.5 + (1 + k % 3) * (2 * random.nextDouble() - 1);
    }
    double[] y = targets.data();
    for (int k = 0; k < y.length; k++) {
      y[k] = random.nextDouble();
    }
    Trainer.of(network, Optimizers.sgd(0.1)).fit(inputs, targets, FitOptions.builder().epochs(3).batchSize(8).build());
    return network;
  }

  /** Seven samples of {@code width} values around 1.5; the last one spread 5 times wider. */
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

  static Stream<Arguments> networks() {
    return Stream.of(
        Arguments.of(
            "batch norm over features",
            (Supplier<Network>) () -> trained(Network.builder().input(6).dense(8, relu()).batchNorm().dense(3, identity()), 1)),
        Arguments.of(
            "batch norm without affine, momentum 0.3, eps 1e-3",
            (Supplier<Network>) () -> trained(
                Network.builder()
                    .input(6)
                    .dense(8, tanh())
                    .layer("batch_norm", LayerConfig.builder().set("affine", false).set("momentum", 0.3).set("eps", 1e-3).build())
                    .dense(3, sigmoid()),
                2)),
        Arguments.of(
            "batch norm over [C, L] samples via reshape",
            (Supplier<Network>) () -> trained(
                Network.builder().input(6).dense(12, tanh()).reshape(3, 4).batchNorm().flatten().dense(3, identity()), 3)),
        Arguments.of(
            "batch norm on [C, H, W] input samples",
            (Supplier<Network>) () -> trained(
                Network.builder().input(Shape.of(2, 3, 2)).batchNorm().flatten().dense(3, identity()), 4)),
        Arguments.of(
            "layer norm over features",
            (Supplier<Network>) () -> trained(Network.builder().input(6).dense(8, geluTanh()).layerNorm().dense(3, identity()), 5)),
        Arguments.of(
            "layer norm over the last dimension of [T, F] samples",
            (Supplier<Network>) () -> trained(
                Network.builder().input(Shape.of(4, 5)).dense(6, relu()).layerNorm().flatten().dense(3, softmax()), 6)),
        Arguments.of(
            "layer norm over [T, F] (dims = 2), then dense on [T, F]",
            (Supplier<Network>) () -> trained(
                Network.builder()
                    .input(Shape.of(4, 5))
                    .layer("layer_norm", LayerConfig.builder().set("dims", 2).build())
                    .dense(3, tanh())
                    .flatten()
                    .dense(2, identity()),
                7)),
        Arguments.of(
            "layer norm without affine, eps 1e-3",
            (Supplier<Network>) () -> trained(
                Network.builder()
                    .input(6)
                    .dense(8, relu())
                    .layer("layer_norm", LayerConfig.builder().set("elementwise_affine", false).set("eps", 1e-3).build())
                    .dense(3, identity()),
                8)),
        Arguments.of(
            "dense on [T, F] samples, softmax per step",
            (Supplier<Network>) () -> trained(Network.builder().input(Shape.of(3, 4)).dense(5, softmax()), 9)),
        Arguments.of(
            "flatten and reshape",
            (Supplier<Network>) () -> trained(
                Network.builder().input(Shape.of(2, 6)).flatten().reshape(3, 4).dense(2, sigmoid()).flatten(), 10)),
        Arguments.of(
            "everything: dense on steps, layer norm, reshape, batch norm, dropout",
            (Supplier<Network>) () -> trained(
                Network.builder()
                    .input(Shape.of(3, 4))
                    .dense(4, relu())
                    .layerNorm()
                    .reshape(4, 3)
                    .batchNorm()
                    .dropout(0.2)
                    .flatten()
                    .dense(2, identity()),
                11)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("networks")
  void runsInOnnxRuntimeWithTheNetworksOutputsInFloat(String description, Supplier<Network> factory) throws OrtException {
    assertFloatModelAgrees(factory, samples(21, factory.get().inputSize()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("networks")
  void keepsDoublePrecisionWhenAskedTo(String description, Supplier<Network> factory) throws OrtException {
    Network network = factory.get();
    double[][] x = samples(21, network.inputSize());
    double[][] actual = runDouble(OnnxExporter.toByteArray(network, OnnxPrecision.DOUBLE), x, new OrtSession.SessionOptions());
    assertThat(compare(actual, network.predict(x)).maxRelative()).isLessThanOrEqualTo(DOUBLE_RELATIVE);
  }

  @Test
  void exportsTheRunningStatisticsOfATrainedBatchNorm() {
    Network network = trained(Network.builder().input(6).dense(8, relu()).batchNorm().dense(3, identity()), 1);
    StateDict state = network.stateDict();
    assertThat(state.get("layers.1.num_batches_tracked").get(0)).isEqualTo(18.0);
    // Some ReLUs of this seed never fire, so their channels keep a mean of 0 (and a decaying variance).
    assertThat(state.get("layers.1.running_mean").values()).isNotEqualTo(new double[8]);
    assertThat(state.get("layers.1.running_var").values()).doesNotContain(1.0);
    String model = new String(OnnxExporter.toByteArray(network, OnnxPrecision.FLOAT), StandardCharsets.ISO_8859_1);
    assertThat(model)
        .contains("BatchNormalization")
        .contains("layers.1.running_mean")
        .contains("layers.1.running_var")
        .contains("layers.1.weight")
        .doesNotContain("num_batches_tracked")
        .doesNotContain("Reshape");
  }

  @Test
  void composesLayerNormFromOpset13Operators() {
    Network network = trained(Network.builder().input(Shape.of(4, 5)).dense(6, relu()).layerNorm().flatten().dense(3, softmax()), 6);
    String model = new String(OnnxExporter.toByteArray(network, OnnxPrecision.FLOAT), StandardCharsets.ISO_8859_1);
    assertThat(model)
        .doesNotContain("LayerNormalization")
        .contains("ReduceMean")
        .contains("Sqrt")
        .contains("Reshape");
  }
}
