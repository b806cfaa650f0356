package org.example.usesmish;

import static dev.nn4j.core.losses.Losses.binaryCrossEntropy;
import static dev.nn4j.optim.Optimizers.adam;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nn4j.core.FitOptions;
import dev.nn4j.core.History;
import dev.nn4j.core.Network;
import dev.nn4j.core.layers.Dense;
import java.nio.file.Path;
import org.example.mish.Mish;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model that uses a third party's activation by name, loaded in fresh JVMs: the same predictions, to the
 * bit, where the activation's jar is on the class path; a clear ModelFormatException where it is not.
 */
class MishModelInOtherJvmsTest {
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
            .dense(8, "mish") // found through the Mish jar's META-INF/services entry
            .dense(1, "sigmoid")
            .loss(binaryCrossEntropy())
            .optimizer(adam(0.05))
            .seed(3)
            .build();
    History history = network.fit(INPUTS, TARGETS, FitOptions.builder().epochs(200).batchSize(4).build());
    assertThat(history.loss().get(history.epochs() - 1)).isLessThan(history.loss().get(0) / 2);
    model = dir.resolve("mish-model.safetensors");
    network.save(model);
  }

  @Test
  void theNetworkUsesMishFromTheThirdPartyJar() {
    assertThat(((Dense) network.layers().get(0)).activation()).isInstanceOf(Mish.class);
  }

  @Test
  void anotherJvmWithTheMishJarPredictsTheSameBits() throws Exception {
    ChildJvm.Run run = ChildJvm.predict(ChildJvm.classPath(), model);

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output()).contains("mish on class path: true");
    for (int i = 0; i < PredictFromFile.INPUTS.length; i++) {
      String expected = PredictFromFile.bits(network.predict(PredictFromFile.INPUTS[i])[0]);
      assertThat(run.output()).as("sample %s", i).containsPattern("(?m)^prediction " + i + " " + expected + "$");
    }
  }

  @Test
  void anotherJvmWithoutTheMishJarFailsNamingMishAndTheKnownNames() throws Exception {
    String mishJar = ChildJvm.jarOf(Mish.class, "nn4j-mish-1.0.0.jar");

    ChildJvm.Run run = ChildJvm.predict(ChildJvm.classPathWithout(mishJar), model);

    assertThat(run.exitCode()).as(run.output()).isEqualTo(PredictFromFile.MODEL_FORMAT_ERROR);
    assertThat(run.output())
        .contains("mish on class path: false")
        .contains("ModelFormatException: ")
        .contains("'mish'")
        .contains("sigmoid", "relu", "tanh")
        .doesNotContain("prediction ");
    String message = run.output().substring(run.output().indexOf("ModelFormatException: "));
    assertThat(message).containsPattern("names: \\[[^\\]]*sigmoid[^\\]]*\\]");
  }
}
