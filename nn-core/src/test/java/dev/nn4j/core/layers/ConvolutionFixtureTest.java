package dev.nn4j.core.layers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nn4j.core.Layer;
import dev.nn4j.core.LayerConfig;
import dev.nn4j.core.Network;
import dev.nn4j.core.Pass;
import dev.nn4j.core.Shape;
import dev.nn4j.core.StateDict;
import dev.nn4j.core.Tensor;
import dev.nn4j.core.Trainer;
import dev.nn4j.core.losses.Losses;
import dev.nn4j.core.math.Matrix;
import dev.nn4j.core.math.Window2d;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Convolution and pooling equal PyTorch 1.13 in float64, to 1e-10 relative: outputs, the input gradient and
 * the parameter gradients, over strides, paddings ({@code same} with odd and even kernels), dilation, odd
 * sizes, several channels, no bias, and pooling windows that overlap and that do not fit exactly; and a small
 * CNN with batch normalization, trained six steps with SGD momentum, follows PyTorch's trajectory to 1e-9.
 * The reference values come from {@code src/test/python/convolution_fixtures.py}, committed as {@code
 * fixtures/convolution.safetensors}.
 */
class ConvolutionFixtureTest {
  private static final Fixtures FIXTURES = Fixtures.read("convolution.safetensors");

  /** Each case's layer, as the script configured it, over samples of {@code sample}. */
  private static Layer layer(String name, Shape sample) {
    Conv2d.Spec spec =
        switch (name) {
          case "conv2d_1to2_k3" -> Conv2d.Spec.of(2, 3);
          case "conv2d_3to4_k3_s2_p1" -> Conv2d.Spec.of(4, 3).withStride(2).withPadding(1);
          case "conv2d_2to3_k2x3_s2x1_p1x0_d1x2_nobias" ->
              Conv2d.Spec.of(3, 2, 3).withStride(2, 1).withPadding(1, 0).withDilation(1, 2).withBias(false);
          case "conv2d_2to2_k3_same_d2" -> Conv2d.Spec.of(2, 3).withDilation(2).withSamePadding();
          case "conv2d_2to3_k4_same" -> Conv2d.Spec.of(3, 4).withSamePadding();
          case "conv2d_2to3_k5_s3_p2_on_4x4" -> Conv2d.Spec.of(3, 5).withStride(3).withPadding(2);
          case "conv2d_3to5_k1" -> Conv2d.Spec.of(5, 1);
          case "conv2d_4to8_k3_p1_9x9_n3" -> Conv2d.Spec.of(8, 3).withPadding(1);
          default -> null;
        };
    if (spec != null) {
      return new Conv2d(sample, spec, Fixtures.identity());
    }
    return switch (name) {
      case "max_pool2d_k2_s2_5x5" -> new MaxPool2d(sample, Window2d.of(2, 2, 2, 2, 0, 0));
      case "max_pool2d_k3_s2_p1", "max_pool2d_ties_k3_s2_p1" -> new MaxPool2d(sample, Window2d.of(3, 3, 2, 2, 1, 1));
      case "max_pool2d_k2x3_s1x2_6x7" -> new MaxPool2d(sample, Window2d.of(2, 3, 1, 2, 0, 0));
      case "avg_pool2d_k2_s2_5x5" -> new AvgPool2d(sample, Window2d.of(2, 2, 2, 2, 0, 0), true);
      case "avg_pool2d_k3_s2_p1_include_pad" -> new AvgPool2d(sample, Window2d.of(3, 3, 2, 2, 1, 1), true);
      case "avg_pool2d_k3_s1_p1_exclude_pad" -> new AvgPool2d(sample, Window2d.of(3, 3, 1, 1, 1, 1), false);
      case "global_avg_pool2d_3x4x5" -> new GlobalAvgPool2d(sample);
      default -> throw new AssertionError("no layer for case " + name);
    };
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "conv2d_1to2_k3",
        "conv2d_3to4_k3_s2_p1",
        "conv2d_2to3_k2x3_s2x1_p1x0_d1x2_nobias",
        "conv2d_2to2_k3_same_d2",
        "conv2d_2to3_k4_same",
        "conv2d_2to3_k5_s3_p2_on_4x4",
        "conv2d_3to5_k1",
        "conv2d_4to8_k3_p1_9x9_n3",
        "max_pool2d_k2_s2_5x5",
        "max_pool2d_k3_s2_p1",
        "max_pool2d_k2x3_s1x2_6x7",
        "max_pool2d_ties_k3_s2_p1",
        "avg_pool2d_k2_s2_5x5",
        "avg_pool2d_k3_s2_p1_include_pad",
        "avg_pool2d_k3_s1_p1_exclude_pad",
        "global_avg_pool2d_3x4x5"
      })
  void equalsPyTorch(String name) {
    Tensor x = FIXTURES.tensors().get(name + ".x");
    Layer layer = layer(name, x.shape().from(1));
    FIXTURES.setParameters(layer, name);
    Tensor y = FIXTURES.tensors().get(name + ".y");
    assertThat(layer.outputShape()).isEqualTo(y.shape().from(1));

    for (Pass pass : new Pass[] {Pass.forTraining(new Random(1)), Pass.forInference()}) {
      layer.parameters().forEach(dev.nn4j.core.Parameter::zeroGradient);
      FIXTURES.assertClose(name + ".y", layer.forward(FIXTURES.matrix(name + ".x"), pass), 1e-10);
      FIXTURES.assertClose(name + ".dx", layer.backward(FIXTURES.matrix(name + ".g"), pass), 1e-10);
      for (dev.nn4j.core.Parameter p : layer.parameters()) {
        FIXTURES.assertClose(name + ".d" + p.name(), p.gradient(), 1e-10);
      }
    }
  }

  /**
   * A batch convolved in groups (here of one sample, then of two and one) gives the bits of one group: outputs,
   * input gradients and parameter gradients.
   */
  @Test
  void groupsGiveTheBitsOfOneBatch() {
    String name = "conv2d_4to8_k3_p1_9x9_n3";
    Conv2d.Spec spec = Conv2d.Spec.of(8, 3).withPadding(1);
    int perSample = 81 * (36 + 8);
    Matrix[] reference = null;
    for (int budget : new int[] {Conv2d.GROUP_VALUES, perSample, 2 * perSample}) {
      Conv2d layer = new Conv2d(Shape.of(4, 9, 9), spec, Fixtures.identity(), budget);
      FIXTURES.setParameters(layer, name);
      Pass pass = Pass.forTraining(new Random(1));
      Matrix y = layer.forward(FIXTURES.matrix(name + ".x"), pass).copy();
      Matrix dx = layer.backward(FIXTURES.matrix(name + ".g"), pass).copy();
      Matrix[] results = {y, dx, layer.weight().gradient().copy(), layer.parameters().get(1).gradient().copy()};
      if (reference == null) {
        reference = results;
      }
      for (int i = 0; i < results.length; i++) {
        assertThat(results[i]).as("result %s with groups of %s values", i, budget).isEqualTo(reference[i]);
      }
    }
  }

  @Test
  void aSmallCnnFollowsPyTorchsTrainingTrajectory() {
    Network network =
        Network.builder()
            .input(Shape.of(1, 9, 9))
            .conv2d(4, 3, "1", Fixtures.relu())
            .batchNorm()
            .layer("max_pool2d", LayerConfig.builder().set("kernel_size", 3).set("stride", 2).build())
            .layer(
                "conv2d",
                LayerConfig.builder()
                    .set("out_channels", 6)
                    .set("kernel_size", "2,3")
                    .set("activation", Fixtures.tanh())
                    .build())
            .layer("avg_pool2d", LayerConfig.builder().set("kernel_size", 2).set("stride", 1).build())
            .globalAvgPool2d()
            .dense(3, Fixtures.softmax())
            .loss(Losses.categoricalCrossEntropy())
            .seed(1)
            .build();
    StateDict fixtures = FIXTURES.tensors();
    network.loadStateDict(fixtures.filter("cnn.initial.", true));
    Trainer trainer = Trainer.of(network, new Fixtures.MomentumSgd(0.1, 0.9));
    Tensor losses = fixtures.get("cnn.loss");
    for (int step = 0; step < 6; step++) {
      double loss = trainer.step(FIXTURES.matrix("cnn.x." + step), FIXTURES.matrix("cnn.y." + step));
      assertThat(Fixtures.relativeError(loss, losses.get(step))).as("loss of step %s", step).isLessThan(1e-9);
    }
    StateDict expected = fixtures.filter("cnn.final.", true);
    StateDict actual = network.stateDict();
    assertThat(actual.names()).containsExactlyElementsOf(expected.names());
    for (String name : expected.names()) {
      FIXTURES.assertClose("cnn.final." + name, Matrix.rowVector(actual.get(name).values()), 1e-9);
    }
    FIXTURES.assertClose("cnn.eval_y", network.predict(FIXTURES.matrix("cnn.x.0")), 1e-9);
  }
}
