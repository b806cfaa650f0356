package dev.nn4j.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CharTokenizerTest {
  @Test
  void vocabularyIsTheTextsDistinctCharactersSorted() {
    CharTokenizer tokenizer = CharTokenizer.fromText("hello, world");

    assertThat(tokenizer.vocabulary()).isEqualTo(" ,dehlorw");
    assertThat(tokenizer.vocabularySize()).isEqualTo(9);
    assertThat(tokenizer.encode("hello")).containsExactly(4, 3, 5, 5, 6);
    assertThat(CharTokenizer.fromText("dlrow ,olleh")).isEqualTo(tokenizer);
  }

  @Test
  void decodeInvertsEncodeIncludingCharactersBeyondTheBasicPlane() {
    String text = "naïve café 😀 ok";
    CharTokenizer tokenizer = CharTokenizer.fromText(text);

    int[] ids = tokenizer.encode(text);

    assertThat(ids).hasSize(text.codePointCount(0, text.length()));
    assertThat(tokenizer.decode(ids)).isEqualTo(text);
    assertThat(tokenizer.id("😀".codePointAt(0))).isEqualTo(tokenizer.vocabularySize() - 1);
  }

  @Test
  void savedVocabularyRestoresTheSameIds() {
    CharTokenizer tokenizer = CharTokenizer.fromText("to be or not to be");

    CharTokenizer restored = CharTokenizer.ofVocabulary(tokenizer.vocabulary());

    assertThat(restored).isEqualTo(tokenizer);
    assertThat(restored.encode("not to be")).containsExactly(tokenizer.encode("not to be"));
    assertThat(CharTokenizer.ofVocabulary("ba").encode("ab")).containsExactly(1, 0);
  }

  @Test
  void refusesAnUnknownCharacterNamingItAndItsPosition() {
    CharTokenizer tokenizer = CharTokenizer.fromText("abc");

    assertThatThrownBy(() -> tokenizer.encode("abxc"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'x' (U+0078)")
        .hasMessageContaining("position 2")
        .hasMessageContaining("3 characters");
    assertThatThrownBy(() -> tokenizer.encode("a\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("(U+000A) at position 1");
  }

  @Test
  void refusesAnIdOutsideTheVocabularyNamingItAndItsPosition() {
    CharTokenizer tokenizer = CharTokenizer.fromText("abc");

    assertThatThrownBy(() -> tokenizer.decode(0, 1, 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Unknown id 3 at position 2")
        .hasMessageContaining("[0, 3)");
    assertThatThrownBy(() -> tokenizer.decode(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Unknown id -1 at position 0");
  }

  @Test
  void refusesEmptyTextsAndRepeatedVocabularyCharacters() {
    assertThatThrownBy(() -> CharTokenizer.fromText(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("empty text");
    assertThatThrownBy(() -> CharTokenizer.ofVocabulary("abca"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'a' (U+0061) at positions 0 and 3");
  }
}
