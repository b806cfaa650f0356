package dev.nn4j.core.layers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nn4j.core.Network;
import dev.nn4j.core.Parameter;
import dev.nn4j.core.Pass;
import dev.nn4j.core.Shape;
import dev.nn4j.core.StateDict;
import dev.nn4j.core.Tensor;
import dev.nn4j.core.Trainer;
import dev.nn4j.core.losses.Losses;
import dev.nn4j.core.math.Matrix;
import java.util.Random;
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
  private static final Fixtures FIXTURES = Fixtures.read("normalization.safetensors");
  private static final StateDict fixtures = FIXTURES.tensors();

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
    FIXTURES.setParameters(layer, name);

    Pass pass = Pass.forTraining(new Random(1));
    Matrix y = layer.forward(Fixtures.matrix(x), pass);
    FIXTURES.assertClose(name + ".y", y, 1e-10);
    Matrix dx = layer.backward(Fixtures.matrix(fixtures.get(name + ".g")), pass);
    FIXTURES.assertClose(name + ".dx", dx, 1e-10);
    if (!layer.parameters().isEmpty()) {
      FIXTURES.assertClose(name + ".dweight", layer.parameters().get(0).gradient(), 1e-10);
      FIXTURES.assertClose(name + ".dbias", layer.parameters().get(1).gradient(), 1e-10);
    }
    if (fixtures.contains(name + ".x2")) {
      layer.forward(Fixtures.matrix(fixtures.get(name + ".x2")), Pass.forTraining(new Random(1)));
    }
    FIXTURES.assertClose(name + ".running_mean", layer.buffers().get(0).value(), 1e-10);
    FIXTURES.assertClose(name + ".running_var", layer.buffers().get(1).value(), 1e-10);
    assertThat(layer.buffers().get(2).value().data()[0]).isEqualTo(fixtures.get(name + ".num_batches_tracked").get(0));
    assertThat(fixtures.get(name + ".num_batches_tracked").isInteger()).isTrue();
    FIXTURES.assertClose(name + ".y_eval", layer.forward(Fixtures.matrix(x), Pass.forInference()), 1e-10);
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
    FIXTURES.setParameters(layer, name);

    for (Pass pass : new Pass[] {Pass.forTraining(new Random(1)), Pass.forInference()}) {
      layer.parameters().forEach(Parameter::zeroGradient);
      FIXTURES.assertClose(name + ".y", layer.forward(Fixtures.matrix(x), pass), 1e-10);
      FIXTURES.assertClose(name + ".dx", layer.backward(Fixtures.matrix(fixtures.get(name + ".g")), pass), 1e-10);
      if (!layer.parameters().isEmpty()) {
        FIXTURES.assertClose(name + ".dweight", layer.parameters().get(0).gradient(), 1e-10);
        FIXTURES.assertClose(name + ".dbias", layer.parameters().get(1).gradient(), 1e-10);
      }
    }
  }

  @Test
  void aNetworkWithBothFollowsPyTorchsTrainingTrajectory() {
    Network network =
        Network.builder()
            .input(5)
            .dense(6, Fixtures.tanh())
            .batchNorm()
            .dense(4, Fixtures.identity())
            .layerNorm()
            .dense(3, Fixtures.softmax())
            .loss(Losses.categoricalCrossEntropy())
            .seed(1)
            .build();
    network.loadStateDict(fixtures.filter("traj.init.", true));
    Trainer trainer = Trainer.of(network, new Fixtures.MomentumSgd(0.1, 0.9));
    Tensor losses = fixtures.get("traj.loss");
    for (int step = 0; step < 6; step++) {
      double loss = trainer.step(Fixtures.matrix(fixtures.get("traj.x." + step)), Fixtures.matrix(fixtures.get("traj.y." + step)));
      assertThat(Fixtures.relativeError(loss, losses.get(step))).as("loss of step %s", step).isLessThan(1e-9);
    }
    StateDict expected = fixtures.filter("traj.final.", true);
    StateDict actual = network.stateDict();
    assertThat(actual.names()).containsExactlyElementsOf(expected.names());
    for (String name : expected.names()) {
      FIXTURES.assertClose("traj.final." + name, Matrix.rowVector(actual.get(name).values()), 1e-9);
      assertThat(actual.get(name).isInteger()).isEqualTo(expected.get(name).isInteger());
    }
    Matrix evalX = Fixtures.matrix(fixtures.get("traj.eval_x"));
    FIXTURES.assertClose("traj.eval_y", network.predict(evalX), 1e-9);
    double evalLoss = network.loss(evalX, Fixtures.matrix(fixtures.get("traj.eval_t")));
    assertThat(Fixtures.relativeError(evalLoss, fixtures.get("traj.eval_loss").get(0))).isLessThan(1e-9);
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
}
