package dev.nn4j.core.io;

import java.io.IOException;

/**
 * A model file that is malformed: truncated, a header that is not the safetensors JSON nn4j expects,
 * tensors whose shapes, types or byte ranges do not fit each other or the architecture, a format version
 * this nn4j cannot read, or an architecture that does not build (such as an activation that is not on the
 * class path). The message names the file and says what is wrong in it.
 *
 * <p>It is an {@link IOException} so that a caller who only wants to report "could not load the model"
 * handles one type; a caller who wants to tell a bad file from a failing disk catches this one first.
 * Plain {@link IOException}s from {@link dev.nn4j.core.Network#load} mean the bytes could not be read at all.
 */
public class ModelFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  /**
   * A malformed-model error whose message says what is wrong.
   *
   * @param message what is wrong with the file
   */
  public ModelFormatException(String message) {
    super(message);
  }

  /**
   * As {@link #ModelFormatException(String)}, keeping the lower-level exception that revealed it.
   *
   * @param message what is wrong with the file
   * @param cause the underlying error
   */
  public ModelFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
