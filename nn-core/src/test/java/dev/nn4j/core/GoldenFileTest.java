package dev.nn4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nn4j.core.io.ModelFormatException;
import dev.nn4j.core.layers.Dense;
import dev.nn4j.core.layers.Dropout;
import dev.nn4j.core.losses.Losses;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committed model files of format versions 1 and 2 ({@link GoldenFile}) still load and predict exactly
 * what they predicted when written; this version writes the format-2 file byte for byte; a file of a newer
 * format is refused with a clear message.
 */
class GoldenFileTest {
  /**
   * The predictions for {@link GoldenFile#INPUTS} when the file was written, printed by {@link
   * GoldenFileGenerator} (and recomputed from the file's bytes in plain Python with the same result).
   */
  private static final double[][] EXPECTED_PREDICTIONS = {
    {0.45915046510523755, -0.0035859702220973734},
    {2.4729568329132916, -0.11630939703230653},
    {-0.31729964662493404, 2.5139338378696645},
    {2.999997722296903, -0.20000176689150506},
    {0.6642149308675598, -0.15243294375593655}
  };

  /**
   * The predictions of the format-1 file by the last nn4j that wrote format 1, bit for bit: those above
   * differ from them in the last bit or two, since the kernels moved to fused multiply-adds after the file
   * was written; loading through format 2's reader must not change a single bit of these.
   */
  private static final double[][] PREDICTIONS_OF_FORMAT_1_READER = {
    {0.45915046510523755, -0.0035859702220973734},
    {2.4729568329132916, -0.11630939703230654},
    {-0.31729964662493404, 2.513933837869665},
    {2.9999977222969028, -0.20000176689150512},
    {0.6642149308675597, -0.15243294375593658}
  };

  /** The predictions for {@link GoldenFile#INPUTS_V2} when the format-2 file was written. */
  private static final double[][] EXPECTED_PREDICTIONS_V2 = {
    {0.2144928794833883, -0.39280394636022764},
    {0.3788971309643728, -0.24754599754024922},
    {0.001436116172643545, -0.5807443357550929},
    {0.14178398580810797, -0.45706292648628233}
  };

  @TempDir Path folder;
  private byte[] golden;
  private Path goldenFile;

  @BeforeEach
  void copyTheGoldenFile() throws IOException {
    try (InputStream in = GoldenFileTest.class.getResourceAsStream(GoldenFile.RESOURCE)) {
      assertThat(in).as("test resource %s", GoldenFile.RESOURCE).isNotNull();
      golden = in.readAllBytes();
    }
    goldenFile = folder.resolve("golden-v1.safetensors");
    Files.write(goldenFile, golden);
  }

  @Test
  void goldenFilePredictsExactlyWhatItPredictedWhenWritten() throws IOException {
    Network network = Network.load(goldenFile);

    double[][] predictions = network.predict(GoldenFile.INPUTS);
    assertThat(predictions).isDeepEqualTo(PREDICTIONS_OF_FORMAT_1_READER);
    for (int r = 0; r < EXPECTED_PREDICTIONS.length; r++) {
      assertThat(network.predict(GoldenFile.INPUTS[r])).isEqualTo(PREDICTIONS_OF_FORMAT_1_READER[r]);
      for (int c = 0; c < EXPECTED_PREDICTIONS[r].length; c++) {
        assertThat(predictions[r][c])
            .isCloseTo(EXPECTED_PREDICTIONS[r][c], org.assertj.core.api.Assertions.within(1e-14 * Math.max(1, Math.abs(EXPECTED_PREDICTIONS[r][c]))));
      }
    }
    assertThat(network.weights(0)).isDeepEqualTo(GoldenFile.WEIGHTS_0);
    assertThat(network.bias(0)).isEqualTo(GoldenFile.BIAS_0);
    assertThat(network.weights(2)).isDeepEqualTo(GoldenFile.WEIGHTS_2);
    assertThat(network.bias(2)).isEqualTo(GoldenFile.BIAS_2);
    assertThat(((Dense) network.layers().get(0)).activation()).isEqualTo(Activation.named("golden_tanh"));
    assertThat(((Dropout) network.layers().get(1)).rate()).isEqualTo(0.5);
    assertThat(((Dense) network.layers().get(2)).activation())
        .isEqualTo(Activation.named("golden_leaky_relu", Map.of("slope", "0.2")));
    assertThat(network.lossFunction()).isEqualTo(Losses.huber(0.75));
  }

  @Test
  void formatTwoGoldenFilePredictsExactlyWhatItPredictedWhenWritten() throws IOException {
    byte[] v2;
    try (InputStream in = GoldenFileTest.class.getResourceAsStream(GoldenFile.RESOURCE_V2)) {
      assertThat(in).as("test resource %s", GoldenFile.RESOURCE_V2).isNotNull();
      v2 = in.readAllBytes();
    }
    Network network = Network.fromBytes(v2);
    Network expected = GoldenFile.networkV2();

    assertThat(network.predict(GoldenFile.INPUTS_V2)).isDeepEqualTo(EXPECTED_PREDICTIONS_V2);
    assertThat(network.stateDict()).isEqualTo(expected.stateDict());
    assertThat(network.stateDict().get("layers.4.num_batches_tracked").isInteger()).isTrue();
    assertThat(network.layers()).extracting(Layer::type)
        .containsExactly("dense", "layer_norm", "flatten", "dense", "batch_norm", "dropout", "reshape", "flatten", "dense");
    assertThat(network.inputShape()).isEqualTo(Shape.of(2, 3));
    // This version writes the same bytes.
    assertThat(expected.toBytes()).isEqualTo(v2);
  }

  @Test
  void aFileOfFormatVersion3IsRefusedWithAClearMessage() throws IOException {
    String header = SafetensorsBytes.headerText(golden);
    assertThat(header).contains("\"nn4j.format\":\"1\"");
    // Same length, so the header length and the offsets stay right: only the version differs.
    byte[] version3 = golden.clone();
    byte[] newHeader = header.replace("\"nn4j.format\":\"1\"", "\"nn4j.format\":\"3\"").getBytes(StandardCharsets.UTF_8);
    System.arraycopy(newHeader, 0, version3, 8, newHeader.length);
    Path file = folder.resolve("golden-v3.safetensors");
    Files.write(file, version3);

    assertThatThrownBy(() -> Network.load(file))
        .isInstanceOf(ModelFormatException.class)
        .hasMessage("Cannot load a network from " + file + ": written by a newer nn4j: format 3, this version reads 1 to 2");
  }
}
