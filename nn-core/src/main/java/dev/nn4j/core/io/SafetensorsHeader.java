package dev.nn4j.core.io;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The JSON header of a safetensors file, in both directions, and the checks of its tensor table against
 * the data section. Nothing here is specific to nn4j's networks.
 *
 * <p>The header is an object that maps each tensor name to {@code {"dtype": "F64", "shape": [...],
 * "data_offsets": [begin, end]}}, offsets in bytes from the start of the data section, plus an optional
 * {@code "__metadata__"} object whose values are all strings. nn4j writes {@code F64} (and {@code I64}
 * for counters) and reads the dtypes of {@link #BYTES_PER_VALUE}. The writer puts the metadata first and
 * the tensors in the order given, packed one after another, and pads the header with spaces to a multiple
 * of 8 bytes, as the reference implementation does, so that the data section starts 8-byte aligned.
 *
 * <p>The reader accepts the tensors in any header order (files written by the reference implementation
 * list them sorted by dtype and name), but their byte ranges, taken in order of offset, must cover the
 * data section exactly: no overlap, no gap, nothing after the last tensor.
 */
final class SafetensorsHeader {
  /** The key of the string-to-string metadata object. */
  static final String METADATA_KEY = "__metadata__";
  /** IEEE 754 binary64, little-endian: what nn4j writes for real values. */
  static final String F64 = "F64";
  /** Signed 64-bit integers, little-endian: what nn4j writes for counters. */
  static final String I64 = "I64";
  /** The dtypes nn4j reads, and the bytes of one value of each. */
  static final Map<String, Integer> BYTES_PER_VALUE =
      Map.of("F64", 8, "F32", 4, "F16", 2, "BF16", 2, "I64", 8, "I32", 4, "BOOL", 1);
  /** The most tensors a header may list; an nn4j network has two per dense layer. */
  static final int MAX_TENSORS = 1 << 16;
  /** The highest rank accepted; a convolution's weights have rank 4, a 3-D one's rank 5. */
  static final int MAX_RANK = 8;

  /** The dtypes of the safetensors format, to tell "not supported" from "not a dtype at all". */
  private static final Set<String> SAFETENSORS_DTYPES =
      Set.of(
          "BOOL", "F4", "F6_E2M3", "F6_E3M2", "U8", "I8", "F8_E5M2", "F8_E4M3", "F8_E8M0", "I16", "U16",
          "F16", "BF16", "I32", "U32", "F32", "C64", "F64", "I64", "U64");

  private final Map<String, String> metadata;
  private final List<SafetensorsFile.Entry> tensors;

  private SafetensorsHeader(Map<String, String> metadata, List<SafetensorsFile.Entry> tensors) {
    this.metadata = metadata;
    this.tensors = tensors;
  }

  /** The {@code "__metadata__"} object, or null if the header has none. */
  Map<String, String> metadata() {
    return metadata;
  }

  /** The tensors, in header order. */
  List<SafetensorsFile.Entry> entries() {
    return tensors;
  }

  // ---------------------------------------------------------------- writing

  /**
   * The header bytes for {@code tensors} (with the dtypes and offsets given) and {@code metadata}: UTF-8
   * JSON padded with spaces to a multiple of 8 bytes.
   */
  static byte[] encode(Map<String, String> metadata, List<SafetensorsFile.Entry> tensors) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (JsonGenerator json = Json.FACTORY.createGenerator(bytes, JsonEncoding.UTF8)) {
      json.writeStartObject();
      json.writeObjectFieldStart(METADATA_KEY);
      for (Map.Entry<String, String> e : metadata.entrySet()) {
        json.writeStringField(e.getKey(), e.getValue());
      }
      json.writeEndObject();
      for (SafetensorsFile.Entry t : tensors) {
        json.writeObjectFieldStart(t.name());
        json.writeStringField("dtype", t.dtype());
        json.writeArrayFieldStart("shape");
        for (long dimension : t.shape()) {
          json.writeNumber(dimension);
        }
        json.writeEndArray();
        json.writeArrayFieldStart("data_offsets");
        json.writeNumber(t.begin());
        json.writeNumber(t.end());
        json.writeEndArray();
        json.writeEndObject();
      }
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("Writing JSON to memory failed", e);
    }
    while (bytes.size() % 8 != 0) {
      bytes.write(' ');
    }
    return bytes.toByteArray();
  }

  // ---------------------------------------------------------------- reading

  /**
   * Reads a header and checks its form only: an object of tensor entries (each with a dtype string, a shape
   * of non-negative sizes and two non-negative offsets) and an optional string-valued metadata object. The
   * metadata can then be read before {@link #checkTensors} judges the dtypes, sizes and offsets, so that a
   * file of a newer format is reported as such.
   *
   * @throws ModelFormatException naming the first problem found
   */
  static SafetensorsHeader parse(String json) throws ModelFormatException {
    return Json.parse(json, "the header", SafetensorsHeader::read);
  }

  /** {@link #parse(String)} of the UTF-8 bytes of a header that starts at byte {@code fileOffset} of its file. */
  static SafetensorsHeader parse(byte[] json, long fileOffset) throws ModelFormatException {
    return Json.parse(json, "the header", fileOffset, SafetensorsHeader::read);
  }

  private static SafetensorsHeader read(JsonParser parser) throws IOException {
    Json.next(parser, JsonToken.START_OBJECT, "the header to be a JSON object");
    Map<String, String> metadata = null;
    List<SafetensorsFile.Entry> tensors = new ArrayList<>();
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      if (name.equals(METADATA_KEY)) {
        metadata = Json.stringMap(parser, METADATA_KEY + " (its values must be strings, as the safetensors format requires)");
      } else {
        if (tensors.size() == MAX_TENSORS) {
          throw new ModelFormatException("the header lists more than " + MAX_TENSORS + " tensors");
        }
        tensors.add(readTensor(parser, name));
      }
    }
    return new SafetensorsHeader(metadata, List.copyOf(tensors));
  }

  private static SafetensorsFile.Entry readTensor(JsonParser parser, String name) throws IOException {
    String what = "tensor '" + Json.shorten(name) + "'";
    Json.next(parser, JsonToken.START_OBJECT, what + " to be an object with dtype, shape and data_offsets");
    String dtype = null;
    long[] shape = null;
    long[] offsets = null;
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String key = parser.currentName();
      switch (key) {
        case "dtype" -> dtype = Json.string(parser, "the dtype of " + what);
        case "shape" -> shape = readSizes(parser, "the shape of " + what, MAX_RANK);
        case "data_offsets" -> offsets = readSizes(parser, "the data_offsets of " + what, 2);
        default -> throw new ModelFormatException(
            what + " has an unknown key '" + Json.shorten(key) + "'; expected only dtype, shape and data_offsets");
      }
    }
    if (dtype == null || shape == null || offsets == null) {
      throw new ModelFormatException(
          what + " lacks " + (dtype == null ? "dtype" : shape == null ? "shape" : "data_offsets")
              + "; expected dtype, shape and data_offsets");
    }
    if (offsets.length != 2) {
      throw new ModelFormatException(
          "expected the data_offsets of " + what + " to be [begin, end], got " + Arrays.toString(offsets));
    }
    return new SafetensorsFile.Entry(name, dtype, shape, offsets[0], offsets[1]);
  }

  /** Checks one tensor on its own: a dtype nn4j reads, offsets in order, as many bytes as its shape needs. */
  private static void checkTensor(SafetensorsFile.Entry tensor) throws ModelFormatException {
    String what = "tensor '" + Json.shorten(tensor.name()) + "'";
    int bytesPerValue = checkDtype(tensor.dtype(), what);
    if (tensor.end() < tensor.begin()) {
      throw new ModelFormatException(
          what + " has data_offsets [" + tensor.begin() + ", " + tensor.end() + "] that end before they begin");
    }
    long values = 1;
    for (long size : tensor.shape()) {
      values = multiplyOrMinusOne(values, size);
    }
    long bytes = multiplyOrMinusOne(values, bytesPerValue);
    if (bytes < 0) {
      throw new ModelFormatException(what + " has shape " + tensor.shapeText() + ", too many values to address");
    }
    if (tensor.end() - tensor.begin() != bytes) {
      throw new ModelFormatException(
          what + " has shape " + tensor.shapeText() + " and dtype " + tensor.dtype() + ", so it needs " + bytes
              + " bytes, but its data_offsets [" + tensor.begin() + ", " + tensor.end() + "] give "
              + (tensor.end() - tensor.begin()));
    }
  }

  /** {@code a * b} for non-negative operands, or -1 if it overflows a long. */
  private static long multiplyOrMinusOne(long a, long b) {
    if (a < 0 || b < 0) {
      return -1;
    }
    try {
      return Math.multiplyExact(a, b);
    } catch (ArithmeticException e) {
      return -1;
    }
  }

  /** The bytes per value of {@code dtype}, if nn4j reads it. */
  private static int checkDtype(String dtype, String what) throws ModelFormatException {
    Integer bytes = BYTES_PER_VALUE.get(dtype);
    if (bytes != null) {
      return bytes;
    }
    if (SAFETENSORS_DTYPES.contains(dtype)) {
      throw new ModelFormatException(
          what + " has dtype " + dtype + ", which nn4j does not read; it reads " + new java.util.TreeSet<>(BYTES_PER_VALUE.keySet())
              + " (in PyTorch, convert with tensor.double() before saving)");
    }
    throw new ModelFormatException(
        what + " has unknown dtype '" + Json.shorten(dtype) + "'; expected one of " + new java.util.TreeSet<>(BYTES_PER_VALUE.keySet()));
  }

  /** An array of at most {@code maxLength} non-negative integers. */
  private static long[] readSizes(JsonParser parser, String what, int maxLength) throws IOException {
    Json.next(parser, JsonToken.START_ARRAY, what + " as an array of integers");
    long[] sizes = new long[maxLength];
    int count = 0;
    while (parser.nextToken() != JsonToken.END_ARRAY) {
      if (count == maxLength) {
        throw new ModelFormatException("expected " + what + " to have at most " + maxLength + " entries, got more");
      }
      if (parser.currentToken() != JsonToken.VALUE_NUMBER_INT
          || parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER
          || parser.getLongValue() < 0) {
        throw new ModelFormatException(
            "expected " + what + " to hold integers in [0, " + Long.MAX_VALUE + "], got " + Json.describe(parser, parser.currentToken()));
      }
      sizes[count++] = parser.getLongValue();
    }
    return Arrays.copyOf(sizes, count);
  }

  /**
   * Checks every tensor (a dtype nn4j reads, as many bytes as its shape needs), then that their byte
   * ranges, in order of offset, tile the {@code dataLength} bytes after the header: each ends inside it,
   * each starts where the one before ended, and the last ends at its end.
   *
   * @throws ModelFormatException naming the tensor with another dtype or a wrong size, or that is cut off,
   *     overlaps or leaves a gap, or the trailing bytes
   */
  void checkTensors(long dataLength) throws ModelFormatException {
    for (SafetensorsFile.Entry t : tensors) {
      checkTensor(t);
    }
    for (SafetensorsFile.Entry t : tensors) {
      if (t.end() > dataLength) {
        throw new ModelFormatException(
            "the file is truncated: tensor " + t + " ends at byte " + t.end() + " of the data section, but only "
                + dataLength + " bytes of data follow the header");
      }
    }
    List<SafetensorsFile.Entry> byOffset = new ArrayList<>(tensors);
    byOffset.sort(Comparator.comparingLong(SafetensorsFile.Entry::begin).thenComparingLong(SafetensorsFile.Entry::end));
    long expectedBegin = 0;
    SafetensorsFile.Entry previous = null;
    for (SafetensorsFile.Entry t : byOffset) {
      if (t.begin() < expectedBegin) {
        throw new ModelFormatException("tensor " + t + " overlaps tensor " + previous);
      }
      if (t.begin() > expectedBegin) {
        throw new ModelFormatException(
            (t.begin() - expectedBegin) + " bytes of the data section before tensor " + t + " belong to no tensor;"
                + " the safetensors format requires the tensors to cover the data section without gaps");
      }
      expectedBegin = t.end();
      previous = t;
    }
    if (expectedBegin != dataLength) {
      throw new ModelFormatException(
          "the file has " + (dataLength - expectedBegin) + " bytes of trailing data after the last tensor (the tensors end at byte "
              + expectedBegin + " of a data section of " + dataLength + " bytes)");
    }
  }
}
