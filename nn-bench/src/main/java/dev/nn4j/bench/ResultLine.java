package dev.nn4j.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The machine-readable lines that nn-bench and its Python scripts print, one per measurement: {@code RESULT}
 * and a flat JSON object of strings and numbers, such as {@code RESULT {"kind":"gemm","library":"nn4j",
 * "backend":"java","product":"NT:64x128x784","gflops":21.5}}.
 */
final class ResultLine {
  /** What starts a result line. */
  static final String PREFIX = "RESULT ";

  private static final JsonFactory JSON = new JsonFactory();

  private ResultLine() {}

  /**
   * The line for {@code fields}, in their order: strings stay strings, numbers numbers.
   *
   * @param fields names and values ({@link String} or {@link Number})
   */
  static String format(Map<String, ?> fields) {
    StringWriter text = new StringWriter();
    try (JsonGenerator json = JSON.createGenerator(text)) {
      json.writeStartObject();
      for (Map.Entry<String, ?> field : fields.entrySet()) {
        if (field.getValue() instanceof Number number) {
          json.writeFieldName(field.getKey());
          json.writeNumber(number.doubleValue());
        } else {
          json.writeStringField(field.getKey(), String.valueOf(field.getValue()));
        }
      }
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return PREFIX + text;
  }

  /**
   * The fields of {@code line} when it is a result line (it may follow other text, as in a log); empty for any
   * other line.
   *
   * @throws IllegalArgumentException for a result line that is not a flat JSON object, naming the line
   */
  static Optional<Map<String, Object>> parse(String line) {
    int start = line.indexOf(PREFIX + "{");
    if (start < 0) {
      return Optional.empty();
    }
    String json = line.substring(start + PREFIX.length());
    Map<String, Object> fields = new LinkedHashMap<>();
    try (JsonParser parser = JSON.createParser(json)) {
      expect(parser.nextToken() == JsonToken.START_OBJECT, line);
      for (JsonToken token = parser.nextToken(); token != JsonToken.END_OBJECT; token = parser.nextToken()) {
        expect(token == JsonToken.FIELD_NAME, line);
        String name = parser.currentName();
        JsonToken value = parser.nextToken();
        if (value == JsonToken.VALUE_NUMBER_INT || value == JsonToken.VALUE_NUMBER_FLOAT) {
          fields.put(name, parser.getDoubleValue());
        } else {
          expect(value != null && value.isScalarValue(), line);
          fields.put(name, parser.getValueAsString());
        }
      }
      expect(parser.nextToken() == null, line);
    } catch (IOException e) {
      throw new IllegalArgumentException("Expected a flat JSON object after 'RESULT ', got: " + line, e);
    }
    return Optional.of(fields);
  }

  private static void expect(boolean condition, String line) {
    if (!condition) {
      throw new IllegalArgumentException("Expected a flat JSON object of strings and numbers after 'RESULT ', got: " + line);
    }
  }
}
