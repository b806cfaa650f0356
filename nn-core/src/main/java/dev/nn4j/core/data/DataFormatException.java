package dev.nn4j.core.data;

import java.io.IOException;

/**
 * A data file that is malformed: wrong magic number, truncated, a row of the wrong width, a value that is
 * not a number, a size that cannot be right. The message names the file (or the source name given to a
 * reader), where in it the problem is (a line for text formats, a byte offset for binary ones) and what
 * was expected there.
 *
 * <p>It is an {@link IOException} so that a caller who only wants to report "could not load the data"
 * handles one type; a caller who wants to tell a bad file from a failing disk catches this one first.
 * Plain {@link IOException}s from the same readers mean the bytes could not be read at all.
 */
public class DataFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  /**
   * A malformed-data error with a message that names the source, the location and the problem.
   *
   * @param message what is wrong, and where
   */
  public DataFormatException(String message) {
    super(message);
  }

  /**
   * As {@link #DataFormatException(String)}, keeping the lower-level exception that revealed it.
   *
   * @param message what is wrong, and where
   * @param cause the exception that revealed the problem
   */
  public DataFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
