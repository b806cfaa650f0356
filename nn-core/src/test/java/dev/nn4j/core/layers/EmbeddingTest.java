package dev.nn4j.core.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nn4j.core.LayerConfig;
import dev.nn4j.core.Network;
import dev.nn4j.core.Pass;
import dev.nn4j.core.Shape;
import dev.nn4j.core.StateDict;
import dev.nn4j.core.Tensor;
import dev.nn4j.core.check.GradientCheck;
import dev.nn4j.core.losses.Losses;
import dev.nn4j.core.math.Matrix;
import dev.nn4j.core.testing.TestSigmoid;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The embedding layer equals PyTorch's {@code nn.Embedding} in float64 (outputs and weight gradients, with
 * and without a padding index, and on a padded batch with lengths), passes the gradient check of its
 * weights, round-trips through a model file, and refuses bad ids by row and step. The reference values come
 * from {@code src/test/python/embedding_fixtures.py}, committed as {@code fixtures/embedding.safetensors}.
 */
class EmbeddingTest {
  private static final Fixtures FIXTURES = Fixtures.read("embedding.safetensors");
  private static final StateDict fixtures = FIXTURES.tensors();

  @ParameterizedTest
  @ValueSource(strings = {"emb_plain", "emb_padding", "emb_negative_padding", "emb_lengths"})
  void equalsPyTorch(String name) {
    Matrix ids = FIXTURES.matrix(name + ".x");
    Tensor weight = fixtures.get(name + ".weight");
    Integer paddingIdx =
        switch (name) {
          case "emb_padding" -> 0;
          case "emb_negative_padding" -> -1;
          default -> null;
        };
    Embedding layer = new Embedding(Shape.of(ids.cols()), weight.shape().dim(0), weight.shape().dim(1), paddingIdx);
    FIXTURES.setParameters(layer, name);
    Pass pass = Pass.forInference();
    if (fixtures.contains(name + ".lengths")) {
      double[] lengths = fixtures.get(name + ".lengths").values();
      pass.setLengths(java.util.Arrays.stream(lengths).mapToInt(v -> (int) v).toArray());
    }

    FIXTURES.assertClose(name + ".y", layer.forward(ids, pass), 1e-12);
    layer.backward(FIXTURES.matrix(name + ".g"), pass);
    FIXTURES.assertClose(name + ".dweight", layer.weight().gradient(), 1e-12);
  }

  @Test
  void negativePaddingIndexCountsFromTheEndAndIsStoredNormalized() {
    Embedding layer = new Embedding(Shape.of(3), 5, 2, -1);

    assertThat(layer.paddingIdx()).isEqualTo(4);
    assertThat(layer.config().toStrings()).containsEntry("padding_idx", "4");
  }

  @Test
  void passesTheGradientCheckOfItsWeightsWithAndWithoutLengths() {
    Network network =
        Network.builder()
            .input(Shape.of(4))
            .embedding(6, 3)
            .dense(2, new TestSigmoid())
            .flatten()
            .loss(Losses.mse())
            .seed(7)
            .build();
    Matrix ids = Matrix.of(new double[][] {{1, 5, 2, 2}, {0, 3, 4, 5}, {2, 1, 1, 1}});
    Matrix targets = Matrix.of(new double[][] {{0.1, 0.9, 0.3, 0.2, 0.5, 0.5, 0.7, 0.1}, {0.4, 0.4, 0.6, 0.1, 0.3, 0.8, 0.2, 0.6},
        {0.9, 0.1, 0.5, 0.5, 0.3, 0.3, 0.2, 0.8}});

    GradientCheck.Result all = GradientCheck.checkParameters(network, ids, targets, null).assertWithin(1e-6);
    GradientCheck.Result padded = GradientCheck.checkParameters(network, ids, targets, new int[] {2, 4, 1}).assertWithin(1e-6);

    assertThat(all.checked()).isEqualTo(18 + 8);
    assertThat(padded.checked()).isEqualTo(18 + 8);
    // Padded steps add no gradient: with lengths {2, 4, 1}, id 2 occurs only at padded steps, so its row gets none.
    Matrix padding = Matrix.of(new double[][] {{1, 5, 2, 2}, {0, 3, 4, 5}, {4, 2, 2, 2}});
    Pass pass = Pass.forInference();
    pass.setLengths(new int[] {2, 4, 1});
    assertThat(network.gradients(padding, targets, pass).get("layers.0.weight").toArray()[2]).containsOnly(0.0);
  }

  @Test
  void startsFromAStandardNormalWithTheZeroPaddingRow() {
    Network network = Network.builder().input(Shape.of(2)).embedding(400, 5, 0).flatten().loss(Losses.mse()).seed(3).build();
    double[][] w = network.weights(0);

    assertThat(w[0]).containsOnly(0.0);
    double sum = 0;
    double squares = 0;
    for (int i = 1; i < w.length; i++) {
      for (double v : w[i]) {
        sum += v;
        squares += v * v;
      }
    }
    int count = 399 * 5;
    assertThat(sum / count).isCloseTo(0.0, org.assertj.core.data.Offset.offset(0.1));
    assertThat(squares / count).isCloseTo(1.0, org.assertj.core.data.Offset.offset(0.1));
  }

  @Test
  void isRegisteredByNameAndRoundTripsThroughAModelFile() throws Exception {
    Network network =
        Network.builder()
            .input(Shape.of(3))
            .layer("embedding", LayerConfig.builder().set("num_embeddings", 4).set("embedding_dim", 2).set("padding_idx", 1).build())
            .flatten()
            .loss(Losses.mse())
            .seed(11)
            .build();
    double[] ids = {3, 1, 0};

    Network loaded = Network.fromBytes(network.toBytes());

    assertThat(loaded.layers().get(0)).isInstanceOf(Embedding.class);
    assertThat(((Embedding) loaded.layers().get(0)).paddingIdx()).isEqualTo(1);
    assertThat(loaded.predict(ids)).containsExactly(network.predict(ids));
    assertThat(network.predictor().predict(ids)).containsExactly(network.predict(ids));
    assertThat(network.predict(ids)).containsExactly(network.weights(0)[3][0], network.weights(0)[3][1], 0, 0,
        network.weights(0)[0][0], network.weights(0)[0][1]);
  }

  @Test
  void hasNoInputGradientAndReturnsZerosWhenOneIsAskedFor() {
    Network network = Network.builder().input(Shape.of(2)).embedding(3, 2).flatten().loss(Losses.mse()).seed(5).build();

    Matrix dx = network.inputGradients(Matrix.of(new double[][] {{1, 2}}), Matrix.of(new double[][] {{1, 1, 1, 1}}), Pass.forInference());

    assertThat(dx.toArray()).isEqualTo(new double[][] {{0, 0}});
  }

  @Test
  void refusesAnIdOutsideTheTableOrNotWholeNamingItsRowAndStep() {
    Network network = Network.builder().input(Shape.of(3)).embedding(4, 2).flatten().loss(Losses.mse()).seed(5).build();

    assertThatThrownBy(() -> network.predict(new double[][] {{0, 1, 2}, {3, 4, 0}}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("whole numbers in [0, 4)")
        .hasMessageContaining("got 4.0 in row 1, step 1");
    assertThatThrownBy(() -> network.predict(new double[] {0, -1, 2}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("got -1.0 in row 0, step 1");
    assertThatThrownBy(() -> network.predict(new double[] {0, 1, 2.5}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("got 2.5 in row 0, step 2");
  }

  @Test
  void refusesBadConfigurationsAndInputShapes() {
    assertThatThrownBy(() -> new Embedding(Shape.of(2, 3), 4, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("samples of shape [T], got samples of shape [2, 3]");
    assertThatThrownBy(() -> Network.builder().input(Shape.of(3)).embedding(4, 2, 4))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("padding_idx")
        .hasMessageContaining("[-4, 4)")
        .hasMessageContaining("got 4");
    assertThatThrownBy(() -> Network.builder().input(Shape.of(3)).embedding(0, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("num_embeddings");
  }
}
