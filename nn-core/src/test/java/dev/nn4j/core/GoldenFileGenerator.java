package dev.nn4j.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nn4j.core.Network;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Writes the format-2 file of {@link GoldenFile} once; not a test of the build (its name is not one surefire runs, and it runs
 * only with {@code -Dnn4j.writeGolden=true}): {@code mvn -o -q test -pl nn-core -Dtest=GoldenFileGenerator
 * -Dnn4j.writeGolden=true}. It prints the predictions to paste into {@link GoldenFileTest}.
 */
class GoldenFileGenerator {

  @Test
  @EnabledIfSystemProperty(
      named = "nn4j.writeGolden",
      matches = "true",
      disabledReason = "writes the golden file only when asked to, with -Dnn4j.writeGolden=true")
  void writeTheGoldenFile() throws IOException {
    Network network = GoldenFile.networkV2();
    Path file = GoldenFile.SOURCE_V2.toAbsolutePath();
    Files.createDirectories(file.getParent());
    network.save(file);
    double[][] predictions = network.predict(GoldenFile.INPUTS_V2);
    System.out.println("Wrote " + file + " (" + Files.size(file) + " bytes); its predictions for GoldenFile.INPUTS_V2:");
    System.out.println(
        Arrays.stream(predictions)
            .map(row -> Arrays.stream(row).mapToObj(Double::toString).collect(Collectors.joining(", ", "{", "}")))
            .collect(Collectors.joining(",\n", "{\n", "\n}")));
    assertThat(Network.load(file).predict(GoldenFile.INPUTS_V2)).isDeepEqualTo(predictions);
  }
}
