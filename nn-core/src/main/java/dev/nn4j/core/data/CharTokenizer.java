package dev.nn4j.core.data;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Characters to token ids and back, for a character-level model: the vocabulary is a list of distinct
 * characters (Unicode code points), and a character's id is its position in that list.
 *
 * <pre>{@code
 * CharTokenizer tokenizer = CharTokenizer.fromText(corpus);   // the corpus's characters, sorted
 * int[] ids = tokenizer.encode("to be");                      // into an embedding layer
 * String text = tokenizer.decode(ids);                        // "to be"
 * String saved = tokenizer.vocabulary();                      // keep it beside the model
 * CharTokenizer same = CharTokenizer.ofVocabulary(saved);     // the same ids on any machine
 * }</pre>
 *
 * <p>{@link #fromText} takes the distinct code points of a text in ascending order, so the same text gives
 * the same ids everywhere, whatever order the characters first appear in. Characters outside the Basic
 * Multilingual Plane (an emoji) are one character each, not two UTF-16 halves. Positions in messages count
 * code points from 0. Immutable and thread-safe.
 */
public final class CharTokenizer {
  private final int[] codePoints;
  private final Map<Integer, Integer> ids;

  private CharTokenizer(int[] codePoints) {
    this.codePoints = codePoints;
    this.ids = new HashMap<>(codePoints.length * 2);
    for (int id = 0; id < codePoints.length; id++) {
      Integer earlier = ids.put(codePoints[id], id);
      checkArgument(
          earlier == null,
          "Expected distinct characters in a vocabulary, got %s at positions %s and %s",
          describe(codePoints[id]),
          earlier,
          id);
    }
  }

  /**
   * A tokenizer whose vocabulary is every distinct character of {@code text}, in ascending code point order.
   *
   * @param text the text to take the characters from, such as the training corpus
   * @return the tokenizer
   * @throws IllegalArgumentException if {@code text} is empty
   */
  public static CharTokenizer fromText(String text) {
    checkNotNull(text, "text");
    checkArgument(!text.isEmpty(), "Expected a text of at least one character to build a vocabulary from, got an empty text");
    return new CharTokenizer(text.codePoints().distinct().sorted().toArray());
  }

  /**
   * A tokenizer with the given vocabulary, as {@link #vocabulary()} returned it: the character at position
   * {@code i} (counting code points) gets id {@code i}.
   *
   * @param vocabulary the characters, each once, in id order
   * @return the tokenizer
   * @throws IllegalArgumentException if {@code vocabulary} is empty or holds a character twice; the message
   *     names it and both positions
   */
  public static CharTokenizer ofVocabulary(String vocabulary) {
    checkNotNull(vocabulary, "vocabulary");
    checkArgument(!vocabulary.isEmpty(), "Expected a vocabulary of at least one character, got an empty one");
    return new CharTokenizer(vocabulary.codePoints().toArray());
  }

  /**
   * The number of distinct characters, which is the {@code num_embeddings} of an embedding layer over
   * these ids and the number of classes of a model predicting the next character.
   *
   * @return the vocabulary size
   */
  public int vocabularySize() {
    return codePoints.length;
  }

  /**
   * The vocabulary as a string, the character of id {@code i} at code point position {@code i}: what {@link
   * #ofVocabulary} takes back.
   *
   * @return the vocabulary
   */
  public String vocabulary() {
    return new String(codePoints, 0, codePoints.length);
  }

  /**
   * The id of one character.
   *
   * @param codePoint the character, as a code point ({@code 'a'} will do)
   * @return its id, in {@code [0, vocabularySize())}
   * @throws IllegalArgumentException if the character is not in the vocabulary
   */
  public int id(int codePoint) {
    Integer id = ids.get(codePoint);
    checkArgument(id != null, "Unknown character %s: not in the vocabulary of %s characters", describe(codePoint), codePoints.length);
    return id;
  }

  /**
   * The ids of the characters of {@code text}, one per code point.
   *
   * @param text the text to encode
   * @return the ids, one per character
   * @throws IllegalArgumentException if a character is not in the vocabulary; the message names it and its
   *     position
   */
  public int[] encode(String text) {
    checkNotNull(text, "text");
    int[] chars = text.codePoints().toArray();
    int[] out = new int[chars.length];
    for (int i = 0; i < chars.length; i++) {
      Integer id = ids.get(chars[i]);
      if (id == null) {
        throw new IllegalArgumentException(
            "Unknown character " + describe(chars[i]) + " at position " + i + ": not in the vocabulary of "
                + codePoints.length + " characters");
      }
      out[i] = id;
    }
    return out;
  }

  /**
   * The text of {@code ids}.
   *
   * @param ids token ids, each in {@code [0, vocabularySize())}
   * @return the text
   * @throws IllegalArgumentException if an id is out of range; the message names it and its position
   */
  public String decode(int... ids) {
    checkNotNull(ids, "ids");
    StringBuilder text = new StringBuilder(ids.length);
    for (int i = 0; i < ids.length; i++) {
      if (ids[i] < 0 || ids[i] >= codePoints.length) {
        throw new IllegalArgumentException(
            "Unknown id " + ids[i] + " at position " + i + ": expected an id in [0, " + codePoints.length + ")");
      }
      text.appendCodePoint(codePoints[ids[i]]);
    }
    return text.toString();
  }

  /** A character for messages: itself, quoted, and its code point, {@code 'é' (U+00E9)}. */
  private static String describe(int codePoint) {
    String shown = Character.isISOControl(codePoint) || Character.isWhitespace(codePoint) ? "" : "'" + new String(Character.toChars(codePoint)) + "' ";
    return shown + String.format("(U+%04X)", codePoint);
  }

  /** Tokenizers are equal when their vocabularies are, in the same order. */
  @Override
  public boolean equals(Object o) {
    return o instanceof CharTokenizer t && Arrays.equals(codePoints, t.codePoints);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(codePoints);
  }

  /** The vocabulary's size and its first characters. */
  @Override
  public String toString() {
    String vocabulary = vocabulary();
    int shown = vocabulary.offsetByCodePoints(0, Math.min(40, codePoints.length));
    return "CharTokenizer(" + codePoints.length + " characters: \"" + vocabulary.substring(0, shown)
        + (shown < vocabulary.length() ? "..." : "") + "\")";
  }
}
