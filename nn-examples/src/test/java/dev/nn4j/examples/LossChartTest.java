package dev.nn4j.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LossChartTest {
  @TempDir Path directory;

  @Test
  void writesAPngOfTheChartSize() throws IOException {
    Path file = directory.resolve("loss.png");

    Path written = LossChart.save(file, "loss", List.of(0.5, 0.25, 0.125));

    assertThat(written).isEqualTo(file);
    byte[] bytes = Files.readAllBytes(file);
    assertThat(bytes).startsWith(0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n');
    BufferedImage image = ImageIO.read(file.toFile());
    assertThat(image.getWidth()).isEqualTo(LossChart.WIDTH);
    assertThat(image.getHeight()).isEqualTo(LossChart.HEIGHT);
  }

  @Test
  void refusesAnEmptyCurve() {
    assertThatThrownBy(() -> LossChart.save(directory.resolve("empty.png"), "loss", List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least one loss value");
  }

  @Test
  void labelsRoundEpochs() {
    assertThat(LossChart.roundStep(1)).isEqualTo(1);
    assertThat(LossChart.roundStep(7)).isEqualTo(1);
    assertThat(LossChart.roundStep(11)).isEqualTo(2);
    assertThat(LossChart.roundStep(50)).isEqualTo(5);
    assertThat(LossChart.roundStep(1000)).isEqualTo(100);
    assertThat(LossChart.roundStep(3000)).isEqualTo(500);
  }
}
