package org.example.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class XorRoundTripTest {
  @Test
  void learnsXorAndPredictsTheSameAfterSaveAndLoad(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("xor.safetensors");

    XorApp.Result result = XorApp.run(file);

    assertThat(Files.size(file)).isPositive();
    assertThat(result.accuracy()).isEqualTo(1.0);
    for (int i = 0; i < XorApp.INPUTS.length; i++) {
      assertThat(Math.abs(result.trained()[i][0] - XorApp.TARGETS[i][0])).as("case %s", i).isLessThan(0.1);
      assertThat(result.loaded()[i]).as("case %s, bit for bit", i).containsExactly(result.trained()[i]);
    }
    assertThat(result.parameterCount()).isEqualTo(2 * 4 + 4 + 4 * 1 + 1);
  }
}
