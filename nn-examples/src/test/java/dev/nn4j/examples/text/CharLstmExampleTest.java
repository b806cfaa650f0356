package dev.nn4j.examples.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nn4j.core.Network;
import dev.nn4j.core.data.CharTokenizer;
import dev.nn4j.core.data.DataSet;
import dev.nn4j.examples.CapturedOutput;
import dev.nn4j.examples.TrainingOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The character-level language model on a slice of its shipped text: the loss falls, sampling is seeded. */
class CharLstmExampleTest {
  @TempDir Path outputDirectory;

  /** 40 windows of 64 characters. */
  private static final int SLICE = 40 * CharLstmExample.WINDOW + 1;

  @Test
  void theShippedTextIsPublicDomainUnderOneMegabyteWithItsLicenceBesideIt() throws IOException {
    String text = CharLstmExample.text();
    assertThat(text.length()).isEqualTo(383_148).isLessThan(1 << 20);
    assertThat(text).startsWith("            The Internet Wiretap 1st Online Edition of").contains("A Public Domain Text, Copyright Expired");
    assertThat(text.chars().allMatch(c -> c < 128)).isTrue();
    try (InputStream licence = CharLstmExample.class.getResourceAsStream("/datasets/devils-dictionary.LICENSE.txt")) {
      assertThat(licence).isNotNull();
      assertThat(new String(licence.readAllBytes(), StandardCharsets.UTF_8)).contains("public domain").contains("dict-devil");
    }
  }

  @Test
  void windowsTargetTheNextCharacterAtEveryStep() {
    CharTokenizer tokenizer = CharTokenizer.fromText("abcdefgh");
    int[] ids = tokenizer.encode("abcdefgh".repeat(17));
    DataSet windows = CharLstmExample.windows(ids, tokenizer.vocabularySize());
    assertThat(windows.size()).isEqualTo(2); // 136 ids: windows at 0 and 64 (the next would need id 192)
    assertThat(windows.sampleShape()).containsExactly(CharLstmExample.WINDOW);
    // Sample 1 starts at id 64 = 'a'; its first target is 'b' (one-hot, 8 classes).
    assertThat(windows.features().get(1, 0)).isEqualTo(tokenizer.id('a'));
    assertThat(windows.labels().get(1, tokenizer.id('b'))).isEqualTo(1.0);
    assertThat(windows.labels().get(1, 63 * 8 + tokenizer.id('a'))).isEqualTo(1.0);
  }

  @Test
  void theLossFallsAndTheSamplesAreReproducibleFromTheSeed() throws IOException {
    CapturedOutput out = new CapturedOutput();
    CharLstmExample.Outcome outcome =
        new CharLstmExample(TrainingOptions.of(6, 8, 1e-2, 7), SLICE, 0.8, 60).run(out.stream(), outputDirectory);
    List<Double> losses = outcome.losses();
    assertThat(outcome.windows()).isEqualTo(40);
    assertThat(losses).hasSize(6);
    for (int epoch = 1; epoch < losses.size(); epoch++) {
      assertThat(losses.get(epoch)).as("epoch %s", epoch + 1).isLessThan(losses.get(epoch - 1));
    }
    assertThat(losses.get(0)).isLessThan(Math.log(outcome.vocabularySize()));
    assertThat(losses.get(5)).isLessThan(LOSS_AFTER_SIX_EPOCHS);
    assertThat(outcome.sample()).startsWith(CharLstmExample.PRIME).hasSize(CharLstmExample.PRIME.length() + 60);
    assertThat(out.text()).contains("Epoch 6: loss " + String.format("%.4f", losses.get(5))).contains(outcome.sample());

    CharLstmExample.Outcome again =
        new CharLstmExample(TrainingOptions.of(6, 8, 1e-2, 7), SLICE, 0.8, 60).run(new CapturedOutput().stream(), outputDirectory);
    assertThat(again.losses()).isEqualTo(losses);
    assertThat(again.sample()).isEqualTo(outcome.sample());
  }

  @Test
  void samplingFollowsTheSeedAndTheTemperature() throws IOException {
    String text = CharLstmExample.text().substring(0, SLICE);
    CharTokenizer tokenizer = CharTokenizer.fromText(text);
    Network network = CharLstmExample.network(tokenizer.vocabularySize(), 1e-2, 3);
    String a = CharLstmExample.sample(network, tokenizer, "ABS", 40, 0.8, 11);
    assertThat(CharLstmExample.sample(network, tokenizer, "ABS", 40, 0.8, 11)).isEqualTo(a);
    assertThat(CharLstmExample.sample(network, tokenizer, "ABS", 40, 0.8, 12)).isNotEqualTo(a);
    // A temperature of 1e-6 always takes the most likely character: the same text whatever the seed.
    assertThat(CharLstmExample.sample(network, tokenizer, "ABS", 40, 1e-6, 1))
        .isEqualTo(CharLstmExample.sample(network, tokenizer, "ABS", 40, 1e-6, 2));
  }

  @Test
  void badSettingsAreRefusedNamingTheValue() {
    assertThatThrownBy(() -> new CharLstmExample(TrainingOptions.DEFAULTS, SLICE, 0.0, 10))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("Expected a positive temperature, got 0.0");
    assertThatThrownBy(() -> new CharLstmExample(TrainingOptions.DEFAULTS, 10, 0.8, 10))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("Expected a text limit of at least 129 characters, got 10");
  }

  /** Measured: 2.3153 after six epochs of 5 steps (ln of the vocabulary, about 4, before). */
  private static final double LOSS_AFTER_SIX_EPOCHS = 2.5;
}
