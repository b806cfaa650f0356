package dev.nn4j.core;

import dev.nn4j.core.Activation;
import dev.nn4j.core.Network;
import dev.nn4j.core.init.Initializers;
import dev.nn4j.core.losses.Losses;
import java.nio.file.Path;
import java.util.Map;

/**
 * The networks of the committed golden model files, so that every later nn4j proves it still reads them.
 * Only nn-core's own components and the test activations of {@link TestActivations} (registered on
 * nn-core's test class path) appear in them.
 *
 * <ul>
 *   <li>{@code src/test/resources/models/golden-v1.safetensors}, written by format version 1: 3 inputs, dense
 *       4 ({@code golden_tanh}), dropout 0.5, dense 2 ({@code golden_leaky_relu}, slope 0.2), Huber loss with
 *       {@code δ = 0.75}. It cannot be written again: this version writes format 2.
 *   <li>{@code src/test/resources/models/golden-v2.safetensors}, written by format version 2: samples {@code
 *       [2, 3]}, dense 4 on each row ({@code golden_tanh}), layer norm, flatten, dense 5 ({@code
 *       golden_leaky_relu}, slope 0.2), batch norm (with running statistics and a count), dropout 0.25,
 *       reshape to {@code [1, 5]}, flatten, dense 2 ({@code golden_tanh}); Huber loss with {@code δ = 0.75}.
 * </ul>
 *
 * <p>To write the format-2 file again (only if format 2 itself was wrong; a new format gets a new golden
 * file), run {@code mvn -o -q test -pl nn-core -Dtest=GoldenFileGenerator -Dnn4j.writeGolden=true} and paste
 * the predictions it prints into {@link GoldenFileTest}.
 */
final class GoldenFile {
  /** The name of the format-1 file on the test class path. */
  static final String RESOURCE = "/models/golden-v1.safetensors";
  /** Where the format-2 file lives in the source tree, from the nn-core folder. */
  static final Path SOURCE_V2 = Path.of("src", "test", "resources", "models", "golden-v2.safetensors");
  /** Its name on the test class path. */
  static final String RESOURCE_V2 = "/models/golden-v2.safetensors";

  static final double[][] WEIGHTS_0 = {
    {0.5, -0.25, 0.125}, {-0.3, 0.7, 0.2}, {1.1, 0.05, -0.9}, {-0.01, -0.6, 0.45}
  };
  static final double[] BIAS_0 = {0.1, -0.2, 0.0, 0.3};
  static final double[][] WEIGHTS_2 = {{0.8, -1.3, 0.6, 0.25}, {-0.4, 0.9, -0.75, 1.2}};
  static final double[] BIAS_2 = {0.05, -0.15};

  /** The samples whose predictions {@link GoldenFileTest} checks in the format-1 file. */
  static final double[][] INPUTS = {
    {0, 0, 0}, {1, -2, 0.5}, {-1.5, 0.25, 3}, {10, -10, 0.1}, {0.3, 0.3, -0.3}
  };

  /** The samples whose predictions {@link GoldenFileTest} checks in the format-2 file. */
  static final double[][] INPUTS_V2 = {
    {0, 0, 0, 0, 0, 0}, {1, -2, 0.5, 0.25, 3, -1}, {-1.5, 0.25, 3, 10, -10, 0.1}, {0.3, 0.3, -0.3, 2, -0.7, 1.1}
  };

  private GoldenFile() {}

  /** The network of the format-2 file: built, then given a state dict whose values follow a formula. */
  static Network networkV2() {
    Network network =
        Network.builder()
            .input(Shape.of(2, 3))
            .dense(4, Activation.named("golden_tanh"))
            .layerNorm()
            .flatten()
            .dense(5, Activation.named("golden_leaky_relu", Map.of("slope", "0.2")))
            .batchNorm()
            .dropout(0.25)
            .reshape(1, 5)
            .flatten()
            .dense(2, Activation.named("golden_tanh"))
            .loss(Losses.huber(0.75))
            .seed(2)
            .build();
    Map<String, Tensor> tensors = new java.util.LinkedHashMap<>();
    int k = 0;
    for (Map.Entry<String, Tensor> e : network.stateDict().asMap().entrySet()) {
      Tensor t = e.getValue();
      double[] values = new double[t.size()];
      for (int i = 0; i < values.length; i++, k++) {
        // Exact binary fractions, so the file's bytes do not depend on a math library.
        values[i] = e.getKey().endsWith("running_var") ? 0.5 + (k % 7) / 8.0 : ((k * 37) % 23 - 11) / 16.0;
      }
      tensors.put(e.getKey(), t.isInteger() ? Tensor.ofIntegers(t.shape(), 7) : Tensor.of(t.shape(), values));
    }
    network.loadStateDict(StateDict.of(tensors));
    return network;
  }

  /** The network the format-1 file holds. */
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
