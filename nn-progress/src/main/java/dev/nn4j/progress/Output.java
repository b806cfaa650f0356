package dev.nn4j.progress;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;

/** Where the display writes: the stream or writer the application gave, and nothing else. */
interface Output {

  /**
   * Writes text and flushes it, so that a redrawn line shows at once.
   *
   * @param text the text, line separators included
   * @throws UncheckedIOException if a writer fails (a print stream keeps its errors to itself)
   */
  void write(String text);

  /**
   * Whether this is {@link System#out}, the only output that can be a terminal the display recognizes.
   *
   * @return whether this writes to standard output
   */
  boolean isStandardOutput();

  /**
   * An output to a print stream.
   *
   * @param out the stream
   * @return the output
   */
  static Output of(PrintStream out) {
    return new Output() {
      @Override
      public void write(String text) {
        out.print(text);
        out.flush();
      }

      @Override
      public boolean isStandardOutput() {
        return out == System.out;
      }

      @Override
      public String toString() {
        return out == System.out ? "System.out" : "a PrintStream";
      }
    };
  }

  /**
   * An output to a writer.
   *
   * @param out the writer
   * @return the output
   */
  static Output of(Writer out) {
    return new Output() {
      @Override
      public void write(String text) {
        try {
          out.write(text);
          out.flush();
        } catch (IOException e) {
          throw new UncheckedIOException("The progress display could not write to its Writer", e);
        }
      }

      @Override
      public boolean isStandardOutput() {
        return false;
      }

      @Override
      public String toString() {
        return "a Writer";
      }
    };
  }
}
