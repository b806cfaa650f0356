package dev.nn4j.core;

import static dev.nn4j.core.ModelFixtures.ARCHITECTURE;
import static dev.nn4j.core.ModelFixtures.ARCHITECTURE_V1;
import static dev.nn4j.core.ModelFixtures.randomInputs;
import static dev.nn4j.core.ModelFixtures.smallNetwork;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nn4j.core.io.ModelFormatException;
import dev.nn4j.core.layers.Dense;
import dev.nn4j.core.layers.Dropout;
import dev.nn4j.core.losses.Losses;
import dev.nn4j.core.math.Matrix;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Saving and loading: exact round trips, the bytes of the format, and saves that never lose the old file. */
class ModelFileTest {
  @TempDir Path folder;

  @Test
  void loadedNetworkPredictsExactlyWhatTheSavedOnePredicted() throws IOException {
    Network saved = smallNetwork(7);
    Path file = folder.resolve("small.safetensors");
    saved.save(file);

    Network loaded = Network.load(file);

    double[][] inputs = randomInputs(200, 3, 11);
    assertThat(loaded.predict(inputs)).isDeepEqualTo(saved.predict(inputs));
    assertThat(loaded.stateDict()).isEqualTo(saved.stateDict());
    assertThat(loaded.seed()).isEqualTo(saved.seed());
    assertThat(loaded.inputSize()).isEqualTo(3);
    assertThat(loaded.layers()).hasSize(3);
    assertThat(((Dense) loaded.layers().get(0)).activation()).isEqualTo(Activation.named("golden_tanh"));
    assertThat(((Dropout) loaded.layers().get(1)).rate()).isEqualTo(0.25);
    assertThat(((Dense) loaded.layers().get(2)).activation())
        .isEqualTo(Activation.named("golden_leaky_relu", Map.of("slope", "0.1")));
    assertThat(loaded.lossFunction()).isEqualTo(Losses.huber(0.5));
    // The loss is the one the file names, computed on the same predictions.
    double[][] targets = randomInputs(200, 2, 12);
    assertThat(loaded.loss(inputs, targets)).isEqualTo(saved.loss(inputs, targets));
  }

  @Test
  void writesTheDocumentedSafetensorsBytes() throws IOException {
    Network network = smallNetwork(7);
    Path file = folder.resolve("small.safetensors");
    ModelFile.save(network, file);
    byte[] bytes = Files.readAllBytes(file);

    // Header: the JSON the spec describes, padded with spaces to a multiple of 8 bytes.
    String unpadded = ModelFixtures.parts(network).header();
    long headerLength = SafetensorsBytes.headerLength(bytes);
    assertThat(headerLength % 8).isZero();
    assertThat(headerLength).isBetween((long) unpadded.length(), unpadded.length() + 7L);
    assertThat(SafetensorsBytes.headerText(bytes)).isEqualTo(unpadded + " ".repeat((int) headerLength - unpadded.length()));
    // The whole file: exactly what the hand-built fixture gives, with that padding.
    byte[] expected = SafetensorsBytes.file(
        SafetensorsBytes.headerText(bytes), ModelFixtures.parts(network).data);
    assertThat(bytes).isEqualTo(expected);
    assertThat(bytes).hasSize(8 + (int) headerLength + 8 * (4 * 3 + 4 + 2 * 4 + 2));

    @SuppressWarnings("unchecked")
    Map<String, Object> header = (Map<String, Object>) SafetensorsBytes.parse(SafetensorsBytes.headerText(bytes));
    assertThat(header).containsOnlyKeys("__metadata__", "layers.0.weight", "layers.0.bias", "layers.2.weight", "layers.2.bias");
    assertThat(header.get("__metadata__"))
        .isEqualTo(Map.of("nn4j.format", "2", "nn4j.architecture", ARCHITECTURE, "nn4j.seed", "7"));
    assertThat(header.get("layers.0.weight")).isEqualTo(Map.of("dtype", "F64", "shape", List.of(4L, 3L), "data_offsets", List.of(0L, 96L)));
    assertThat(header.get("layers.0.bias")).isEqualTo(Map.of("dtype", "F64", "shape", List.of(4L), "data_offsets", List.of(96L, 128L)));
    assertThat(header.get("layers.2.weight"))
        .isEqualTo(Map.of("dtype", "F64", "shape", List.of(2L, 4L), "data_offsets", List.of(128L, 192L)));
    assertThat(header.get("layers.2.bias")).isEqualTo(Map.of("dtype", "F64", "shape", List.of(2L), "data_offsets", List.of(192L, 208L)));
    // Row-major [out, in], little-endian: the first values are neuron 0's weights.
    byte[] data = SafetensorsBytes.data(bytes);
    assertThat(SafetensorsBytes.doubles(data, 0, 3)).isEqualTo(network.weights(0)[0]);
    assertThat(SafetensorsBytes.doubles(data, 192, 2)).isEqualTo(network.bias(2));
  }

  @Test
  void savingTheSameNetworkTwiceGivesTheSameBytes() throws IOException {
    Path first = folder.resolve("first.safetensors");
    Path second = folder.resolve("second.safetensors");
    smallNetwork(3).save(first);
    Network.load(first).save(second);
    assertThat(Files.readAllBytes(second)).isEqualTo(Files.readAllBytes(first));
  }

  @Test
  void loadsAFileWhoseTensorsAreListedInAnotherOrder() throws IOException {
    // The reference implementation writes tensors sorted by name, and any header order is valid.
    Network network = smallNetwork(5);
    ModelFixtures.Parts parts = ModelFixtures.parts(network);
    java.util.Collections.reverse(parts.entries);
    parts.metadata.clear();
    parts.metadata.put("nn4j.architecture", ARCHITECTURE);
    parts.metadata.put("nn4j.format", "2");
    parts.metadata.put("written_by", "a test");
    Path file = folder.resolve("reordered.safetensors");
    Files.write(file, parts.file());

    double[][] inputs = randomInputs(20, 3, 1);
    assertThat(Network.load(file).predict(inputs)).isDeepEqualTo(network.predict(inputs));
  }

  @Test
  void saveReplacesAnExistingFile() throws IOException {
    Path file = folder.resolve("model.safetensors");
    smallNetwork(1).save(file);
    Network second = smallNetwork(2);
    second.save(file);

    assertThat(Network.load(file).stateDict()).isEqualTo(second.stateDict());
    assertThat(filesIn(folder)).containsExactly("model.safetensors");
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 8, 100, 300, 400})
  void aSaveThatFailsHalfwayLeavesTheOldFileIntactAndNoTemporaryFile(int failAfter) throws IOException {
    Path file = folder.resolve("model.safetensors");
    smallNetwork(1).save(file);
    byte[] before = Files.readAllBytes(file);
    assertThat(before.length).isGreaterThan(400);

    assertThatThrownBy(() -> ModelFile.save(smallNetwork(2), file, out -> new FailingAfter(out, failAfter)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("disk full after " + failAfter + " bytes");

    assertThat(Files.readAllBytes(file)).isEqualTo(before);
    assertThat(filesIn(folder)).containsExactly("model.safetensors");
  }

  @Test
  void aSaveThatFailsWithARuntimeExceptionAlsoCleansUp() throws IOException {
    Path file = folder.resolve("model.safetensors");
    assertThatThrownBy(
            () -> ModelFile.save(smallNetwork(2), file, out -> {
              throw new IllegalStateException("no stream today");
            }))
        .isInstanceOf(IllegalStateException.class);
    assertThat(filesIn(folder)).isEmpty();
  }

  @Test
  void aFormatOneFileLoadsAsTheSameNetwork() throws IOException {
    Network network = smallNetwork(5);
    ModelFixtures.Parts parts = ModelFixtures.partsV1(network);
    assertThat(parts.metadata.get("nn4j.architecture")).isEqualTo(ARCHITECTURE_V1);
    Path file = folder.resolve("v1.safetensors");
    Files.write(file, parts.file());

    Network loaded = Network.load(file);
    double[][] inputs = randomInputs(20, 3, 1);
    assertThat(loaded.predict(inputs)).isDeepEqualTo(network.predict(inputs));
    assertThat(loaded.layers()).extracting(l -> l.type()).containsExactly("dense", "dropout", "dense");
    assertThat(loaded.layers().get(1).config()).isEqualTo(network.layers().get(1).config());
    assertThat(loaded.seed()).isZero();
  }

  @Test
  void aModelFileWithFloat32TensorsLoadsWidenedExactly() throws IOException {
    // PyTorch saves float32 by default: the same file with every tensor stored as F32.
    Network network = smallNetwork(5);
    ModelFixtures.Parts parts = ModelFixtures.parts(network);
    java.nio.ByteBuffer data = java.nio.ByteBuffer.allocate(parts.data.length / 2).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    java.nio.DoubleBuffer doubles = java.nio.ByteBuffer.wrap(parts.data).order(java.nio.ByteOrder.LITTLE_ENDIAN).asDoubleBuffer();
    while (doubles.hasRemaining()) {
      data.putFloat((float) doubles.get());
    }
    parts.entries.replaceAll(e -> e.withDtype("F32").withOffsets(e.begin() / 2, e.end() / 2));
    parts.data = data.array();
    Path file = folder.resolve("float32.safetensors");
    Files.write(file, parts.file());

    Network loaded = Network.load(file);
    for (String name : network.stateDict().names()) {
      double[] original = network.stateDict().get(name).values();
      double[] widened = loaded.stateDict().get(name).values();
      for (int i = 0; i < original.length; i++) {
        assertThat(widened[i]).isEqualTo((double) (float) original[i]);
      }
    }
  }

  @Test
  void aCounterThatIsNotAWholeNumberIsAFormatError() throws IOException {
    Network network =
        Network.builder().input(3).batchNorm().dense(2, Activation.named("golden_tanh")).loss(Losses.mse()).seed(4).build();
    Path file = folder.resolve("bn.safetensors");
    network.save(file);
    java.util.Map<String, String> metadata;
    try (dev.nn4j.core.io.SafetensorsFile read = dev.nn4j.core.io.SafetensorsFile.open(file, "read")) {
      metadata = read.metadata();
    }
    java.util.Map<String, dev.nn4j.core.io.SafetensorsFile.Values> tensors = new java.util.LinkedHashMap<>();
    network.stateDict().asMap().forEach((name, t) -> tensors.put(name, new dev.nn4j.core.io.SafetensorsFile.Values(
        t.shape().dims(), false, name.endsWith("num_batches_tracked") ? new double[] {0.5} : t.values())));
    Path half = folder.resolve("half.safetensors");
    dev.nn4j.core.io.SafetensorsFile.write(half, metadata, tensors, out -> out);

    assertThatThrownBy(() -> Network.load(half))
        .isInstanceOf(ModelFormatException.class)
        .hasMessageEndingWith("tensor 'layers.0.num_batches_tracked' holds 0.5 at index 0; expected whole numbers of"
            + " magnitude up to 2^53 in a counter");
  }

  @Test
  void aLayerThatIsNotRegisteredSavesButDoesNotLoad() throws IOException {
    Network network =
        Network.builder()
            .input(2)
            .dense(3, Activation.named("golden_tanh"))
            .layer(Doubler::new)
            .dense(1, Activation.named("golden_tanh"))
            .loss(Losses.mse())
            .seed(1)
            .build();
    Path file = folder.resolve("custom.safetensors");
    network.save(file);

    assertThatThrownBy(() -> Network.load(file))
        .isInstanceOf(ModelFormatException.class)
        .hasMessageContaining("Cannot load a network from " + file)
        .hasMessageContaining("layer 1 ('doubler') cannot be created here")
        .hasMessageContaining("Unknown layer type 'doubler'")
        .hasMessageContaining("[avg_pool2d, batch_norm, conv2d, dense, dropout, embedding, flatten, global_avg_pool2d, gru, layer_norm, lstm, max_pool2d, reshape, rnn]")
        .hasMessageContaining("META-INF/services/dev.nn4j.core.LayerProvider");
  }

  @Test
  void saveRejectsNonFiniteParameters() throws IOException {
    Network network = smallNetwork(1);
    network.parameters().get("layers.2.weight").value().set(1, 3, Double.NaN);

    assertThatThrownBy(() -> network.save(folder.resolve("nan.safetensors")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Cannot save layers.2.weight: it holds NaN at index 7");
    assertThat(filesIn(folder)).isEmpty();
  }

  @Test
  void anActivationThatIsNotRegisteredSavesButDoesNotLoad() throws IOException {
    Network network =
        Network.builder()
            .input(2)
            .dense(1, new dev.nn4j.core.testing.TestSigmoid())
            .loss(Losses.mse())
            .seed(1)
            .build();
    Path file = folder.resolve("sigmoid.safetensors");
    network.save(file);

    assertThatThrownBy(() -> Network.load(file))
        .isInstanceOf(ModelFormatException.class)
        .hasMessageContaining("Cannot load a network from " + file)
        .hasMessageContaining("layer 0 ('dense') has a configuration its provider rejects")
        .hasMessageContaining("Unknown activation 'test_sigmoid'")
        .hasMessageContaining("golden_leaky_relu, golden_tanh");
  }

  @Test
  void roundTripsThroughStreamsAndBytes() throws IOException {
    Network saved = smallNetwork(9);
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    saved.save(out);
    assertThat(out.toByteArray()).isEqualTo(saved.toBytes());

    Network fromStream = Network.load(new java.io.ByteArrayInputStream(out.toByteArray()));
    Network fromBytes = Network.fromBytes(saved.toBytes());
    double[][] inputs = randomInputs(20, 3, 2);
    assertThat(fromStream.predict(inputs)).isDeepEqualTo(saved.predict(inputs));
    assertThat(fromBytes.predict(inputs)).isDeepEqualTo(saved.predict(inputs));
    Path file = folder.resolve("same.safetensors");
    saved.save(file);
    assertThat(Files.readAllBytes(file)).isEqualTo(out.toByteArray());
    assertThatThrownBy(() -> Network.fromBytes(new byte[] {1, 2, 3}))
        .isInstanceOf(ModelFormatException.class)
        .hasMessageContaining("Cannot load a network from the bytes: the file is truncated");
  }

  @Test
  void loadingAMissingFileIsAnIoExceptionButNotAFormatError() {
    Path missing = folder.resolve("missing.safetensors");
    assertThatThrownBy(() -> Network.load(missing))
        .isInstanceOf(IOException.class)
        .isNotInstanceOf(ModelFormatException.class)
        .hasMessageContaining("missing.safetensors");
    assertThatThrownBy(() -> Network.load(folder))
        .isInstanceOf(IOException.class)
        .isNotInstanceOf(ModelFormatException.class)
        .hasMessageContaining("not a regular file");
  }

  private static List<String> filesIn(Path folder) throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  /** Passes bytes through until {@code limit}, then fails as a full disk would. */
  private static final class FailingAfter extends FilterOutputStream {
    private final int limit;
    private int written;

    FailingAfter(OutputStream out, int limit) {
      super(out);
      this.limit = limit;
    }

    @Override
    public void write(int b) throws IOException {
      check(1);
      out.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      int allowed = Math.max(0, Math.min(len, limit - written));
      out.write(b, off, allowed);
      written += allowed;
      if (allowed < len) {
        throw new IOException("disk full after " + limit + " bytes");
      }
    }

    private void check(int len) throws IOException {
      if (written + len > limit) {
        throw new IOException("disk full after " + limit + " bytes");
      }
      written += len;
    }
  }

  /** A layer of the user's own, {@code y = 2x}, not registered by name. */
  private static final class Doubler implements Layer {
    private final Shape shape;

    Doubler(Shape shape) {
      this.shape = shape;
    }

    @Override
    public String type() {
      return "doubler";
    }

    @Override
    public LayerConfig config() {
      return LayerConfig.empty();
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
    public Matrix forward(Matrix input, Pass pass) {
      Matrix out = pass.buffer(this, "y", input.rows(), input.cols());
      out.copyFrom(input);
      dev.nn4j.core.math.Kernels.scale(out, 2);
      return out;
    }

    @Override
    public Matrix backward(Matrix outputGradient, Pass pass) {
      Matrix out = pass.buffer(this, "dx", outputGradient.rows(), outputGradient.cols());
      out.copyFrom(outputGradient);
      dev.nn4j.core.math.Kernels.scale(out, 2);
      return out;
    }
  }
}
