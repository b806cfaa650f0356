package dev.nn4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.nn4j.core.losses.Losses;
import dev.nn4j.core.math.Matrix;
import dev.nn4j.core.testing.TestSigmoid;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Shapes thread through the builder (sizes are never given twice), a shape that does not fit names the
 * layer and both shapes, every layer is found by name and rebuilt from its configuration, and loss fusion
 * goes by capability, not by class.
 */
class ShapesAndLayersTest {

  @Test
  void aShapeKnowsItsSizesAndPrintsAsPyTorch() {
    Shape image = Shape.of(1, 28, 28);
    assertThat(image.rank()).isEqualTo(3);
    assertThat(image.size()).isEqualTo(784);
    assertThat(image.dim(-1)).isEqualTo(28);
    assertThat(image.from(1)).isEqualTo(Shape.of(28, 28));
    assertThat(image.withLast(10)).isEqualTo(Shape.of(1, 28, 10));
    assertThat(image).hasToString("[1, 28, 28]");
    assertThat(Shape.parse(image.toConfig())).isEqualTo(image);
    assertThat(Shape.scalar().size()).isEqualTo(1);
    assertThat(Shape.scalar()).hasToString("[]");
    assertThatThrownBy(() -> Shape.of(3, 0)).hasMessage("Expected positive sizes in a shape, got [3, 0]");
    assertThatThrownBy(() -> Shape.parse("3,x")).hasMessageContaining("got '3,x'");
    assertThatThrownBy(() -> Shape.of(100_000, 100_000)).hasMessageContaining("more values than a Java array holds");
    assertThatThrownBy(() -> image.dim(3)).hasMessage("Shape [1, 28, 28] has no dimension 3");
  }

  @Test
  void theBuilderThreadsShapesFromTheInput() {
    Network network =
        Network.builder()
            .input(Shape.of(2, 3))
            .dense(4, new TestSigmoid())
            .layerNorm()
            .flatten()
            .dense(6, new TestSigmoid())
            .reshape(3, 2)
            .batchNorm()
            .flatten()
            .dense(1, new TestSigmoid())
            .loss(Losses.mse())
            .seed(1)
            .build();
    assertThat(network.layers()).extracting(Layer::outputShape)
        .containsExactly(Shape.of(2, 4), Shape.of(2, 4), Shape.of(8), Shape.of(6), Shape.of(3, 2), Shape.of(3, 2), Shape.of(6), Shape.of(1));
    assertThat(network.inputShape()).isEqualTo(Shape.of(2, 3));
    assertThat(network.inputSize()).isEqualTo(6);
    // A dense layer on [2, 3] samples has 3 inputs per neuron, applied to each row.
    assertThat(network.stateDict().get("layers.0.weight").shape()).isEqualTo(Shape.of(4, 3));
    assertThat(network.stateDict().names())
        .containsExactly(
            "layers.0.weight", "layers.0.bias", "layers.1.weight", "layers.1.bias", "layers.3.weight", "layers.3.bias",
            "layers.5.weight", "layers.5.bias", "layers.5.running_mean", "layers.5.running_var", "layers.5.num_batches_tracked",
            "layers.7.weight", "layers.7.bias");
    String summary = network.summary();
    assertThat(summary)
        .contains("layers.0 (dense, test_sigmoid)", "(None, 2, 4)")
        .contains("layers.4 (reshape)", "(None, 3, 2)")
        .contains("layers.5 (batch_norm)")
        .contains("Total params: 97 (trainable: 91, non-trainable: 6)")
        .contains("Input: [2, 3] (6 values per sample)");
  }

  @Test
  void aDenseLayerOnASequenceActsOnEveryStep() {
    Network sequence = Network.builder().input(Shape.of(3, 2)).dense(4, new TestSigmoid()).loss(Losses.mse()).seed(5).build();
    Network step = Network.builder().input(2).dense(4, new TestSigmoid()).loss(Losses.mse()).seed(9).build();
    step.loadStateDict(sequence.stateDict());
    double[] sample = {0.5, -1, 2, 0.25, -0.75, 1.5};
    double[] out = sequence.predict(sample);
    for (int t = 0; t < 3; t++) {
      double[] expected = step.predict(new double[] {sample[2 * t], sample[2 * t + 1]});
      assertThat(java.util.Arrays.copyOfRange(out, 4 * t, 4 * t + 4)).isEqualTo(expected);
    }
  }

  @Test
  void aShapeThatDoesNotFitNamesTheLayerAndBothShapes() {
    assertThatThrownBy(() -> Network.builder().input(784).reshape(10, 10).loss(Losses.mse()).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Layer 0 does not fit its input of shape [784]: Cannot reshape samples of shape [784] (784 values) to [10, 10]"
            + " (100 values)");
    assertThatThrownBy(
            () -> Network.builder().input(Shape.of(4)).layer("layer_norm", LayerConfig.builder().set("dims", 2).build())
                .loss(Losses.mse()).build())
        .hasMessage("Layer 0 does not fit its input of shape [4]: Layer normalization over the last 2 dimension(s) needs"
            + " samples of at least that rank, got shape [4]");
    assertThatThrownBy(
            () -> Network.builder().input(4).dense(3, new TestSigmoid()).layer(in -> new dev.nn4j.core.layers.Dropout(Shape.of(4), 0.1))
                .loss(Losses.mse()).build())
        .hasMessage("Layer 1 (dropout) takes samples of shape [4], but the layer before it gives [3]");
  }

  @Test
  void aSoftmaxOverEachRowIsNotTakenForOneDistributionPerSampleUnlessTheRowsAreSteps() {
    assertThatThrownBy(
            () -> Network.builder().input(Shape.of(2, 3, 4)).dense(2, TrainingFixtures.softmax())
                .loss(Losses.categoricalCrossEntropy()).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("The softmax output layer gives samples of shape [2, 3, 2], one distribution per row of the last"
            + " dimension, but categorical_cross_entropy takes one distribution per sample, or per step of an input"
            + " sequence of shape [T, F] when the output is [T, K]: flatten first");
    // Over the steps of a sequence [3, 4], one distribution per step: the loss takes one row per step.
    assertThat(Network.builder().input(Shape.of(3, 4)).dense(2, TrainingFixtures.softmax())
        .loss(Losses.categoricalCrossEntropy()).seed(1).build().outputShape()).isEqualTo(Shape.of(3, 2));
    // Flattened first, the softmax is over the whole sample, as the loss takes it.
    Network network = Network.builder().input(Shape.of(3, 4)).flatten().dense(2, TrainingFixtures.softmax())
        .loss(Losses.categoricalCrossEntropy()).seed(1).build();
    assertThat(network.outputShape()).isEqualTo(Shape.of(2));
  }

  @Test
  void aCounterTakesOnlyWholeNumbers() {
    Network network = Network.builder().input(3).batchNorm().loss(Losses.mse()).seed(1).build();
    StateDict before = network.stateDict();
    Map<String, Tensor> half = new java.util.LinkedHashMap<>(before.asMap());
    half.put("layers.0.num_batches_tracked", Tensor.of(Shape.scalar(), 0.5));
    assertThatThrownBy(() -> network.loadStateDict(StateDict.of(half)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Tensor 'layers.0.num_batches_tracked' holds 0.5 at index 0; expected whole numbers of magnitude up to"
            + " 2^53 in a counter");
    assertThat(network.stateDict()).isEqualTo(before);
    Map<String, Tensor> whole = new java.util.LinkedHashMap<>(before.asMap());
    whole.put("layers.0.num_batches_tracked", Tensor.of(Shape.scalar(), 7));
    network.loadStateDict(StateDict.of(whole));
    assertThat(network.stateDict().get("layers.0.num_batches_tracked")).isEqualTo(Tensor.ofIntegers(Shape.scalar(), 7));
  }

  @Test
  void layersAreFoundByNameAndTheErrorsListTheKnownTypes() {
    assertThatThrownBy(() -> Network.builder().input(3).layer("conv9d", LayerConfig.empty()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Layer 0 (conv9d): Unknown layer type 'conv9d'. Known layer type names: [avg_pool2d, batch_norm,"
            + " conv2d, dense, dropout, embedding, flatten, global_avg_pool2d, gru, layer_norm, lstm, max_pool2d, reshape, rnn]. To add one, put a jar on the class path that lists its provider in"
            + " META-INF/services/dev.nn4j.core.LayerProvider");
    assertThatThrownBy(() -> Network.builder().input(3).layer("batch_norm", LayerConfig.builder().set("momentum", 2.0).build()))
        .hasMessage("Layer 0 (batch_norm): Expected 'momentum' of layer 'batch_norm' in [0.0, 1.0], got 2.0");
    assertThatThrownBy(() -> Network.builder().input(3).layer("batch_norm", LayerConfig.of(Map.of("momentun", "0.2"))))
        .hasMessageContaining("Unknown configuration key 'momentun' for layer 'batch_norm': expected one of [momentum, eps, affine]");
    assertThatThrownBy(() -> LayerFactory.named("dense", LayerConfig.of(Map.of("units", "3"))))
        .hasMessageContaining("Expected 'activation' for layer 'dense'");
  }

  @Test
  void everyLayerIsRebuiltFromItsTypeAndConfiguration() {
    Network network =
        Network.builder()
            .input(Shape.of(2, 3))
            .dense(4, Activation.named("golden_leaky_relu", Map.of("slope", "0.3")))
            .layer("layer_norm", LayerConfig.builder().set("dims", 2).set("eps", 1e-3).set("elementwise_affine", false).build())
            .flatten()
            .layer("batch_norm", LayerConfig.builder().set("momentum", 0.25).set("affine", false).build())
            .dropout(0.125)
            .reshape(4, 2)
            .loss(Losses.mse())
            .seed(3)
            .build();
    for (Layer layer : network.layers()) {
      Layer rebuilt = LayerFactory.named(layer.type(), LayerConfig.of(layer.config().toStrings())).create(layer.inputShape());
      assertThat(rebuilt.getClass()).isEqualTo(layer.getClass());
      assertThat(rebuilt.config()).isEqualTo(layer.config());
      assertThat(rebuilt.outputShape()).isEqualTo(layer.outputShape());
    }
    assertThat(network.layers().get(0).config().toStrings())
        .isEqualTo(Map.of("units", "4", "activation", "golden_leaky_relu", "activation.slope", "0.3"));
  }

  @Test
  void anyLayerWithAnActivationFusesWithTheLossThatCan() {
    // A layer of the test's own that only applies a sigmoid: binary cross-entropy fuses with it, so logits of
    // 1000 give the exact loss 1000 instead of the clamped log's 100.
    Network network =
        Network.builder().input(1).layer(ActivationOnly::new).loss(Losses.binaryCrossEntropy()).seed(1).build();
    Matrix logits = Matrix.of(new double[][] {{1000}, {-1000}});
    Matrix targets = Matrix.of(new double[][] {{0}, {1}});
    assertThat(network.loss(logits, targets)).isCloseTo(1000, within(1e-9));
    Gradients gradients = network.gradients(logits, targets);
    assertThat(gradients.names()).isEmpty();
    // Through the same layer with mean squared error (which does not fuse), the sigmoid saturates.
    Network unfused = Network.builder().input(1).layer(ActivationOnly::new).loss(Losses.mse()).seed(1).build();
    assertThat(unfused.loss(logits, targets)).isEqualTo(1.0);
    // And a loss that needs probabilities refuses an output declared as not being any.
    assertThatThrownBy(
            () -> Network.builder().input(1).layer(in -> new ActivationOnly(in, TrainingFixtures.tanh())).loss(Losses.binaryCrossEntropy())
                .build())
        .hasMessageContaining("uses tanh, whose outputs are not probabilities");
  }

  /** {@code a = f(x)}, no parameters: an activated layer that is not a dense one. */
  private static final class ActivationOnly implements ActivatedLayer {
    private final Shape shape;
    private final Activation activation;

    ActivationOnly(Shape shape) {
      this(shape, new TestSigmoid());
    }

    ActivationOnly(Shape shape, Activation activation) {
      this.shape = shape;
      this.activation = activation;
    }

    @Override
    public String type() {
      return "activation_only";
    }

    @Override
    public LayerConfig config() {
      return LayerConfig.builder().set("activation", activation).build();
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
    public Activation activation() {
      return activation;
    }

    @Override
    public Matrix preActivation(Pass pass) {
      return pass.kept(this, "z");
    }

    @Override
    public Matrix forward(Matrix input, Pass pass) {
      Matrix a = pass.buffer(this, "a", input.rows(), input.cols());
      activation.forward(input, a);
      pass.keep(this, "z", input);
      return a;
    }

    @Override
    public Matrix backward(Matrix outputGradient, Pass pass) {
      if (!pass.needsInputGradient(this)) {
        return null;
      }
      if (pass.isFusedOutput(this)) {
        return outputGradient;
      }
      Matrix dz = pass.buffer(this, "dz", outputGradient.rows(), outputGradient.cols());
      activation.backward(pass.kept(this, "z"), pass.kept(this, "a"), outputGradient, dz);
      return dz;
    }

    @Override
    public List<Parameter> parameters() {
      return List.of();
    }
  }
}
