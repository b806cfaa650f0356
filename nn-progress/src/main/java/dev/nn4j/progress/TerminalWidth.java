package dev.nn4j.progress;

import java.util.Optional;
import java.util.function.IntSupplier;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * The width of the terminal that standard output is on, read through JLine; where JLine cannot tell, the
 * {@code COLUMNS} environment variable, then {@value #DEFAULT_COLUMNS}.
 *
 * <p>JLine is asked only when {@link System#console()} says standard output may be a terminal, and then
 * decides: a "dumb" terminal (output redirected, {@code TERM=dumb}) is no terminal. JLine's terminal is
 * opened without signal handlers and never written to; on Unix it reads the size by running {@code stty}, so
 * a reading is kept for {@link #REFRESH_NANOS} (a second) before the next, which still follows a resized
 * window within a second. Close it when training ends.
 */
final class TerminalWidth implements IntSupplier, AutoCloseable {
  /** The width when nothing tells it. */
  static final int DEFAULT_COLUMNS = 80;

  /** How long a reading of the width is kept. */
  static final long REFRESH_NANOS = 1_000_000_000L;

  private final Terminal terminal;
  private int columns;
  private long readAt;

  private TerminalWidth(Terminal terminal) {
    this.terminal = terminal;
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
    if (System.console() == null || System.getenv("CI") != null || "dumb".equals(System.getenv("TERM"))) {
      return Optional.empty();
    }
    Terminal terminal;
    try {
      // dumb(true): a dumb terminal is a fine answer here, so JLine does not warn when it falls back to one.
      terminal = TerminalBuilder.builder().system(true).dumb(true).nativeSignals(false).build();
    } catch (Exception | LinkageError e) {
      // JLine could not look (or is not on the class path): Java 17's console says it is a terminal.
      return Optional.of(new TerminalWidth(null));
    }
    if (terminal.getType().startsWith(Terminal.TYPE_DUMB)) {
      closeQuietly(terminal);
      return Optional.empty();
    }
    return Optional.of(new TerminalWidth(terminal));
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

  private int read() {
    if (terminal != null) {
      try {
        int width = terminal.getSize().getColumns();
        if (width > 0) {
          return width;
        }
      } catch (RuntimeException e) {
        // The size could not be read this time: fall back as if JLine were absent.
      }
    }
    return fromEnvironment(System.getenv("COLUMNS"));
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
  public void close() {
    if (terminal != null) {
      closeQuietly(terminal);
    }
  }

  private static void closeQuietly(Terminal terminal) {
    try {
      terminal.close();
    } catch (Exception e) {
      // Nothing was changed on the terminal, so nothing is left to restore.
    }
  }

  @Override
  public String toString() {
    return "the terminal's width";
  }
}
