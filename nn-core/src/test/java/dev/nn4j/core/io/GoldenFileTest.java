package dev.nn4j.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nn4j.core.Activation;
import dev.nn4j.core.Network;
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
 * The committed model file of format version 1 ({@link GoldenFile}) still loads and predicts exactly what
 * it predicted when written; a file of a newer format is refused with a clear message.
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

    // The weights must come back exactly; the predictions to rounding, since a faster compute backend
    // (fused multiply-adds, another summation order) may change their last bit.
    double[][] predictions = network.predict(GoldenFile.INPUTS);
    for (int r = 0; r < EXPECTED_PREDICTIONS.length; r++) {
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
  void thisVersionWritesTheGoldenFileByteForByte() throws IOException {
    Path written = folder.resolve("again.safetensors");
    GoldenFile.network().save(written);
    assertThat(Files.readAllBytes(written)).isEqualTo(golden);
  }

  @Test
  void aFileOfFormatVersion2IsRefusedWithAClearMessage() throws IOException {
    String header = SafetensorsBytes.headerText(golden);
    assertThat(header).contains("\"nn4j.format\":\"1\"");
    // Same length, so the header length and the offsets stay right: only the version differs.
    byte[] version2 = golden.clone();
    byte[] newHeader = header.replace("\"nn4j.format\":\"1\"", "\"nn4j.format\":\"2\"").getBytes(StandardCharsets.UTF_8);
    System.arraycopy(newHeader, 0, version2, 8, newHeader.length);
    Path file = folder.resolve("golden-v2.safetensors");
    Files.write(file, version2);

    assertThatThrownBy(() -> Network.load(file))
        .isInstanceOf(ModelFormatException.class)
        .hasMessage("Cannot load a network from " + file + ": written by a newer nn4j: format 2, this version reads 1");
  }
}
