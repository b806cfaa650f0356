package dev.nn4j.core.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.ZipException;

/** A big-endian byte source that knows its name, its offset and, when uncompressed, its length. */
final class IdxInput implements AutoCloseable {
  /** The first buffer for data of unknown length; it doubles as data arrives. */
  private static final int FIRST_CHUNK = 1 << 20;

  private final InputStream stream;
  private final String source;
  private final long length;
  private final boolean compressed;
  private long offset;

  private IdxInput(InputStream stream, String source, long length, boolean compressed) {
    this.stream = stream;
    this.source = source;
    this.length = length;
    this.compressed = compressed;
  }

  /**
   * Opens a file, a regular one only (see {@link Streams#openRegularFile}); its length bounds every count
   * when it is not gzipped.
   */
  static IdxInput open(Path path) throws IOException {
    InputStream raw = Streams.openRegularFile(path);
    try {
      return of(raw, path.toString(), Files.size(path));
    } catch (IOException | RuntimeException e) {
      raw.close();
      throw e;
    }
  }

  /**
   * Wraps a stream of {@code length} bytes ({@code -1} if unknown), gunzipping it if it is gzip; a corrupt
   * gzip header is a {@link DataFormatException} at offset 0.
   */
  static IdxInput of(InputStream raw, String source, long length) throws IOException {
    BufferedInputStream buffered = new BufferedInputStream(raw, 1 << 16);
    if (Streams.isGzip(buffered)) {
      return new IdxInput(Streams.gunzip(buffered, source, "offset 0"), source, -1, true);
    }
    return new IdxInput(buffered, source, length, false);
  }

  /**
   * Reads and checks the magic number and the item count; returns the count. The header is {@code
   * headerSize} bytes long in all.
   */
  int readHeader(int magic, int headerSize, String what) throws IOException {
    byte[] first = read(4);
    if (first.length < 4) {
      throw error(offset, "truncated header: expected a " + headerSize + "-byte IDX " + what
          + " header, the " + (compressed ? "decompressed data" : "file") + " ends at offset "
          + offset);
    }
    int found = toInt(first);
    if (found != magic) {
      throw error(0, "expected the magic number " + hex(magic) + " (" + describe(magic) + ") of an IDX "
          + what + " file, got " + hex(found) + " (" + describe(found) + kind(found) + ")");
    }
    int count = readInt("the number of " + what);
    if (count < 0) {
      throw error(4, "the number of " + what + " is negative: " + count);
    }
    return count;
  }

  int readInt(String what) throws IOException {
    long at = offset;
    byte[] bytes = read(4);
    if (bytes.length < 4) {
      throw error(at, "truncated header: expected 4 bytes of " + what + ", the "
          + (compressed ? "decompressed data" : "file") + " ends at offset " + offset);
    }
    return toInt(bytes);
  }

  /**
   * For an uncompressed file, checks that it holds exactly {@code bytes} more bytes (the data its header
   * declares) before anything is allocated; a no-op when the length is unknown.
   */
  void checkLength(long bytes, String what) throws DataFormatException {
    if (length < 0) {
      return;
    }
    long end = offset + bytes;
    if (length < end) {
      throw error(offset, "truncated data: expected " + bytes + " bytes of " + what + " at offset "
          + offset + ", the file ends at offset " + length);
    }
    if (length > end) {
      throw error(end, "the header declares " + bytes + " bytes of " + what + " ending at offset "
          + end + ", but the file goes on to offset " + length);
    }
  }

  /**
   * Reads {@code count} data bytes (already checked to fit in an array); a short read is an error. When
   * the length is unknown the buffer grows with the data that arrives, so a false count in a
   * compressed file costs no more memory than the file really holds.
   */
  byte[] readData(int count, String what) throws IOException {
    long start = offset;
    byte[] buffer = new byte[length >= 0 ? count : Math.min(count, FIRST_CHUNK)];
    int got = 0;
    while (got < count) {
      if (got == buffer.length) {
        buffer = Arrays.copyOf(buffer, (int) Math.min(count, 2L * buffer.length));
      }
      int read = readInto(buffer, got, buffer.length - got);
      if (read == 0) {
        throw error(start, "truncated data: expected " + count + " bytes of " + what + " at offset "
            + start + ", the " + (compressed ? "decompressed data" : "file") + " ends at offset "
            + offset);
      }
      got += read;
    }
    return buffer;
  }

  /** Checks that nothing follows the declared data, when the length was not known up front. */
  void expectEnd(String declared) throws IOException {
    if (length >= 0) {
      return;
    }
    byte[] extra = read(1);
    if (extra.length > 0) {
      throw error(offset - 1, "unexpected data after the " + declared + " the header declares");
    }
  }

  private byte[] read(int count) throws IOException {
    byte[] bytes = new byte[count];
    int got = readInto(bytes, 0, count);
    return got == count ? bytes : Arrays.copyOf(bytes, got);
  }

  /** Reads up to {@code len} bytes, fewer only at the end; corrupt gzip data is a format error. */
  private int readInto(byte[] buffer, int from, int len) throws IOException {
    int got = 0;
    try {
      // Chunk by chunk rather than readNBytes, so that the offset in an error is where it happened.
      while (got < len) {
        int read = stream.read(buffer, from + got, len - got);
        if (read < 0) {
          break;
        }
        got += read;
        offset += read;
      }
    } catch (ZipException | EOFException e) {
      // Only the gzip layer throws these: compressed data that is corrupt or cut short.
      throw new DataFormatException(
          source + ", offset " + offset + ": corrupt or truncated gzip data (" + e.getMessage()
              + "), offsets count decompressed bytes",
          e);
    }
    return got;
  }

  DataFormatException error(long at, String problem) {
    return new DataFormatException(source + ", offset " + at + ": " + problem
        + (compressed ? " (offsets count decompressed bytes)" : ""));
  }

  @Override
  public void close() throws IOException {
    stream.close();
  }

  private static int toInt(byte[] b) {
    return (b[0] & 0xff) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | (b[3] & 0xff);
  }

  private static String hex(int value) {
    return String.format("0x%08X", value);
  }

  /** What an IDX magic number says: its element type and number of dimensions. */
  private static String describe(int magic) {
    if ((magic >>> 16) != 0) {
      return "not an IDX file: its first two bytes must be 0";
    }
    int dims = magic & 0xff;
    String type =
        switch ((magic >>> 8) & 0xff) {
          case 0x08 -> "unsigned bytes";
          case 0x09 -> "signed bytes";
          case 0x0B -> "shorts";
          case 0x0C -> "ints";
          case 0x0D -> "floats";
          case 0x0E -> "doubles";
          default -> "unknown type " + String.format("0x%02X", (magic >>> 8) & 0xff);
        };
    return type + ", " + dims + (dims == 1 ? " dimension" : " dimensions");
  }

  /** A hint when a magic number is that of the other kind of file. */
  private static String kind(int magic) {
    return switch (magic) {
      case IdxReader.LABELS_MAGIC -> ": a labels file";
      case IdxReader.IMAGES_MAGIC -> ": an images file";
      default -> "";
    };
  }
}
