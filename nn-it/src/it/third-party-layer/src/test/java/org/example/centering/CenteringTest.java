package org.example.centering;

import static dev.nn4j.core.losses.Losses.mse;
import static dev.nn4j.optim.Optimizers.sgd;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.nn4j.core.FitOptions;
import dev.nn4j.core.History;
import dev.nn4j.core.LayerConfig;
import dev.nn4j.core.LayerFactory;
import dev.nn4j.core.Network;
import dev.nn4j.core.Predictor;
import dev.nn4j.core.Shape;
import dev.nn4j.core.check.GradientCheck;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The third party's layer: correct gradients, found by name, trained, saved and loaded, served. */
class CenteringTest {
  @TempDir Path dir;

  /** Features around (100, -50, 3), a target that depends on their deviations. */
  private static double[][][] data(long seed) {
    Random random = new Random(seed);
    double[][] x = new double[64][3];
    double[][] y = new double[64][1];
    for (int i = 0; i < 64; i++) {
      x[i][0] = 100 + random.nextGaussian();
      x[i][1] = -50 + random.nextGaussian();
      x[i][2] = 3 + random.nextGaussian();
      y[i][0] = 0.5 * (x[i][0] - 100) - (x[i][1] + 50) + 0.25 * (x[i][2] - 3);
    }
    return new double[][][] {x, y};
  }

  private static Network network() {
    return Network.builder()
        .input(3)
        .layer("centering", LayerConfig.builder().set("momentum", 0.2).build()) // found through META-INF/services
        .dense(1, "identity")
        .loss(mse())
        .optimizer(sgd(0.05))
        .seed(7)
        .build();
  }

  @Test
  void passesTheGradientCheckInTrainingAndInference() {
    GradientCheck.Result result = GradientCheck.check(input -> new Centering(input, 0.1), Shape.of(4)).assertOk();
    assertThat(result.checked()).isGreaterThan(20);
  }

  @Test
  void isFoundByNameAndRebuiltFromItsConfiguration() {
    Centering layer = (Centering) LayerFactory.named("centering", LayerConfig.builder().set("momentum", 0.3).build()).create(Shape.of(5));
    assertThat(layer.outputShape()).isEqualTo(Shape.of(5));
    assertThat(layer.config()).isEqualTo(LayerConfig.builder().set("momentum", 0.3).build());
    assertThat(network().stateDict().names()).containsExactly("layers.0.shift", "layers.0.running_mean", "layers.1.weight", "layers.1.bias");
  }

  @Test
  void trainsAndItsRunningMeanFollowsTheData() {
    double[][][] d = data(1);
    Network network = network();
    History history = network.fit(d[0], d[1], FitOptions.builder().epochs(40).batchSize(16).build());
    assertThat(history.loss().get(history.epochs() - 1)).isLessThan(history.loss().get(0) / 10);
    double[] running = network.stateDict().get("layers.0.running_mean").values();
    assertThat(running[0]).isCloseTo(100, within(0.5));
    assertThat(running[1]).isCloseTo(-50, within(0.5));
  }

  @Test
  void savesAndLoadsWithItsBufferAndPredictsTheSameBits() throws Exception {
    double[][][] d = data(2);
    Network network = network();
    network.fit(d[0], d[1], FitOptions.builder().epochs(5).batchSize(16).build());
    Path file = dir.resolve("centering.safetensors");
    network.save(file);
    Network loaded = Network.load(file);
    assertThat(loaded.stateDict()).isEqualTo(network.stateDict());
    assertThat(loaded.predict(d[0])).isDeepEqualTo(network.predict(d[0]));
  }

  @Test
  void servesThroughAPredictorThatTrainingDoesNotChange() {
    double[][][] d = data(3);
    Network network = network();
    network.fit(d[0], d[1], FitOptions.builder().epochs(5).batchSize(16).build());
    Predictor predictor = network.predictor();
    double[] before = network.predict(d[0][0]);
    assertThat(predictor.predict(d[0][0])).isEqualTo(before);
    network.fit(d[0], d[1], FitOptions.builder().epochs(1).batchSize(16).build());
    assertThat(network.predict(d[0][0])).isNotEqualTo(before);
    assertThat(predictor.predict(d[0][0])).isEqualTo(before);
  }
}
