package dev.nn4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SuggestionsTest {
  private static final List<String> NAMES = List.of("fashion-mnist", "fashion-cnn", "digits", "digits-cnn", "iris");

  @Test
  void countsInsertionsDeletionsAndSubstitutions() {
    assertThat(Suggestions.distance("fashon-cnn", "fashion-cnn")).isEqualTo(1);
    assertThat(Suggestions.distance("iris", "irsi")).isEqualTo(2);
    assertThat(Suggestions.distance("", "xor")).isEqualTo(3);
    assertThat(Suggestions.distance("kitten", "sitting")).isEqualTo(3);
  }

  @Test
  void suggestsTheClosestNamesFirstAndNothingFarAway() {
    assertThat(Suggestions.closest("fashon-cnn", NAMES)).containsExactly("fashion-cnn");
    assertThat(Suggestions.closest("digit", NAMES)).containsExactly("digits");
    assertThat(Suggestions.closest("perceptron", NAMES)).isEmpty();
  }
}
