package dev.nn4j.core.io;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A <a href="https://github.com/huggingface/safetensors">safetensors</a> file: the container of nn4j's
 * model files and state dicts, read as hostile input and written without ever destroying the file that was
 * there. It knows tensors and metadata, nothing of networks.
 *
 * <p><b>Reading</b> checks every number before anything is sized by it: the header length against the
 * source's size and a bound ({@link #MAX_HEADER_BYTES}, or the system property {@value
 * #MAX_HEADER_PROPERTY}), then parses the header straight from its bytes, so that it costs its own size; each tensor's byte length against its shape and dtype;
 * the tensors' ranges, in order of offset, against each other and the data section (they must tile it).
 * Values are read on demand, in bounded chunks, and widened to {@code double} exactly ({@code F64}, {@code
 * F32}, {@code F16}, {@code BF16}; {@code I64}, {@code I32}, {@code BOOL} as whole numbers). Every
 * malformation is a {@link ModelFormatException}. A file stays open until {@link #close()}.
 *
 * <p><b>Writing</b> to a path goes to a temporary file in the same folder, forced to the disk, then renamed
 * over the target; any failure deletes the temporary file and leaves the old one as it was.
 */
public final class SafetensorsFile implements Closeable {
  /**
   * The largest header written, and read unless {@value #MAX_HEADER_PROPERTY} says otherwise: 64 MiB. A
   * network at nn4j's limit of 65,536 layers, each with a few tensors, has a header of under 40 MB; other
   * writers' headers are kilobytes.
   */
  public static final long MAX_HEADER_BYTES = 64L << 20;
  /** The system property that sets another bound on the header read, in bytes (up to 2^31 − 9). */
  public static final String MAX_HEADER_PROPERTY = "nn4j.maxHeaderBytes";
  /** The most bytes read from a stream: what one Java array holds. */
  static final int MAX_STREAM_BYTES = Integer.MAX_VALUE - 8;
  /** The most values a Java array, and so one tensor here, can hold on common JVMs. */
  private static final long MAX_VALUES = Integer.MAX_VALUE - 8;
  /** Integers up to this magnitude are exact in a double. */
  private static final long MAX_EXACT_INTEGER = 1L << 53;
  /** Values converted per chunk. */
  private static final int CHUNK_VALUES = 8192;

  /**
   * One tensor of the file: its name, dtype, shape and byte range {@code [begin, end)} in the data section.
   *
   * @param name the tensor's name
   * @param dtype its dtype, such as {@code "F64"}
   * @param shape its sizes, outermost first
   * @param begin the offset of its first byte in the data section
   * @param end the offset after its last byte
   */
  public record Entry(String name, String dtype, long[] shape, long begin, long end) {
    /**
     * True for the integer dtypes, whose values are whole numbers.
     *
     * @return whether the dtype is {@code I64}, {@code I32} or {@code BOOL}
     */
    public boolean isInteger() {
      return dtype.startsWith("I") || dtype.equals("BOOL");
    }

    /**
     * The shape as {@code int}s; checked to fit when the file was opened.
     *
     * @return the sizes
     */
    public int[] dims() {
      return Arrays.stream(shape).mapToInt(Math::toIntExact).toArray();
    }

    /**
     * The shape as the header writes it, such as {@code [4, 3]}.
     *
     * @return the shape as text
     */
    public String shapeText() {
      return Arrays.toString(shape);
    }

    @Override
    public String toString() {
      return "'" + Json.shorten(name) + "' (" + dtype + ", shape " + shapeText() + ", data_offsets [" + begin + ", " + end + "])";
    }
  }

  /**
   * A tensor to write.
   *
   * @param shape its sizes, outermost first
   * @param integer true to store it as {@code I64} (its values must be whole numbers), false for {@code F64}
   * @param values its values, row-major
   */
  public record Values(int[] shape, boolean integer, double[] values) {}

  private final Source source;
  private final String action;
  private final SafetensorsHeader header;
  private final long dataStart;
  private final long dataLength;
  private boolean tensorsChecked;

  private SafetensorsFile(Source source, String action, SafetensorsHeader header, long dataStart, long dataLength) {
    this.source = source;
    this.action = action;
    this.header = header;
    this.dataStart = dataStart;
    this.dataLength = dataLength;
  }

  // ---------------------------------------------------------------- reading

  /**
   * Opens a file and checks its header.
   *
   * @param path the file
   * @param action what the caller does with it, for messages: {@code "read"} gives {@code "Cannot read
   *     model.safetensors: ..."}, {@code "load a network from"} gives {@code "Cannot load a network from
   *     model.safetensors: ..."}
   * @return the open file; close it
   * @throws ModelFormatException if the header is malformed; the message names the file and what is wrong
   * @throws IOException if the file cannot be read
   */
  public static SafetensorsFile open(Path path, String action) throws IOException {
    checkNotNull(path, "path");
    checkNotNull(action, "action");
    if (Files.exists(path) && !Files.isRegularFile(path)) {
      throw new IOException("Cannot " + action + " " + path + ": not a regular file");
    }
    FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
    try {
      return open(new ChannelSource(channel, path.toString()), action);
    } catch (IOException | RuntimeException | Error e) {
      channel.close();
      throw e;
    }
  }

  /**
   * Reads a stream to its end (it is not closed) and opens what it held. The bytes are kept in memory, at
   * most {@value #MAX_STREAM_BYTES} of them.
   *
   * @param in the stream
   * @param name names the stream in messages, such as {@code "the request body"}
   * @param action what the caller does with it, for messages, as for {@link #open(Path, String)}
   * @return the file
   * @throws ModelFormatException if the bytes are not a valid safetensors file, or too many
   * @throws IOException if reading fails
   */
  public static SafetensorsFile open(InputStream in, String name, String action) throws IOException {
    checkNotNull(in, "in");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    byte[] chunk = new byte[1 << 16];
    for (int read; (read = in.read(chunk)) >= 0; ) {
      if (bytes.size() > MAX_STREAM_BYTES - read) {
        throw new ModelFormatException("Cannot " + action + " " + name + ": it holds more than " + MAX_STREAM_BYTES + " bytes");
      }
      bytes.write(chunk, 0, read);
    }
    return open(bytes.toByteArray(), name, action);
  }

  /**
   * Opens the file held in {@code bytes} (not copied: do not change them while it is open).
   *
   * @param bytes the whole file
   * @param name names the bytes in messages
   * @param action what the caller does with it, for messages, as for {@link #open(Path, String)}
   * @return the file
   * @throws ModelFormatException if the bytes are not a valid safetensors file
   */
  public static SafetensorsFile open(byte[] bytes, String name, String action) throws ModelFormatException {
    checkNotNull(bytes, "bytes");
    checkNotNull(action, "action");
    try {
      return open(new BytesSource(bytes, name), action);
    } catch (ModelFormatException e) {
      throw e;
    } catch (IOException e) {
      throw new ModelFormatException("Cannot " + action + " " + name + ": " + e.getMessage(), e);
    }
  }

  private static SafetensorsFile open(Source source, String action) throws IOException {
    try {
      return read(source, action);
    } catch (ModelFormatException e) {
      throw named(e, "Cannot " + action + " " + source.name() + ": ");
    }
  }

  private static ModelFormatException named(ModelFormatException e, String prefix) {
    ModelFormatException named = new ModelFormatException(prefix + e.getMessage(), e.getCause());
    named.setStackTrace(e.getStackTrace());
    return named;
  }

  /**
   * A {@link ModelFormatException} saying what is wrong with this file, prefixed as every message about
   * it is: {@code "Cannot load a network from model.safetensors: " + what}.
   *
   * @param what what is wrong
   * @param cause the cause, or null
   * @return the exception, to throw
   */
  public ModelFormatException malformed(String what, Throwable cause) {
    return new ModelFormatException("Cannot " + action + " " + source.name() + ": " + what, cause);
  }

  private static SafetensorsFile read(Source source, String action) throws IOException {
    long size = source.size();
    if (size < Long.BYTES) {
      throw new ModelFormatException(
          "the file is truncated: it has " + size + " bytes, fewer than the 8 bytes of the header length");
    }
    long headerLength = source.read(0, Long.BYTES).order(ByteOrder.LITTLE_ENDIAN).getLong();
    long bound = maxHeaderBytes();
    if (Long.compareUnsigned(headerLength, bound) > 0) {
      throw new ModelFormatException(
          "the header length is " + Long.toUnsignedString(headerLength) + " bytes, more than the limit of " + bound
              + " bytes: not a safetensors file, or a damaged one (to read larger headers, set the system property "
              + MAX_HEADER_PROPERTY + ")");
    }
    if (headerLength > size - Long.BYTES) {
      throw new ModelFormatException(
          "the header length is " + headerLength + " bytes, but only " + (size - Long.BYTES)
              + " bytes follow it: the file is truncated or not a safetensors file");
    }
    // The header is parsed straight from its bytes: no character or string copy of it is made.
    byte[] headerBytes = source.read(Long.BYTES, (int) headerLength).array();
    if (headerBytes.length == 0 || headerBytes[0] != '{') {
      throw new ModelFormatException(
          "expected the header to start with '{' (a JSON object), got "
              + (headerBytes.length == 0 ? "an empty header" : "byte 0x" + Integer.toHexString(headerBytes[0] & 0xFF)
                  + (headerBytes[0] >= 0x20 && headerBytes[0] < 0x7F ? " ('" + (char) headerBytes[0] + "')" : "")));
    }
    checkUtf8(headerBytes, Long.BYTES);
    SafetensorsHeader header = SafetensorsHeader.parse(headerBytes, Long.BYTES);
    long dataStart = Long.BYTES + headerLength;
    // The tensor table is checked later (checkTensors), so that a reader can first look at the metadata
    // and report a file of a newer format as such.
    return new SafetensorsFile(source, action, header, dataStart, size - dataStart);
  }

  /**
   * Checks the tensor table against the data section (dtypes nn4j reads, sizes, tiling). The readers of
   * this class call it before reading any values; call it first to report a problem with the tensors before
   * anything else.
   *
   * @throws ModelFormatException naming the first tensor that is wrong
   */
  public void checkTensors() throws ModelFormatException {
    if (tensorsChecked) {
      return;
    }
    try {
      header.checkTensors(dataLength);
      for (Entry e : header.entries()) {
        long values = 1;
        for (long d : e.shape()) {
          values *= d;
        }
        if (values > MAX_VALUES || Arrays.stream(e.shape()).anyMatch(d -> d > Integer.MAX_VALUE)) {
          throw new ModelFormatException("tensor " + e + " has more values than a Java array holds");
        }
      }
    } catch (ModelFormatException e) {
      throw named(e, "Cannot " + action + " " + source.name() + ": ");
    }
    tensorsChecked = true;
  }

  /**
   * The header's {@code "__metadata__"} object, or null if it has none.
   *
   * @return the metadata, string to string, or null
   */
  public Map<String, String> metadata() {
    return header.metadata();
  }

  /**
   * The tensors, in order of their offsets in the data section.
   *
   * @return the entries
   * @throws ModelFormatException if the tensor table is wrong (see {@link #checkTensors()})
   */
  public List<Entry> entries() throws ModelFormatException {
    checkTensors();
    List<Entry> sorted = new ArrayList<>(header.entries());
    sorted.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
    return sorted;
  }

  /**
   * The tensors by name.
   *
   * @return the entries by name, in header order
   * @throws ModelFormatException if the tensor table is wrong (see {@link #checkTensors()})
   */
  public Map<String, Entry> entriesByName() throws ModelFormatException {
    checkTensors();
    Map<String, Entry> byName = new LinkedHashMap<>();
    for (Entry e : header.entries()) {
      byName.put(e.name(), e);
    }
    return byName;
  }

  /**
   * The name of the file, stream or bytes, for messages.
   *
   * @return the source's name
   */
  public String name() {
    return source.name();
  }

  /**
   * Reads the values of {@code entry}, widened to {@code double}, row-major.
   *
   * @param entry one of {@link #entries()}
   * @return the values, a new array
   * @throws ModelFormatException if an integer value has a magnitude above 2^53 (no longer exact as a
   *     double), or the source ended early
   * @throws IOException if reading fails
   */
  public double[] values(Entry entry) throws IOException {
    checkTensors();
    double[] values = new double[Math.toIntExact(count(entry))];
    readInto(entry, values);
    return values;
  }

  /**
   * Reads the values of {@code entry}, widened to {@code double}, row-major, into {@code target}: a tensor
   * goes straight where it belongs, without a copy.
   *
   * @param entry one of {@link #entries()}
   * @param target receives the values; exactly as long as the tensor
   * @throws ModelFormatException if an integer value has a magnitude above 2^53, or the source ended early
   * @throws IOException if reading fails
   */
  public void readInto(Entry entry, double[] target) throws IOException {
    checkTensors();
    checkArgument(header.entries().contains(entry), "%s is not an entry of %s", entry, source.name());
    int width = SafetensorsHeader.BYTES_PER_VALUE.get(entry.dtype());
    int size = Math.toIntExact(count(entry));
    checkArgument(target.length == size, "Tensor %s has %s values, the array %s", entry, size, target.length);
    ByteBuffer chunk = ByteBuffer.allocate(Math.max(1, Math.min(size, CHUNK_VALUES)) * width);
    for (int start = 0; start < size; start += CHUNK_VALUES) {
      int count = Math.min(CHUNK_VALUES, size - start);
      chunk.clear().limit(count * width);
      source.readFully(chunk, dataStart + entry.begin() + (long) start * width);
      chunk.flip();
      chunk.order(ByteOrder.LITTLE_ENDIAN);
      for (int i = 0; i < count; i++) {
        target[start + i] = decode(entry, chunk, start + i);
      }
    }
  }

  /** The number of values of {@code entry}, from its byte length (checked against its shape). */
  private static long count(Entry entry) {
    return (entry.end() - entry.begin()) / SafetensorsHeader.BYTES_PER_VALUE.get(entry.dtype());
  }

  /** The next value of {@code chunk}, of {@code entry}'s dtype, as a double. */
  private double decode(Entry entry, ByteBuffer chunk, int index) throws ModelFormatException {
    switch (entry.dtype()) {
      case "F64":
        return chunk.getDouble();
      case "F32":
        return chunk.getFloat();
      case "F16":
        return halfToDouble(chunk.getShort());
      case "BF16":
        // bfloat16 is the upper half of a float32.
        return Float.intBitsToFloat((chunk.getShort() & 0xFFFF) << 16);
      case "I32":
        return chunk.getInt();
      case "BOOL":
        return chunk.get() == 0 ? 0 : 1;
      case "I64":
        long v = chunk.getLong();
        if (v > MAX_EXACT_INTEGER || v < -MAX_EXACT_INTEGER) {
          throw malformed(
              "tensor " + entry + " holds " + v + " at index " + index + ", beyond 2^53, where a double is no longer exact",
              null);
        }
        return v;
      default:
        throw new IllegalStateException("unchecked dtype " + entry.dtype());
    }
  }

  /** IEEE 754 binary16 ({@code F16}) to double, exactly: 1 sign bit, 5 exponent bits, 10 fraction bits. */
  static double halfToDouble(short bits) {
    int exponent = (bits >> 10) & 0x1F;
    int fraction = bits & 0x3FF;
    double magnitude;
    if (exponent == 0) {
      magnitude = Math.scalb((double) fraction, -24);
    } else if (exponent == 31) {
      magnitude = fraction == 0 ? Double.POSITIVE_INFINITY : Double.NaN;
    } else {
      magnitude = Math.scalb((double) (fraction | 0x400), exponent - 25);
    }
    return bits < 0 ? -magnitude : magnitude;
  }

  @Override
  public void close() throws IOException {
    source.close();
  }

  /** The bound on the header read: {@value #MAX_HEADER_PROPERTY}, else {@link #MAX_HEADER_BYTES}. */
  /**
   * Checks that {@code bytes} are well-formed UTF-8, as the safetensors format requires, with the JDK's
   * strict decoder (no overlong forms, no surrogates, which the JSON reader would let through), decoding a
   * chunk at a time so that no copy of the whole header is made.
   */
  private static void checkUtf8(byte[] bytes, long fileOffset) throws ModelFormatException {
    CharsetDecoder decoder =
        StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(8192);
    CoderResult result;
    do {
      out.clear();
      result = decoder.decode(in, out, true);
    } while (result.isOverflow());
    if (!result.isError()) {
      out.clear();
      result = decoder.flush(out);
    }
    if (result.isError()) {
      throw new ModelFormatException(
          "the header is not valid UTF-8 (at byte " + (fileOffset + in.position()) + " of the file): "
              + (result.isMalformed() ? "malformed" : "unmappable") + " input of " + result.length() + " bytes");
    }
  }

  static long maxHeaderBytes() {
    String text = System.getProperty(MAX_HEADER_PROPERTY);
    if (text == null) {
      return MAX_HEADER_BYTES;
    }
    try {
      long bound = Long.parseLong(text.trim());
      checkArgument(bound > 0 && bound <= MAX_STREAM_BYTES, "out of range");
      return bound;
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "Expected the system property " + MAX_HEADER_PROPERTY + " to be a number of bytes in [1, " + MAX_STREAM_BYTES
              + "], got '" + text + "'", e);
    }
  }

  // ---------------------------------------------------------------- writing

  /**
   * Writes {@code tensors} and {@code metadata} to {@code path}, replacing the file there only once the new
   * one is complete and on the disk. If anything fails, the temporary file is deleted and the old file is
   * left as it was.
   *
   * @param path the file
   * @param metadata the {@code "__metadata__"} strings
   * @param tensors the tensors, written in this order
   * @param wrap every byte passes through {@code wrap(out)}: tests make writes fail with it
   * @throws IllegalArgumentException before anything is written, if a value is NaN or infinite, an integer
   *     tensor holds a non-integer, or the header would exceed {@link #MAX_HEADER_BYTES}
   * @throws IOException if the file cannot be written
   */
  public static void write(
      Path path, Map<String, String> metadata, Map<String, Values> tensors, UnaryOperator<OutputStream> wrap)
      throws IOException {
    checkNotNull(wrap, "wrap");
    byte[] header = header(metadata, tensors);
    AtomicFile.write(path, out -> writeBody(wrap.apply(out), header, tensors));
  }

  /**
   * Writes {@code tensors} and {@code metadata} to {@code out}, which is flushed, not closed.
   *
   * @param out the stream
   * @param metadata the {@code "__metadata__"} strings
   * @param tensors the tensors, written in this order
   * @throws IllegalArgumentException as {@link #write(Path, Map, Map, UnaryOperator)}
   * @throws IOException if writing fails
   */
  public static void write(OutputStream out, Map<String, String> metadata, Map<String, Values> tensors)
      throws IOException {
    checkNotNull(out, "out");
    writeBody(out, header(metadata, tensors), tensors);
    out.flush();
  }

  /** Checks every value and lays the tensors out one after another; the header's bytes. */
  private static byte[] header(Map<String, String> metadata, Map<String, Values> tensors) {
    checkNotNull(metadata, "metadata");
    checkNotNull(tensors, "tensors");
    List<Entry> entries = new ArrayList<>();
    long offset = 0;
    for (Map.Entry<String, Values> e : tensors.entrySet()) {
      Values t = e.getValue();
      checkValues(e.getKey(), t);
      long bytes = (long) t.values().length * Long.BYTES;
      long[] shape = Arrays.stream(t.shape()).asLongStream().toArray();
      entries.add(new Entry(e.getKey(), t.integer() ? SafetensorsHeader.I64 : SafetensorsHeader.F64, shape, offset, offset + bytes));
      offset += bytes;
    }
    byte[] header = SafetensorsHeader.encode(metadata, entries);
    checkArgument(
        header.length <= MAX_HEADER_BYTES,
        "The header would have %s bytes, more than the limit of %s",
        header.length,
        MAX_HEADER_BYTES);
    return header;
  }

  private static void checkValues(String name, Values t) {
    double[] d = t.values();
    long expected = Arrays.stream(t.shape()).asLongStream().reduce(1, Math::multiplyExact);
    checkArgument(d.length == expected, "Tensor %s has shape %s but %s values", name, Arrays.toString(t.shape()), d.length);
    for (int k = 0; k < d.length; k++) {
      if (!Double.isFinite(d[k]) || (t.integer() && d[k] != Math.rint(d[k]))) {
        throw new IllegalArgumentException(
            String.format(
                "Cannot save %s: it holds %s at index %s; a model file holds finite values only%s",
                name, d[k], k, t.integer() ? " (and whole numbers in an integer tensor)" : ""));
      }
    }
  }

  /** The 8-byte little-endian header length, the header, then every value, little-endian. */
  private static void writeBody(OutputStream out, byte[] header, Map<String, Values> tensors) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(CHUNK_VALUES * Double.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    buffer.putLong(header.length);
    out.write(buffer.array(), 0, Long.BYTES);
    out.write(header);
    for (Values t : tensors.values()) {
      double[] d = t.values();
      for (int start = 0; start < d.length; start += CHUNK_VALUES) {
        int count = Math.min(CHUNK_VALUES, d.length - start);
        buffer.clear();
        for (int i = start; i < start + count; i++) {
          if (t.integer()) {
            buffer.putLong((long) d[i]);
          } else {
            buffer.putDouble(d[i]);
          }
        }
        out.write(buffer.array(), 0, count * Double.BYTES);
      }
    }
    out.flush();
  }

  // ---------------------------------------------------------------- sources

  /** Where a file's bytes come from: a channel over a file, or an array. */
  private interface Source extends Closeable {
    String name();

    long size() throws IOException;

    /** Fills {@code buffer} from {@code position}. */
    void readFully(ByteBuffer buffer, long position) throws IOException;

    default ByteBuffer read(long position, int length) throws IOException {
      ByteBuffer buffer = ByteBuffer.allocate(length);
      readFully(buffer, position);
      buffer.flip();
      return buffer;
    }
  }

  private record ChannelSource(FileChannel channel, String name) implements Source {
    @Override
    public long size() throws IOException {
      return channel.size();
    }

    @Override
    public void readFully(ByteBuffer buffer, long position) throws IOException {
      long at = position;
      while (buffer.hasRemaining()) {
        // At most 1 MiB per read: the JDK reads into a heap buffer through a temporary direct buffer of the
        // same size, which it keeps for the thread; a 60 MB header must not leave a 60 MB one behind.
        ByteBuffer slice = buffer.slice(buffer.position(), Math.min(buffer.remaining(), 1 << 20));
        int read = channel.read(slice, at);
        if (read > 0) {
          buffer.position(buffer.position() + read);
        }
        if (read <= 0) {
          throw new ModelFormatException(
              "the file " + name + " ended at byte " + at + " although it had more when opened; was it changed while"
                  + " being read?");
        }
        at += read;
      }
    }

    @Override
    public void close() throws IOException {
      channel.close();
    }
  }

  private record BytesSource(byte[] bytes, String name) implements Source {
    @Override
    public long size() {
      return bytes.length;
    }

    @Override
    public void readFully(ByteBuffer buffer, long position) {
      buffer.put(bytes, (int) position, buffer.remaining());
    }

    @Override
    public void close() {}
  }
}
