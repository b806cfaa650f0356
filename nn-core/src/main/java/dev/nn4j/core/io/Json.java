package dev.nn4j.core.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The JSON reading shared by the safetensors header and the architecture inside it: one Jackson
 * streaming factory with limits that fit a model header, and checked reads of the few value kinds the
 * format uses, each failing with a {@link ModelFormatException} that names what was expected and what was
 * found.
 *
 * <p>Duplicate keys are rejected (the safetensors spec forbids them; Jackson's strict duplicate
 * detection). No value is ever turned into an allocation size here: arrays are read element by element
 * against a fixed cap.
 */
final class Json {
  /** Deepest nesting: the header needs 3 levels (header, tensor, shape), the architecture 5. */
  static final int MAX_NESTING_DEPTH = 16;
  /** Longest string value, in characters: the architecture string of a very deep network fits. */
  static final int MAX_STRING_LENGTH = 1 << 24;
  /** Longest key, in characters: tensor names and configuration keys. */
  static final int MAX_NAME_LENGTH = 1 << 16;
  /** Longest number, in characters: a 64-bit integer or a double in full precision needs under 30. */
  static final int MAX_NUMBER_LENGTH = 64;

  /** The parser factory: strict JSON (no comments, NaN or trailing commas), duplicates rejected. */
  static final JsonFactory FACTORY =
      JsonFactory.builder()
          .streamReadConstraints(
              StreamReadConstraints.builder()
                  .maxNestingDepth(MAX_NESTING_DEPTH)
                  .maxStringLength(MAX_STRING_LENGTH)
                  .maxNameLength(MAX_NAME_LENGTH)
                  .maxNumberLength(MAX_NUMBER_LENGTH)
                  .build())
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .build();

  private Json() {}

  /** Reads one JSON document with a parser positioned before its first token. */
  @FunctionalInterface
  interface Body<T> {
    T read(JsonParser parser) throws IOException;
  }

  /**
   * Parses {@code text} with {@code body}, then checks that nothing but whitespace follows the value.
   *
   * @param what the document, for messages, such as {@code "the header"}
   * @throws ModelFormatException if the text is not valid JSON, exceeds a limit, or {@code body} rejects it
   */
  static <T> T parse(String text, String what, Body<T> body) throws ModelFormatException {
    return parse(() -> FACTORY.createParser(text), what, body, at -> "at character " + at.getCharOffset());
  }

  /**
   * Parses the UTF-8 JSON in {@code bytes} with {@code body}, straight from the bytes (no character copy of
   * them is made, so a large header costs its own size), then checks that nothing but whitespace follows.
   *
   * @param bytes the document's bytes
   * @param what the document, for messages, such as {@code "the header"}
   * @param fileOffset where {@code bytes} start in the file, so that messages give the file's byte offsets
   * @throws ModelFormatException if the bytes are not valid UTF-8 or JSON, exceed a limit, or {@code body}
   *     rejects them
   */
  static <T> T parse(byte[] bytes, String what, long fileOffset, Body<T> body) throws ModelFormatException {
    return parse(
        () -> FACTORY.createParser(bytes), what, body, at -> "at byte " + (fileOffset + at.getByteOffset()) + " of the file");
  }

  /** A parser over a document in memory. */
  @FunctionalInterface
  private interface Source {
    JsonParser open() throws IOException;
  }

  /** Parses with {@code body}; {@code where} says where a location is, in the document's own units. */
  private static <T> T parse(Source source, String what, Body<T> body, Function<JsonLocation, String> where)
      throws ModelFormatException {
    try (JsonParser parser = source.open()) {
      T result = body.read(parser);
      JsonToken after = parser.nextToken();
      if (after != null) {
        throw new ModelFormatException(what + " has more content after its closing '}', " + where.apply(parser.currentLocation()));
      }
      return result;
    } catch (ModelFormatException e) {
      throw e;
    } catch (StreamConstraintsException e) {
      throw new ModelFormatException(what + " exceeds a limit of nn4j's JSON reader: " + e.getOriginalMessage(), e);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String place = at == null ? "" : " " + where.apply(at);
      String message = e.getOriginalMessage();
      if (message != null && message.startsWith("Invalid UTF-8")) {
        throw new ModelFormatException(what + " is not valid UTF-8 (" + place.trim() + "): " + message, e);
      }
      throw new ModelFormatException(what + " is not valid JSON" + place + ": " + message, e);
    } catch (IOException e) {
      // A parser over memory does no I/O; kept so that every failure is a format error.
      throw new ModelFormatException(what + " could not be parsed: " + e.getMessage(), e);
    }
  }

  /** Moves to the next token and fails unless it is {@code expected}. */
  static void next(JsonParser parser, JsonToken expected, String what) throws IOException {
    JsonToken token = parser.nextToken();
    if (token != expected) {
      throw new ModelFormatException("expected " + what + ", got " + describe(parser, token));
    }
  }

  /** The next value as a string. */
  static String string(JsonParser parser, String what) throws IOException {
    next(parser, JsonToken.VALUE_STRING, what + " as a string");
    return parser.getText();
  }

  /** The next value as an integer in {@code [0, Long.MAX_VALUE]}. */
  static long nonNegativeLong(JsonParser parser, String what) throws IOException {
    JsonToken token = parser.nextToken();
    if (token != JsonToken.VALUE_NUMBER_INT) {
      throw new ModelFormatException("expected " + what + " as a non-negative integer, got " + describe(parser, token));
    }
    if (parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER || parser.getLongValue() < 0) {
      throw new ModelFormatException(
          "expected " + what + " as an integer in [0, " + Long.MAX_VALUE + "], got " + parser.getText());
    }
    return parser.getLongValue();
  }

  /** The next value as an integer in {@code [1, Integer.MAX_VALUE]}. */
  static int positiveInt(JsonParser parser, String what) throws IOException {
    JsonToken token = parser.nextToken();
    if (token != JsonToken.VALUE_NUMBER_INT
        || parser.getNumberType() != JsonParser.NumberType.INT
        || parser.getIntValue() <= 0) {
      throw new ModelFormatException(
          "expected " + what + " as an integer in [1, " + Integer.MAX_VALUE + "], got " + describe(parser, token));
    }
    return parser.getIntValue();
  }

  /** The next value as a finite number. */
  static double finiteDouble(JsonParser parser, String what) throws IOException {
    JsonToken token = parser.nextToken();
    if (token != JsonToken.VALUE_NUMBER_INT && token != JsonToken.VALUE_NUMBER_FLOAT) {
      throw new ModelFormatException("expected " + what + " as a number, got " + describe(parser, token));
    }
    double value = parser.getDoubleValue();
    if (!Double.isFinite(value)) {
      throw new ModelFormatException("expected " + what + " as a finite number, got " + parser.getText());
    }
    return value;
  }

  /** The next value as an object whose values are all strings, sorted by key. */
  static Map<String, String> stringMap(JsonParser parser, String what) throws IOException {
    next(parser, JsonToken.START_OBJECT, what + " as an object of strings");
    Map<String, String> map = new TreeMap<>();
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String key = parser.currentName();
      map.put(key, string(parser, "the value of '" + key + "' in " + what));
    }
    return map;
  }

  /** A token as messages show it: its kind, and its text for scalars (shortened). */
  static String describe(JsonParser parser, JsonToken token) throws IOException {
    if (token == null) {
      return "the end of the JSON";
    }
    return switch (token) {
      case START_OBJECT -> "an object";
      case START_ARRAY -> "an array";
      case END_OBJECT -> "the end of the object";
      case END_ARRAY -> "the end of the array";
      case FIELD_NAME -> "the key '" + shorten(parser.currentName()) + "'";
      case VALUE_STRING -> "the string '" + shorten(parser.getText()) + "'";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "the number " + shorten(parser.getText());
      case VALUE_TRUE, VALUE_FALSE -> "the boolean " + parser.getText();
      case VALUE_NULL -> "null";
      default -> token.toString();
    };
  }

  /** {@code text}, cut to 60 characters for a message. */
  static String shorten(String text) {
    return text.length() <= 60 ? text : text.substring(0, 57) + "...";
  }
}
