package dev.nn4j.core.layers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nn4j.core.Activation;
import dev.nn4j.core.ElementwiseActivation;
import dev.nn4j.core.Layer;
import dev.nn4j.core.Network;
import dev.nn4j.core.Optimizer;
import dev.nn4j.core.Parameter;
import dev.nn4j.core.Pass;
import dev.nn4j.core.Shape;
import dev.nn4j.core.StateDict;
import dev.nn4j.core.Tensor;
import dev.nn4j.core.Trainer;
import dev.nn4j.core.losses.Losses;
import dev.nn4j.core.math.Kernels;
import dev.nn4j.core.math.Matrix;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Batch and layer normalization equal PyTorch 1.13 in float64: outputs, the input gradient, the parameter
 * gradients, running statistics after one and two training steps, and outputs in inference mode, to
 * 1e-10 relative; and a small network with both, trained six steps with SGD momentum, follows PyTorch's
 * trajectory (losses and every tensor of the final state dict) to 1e-9. The reference values come from
 * {@code src/test/python/normalization_fixtures.py}, committed as {@code fixtures/normalization.safetensors}.
 */
class NormalizationFixtureTest {
  private static StateDict fixtures;

  @BeforeAll
  static void readFixtures() throws IOException {
    try (InputStream in = NormalizationFixtureTest.class.getResourceAsStream("/fixtures/normalization.safetensors")) {
      assertThat(in).as("fixtures/normalization.safetensors on the test class path").isNotNull();
      fixtures = StateDict.read(in);
    }
  }

  /** The cases of batch normalization: module configuration as the script made it. */
  private static BatchNorm batchNorm(String name, Shape sample) {
    return switch (name) {
      case "bn_config" -> new BatchNorm(sample, 0.3, 1e-3, true);
      case "bn_no_affine" -> new BatchNorm(sample, 0.1, 1e-5, false);
      default -> new BatchNorm(sample, 0.1, 1e-5, true);
    };
  }

  @ParameterizedTest
  @ValueSource(strings = {"bn_features", "bn_channels", "bn_images", "bn_config", "bn_no_affine", "bn_two_steps"})
  void batchNormEqualsPyTorch(String name) {
    Tensor x = fixtures.get(name + ".x");
    BatchNorm layer = batchNorm(name, x.shape().from(1));
    setParameters(layer, name);

    Pass pass = Pass.forTraining(new Random(1));
    Matrix y = layer.forward(matrix(x), pass);
    assertClose(name + ".y", y, 1e-10);
    Matrix dx = layer.backward(matrix(fixtures.get(name + ".g")), pass);
    assertClose(name + ".dx", dx, 1e-10);
    if (!layer.parameters().isEmpty()) {
      assertClose(name + ".dweight", layer.parameters().get(0).gradient(), 1e-10);
      assertClose(name + ".dbias", layer.parameters().get(1).gradient(), 1e-10);
    }
    if (fixtures.contains(name + ".x2")) {
      layer.forward(matrix(fixtures.get(name + ".x2")), Pass.forTraining(new Random(1)));
    }
    assertClose(name + ".running_mean", layer.buffers().get(0).value(), 1e-10);
    assertClose(name + ".running_var", layer.buffers().get(1).value(), 1e-10);
    assertThat(layer.buffers().get(2).value().data()[0]).isEqualTo(fixtures.get(name + ".num_batches_tracked").get(0));
    assertThat(fixtures.get(name + ".num_batches_tracked").isInteger()).isTrue();
    assertClose(name + ".y_eval", layer.forward(matrix(x), Pass.forInference()), 1e-10);
  }

  @ParameterizedTest
  @ValueSource(strings = {"ln_features", "ln_last_dim", "ln_two_dims", "ln_config"})
  void layerNormEqualsPyTorch(String name) {
    Tensor x = fixtures.get(name + ".x");
    Shape sample = x.shape().from(1);
    LayerNorm layer =
        switch (name) {
          case "ln_two_dims" -> new LayerNorm(sample, 2, 1e-5, true);
          case "ln_config" -> new LayerNorm(sample, 1, 1e-3, false);
          default -> new LayerNorm(sample, 1, 1e-5, true);
        };
    setParameters(layer, name);

    for (Pass pass : new Pass[] {Pass.forTraining(new Random(1)), Pass.forInference()}) {
      layer.parameters().forEach(Parameter::zeroGradient);
      assertClose(name + ".y", layer.forward(matrix(x), pass), 1e-10);
      assertClose(name + ".dx", layer.backward(matrix(fixtures.get(name + ".g")), pass), 1e-10);
      if (!layer.parameters().isEmpty()) {
        assertClose(name + ".dweight", layer.parameters().get(0).gradient(), 1e-10);
        assertClose(name + ".dbias", layer.parameters().get(1).gradient(), 1e-10);
      }
    }
  }

  @Test
  void aNetworkWithBothFollowsPyTorchsTrainingTrajectory() {
    Network network =
        Network.builder()
            .input(5)
            .dense(6, tanh())
            .batchNorm()
            .dense(4, identity())
            .layerNorm()
            .dense(3, softmax())
            .loss(Losses.categoricalCrossEntropy())
            .seed(1)
            .build();
    network.loadStateDict(fixtures.filter("traj.init.", true));
    Trainer trainer = Trainer.of(network, new MomentumSgd(0.1, 0.9));
    Tensor losses = fixtures.get("traj.loss");
    for (int step = 0; step < 6; step++) {
      double loss = trainer.step(matrix(fixtures.get("traj.x." + step)), matrix(fixtures.get("traj.y." + step)));
      assertThat(relativeError(loss, losses.get(step))).as("loss of step %s", step).isLessThan(1e-9);
    }
    StateDict expected = fixtures.filter("traj.final.", true);
    StateDict actual = network.stateDict();
    assertThat(actual.names()).containsExactlyElementsOf(expected.names());
    for (String name : expected.names()) {
      assertClose("traj.final." + name, Matrix.rowVector(actual.get(name).values()), 1e-9);
      assertThat(actual.get(name).isInteger()).isEqualTo(expected.get(name).isInteger());
    }
    Matrix evalX = matrix(fixtures.get("traj.eval_x"));
    assertClose("traj.eval_y", network.predict(evalX), 1e-9);
    double evalLoss = network.loss(evalX, matrix(fixtures.get("traj.eval_t")));
    assertThat(relativeError(evalLoss, fixtures.get("traj.eval_loss").get(0))).isLessThan(1e-9);
  }

  @Test
  void readsTheDtypesPyTorchSavesWideningThemExactly() {
    for (String dtype : new String[] {"f32", "f16", "bf16", "i64"}) {
      Tensor narrow = fixtures.get("dtype." + dtype);
      Tensor wide = fixtures.get("dtype." + dtype + "_as_f64");
      assertThat(narrow.values()).as(dtype).isEqualTo(wide.values());
      assertThat(narrow.isInteger()).isEqualTo(dtype.equals("i64"));
    }
    // The subnormals and the sign of zero survive.
    assertThat(fixtures.get("dtype.f16").values()).contains(Math.scalb(1.0, -24));
    assertThat(Double.doubleToRawLongBits(fixtures.get("dtype.f16").get(1))).isEqualTo(Double.doubleToRawLongBits(-0.0));
  }

  // ---------------------------------------------------------------- helpers

  private static void setParameters(Layer layer, String name) {
    for (Parameter p : layer.parameters()) {
      String tensor = name + "." + p.name();
      System.arraycopy(fixtures.get(tensor).values(), 0, p.value().data(), 0, p.size());
    }
  }

  /** A fixture tensor as a batch: its first dimension the rows. */
  private static Matrix matrix(Tensor t) {
    int rows = t.shape().dim(0);
    return Matrix.wrap(rows, t.size() / rows, t.values());
  }

  /** Every element within {@code tolerance} relative error of the fixture (a floor of 1e-3 of its largest value). */
  private static void assertClose(String fixture, Matrix actual, double tolerance) {
    double[] expected = fixtures.get(fixture).values();
    assertThat(actual.size()).as(fixture).isEqualTo(expected.length);
    double scale = Arrays.stream(expected).map(Math::abs).max().orElse(0);
    double worst = 0;
    for (int i = 0; i < expected.length; i++) {
      double error = Math.abs(actual.data()[i] - expected[i]) / Math.max(Math.abs(expected[i]), 1e-3 * scale);
      worst = Math.max(worst, error);
    }
    assertThat(worst).as("largest relative error of %s", fixture).isLessThanOrEqualTo(tolerance);
  }

  private static double relativeError(double actual, double expected) {
    return Math.abs(actual - expected) / Math.abs(expected);
  }

  private static Activation tanh() {
    return elementwise("tanh", Math::tanh, (x, y) -> 1 - y * y, Activation.Outputs.REAL);
  }

  private static Activation identity() {
    return elementwise("identity", x -> x, (x, y) -> 1, Activation.Outputs.REAL);
  }

  private static Activation elementwise(
      String name, java.util.function.DoubleUnaryOperator f, java.util.function.DoubleBinaryOperator df, Activation.Outputs outputs) {
    return new ElementwiseActivation(name) {
      @Override
      public double value(double x) {
        return f.applyAsDouble(x);
      }

      @Override
      public double derivative(double x, double y) {
        return df.applyAsDouble(x, y);
      }

      @Override
      public Outputs outputs() {
        return outputs;
      }
    };
  }

  private static Activation softmax() {
    return new Activation() {
      @Override
      public String name() {
        return "softmax";
      }

      @Override
      public void forward(Matrix z, Matrix out) {
        Kernels.softmaxRows(z, out);
      }

      @Override
      public void backward(Matrix z, Matrix a, Matrix gradOut, Matrix gradIn) {
        Kernels.softmaxRowsBackward(a, gradOut, gradIn);
      }

      @Override
      public Outputs outputs() {
        return Outputs.SOFTMAX;
      }
    };
  }

  /** PyTorch's SGD with momentum: {@code b ← g} at the first step, then {@code b ← μb + g}; {@code θ ← θ − γb}. */
  private record MomentumSgd(double learningRate, double momentum) implements Optimizer {
    @Override
    public String name() {
      return "momentum_sgd";
    }

    @Override
    public Updater start(Map<String, Parameter> parameters) {
      Map<Parameter, double[]> buffers = new LinkedHashMap<>();
      parameters.values().forEach(p -> buffers.put(p, null));
      return () ->
          buffers.replaceAll(
              (p, b) -> {
                double[] g = p.gradient().data();
                double[] buffer = b == null ? g.clone() : b;
                if (b != null) {
                  for (int i = 0; i < g.length; i++) {
                    buffer[i] = momentum * buffer[i] + g[i];
                  }
                }
                double[] theta = p.value().data();
                for (int i = 0; i < theta.length; i++) {
                  theta[i] -= learningRate * buffer[i];
                }
                return buffer;
              });
    }
  }
}
