package dev.nn4j.core;

import dev.nn4j.core.init.Initializers;
import dev.nn4j.core.SafetensorsBytes.Entry;
import dev.nn4j.core.losses.Losses;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** The small network the model-file tests save and load, and its file built by hand. */
final class ModelFixtures {
  /** The architecture string of {@link #smallNetwork}, exactly as the writer must produce it (format 2). */
  static final String ARCHITECTURE =
      "{\"nodes\":["
          + "{\"name\":\"input\",\"type\":\"input\",\"config\":{\"shape\":\"3\"},\"inputs\":[]},"
          + "{\"name\":\"layers.0\",\"type\":\"dense\",\"config\":{\"activation\":\"golden_tanh\",\"units\":\"4\"},"
          + "\"inputs\":[\"input\"]},"
          + "{\"name\":\"layers.1\",\"type\":\"dropout\",\"config\":{\"rate\":\"0.25\"},\"inputs\":[\"layers.0\"]},"
          + "{\"name\":\"layers.2\",\"type\":\"dense\",\"config\":{\"activation\":\"golden_leaky_relu\","
          + "\"activation.slope\":\"0.1\",\"units\":\"2\"},\"inputs\":[\"layers.1\"]}],"
          + "\"loss\":{\"name\":\"huber\",\"config\":{\"delta\":\"0.5\"}}}";

  /** The same architecture as format 1 wrote it. */
  static final String ARCHITECTURE_V1 =
      "{\"input\":3,\"layers\":["
          + "{\"type\":\"dense\",\"units\":4,\"activation\":{\"name\":\"golden_tanh\",\"config\":{}}},"
          + "{\"type\":\"dropout\",\"rate\":0.25},"
          + "{\"type\":\"dense\",\"units\":2,\"activation\":{\"name\":\"golden_leaky_relu\",\"config\":{\"slope\":\"0.1\"}}}],"
          + "\"loss\":{\"name\":\"huber\",\"config\":{\"delta\":\"0.5\"}}}";

  private ModelFixtures() {}

  /** 3 inputs, dense 4 (tanh), dropout 0.25, dense 2 (leaky ReLU, slope 0.1), Huber loss (δ = 0.5). */
  static Network smallNetwork(long seed) {
    return Network.builder()
        .input(3)
        .dense(4, Activation.named("golden_tanh"))
        .dropout(0.25)
        .dense(2, Activation.named("golden_leaky_relu", Map.of("slope", "0.1")))
        .weightInit(Initializers.standardNormal())
        .loss(Losses.huber(0.5))
        .seed(seed)
        .build();
  }

  /** {@code n} samples of {@code width} values from N(0, 4), seeded. */
  static double[][] randomInputs(int n, int width, long seed) {
    Random random = new Random(seed);
    double[][] inputs = new double[n][width];
    for (double[] row : inputs) {
      for (int i = 0; i < width; i++) {
        row[i] = 2 * random.nextGaussian();
      }
    }
    return inputs;
  }

  /** The pieces of a model file, to be edited into malformed ones. */
  static final class Parts {
    final Map<String, String> metadata = new LinkedHashMap<>();
    final List<Entry> entries = new ArrayList<>();
    byte[] data;

    /** The file with the header's true length, unpadded. */
    byte[] file() {
      return SafetensorsBytes.file(header(), data);
    }

    String header() {
      return SafetensorsBytes.header(metadata, entries);
    }

    /** The entry called {@code name}. */
    int index(String name) {
      for (int i = 0; i < entries.size(); i++) {
        if (entries.get(i).name().equals(name)) {
          return i;
        }
      }
      throw new IllegalArgumentException(name);
    }
  }

  /** The file of {@link #smallNetwork}, built by hand from its parameters (not by the writer), format 2. */
  static Parts parts(Network network) {
    Parts parts = partsV1(network);
    parts.metadata.clear();
    parts.metadata.put("nn4j.format", "2");
    parts.metadata.put("nn4j.architecture", ARCHITECTURE);
    parts.metadata.put("nn4j.seed", Long.toString(network.seed()));
    return parts;
  }

  /** The file of {@link #smallNetwork} as format 1 wrote it. */
  static Parts partsV1(Network network) {
    Parts parts = new Parts();
    parts.metadata.put("nn4j.format", "1");
    parts.metadata.put("nn4j.architecture", ARCHITECTURE_V1);
    StateDict values = network.stateDict();
    ByteBuffer data = ByteBuffer.allocate(8 * network.parameterCount()).order(ByteOrder.LITTLE_ENDIAN);
    for (String name : List.of("layers.0.weight", "layers.0.bias", "layers.2.weight", "layers.2.bias")) {
      Tensor t = values.get(name);
      long[] shape = java.util.Arrays.stream(t.shape().dims()).asLongStream().toArray();
      int begin = data.position();
      for (double v : t.values()) {
        data.putDouble(v);
      }
      parts.entries.add(new Entry(name, "F64", shape, begin, data.position()));
    }
    parts.data = data.array();
    return parts;
  }
}
