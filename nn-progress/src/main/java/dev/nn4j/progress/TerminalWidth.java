package dev.nn4j.progress;

import java.io.Console;
import java.io.File;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * The width of the terminal that standard output is on: what {@code stty size} reads from the terminal; where
 * that cannot be run (Windows), the {@code COLUMNS} environment variable (which shells seldom export); then
 * {@value #DEFAULT_COLUMNS}.
 *
 * <p>Standard output is taken for a terminal when the {@linkplain System#console() console} says it is one
 * (standard input and output both interactive), {@code TERM} is not {@code dumb} and the {@code CI} variable
 * is unset. Reading the width runs {@code stty} (a few milliseconds), so a reading is kept for {@link
 * #REFRESH_NANOS} (a second) before the next, which still follows a resized window within a second.
 * Nothing is written to the terminal and nothing is printed: {@code stty}'s errors are discarded.
 */
final class TerminalWidth implements IntSupplier {
  /** The width when nothing tells it. */
  static final int DEFAULT_COLUMNS = 80;

  /** How long a reading of the width is kept. */
  static final long REFRESH_NANOS = 1_000_000_000L;

  private static final File TTY = new File("/dev/tty");

  private int columns;
  private long readAt;

  private TerminalWidth() {
    this.columns = read();
    this.readAt = System.nanoTime();
  }

  /**
   * The width of standard output's terminal, if standard output is an interactive terminal and this is not a
   * CI run (whose log shows a redrawn line as garbage, or as every redraw).
   *
   * @return the width's source, or empty when standard output is no terminal
   */
  static Optional<TerminalWidth> ofStandardOutput() {
    if (!isInteractive(System.console()) || System.getenv("CI") != null || "dumb".equals(System.getenv("TERM"))) {
      return Optional.empty();
    }
    return Optional.of(new TerminalWidth());
  }

  /**
   * Whether a console is an interactive terminal: up to Java 21 a console exists only then; from Java 22 on
   * there is always one, and its {@code isTerminal()} tells.
   */
  private static boolean isInteractive(Console console) {
    if (console == null) {
      return false;
    }
    try {
      Method isTerminal = Console.class.getMethod("isTerminal");
      return (Boolean) isTerminal.invoke(console);
    } catch (NoSuchMethodException e) {
      return true;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return false;
    }
  }

  @Override
  public int getAsInt() {
    long now = System.nanoTime();
    if (now - readAt >= REFRESH_NANOS) {
      columns = read();
      readAt = now;
    }
    return columns;
  }

  private static int read() {
    OptionalInt fromTerminal = fromStty();
    return fromTerminal.isPresent() ? fromTerminal.getAsInt() : fromEnvironment(System.getenv("COLUMNS"));
  }

  /** {@code stty size < /dev/tty}, where there is a {@code /dev/tty}; empty if it does not answer in a second. */
  private static OptionalInt fromStty() {
    if (!TTY.exists()) {
      return OptionalInt.empty();
    }
    try {
      Process stty =
          new ProcessBuilder("stty", "size")
              .redirectInput(TTY)
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
      if (!stty.waitFor(1, TimeUnit.SECONDS)) {
        stty.destroy();
        return OptionalInt.empty();
      }
      return stty.exitValue() == 0
          ? fromSttySize(new String(stty.getInputStream().readAllBytes(), StandardCharsets.US_ASCII))
          : OptionalInt.empty();
    } catch (IOException e) {
      return OptionalInt.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return OptionalInt.empty();
    }
  }

  /**
   * The columns in what {@code stty size} prints: rows, then columns ({@code "50 120"}).
   *
   * @param output the command's output
   * @return the columns, or empty if the output is not two positive numbers
   */
  static OptionalInt fromSttySize(String output) {
    String[] rowsAndColumns = output.trim().split("\\s+");
    if (rowsAndColumns.length != 2) {
      return OptionalInt.empty();
    }
    try {
      int width = Integer.parseInt(rowsAndColumns[1]);
      return width > 0 ? OptionalInt.of(width) : OptionalInt.empty();
    } catch (NumberFormatException e) {
      return OptionalInt.empty();
    }
  }

  /**
   * The width a {@code COLUMNS} variable gives, or {@value #DEFAULT_COLUMNS} when it is unset or not a
   * positive number.
   *
   * @param columns the variable's value, or null
   * @return the width
   */
  static int fromEnvironment(String columns) {
    if (columns != null) {
      try {
        int width = Integer.parseInt(columns.trim());
        if (width > 0) {
          return width;
        }
      } catch (NumberFormatException e) {
        // Not a number: the default below.
      }
    }
    return DEFAULT_COLUMNS;
  }

  @Override
  public String toString() {
    return "the terminal's width";
  }
}
