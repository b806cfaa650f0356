package dev.nn4j.examples;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** A {@link PrintStream} whose text the test can read back. */
public final class CapturedOutput {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream stream = new PrintStream(bytes, true, StandardCharsets.UTF_8);

  /** The stream to hand to the code under test. */
  public PrintStream stream() {
    return stream;
  }

  /** Everything printed so far. */
  public String text() {
    stream.flush();
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
