package dev.nn4j.onnx;

import static dev.nn4j.activations.Activations.elu;
import static dev.nn4j.activations.Activations.gelu;
import static dev.nn4j.activations.Activations.geluTanh;
import static dev.nn4j.activations.Activations.identity;
import static dev.nn4j.activations.Activations.leakyRelu;
import static dev.nn4j.activations.Activations.relu;
import static dev.nn4j.activations.Activations.sigmoid;
import static dev.nn4j.activations.Activations.silu;
import static dev.nn4j.activations.Activations.softmax;
import static dev.nn4j.activations.Activations.softplus;
import static dev.nn4j.activations.Activations.tanh;
import static dev.nn4j.onnx.OnnxChecks.DOUBLE_RELATIVE;
import static dev.nn4j.onnx.OnnxChecks.FLOAT_RELATIVE;
import static dev.nn4j.onnx.OnnxChecks.assertFloatModelAgrees;
import static dev.nn4j.onnx.OnnxChecks.maxMixedError;
import static dev.nn4j.onnx.OnnxChecks.runDouble;
import static dev.nn4j.onnx.OnnxChecks.runFloat;
import static dev.nn4j.onnx.OnnxChecks.toDouble;
import static dev.nn4j.onnx.OnnxChecks.toFloat;
import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.nn4j.core.Activation;
import dev.nn4j.core.Network;
import dev.nn4j.core.init.Initializer;
import dev.nn4j.core.losses.Losses;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Exported networks of dense and dropout layers run in ONNX Runtime (the oracle) and give {@link
 * Network#predict}'s outputs, to the tolerances of {@link OnnxChecks}.
 *
 * <p>{@code 1e-6 · max(1, |r|)} alone does not always hold, and cannot: a dot product in {@code float} is
 * accurate relative to the sum of the magnitudes of its terms, not to its result. With seed 42 the largest
 * {@code |a − r| / max(1, |r|)} is 2.3e-6 for leaky ReLU with slope 3 (which triples every negative value
 * in three layers) and 1.1e-6 for SiLU, both on the sample scaled to ±20 whose outputs come from terms in
 * the hundreds that cancel; every other case stays below 5.3e-7. The errors observed use at most 7% of
 * {@code t}. A double-precision model is checked to {@code 1e-12} relative.
 */
class OnnxExporterTest {
  private static final int INPUTS = 5;
  private static final int OUTPUTS = 3;
  private static final int BATCH = 7;

  @BeforeAll
  static void loadRuntime() {
    // Loads ONNX Runtime's native library from its jar: this fails here if it cannot run on this machine.
    OnnxChecks.environment();
  }

  /** Every activation that can be exported, with non-default parameters where it has any. */
  static Stream<Arguments> activations() {
    return Stream.of(
        Arguments.of("sigmoid", sigmoid()),
        Arguments.of("relu", relu()),
        Arguments.of("tanh", tanh()),
        Arguments.of("softmax", softmax()),
        Arguments.of("leaky_relu slope 0.2", leakyRelu(0.2)),
        Arguments.of("elu alpha 0.7", elu(0.7)),
        Arguments.of("gelu exact", gelu()),
        Arguments.of("gelu tanh", geluTanh()),
        Arguments.of("softplus", softplus()),
        Arguments.of("silu", silu()),
        Arguments.of("identity", identity()),
        Arguments.of("leaky_relu by name, slope 3", Activation.named("leaky_relu", Map.of("slope", "3"))),
        Arguments.of("swish by name", Activation.named("swish")));
  }

  /**
   * Xavier-uniform weights scaled by 1.5 and biases from {@code U(-0.5, 0.5)}, so that every bias is
   * exported and every activation sees negative and positive inputs.
   */
  private static final Initializer RANDOM = (weights, bias, random) -> {
    double limit = 1.5 * Math.sqrt(6.0 / (weights.rows() + weights.cols()));
    double[] w = weights.data();
    for (int k = 0; k < w.length; k++) {
      w[k] = (2 * random.nextDouble() - 1) * limit;
    }
    double[] b = bias.data();
    for (int k = 0; k < b.length; k++) {
      b[k] = random.nextDouble() - 0.5;
    }
  };

  /** {@code 5 → 8 → 6 → 3}, the activation in every layer, so that it is tested inside and at the end. */
  private static Network threeLayers(Activation activation) {
    return Network.builder()
        .input(INPUTS)
        .weightInit(RANDOM)
        .dense(8, activation)
        .dense(6, activation)
        .dense(OUTPUTS, activation)
        .loss(Losses.mse())
        .seed(42)
        .build();
  }

  /** Seven samples from {@code U(-4, 4)}; the last one times 5, for the tails of the activations. */
  private static double[][] samples(long seed) {
    Random random = new Random(seed);
    double[][] x = new double[BATCH][INPUTS];
    for (int i = 0; i < BATCH; i++) {
      double scale = i == BATCH - 1 ? 20 : 4;
      for (int j = 0; j < INPUTS; j++) {
        x[i][j] = (2 * random.nextDouble() - 1) * scale;
      }
    }
    return x;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("activations")
  void runsInOnnxRuntimeWithTheNetworksOutputs(String description, Activation activation) throws OrtException {
    assertFloatModelAgrees(() -> threeLayers(activation), samples(7));
  }

  @Test
  void leavesOutDropoutWhichIsTheIdentityWhenPredicting() throws OrtException {
    Supplier<Network> factory = () -> Network.builder()
        .input(INPUTS)
        .weightInit(RANDOM)
        .dense(8, relu())
        .dropout(0.5)
        .dense(6, tanh())
        .dropout(0.2)
        .dense(OUTPUTS, softmax())
        .loss(Losses.categoricalCrossEntropy())
        .seed(3)
        .build();
    assertFloatModelAgrees(factory, samples(7));
    String model = new String(OnnxExporter.toByteArray(factory.get(), OnnxPrecision.FLOAT), StandardCharsets.ISO_8859_1);
    assertThat(model).doesNotContain("Dropout").contains("Gemm").contains("Softmax");
  }

  @Test
  void namesTheLastDenseLayersOutputTheOutputWhenDropoutFollowsIt() throws OrtException {
    Supplier<Network> factory = () -> Network.builder()
        .input(INPUTS)
        .weightInit(RANDOM)
        .dense(OUTPUTS, elu())
        .dropout(0.3)
        .loss(Losses.mse())
        .seed(5)
        .build();
    assertFloatModelAgrees(factory, samples(7));
    String model = new String(OnnxExporter.toByteArray(factory.get(), OnnxPrecision.FLOAT), StandardCharsets.ISO_8859_1);
    assertThat(model).doesNotContain("Identity").doesNotContain("Dropout");
  }

  @Test
  void exportsANetworkOfDropoutAloneAsIdentity() throws OrtException {
    Network network = Network.builder().input(INPUTS).dropout(0.5).loss(Losses.mse()).seed(1).build();
    byte[] model = OnnxExporter.toByteArray(network, OnnxPrecision.FLOAT);
    assertThat(new String(model, StandardCharsets.ISO_8859_1)).contains("Identity");
    float[][] x = toFloat(samples(2));
    assertThat(runFloat(model, x)).isDeepEqualTo(x);
  }

  @Test
  void computesOneSampleAndLargeBatchesAlike() throws OrtException {
    Network network = threeLayers(gelu());
    byte[] model = OnnxExporter.toByteArray(network, OnnxPrecision.FLOAT);
    Random random = new Random(11);
    for (int batch : new int[] {1, 1000}) {
      double[][] x = new double[batch][INPUTS];
      for (double[] row : x) {
        for (int j = 0; j < INPUTS; j++) {
          row[j] = 2 * random.nextDouble() - 1;
        }
      }
      double[][] actual = toDouble(runFloat(model, toFloat(x)));
      // Inputs and outputs of order 1: 1e-6 covers the rounding of data and arithmetic together here.
      assertThat(maxMixedError(actual, network.predict(x))).isLessThanOrEqualTo(FLOAT_RELATIVE);
    }
  }

  /**
   * The activations whose operators ONNX Runtime 1.20's CPU provider implements for {@code
   * tensor(double)}. It has no double kernel for {@code LeakyRelu}, {@code Elu}, {@code Erf} (exact GELU)
   * and {@code Softplus}, so those models are valid but do not load there.
   */
  static Stream<Arguments> activationsRunInDouble() {
    return Stream.of(
        Arguments.of("sigmoid", sigmoid()),
        Arguments.of("relu", relu()),
        Arguments.of("tanh", tanh()),
        Arguments.of("softmax", softmax()),
        Arguments.of("gelu tanh", geluTanh()),
        Arguments.of("silu", silu()),
        Arguments.of("identity", identity()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("activationsRunInDouble")
  void keepsDoublePrecisionWhenAskedTo(String description, Activation activation) throws OrtException {
    Network network = threeLayers(activation);
    double[][] x = samples(7);
    OrtSession.SessionOptions options = new OrtSession.SessionOptions();
    // ONNX Runtime's extended optimizations fuse x · Sigmoid(x) into QuickGelu, which has only a float
    // kernel; basic optimizations (constant folding, redundant nodes) keep double models runnable.
    options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.BASIC_OPT);
    double[][] actual = runDouble(OnnxExporter.toByteArray(network, OnnxPrecision.DOUBLE), x, options);
    assertThat(maxMixedError(actual, network.predict(x))).isLessThanOrEqualTo(DOUBLE_RELATIVE);
  }

  @Test
  void declaresABatchInputAndOutputOfTheNetworksWidths() throws OrtException {
    byte[] model = OnnxExporter.toByteArray(threeLayers(relu()), OnnxPrecision.FLOAT);
    try (OrtSession session = OnnxChecks.environment().createSession(model, new OrtSession.SessionOptions())) {
      NodeInfo input = session.getInputInfo().get("input");
      NodeInfo output = session.getOutputInfo().get("output");
      assertThat(session.getInputInfo()).containsOnlyKeys("input");
      assertThat(session.getOutputInfo()).containsOnlyKeys("output");
      TensorInfo inputInfo = (TensorInfo) input.getInfo();
      TensorInfo outputInfo = (TensorInfo) output.getInfo();
      assertThat(inputInfo.getShape()).containsExactly(-1L, INPUTS);
      assertThat(inputInfo.getDimensionNames()).containsExactly("N", "");
      assertThat(outputInfo.getShape()).containsExactly(-1L, OUTPUTS);
      assertThat(inputInfo.type).isEqualTo(ai.onnxruntime.OnnxJavaType.FLOAT);
      assertThat(session.getMetadata().getProducerName()).isEqualTo("nn4j");
    }
  }

  @Test
  void writesTheSameBytesToAFileAndAStreamEveryTime(@TempDir Path dir) throws Exception {
    Network network = threeLayers(silu());
    Path file = dir.resolve("model.onnx");
    Files.writeString(file, "an older, longer file that export must replace entirely ......................");
    OnnxExporter.export(network, file);
    ByteArrayOutputStream stream = new ByteArrayOutputStream();
    OnnxExporter.export(network, stream);
    byte[] bytes = OnnxExporter.toByteArray(network, OnnxPrecision.FLOAT);
    assertThat(Files.readAllBytes(file)).isEqualTo(bytes);
    assertThat(stream.toByteArray()).isEqualTo(bytes);
    assertThat(OnnxExporter.toByteArray(threeLayers(silu()), OnnxPrecision.FLOAT)).isEqualTo(bytes);
    // 5·8 + 8 + 8·6 + 6 + 6·3 + 3 = 123 parameters of 4 bytes, plus the graph's structure.
    assertThat(bytes.length).isBetween(123 * 4, 123 * 4 + 2000);

    double[][] x = samples(3);
    try (OrtSession session = OnnxChecks.environment().createSession(file.toString(), new OrtSession.SessionOptions());
        OnnxTensor tensor = OnnxTensor.createTensor(OnnxChecks.environment(), toFloat(x));
        OrtSession.Result result = session.run(Map.of("input", tensor))) {
      double[][] actual = toDouble((float[][]) result.get(0).getValue());
      assertThat(maxMixedError(actual, network.predict(x))).isLessThanOrEqualTo(FLOAT_RELATIVE);
    }
  }
}
