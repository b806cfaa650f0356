package dev.nn4j.core;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds and takes apart safetensors files byte by byte, independently of the code under test, so that
 * tests can craft malformed files: any header text with any declared length, and any data bytes.
 */
final class SafetensorsBytes {
  private static final JsonFactory JSON = new JsonFactory();

  private SafetensorsBytes() {}

  /** A tensor entry of a header, with any dtype and offsets, right or wrong. */
  record Entry(String name, String dtype, long[] shape, long begin, long end) {
    Entry withShape(long... newShape) {
      return new Entry(name, dtype, newShape, begin, end);
    }

    Entry withOffsets(long newBegin, long newEnd) {
      return new Entry(name, dtype, shape, newBegin, newEnd);
    }

    Entry withDtype(String newDtype) {
      return new Entry(name, newDtype, shape, begin, end);
    }

    Entry withName(String newName) {
      return new Entry(newName, dtype, shape, begin, end);
    }
  }

  /** A file with the header's true length. */
  static byte[] file(String header, byte[] data) {
    byte[] headerBytes = header.getBytes(StandardCharsets.UTF_8);
    return file(headerBytes.length, headerBytes, data);
  }

  /** A file that declares {@code declaredLength} whatever the header's real length. */
  static byte[] file(long declaredLength, byte[] header, byte[] data) {
    ByteBuffer file = ByteBuffer.allocate(8 + header.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
    file.putLong(declaredLength).put(header).put(data);
    return file.array();
  }

  /** The header JSON: the metadata object (if not null) first, then the entries, in order. */
  static String header(Map<String, String> metadata, List<Entry> entries) {
    StringWriter text = new StringWriter();
    try (JsonGenerator json = JSON.createGenerator(text)) {
      json.writeStartObject();
      if (metadata != null) {
        json.writeObjectFieldStart("__metadata__");
        for (Map.Entry<String, String> e : metadata.entrySet()) {
          json.writeStringField(e.getKey(), e.getValue());
        }
        json.writeEndObject();
      }
      for (Entry e : entries) {
        json.writeObjectFieldStart(e.name());
        json.writeStringField("dtype", e.dtype());
        json.writeArrayFieldStart("shape");
        for (long s : e.shape()) {
          json.writeNumber(s);
        }
        json.writeEndArray();
        json.writeArrayFieldStart("data_offsets");
        json.writeNumber(e.begin());
        json.writeNumber(e.end());
        json.writeEndArray();
        json.writeEndObject();
      }
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return text.toString();
  }

  /** The declared header length of a file. */
  static long headerLength(byte[] file) {
    return ByteBuffer.wrap(file, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
  }

  /** The header of a well-formed file, as text (with its padding). */
  static String headerText(byte[] file) {
    return new String(file, 8, (int) headerLength(file), StandardCharsets.UTF_8);
  }

  /** The data section of a well-formed file. */
  static byte[] data(byte[] file) {
    return Arrays.copyOfRange(file, 8 + (int) headerLength(file), file.length);
  }

  /** {@code count} little-endian doubles of {@code data} from byte {@code begin}. */
  static double[] doubles(byte[] data, long begin, int count) {
    double[] values = new double[count];
    ByteBuffer.wrap(data, (int) begin, count * 8).order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer().get(values);
    return values;
  }

  /** A JSON document as nested maps (insertion order), lists, strings, longs and doubles. */
  static Object parse(String json) {
    try (JsonParser parser = JSON.createParser(json)) {
      return value(parser, parser.nextToken());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Object value(JsonParser parser, JsonToken token) throws IOException {
    switch (token) {
      case START_OBJECT -> {
        Map<String, Object> map = new LinkedHashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          String key = parser.currentName();
          map.put(key, value(parser, parser.nextToken()));
        }
        return map;
      }
      case START_ARRAY -> {
        List<Object> list = new ArrayList<>();
        for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
          list.add(value(parser, t));
        }
        return list;
      }
      case VALUE_STRING -> {
        return parser.getText();
      }
      case VALUE_NUMBER_INT -> {
        return parser.getLongValue();
      }
      case VALUE_NUMBER_FLOAT -> {
        return parser.getDoubleValue();
      }
      default -> throw new IllegalArgumentException("Unexpected " + token);
    }
  }
}
