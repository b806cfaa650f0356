package dev.nn4j.onnx;

import static com.google.common.base.Preconditions.checkArgument;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes one protocol-buffers message in the binary wire format, field by field, into a growing byte
 * array: the few encodings that ONNX files need, so that nn4j needs no protobuf library.
 *
 * <p>Each field starts with a key, the varint {@code (fieldNumber << 3) | wireType}. Wire type 0 (varint)
 * carries integers and enums: 7 bits per byte, least significant group first, the high bit set on every
 * byte but the last; a negative {@code int64} (or {@code int32}, sign-extended) takes ten bytes. Wire
 * type 1 is 8 little-endian bytes ({@code double}), type 5 is 4 ({@code float}). Wire type 2 (length
 * delimited) is a varint byte count followed by the bytes: strings (UTF-8), nested messages, and packed
 * repeated numbers, all of which go into one field one after another.
 *
 * <p>A nested message is written into its own writer first, so that its length is known, then copied in
 * with {@link #message}. Fields are written in the order of the calls; a reader accepts any order. Not
 * thread-safe.
 */
final class ProtobufWriter {
  /** Wire type of varint-encoded integers. */
  static final int VARINT = 0;
  /** Wire type of 8-byte little-endian values. */
  static final int FIXED64 = 1;
  /** Wire type of a varint length followed by that many bytes. */
  static final int LENGTH_DELIMITED = 2;
  /** Wire type of 4-byte little-endian values. */
  static final int FIXED32 = 5;

  /** The largest message protobuf readers accept (and a Java array can hold), {@code 2³¹ − 1} bytes. */
  static final int MAX_MESSAGE_BYTES = Integer.MAX_VALUE - 8;

  private byte[] bytes;
  private int size;

  /** An empty message. */
  ProtobufWriter() {
    this(64);
  }

  /** An empty message with room for {@code expectedBytes} before the buffer grows. */
  ProtobufWriter(int expectedBytes) {
    checkArgument(expectedBytes >= 0, "Expected a non-negative capacity, got %s", expectedBytes);
    bytes = new byte[Math.max(16, Math.min(expectedBytes, MAX_MESSAGE_BYTES))];
  }

  /** Number of bytes written so far. */
  int size() {
    return size;
  }

  /** A copy of the bytes written so far. */
  byte[] toByteArray() {
    return Arrays.copyOf(bytes, size);
  }

  /** Writes the bytes written so far to {@code out}. */
  void writeTo(OutputStream out) throws IOException {
    out.write(bytes, 0, size);
  }

  // ---------------------------------------------------------------- fields

  /** An {@code int64}, {@code int32} or enum field: key, then {@code value} as a varint. */
  ProtobufWriter int64(int field, long value) {
    key(field, VARINT);
    varint(value);
    return this;
  }

  /** A {@code float} field: key, then the 4 bytes of IEEE 754 single precision, little-endian. */
  ProtobufWriter float32(int field, float value) {
    key(field, FIXED32);
    fixed32(Float.floatToRawIntBits(value));
    return this;
  }

  /** A {@code double} field: key, then the 8 bytes of IEEE 754 double precision, little-endian. */
  ProtobufWriter float64(int field, double value) {
    key(field, FIXED64);
    fixed64(Double.doubleToRawLongBits(value));
    return this;
  }

  /** A {@code string} field: key, byte count, then the UTF-8 bytes of {@code value}. */
  ProtobufWriter string(int field, String value) {
    return bytes(field, value.getBytes(StandardCharsets.UTF_8));
  }

  /** A {@code bytes} field: key, byte count, then {@code value}. */
  ProtobufWriter bytes(int field, byte[] value) {
    key(field, LENGTH_DELIMITED);
    varint(value.length);
    append(value, 0, value.length);
    return this;
  }

  /** A nested message field: key, byte count, then the bytes of {@code message}. */
  ProtobufWriter message(int field, ProtobufWriter message) {
    key(field, LENGTH_DELIMITED);
    varint(message.size);
    append(message.bytes, 0, message.size);
    return this;
  }

  /**
   * A packed repeated {@code float} field holding {@code values} rounded to single precision: key, byte
   * count, then 4 bytes each.
   */
  ProtobufWriter packedFloat32(int field, double[] values) {
    checkLength(field, values.length, Float.BYTES);
    key(field, LENGTH_DELIMITED);
    varint((long) values.length * Float.BYTES);
    ensure((long) values.length * Float.BYTES);
    for (double v : values) {
      fixed32(Float.floatToRawIntBits((float) v));
    }
    return this;
  }

  /** A packed repeated {@code double} field: key, byte count, then 8 bytes each. */
  ProtobufWriter packedFloat64(int field, double[] values) {
    checkLength(field, values.length, Double.BYTES);
    key(field, LENGTH_DELIMITED);
    varint((long) values.length * Double.BYTES);
    ensure((long) values.length * Double.BYTES);
    for (double v : values) {
      fixed64(Double.doubleToRawLongBits(v));
    }
    return this;
  }

  /**
   * A packed repeated {@code int64} field: key, byte count, then each value as a varint (ten bytes for a
   * negative one).
   */
  ProtobufWriter packedInt64(int field, long[] values) {
    ProtobufWriter packed = new ProtobufWriter(values.length * 2);
    for (long v : values) {
      packed.varint(v);
    }
    return message(field, packed);
  }

  private static void checkLength(int field, int count, int width) {
    checkArgument(
        (long) count * width <= MAX_MESSAGE_BYTES,
        "Expected at most %s bytes in packed field %s, got %s values of %s bytes",
        MAX_MESSAGE_BYTES,
        field,
        count,
        width);
  }

  // ---------------------------------------------------------------- encodings

  /** The key of a field: {@code (field << 3) | wireType} as a varint. */
  void key(int field, int wireType) {
    checkArgument(field >= 1 && field <= (1 << 29) - 1, "Expected a field number in [1, 2^29 - 1], got %s", field);
    checkArgument(wireType >= 0 && wireType <= 5, "Expected a wire type in [0, 5], got %s", wireType);
    varint(((long) field << 3) | wireType);
  }

  /** {@code value} as a base-128 varint; a negative value is taken as unsigned 64 bits, so 10 bytes. */
  void varint(long value) {
    ensure(10);
    long v = value;
    while ((v & ~0x7FL) != 0) {
      bytes[size++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    bytes[size++] = (byte) v;
  }

  private void fixed32(int bits) {
    ensure(4);
    for (int i = 0; i < 4; i++) {
      bytes[size++] = (byte) (bits >>> (8 * i));
    }
  }

  private void fixed64(long bits) {
    ensure(8);
    for (int i = 0; i < 8; i++) {
      bytes[size++] = (byte) (bits >>> (8 * i));
    }
  }

  private void append(byte[] source, int offset, int length) {
    ensure(length);
    System.arraycopy(source, offset, bytes, size, length);
    size += length;
  }

  /** Makes room for {@code more} bytes, doubling the buffer, up to {@link #MAX_MESSAGE_BYTES}. */
  private void ensure(long more) {
    long needed = size + more;
    checkArgument(
        needed <= MAX_MESSAGE_BYTES,
        "A protobuf message holds at most %s bytes; this one would need %s",
        MAX_MESSAGE_BYTES,
        needed);
    if (needed > bytes.length) {
      long grown = Math.max(needed, Math.min(2L * bytes.length, MAX_MESSAGE_BYTES));
      bytes = Arrays.copyOf(bytes, (int) grown);
    }
  }
}
