package dev.nn4j.progress;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * The line redrawn in place while an epoch trains, laid out to fit a terminal's width:
 *
 * <pre>
 * Epoch 3/10 [=====&gt;........................]  412/1875 - ETA 1:23 - loss 0.6310 - 3,200 samples/s
 * </pre>
 *
 * <p>The bar is as in Keras ({@code =} done, {@code >} the current batch, {@code .} to come), from
 * {@value #MIN_BAR} to {@value #MAX_BAR} characters inside its brackets. The line never reaches the last
 * column (a character written there makes some terminals wrap, and then {@code \r} no longer returns to the
 * line's start): when it would, the rate goes first, then the loss, then the bar, then the time left; at
 * last the epoch and batch counts are cut.
 */
final class BarLine {
  /** The narrowest bar, between its brackets. */
  static final int MIN_BAR = 6;

  /** The widest bar, between its brackets: Keras' width. */
  static final int MAX_BAR = 30;

  private static final String SEPARATOR = " - ";

  private BarLine() {}

  /**
   * The line for one moment of an epoch.
   *
   * @param epoch the epoch, from 1
   * @param epochs the epochs of the run
   * @param batchesDone the batches of the epoch done so far
   * @param batches the batches in an epoch
   * @param secondsLeft the time left in the run, if known
   * @param loss the epoch's running loss
   * @param rate the epoch's samples per second, if known
   * @param columns the terminal's width
   * @return the line, at most {@code columns - 1} characters long
   */
  static String render(
      int epoch,
      int epochs,
      int batchesDone,
      int batches,
      OptionalDouble secondsLeft,
      double loss,
      OptionalDouble rate,
      int columns) {
    int room = Math.max(0, columns - 1);
    String head = "Epoch " + epoch + "/" + epochs;
    int digits = String.valueOf(batches).length();
    String counter = String.format(Locale.ROOT, " %" + digits + "d/%d", batchesDone, batches);
    // The optional parts, most wanted first: the last goes first when the line is too long.
    List<String> extras = new ArrayList<>(3);
    secondsLeft.ifPresent(s -> extras.add("ETA " + Formats.clock(s)));
    if (!Double.isNaN(loss)) {
      extras.add("loss " + Formats.value(loss));
    }
    rate.ifPresent(r -> extras.add(Formats.rate(r)));

    // The rate goes first, then the loss; then the bar gives way to what is left of them; then they go too.
    for (int kept = extras.size(); kept >= 1; kept--) {
      String tail = counter + joined(extras.subList(0, kept));
      int bar = Math.min(MAX_BAR, room - head.length() - tail.length() - 3);
      if (bar >= MIN_BAR) {
        return head + " [" + bar(batchesDone, batches, bar) + "]" + tail;
      }
    }
    for (int kept = extras.size(); kept >= 1; kept--) {
      String line = head + counter + joined(extras.subList(0, kept));
      if (line.length() <= room) {
        return line;
      }
    }
    int bar = Math.min(MAX_BAR, room - head.length() - counter.length() - 3);
    if (bar >= MIN_BAR) {
      return head + " [" + bar(batchesDone, batches, bar) + "]" + counter;
    }
    String line = head + counter;
    return line.substring(0, Math.min(room, line.length()));
  }

  private static String joined(List<String> parts) {
    StringBuilder s = new StringBuilder();
    for (String part : parts) {
      s.append(SEPARATOR).append(part);
    }
    return s.toString();
  }

  /**
   * Keras' bar: {@code width * done / total} characters done, the last of them {@code >} while the epoch
   * goes on.
   *
   * @param done the batches done
   * @param total the batches in the epoch
   * @param width the characters between the brackets
   * @return the bar, {@code width} characters
   */
  static String bar(int done, int total, int width) {
    int filled = total == 0 ? 0 : (int) ((long) width * done / total);
    StringBuilder s = new StringBuilder(width);
    if (filled > 0) {
      s.append("=".repeat(filled - 1)).append(done < total ? '>' : '=');
    }
    s.append(".".repeat(width - filled));
    return s.toString();
  }
}
