package org.example.usesmish;

import static dev.nn4j.core.losses.Losses.binaryCrossEntropy;
import static dev.nn4j.optim.Optimizers.adam;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nn4j.core.FitOptions;
import dev.nn4j.core.History;
import dev.nn4j.core.LayerConfig;
import dev.nn4j.core.Network;
import java.nio.file.Path;
import org.example.centering.Centering;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model with a third party's layer (a parameter and a buffer), loaded in fresh JVMs: the same predictions,
 * to the bit, through {@code predict} and through {@code predictor()}, where the layer's jar is on the class
 * path; a ModelFormatException naming the layer and the known layer types where it is not.
 */
class CenteringModelInOtherJvmsTest {
  private static final double[][] INPUTS = {{0, 0}, {0, 1}, {1, 0}, {1, 1}};
  private static final double[][] TARGETS = {{0}, {1}, {1}, {0}};

  @TempDir static Path dir;
  static Path model;
  static Network network;

  @BeforeAll
  static void trainAndSave() throws Exception {
    network =
        Network.builder()
            .input(2)
            .layer("centering", LayerConfig.empty()) // found through the jar's META-INF/services entry
            .dense(8, "tanh")
            .dense(1, "sigmoid")
            .loss(binaryCrossEntropy())
            .optimizer(adam(0.05))
            .seed(5)
            .build();
    History history = network.fit(INPUTS, TARGETS, FitOptions.builder().epochs(300).batchSize(4).build());
    assertThat(history.loss().get(history.epochs() - 1)).isLessThan(history.loss().get(0) / 2);
    assertThat(network.layers().get(0)).isInstanceOf(Centering.class);
    model = dir.resolve("centering-model.safetensors");
    network.save(model);
  }

  @Test
  void anotherJvmWithTheLayersJarPredictsAndServesTheSameBits() throws Exception {
    ChildJvm.Run run = ChildJvm.predict(ChildJvm.classPath(), model);

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output()).contains("centering on class path: true");
    for (int i = 0; i < PredictFromFile.INPUTS.length; i++) {
      String expected = PredictFromFile.bits(network.predict(PredictFromFile.INPUTS[i])[0]);
      assertThat(run.output()).as("sample %s", i).containsPattern("(?m)^prediction " + i + " " + expected + "$");
      assertThat(run.output()).as("sample %s", i).containsPattern("(?m)^served " + i + " " + expected + "$");
    }
  }

  @Test
  void anotherJvmWithoutTheLayersJarFailsNamingTheLayerAndTheKnownTypes() throws Exception {
    String jar = ChildJvm.jarOf(Centering.class, "nn4j-centering-1.0.0.jar");

    ChildJvm.Run run = ChildJvm.predict(ChildJvm.classPathWithout(jar), model);

    assertThat(run.exitCode()).as(run.output()).isEqualTo(PredictFromFile.MODEL_FORMAT_ERROR);
    assertThat(run.output())
        .contains("centering on class path: false")
        .contains("ModelFormatException: ")
        .contains("layer 0 ('centering') cannot be created here: Unknown layer type 'centering'.")
        .contains("Known layer type names: [avg_pool2d, batch_norm, conv2d, dense, dropout, embedding, flatten, global_avg_pool2d, gru, layer_norm, lstm, max_pool2d, reshape, rnn]")
        .contains("META-INF/services/dev.nn4j.core.LayerProvider")
        .doesNotContain("prediction ");
  }
}
