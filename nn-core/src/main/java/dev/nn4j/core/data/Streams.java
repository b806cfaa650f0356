package dev.nn4j.core.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

/** Opening helpers shared by the readers: gzip recognized by its magic bytes. */
final class Streams {
  /** The first two bytes of every gzip stream (RFC 1952, ID1 ID2). */
  static final int GZIP_ID1 = 0x1f;

  static final int GZIP_ID2 = 0x8b;

  private static final int BUFFER = 1 << 16;

  private Streams() {}

  /**
   * {@code in}, decompressed when it starts with the gzip magic bytes {@code 1f 8b}, else as it is
   * (buffered either way). Recognizing gzip by content rather than by a ".gz" name also reads files that
   * a browser decompressed on download but left named ".gz".
   */
  static InputStream maybeGunzip(InputStream in) throws IOException {
    BufferedInputStream buffered = new BufferedInputStream(in, BUFFER);
    if (isGzip(buffered)) {
      return new BufferedInputStream(new GZIPInputStream(buffered, BUFFER), BUFFER);
    }
    return buffered;
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
