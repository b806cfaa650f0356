package dev.nn4j.core.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/** Opening helpers shared by the readers: regular files only, gzip recognized by its magic bytes. */
final class Streams {
  /** The first two bytes of every gzip stream (RFC 1952, ID1 ID2). */
  static final int GZIP_ID1 = 0x1f;

  static final int GZIP_ID2 = 0x8b;

  private static final int BUFFER = 1 << 16;

  private Streams() {}

  /**
   * Opens {@code path} for reading if it is a regular file (or a link to one). Anything else is refused
   * before it is opened, as model loading does: reading a directory fails with a message that does not
   * name it, and opening a named pipe waits for a writer, forever if there is none.
   *
   * @throws java.nio.file.NoSuchFileException if there is no such file (its message is the path)
   * @throws IOException naming the path if it is not a regular file, or if it cannot be opened
   */
  static InputStream openRegularFile(Path path) throws IOException {
    BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
    if (!attributes.isRegularFile()) {
      throw new IOException(path + ": not a regular file but "
          + (attributes.isDirectory() ? "a directory" : "a named pipe, device or socket")
          + "; expected a data file");
    }
    return Files.newInputStream(path);
  }

  /**
   * {@code in}, decompressed when it starts with the gzip magic bytes {@code 1f 8b}, else as it is
   * (buffered either way). Recognizing gzip by content rather than by a ".gz" name also reads files that
   * a browser decompressed on download but left named ".gz".
   *
   * @param source names the input in messages
   * @param start where the data starts, for messages: {@code "line 1"}, {@code "offset 0"}
   * @throws DataFormatException naming {@code source} if the gzip header is corrupt or cut short
   */
  static InputStream maybeGunzip(InputStream in, String source, String start) throws IOException {
    BufferedInputStream buffered = new BufferedInputStream(in, BUFFER);
    if (isGzip(buffered)) {
      return new BufferedInputStream(gunzip(buffered, source, start), BUFFER);
    }
    return buffered;
  }

  /**
   * A gzip stream over {@code in}, which starts with the gzip magic bytes. {@link GZIPInputStream} reads
   * the rest of the header in its constructor, so a corrupt header (an unknown compression method, a
   * file of just {@code 1f 8b}) surfaces here, as a bare {@link ZipException} or an {@link EOFException}
   * without a message; both become a {@link DataFormatException} naming the source.
   */
  static GZIPInputStream gunzip(InputStream in, String source, String start) throws IOException {
    try {
      return new GZIPInputStream(in, BUFFER);
    } catch (ZipException | EOFException e) {
      String detail = e.getMessage() != null ? e.getMessage() : "the data ends within it";
      throw new DataFormatException(
          source + ", " + start + ": the data starts with the gzip magic bytes 1f 8b, but its gzip header"
              + " is corrupt or cut short (" + detail + ")",
          e);
    }
  }

  /** True if the next two bytes are the gzip magic; the stream is left where it was. */
  static boolean isGzip(BufferedInputStream in) throws IOException {
    in.mark(2);
    int first = in.read();
    int second = in.read();
    in.reset();
    return first == GZIP_ID1 && second == GZIP_ID2;
  }
}
