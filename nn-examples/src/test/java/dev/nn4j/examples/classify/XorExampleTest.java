package dev.nn4j.examples.classify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nn4j.examples.CapturedOutput;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class XorExampleTest {
  @TempDir Path outputDirectory;

  @Test
  void learnsXorExactlyAndSaysSo() throws IOException {
    CapturedOutput out = new CapturedOutput();
    XorExample.Result result = new XorExample().run(out.stream(), outputDirectory);

    assertThat(result.accuracy()).isEqualTo(1.0);
    assertThat(result.predictions()[0]).isLessThan(0.1);
    assertThat(result.predictions()[1]).isGreaterThan(0.9);
    assertThat(result.predictions()[2]).isGreaterThan(0.9);
    assertThat(result.predictions()[3]).isLessThan(0.1);
    assertThat(result.finalLoss()).isLessThan(0.05);
    assertThat(out.text()).contains("Accuracy: 100% (4 of 4): solved");
    BufferedImage chart = ImageIO.read(result.chart().toFile());
    assertThat(chart.getWidth()).isEqualTo(1600);
    assertThat(chart.getHeight()).isEqualTo(500);
  }
}
