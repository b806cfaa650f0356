package dev.nn4j.core.data;

import java.io.IOException;
import java.io.Reader;
import java.util.Arrays;

/**
 * Splits text into lines as {@link java.io.BufferedReader#readLine()} does (a line ends at {@code \n},
 * {@code \r} or {@code \r\n}), but refuses a line longer than a limit as soon as it gets there, so that a
 * file without line breaks (a gigabyte of NUL bytes, a gzip bomb) costs no more memory than one line of
 * the limit's length.
 */
final class LineReader {
  private static final int CHUNK = 1 << 13;

  private final Reader in;
  private final String source;
  private final int maxLength;
  private final char[] chunk = new char[CHUNK];
  private int chunkStart;
  private int chunkEnd;
  private boolean skipLf;
  private boolean ended;
  private char[] line = new char[256];
  private long lineNumber;

  /**
   * @param in the text, read in chunks and not closed
   * @param source names the input in messages
   * @param maxLength the most characters a line may have, not counting its terminator
   */
  LineReader(Reader in, String source, int maxLength) {
    this.in = in;
    this.source = source;
    this.maxLength = maxLength;
  }

  /** The number of the line returned last, from 1; 0 before the first. */
  long lineNumber() {
    return lineNumber;
  }

  /**
   * The next line without its terminator, or null at the end of the text.
   *
   * @throws DataFormatException naming the source, the line and the limit if the line is longer
   */
  String next() throws IOException {
    int length = 0;
    boolean any = false;
    while (true) {
      if (chunkStart == chunkEnd && (ended || !fill())) {
        ended = true;
        if (!any) {
          return null;
        }
        lineNumber++;
        return new String(line, 0, length);
      }
      if (skipLf) {
        // The \n of a \r\n that ended the previous line.
        skipLf = false;
        if (chunk[chunkStart] == '\n') {
          chunkStart++;
          continue;
        }
      }
      any = true;
      int end = chunkStart;
      while (end < chunkEnd && chunk[end] != '\n' && chunk[end] != '\r') {
        end++;
      }
      int count = end - chunkStart;
      if (count > maxLength - length) {
        throw new DataFormatException(
            source + ", line " + (lineNumber + 1) + ": the line is longer than " + maxLength
                + " characters, the most this reader takes; raise it with"
                + " CsvReader.builder().maxLineLength(...) if the file really has lines that long");
      }
      if (length + count > line.length) {
        line = Arrays.copyOf(line, (int) Math.min(Math.max(2L * line.length, length + count), maxLength));
      }
      System.arraycopy(chunk, chunkStart, line, length, count);
      length += count;
      chunkStart = end;
      if (end < chunkEnd) {
        skipLf = chunk[end] == '\r';
        chunkStart++;
        lineNumber++;
        return new String(line, 0, length);
      }
    }
  }

  /** Reads the next chunk; false at the end of the text. */
  private boolean fill() throws IOException {
    int read;
    do {
      read = in.read(chunk, 0, chunk.length);
    } while (read == 0);
    if (read < 0) {
      return false;
    }
    chunkStart = 0;
    chunkEnd = read;
    return true;
  }
}
