package dev.nn4j.core.io;

import static dev.nn4j.core.io.ModelFixtures.ARCHITECTURE;
import static dev.nn4j.core.io.ModelFixtures.randomInputs;
import static dev.nn4j.core.io.ModelFixtures.smallNetwork;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nn4j.core.Activation;
import dev.nn4j.core.Layer;
import dev.nn4j.core.Network;
import dev.nn4j.core.Parameter;
import dev.nn4j.core.Pass;
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
    assertThat(loaded.parameterValues()).isEqualTo(saved.parameterValues());
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
    assertThat(header.get("__metadata__")).isEqualTo(Map.of("nn4j.format", "1", "nn4j.architecture", ARCHITECTURE));
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
    parts.metadata.put("nn4j.format", "1");
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

    assertThat(Network.load(file).parameterValues()).isEqualTo(second.parameterValues());
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
  void saveRejectsALayerOfYourOwnBeforeWritingAnything() throws IOException {
    Network network =
        Network.builder()
            .input(2)
            .dense(3, Activation.named("golden_tanh"))
            .layer(inputs -> new Doubler(inputs))
            .dense(1, Activation.named("golden_tanh"))
            .loss(Losses.mse())
            .seed(1)
            .build();
    Path file = folder.resolve("custom.safetensors");

    assertThatThrownBy(() -> network.save(file))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Cannot save layer 1, a 'doubler' layer (" + Doubler.class.getName() + ")")
        .hasMessageContaining("only dense and dropout layers");
    assertThat(filesIn(folder)).isEmpty();
  }

  @Test
  void saveRejectsNonFiniteParameters() throws IOException {
    Network network = smallNetwork(1);
    Map<String, Matrix> values = network.parameterValues();
    values.get("layers.2.weight").set(1, 3, Double.NaN);
    network.setParameterValues(values);

    assertThatThrownBy(() -> network.save(folder.resolve("nan.safetensors")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Cannot save parameter layers.2.weight: it holds NaN at [1, 3]");
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
        .hasMessageContaining("dense layer 0 needs activation 'test_sigmoid'")
        .hasMessageContaining("Unknown activation 'test_sigmoid'")
        .hasMessageContaining("golden_leaky_relu, golden_tanh");
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

  /** A layer of the user's own, {@code y = 2x}, that model files cannot hold. */
  private static final class Doubler implements Layer {
    private final int size;

    Doubler(int size) {
      this.size = size;
    }

    @Override
    public String type() {
      return "doubler";
    }

    @Override
    public int inputSize() {
      return size;
    }

    @Override
    public int outputSize() {
      return size;
    }

    @Override
    public List<Parameter> parameters() {
      return List.of();
    }

    @Override
    public Matrix forward(Matrix input, Pass pass) {
      Matrix out = input.copy();
      for (int i = 0; i < out.data().length; i++) {
        out.data()[i] *= 2;
      }
      return out;
    }

    @Override
    public Matrix backward(Matrix outputGradient, Pass pass) {
      return outputGradient;
    }
  }
}
