package dev.nn4j.core.listeners;

import static com.google.common.base.Preconditions.checkNotNull;

import dev.nn4j.core.EpochEnd;
import dev.nn4j.core.FitOptions;
import dev.nn4j.core.History;
import dev.nn4j.core.Trainer;
import dev.nn4j.core.TrainingListener;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes one CSV row per epoch, as Keras' <a href="https://keras.io/api/callbacks/csv_logger/">{@code
 * CSVLogger(filename, separator=",", append)}</a>: a header {@code epoch} followed by the names the {@link
 * History} records, in its order ({@code loss}, the metrics, the {@code val_} values, {@value
 * History#LEARNING_RATE}; Keras sorts them), then a row per epoch.
 *
 * <pre>
 * epoch,loss,accuracy,val_loss,val_accuracy,learning_rate
 * 1,0.6931471805599453,0.5,0.6902,0.5,0.01
 * </pre>
 *
 * <p>{@code epoch} is {@link EpochEnd#epoch()}, the epoch of this call of {@code fit} counted from 1, the
 * number every listener and message gives it (so the rows that a later {@code fit} appends start again at
 * 1, as a Keras {@code fit} without {@code initial_epoch} does). Numbers are written as {@link
 * Double#toString(double)} writes them, which reads back to the same double ({@code NaN} and {@code
 * Infinity} included); a name holding a comma, a quote or a line break is quoted (RFC 4180); lines end in
 * {@code \n}; the file is UTF-8.
 *
 * <p>The file is written safely: each row is appended and the file closed at the end of its epoch, so every
 * finished epoch is on disk (flushed to the operating system) even if training later fails, and no file is
 * left open. A new run empties the file when it begins, unless appending: then the header is written only to
 * an empty or new file, and a run whose columns differ from an existing header is refused before its first
 * row is written. Missing folders are created.
 */
public final class CsvLogger implements TrainingListener {
  private final Path file;
  private final boolean append;
  /** The header of this run, once its first epoch has shown the names. */
  private List<String> columns;

  private CsvLogger(Path file, boolean append) {
    this.file = checkNotNull(file, "file");
    this.append = append;
  }

  /**
   * Writes to {@code file}, emptied when each run begins (Keras' {@code append=False}).
   *
   * @param file the CSV file
   * @return the listener
   */
  public static CsvLogger to(Path file) {
    return new CsvLogger(file, false);
  }

  /**
   * Appends to {@code file}, writing the header only if it is new or empty (Keras' {@code append=True}): to
   * continue the log of a resumed run.
   *
   * @param file the CSV file
   * @return the listener
   */
  public static CsvLogger appendingTo(Path file) {
    return new CsvLogger(file, true);
  }

  /**
   * The file the rows go to.
   *
   * @return the file
   */
  public Path file() {
    return file;
  }

  /**
   * Creates the file's folder and the file, emptied unless appending.
   *
   * @throws UncheckedIOException if the file cannot be created or emptied
   */
  @Override
  public void onTrainBegin(Trainer trainer, FitOptions options) {
    columns = null;
    try {
      Path folder = file.toAbsolutePath().getParent();
      if (folder != null) {
        Files.createDirectories(folder);
      }
      if (!append) {
        Files.write(file, new byte[0]);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create the CSV log " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Appends this epoch's row, and before the first the header, then closes the file.
   *
   * @throws IllegalStateException if appending to a file whose header names other columns
   * @throws UncheckedIOException if the file cannot be written
   */
  @Override
  public void onEpochEnd(EpochEnd epoch) {
    StringBuilder text = new StringBuilder();
    if (columns == null) {
      columns = List.copyOf(epoch.metrics().keySet());
      String header = header(columns);
      String existing = firstLine();
      if (existing == null) {
        text.append(header).append('\n');
      } else if (!existing.equals(header)) {
        throw new IllegalStateException(
            "Cannot append to " + file + ": its header is \"" + existing + "\", but this run records \"" + header
                + "\"; write to another file, or use CsvLogger.to(file) to start it anew");
      }
    }
    text.append(epoch.epoch());
    for (String name : columns) {
      Double value = epoch.metrics().get(name);
      text.append(',').append(value == null ? "NA" : Double.toString(value));
    }
    text.append('\n');
    try (Writer out =
        Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
      out.write(text.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write epoch " + epoch.epoch() + " to the CSV log " + file, e);
    }
  }

  /** The header of {@code names}: {@code epoch}, then each name, quoted if it needs to be. */
  private static String header(List<String> names) {
    List<String> cells = new ArrayList<>();
    cells.add("epoch");
    for (String name : names) {
      boolean quote = name.contains(",") || name.contains("\"") || name.contains("\n") || name.contains("\r");
      cells.add(quote ? '"' + name.replace("\"", "\"\"") + '"' : name);
    }
    return String.join(",", cells);
  }

  /** The file's first line, or null if it is missing or empty. */
  private String firstLine() {
    if (!Files.exists(file)) {
      return null;
    }
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return in.readLine();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the CSV log " + file, e);
    }
  }

  @Override
  public String toString() {
    return "CsvLogger{file=" + file + ", append=" + append + "}";
  }
}
