package dev.nn4j.examples.classify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nn4j.examples.CapturedOutput;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The classifiers show their training through nn-progress's listener, as an application would. */
class ClassificationProgressTest {
  @TempDir Path outputDirectory;

  @Test
  void printsOnePlainLinePerEpochTrainedWhenNotOnATerminal() throws IOException {
    CapturedOutput out = new CapturedOutput();
    Classification.Outcome outcome = new IrisExample().run(out.stream(), outputDirectory);
    int epochs = outcome.history().epochs();
    List<String> lines = out.text().lines().filter(l -> l.startsWith("Epoch ")).toList();
    assertThat(lines).hasSize(epochs);
    for (int i = 0; i < epochs; i++) {
      assertThat(lines.get(i))
          .startsWith("Epoch " + (i + 1) + "/200 - ")
          .containsPattern(" - loss \\d\\.\\d{4} - accuracy \\d\\.\\d{4} - val_loss \\d\\.\\d{4} - val_accuracy \\d\\.\\d{4}$");
    }
    assertThat(out.text()).doesNotContain("\r").doesNotContain("[=");
  }
}
