package dev.nn4j.core.io;

import dev.nn4j.core.Activation;
import dev.nn4j.core.Network;
import dev.nn4j.core.init.Initializers;
import dev.nn4j.core.losses.Losses;
import java.nio.file.Path;
import java.util.Map;

/**
 * The network in {@code src/test/resources/models/golden-v1.safetensors}, a model file written by format
 * version 1 and committed, so that every later nn4j proves it still reads it. Only nn-core's own
 * components and the test activations of {@link TestActivations} (registered on nn-core's test class path)
 * appear in it: 3 inputs, dense 4 ({@code golden_tanh}), dropout 0.5, dense 2 ({@code golden_leaky_relu},
 * slope 0.2), Huber loss with {@code δ = 0.75}.
 *
 * <p>To write the file again (only if format 1 itself was wrong; a new format gets a new golden file), run
 * {@code mvn -o -q test -pl nn-core -Dtest=GoldenFileGenerator -Dnn4j.writeGolden=true} and paste the
 * predictions it prints into {@link GoldenFileTest}.
 */
final class GoldenFile {
  /** Where the file lives in the source tree, from the nn-core folder. */
  static final Path SOURCE = Path.of("src", "test", "resources", "models", "golden-v1.safetensors");
  /** Its name on the test class path. */
  static final String RESOURCE = "/models/golden-v1.safetensors";

  static final double[][] WEIGHTS_0 = {
    {0.5, -0.25, 0.125}, {-0.3, 0.7, 0.2}, {1.1, 0.05, -0.9}, {-0.01, -0.6, 0.45}
  };
  static final double[] BIAS_0 = {0.1, -0.2, 0.0, 0.3};
  static final double[][] WEIGHTS_2 = {{0.8, -1.3, 0.6, 0.25}, {-0.4, 0.9, -0.75, 1.2}};
  static final double[] BIAS_2 = {0.05, -0.15};

  /** The samples whose predictions {@link GoldenFileTest} checks. */
  static final double[][] INPUTS = {
    {0, 0, 0}, {1, -2, 0.5}, {-1.5, 0.25, 3}, {10, -10, 0.1}, {0.3, 0.3, -0.3}
  };

  private GoldenFile() {}

  /** The network the golden file holds. */
  static Network network() {
    return Network.builder()
        .input(3)
        .dense(4, Activation.named("golden_tanh"), Initializers.values(WEIGHTS_0, BIAS_0))
        .dropout(0.5)
        .dense(2, Activation.named("golden_leaky_relu", Map.of("slope", "0.2")), Initializers.values(WEIGHTS_2, BIAS_2))
        .loss(Losses.huber(0.75))
        .seed(1)
        .build();
  }
}
