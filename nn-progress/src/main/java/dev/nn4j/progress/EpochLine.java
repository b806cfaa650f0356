package dev.nn4j.progress;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The line each epoch leaves, ending as Keras' does with the loss, the metrics and the validation values in
 * the order {@code fit} measured them:
 *
 * <pre>
 * Epoch 3/10 - 12.4 s - 4,839 samples/s - ETA 1:27 - loss 0.3120 - accuracy 0.8871 - val_loss 0.3344 - val_accuracy 0.8790
 * </pre>
 *
 * <p>The time left is the same estimate the bar shows, and is left out after the last epoch. In a log the
 * line is written whole; on a terminal it is {@linkplain #wrap wrapped} at its separators to the terminal's
 * width.
 */
final class EpochLine {
  private static final String SEPARATOR = " - ";
  private static final String CONTINUATION = "    ";

  private EpochLine() {}

  /**
   * The line of an epoch that ended.
   *
   * @param epoch the epoch, from 1
   * @param epochs the epochs of the run
   * @param seconds how long the epoch took, validation included
   * @param rate the samples per second it trained, if known
   * @param secondsLeft the time left in the run, if known
   * @param metrics what {@code fit} measured, by name, in its order
   * @return the line, without a line separator
   */
  static String render(
      int epoch, int epochs, double seconds, OptionalDouble rate, OptionalDouble secondsLeft, Map<String, Double> metrics) {
    StringBuilder line = new StringBuilder();
    line.append("Epoch ").append(epoch).append('/').append(epochs);
    line.append(SEPARATOR).append(Formats.duration(seconds));
    rate.ifPresent(r -> line.append(SEPARATOR).append(Formats.rate(r)));
    if (epoch < epochs) {
      secondsLeft.ifPresent(s -> line.append(SEPARATOR).append("ETA ").append(Formats.clock(s)));
    }
    metrics.forEach((name, value) -> line.append(SEPARATOR).append(name).append(' ').append(Formats.value(value)));
    return line.toString();
  }

  /**
   * Breaks a line at its separators into lines shorter than {@code columns} (so none reaches a terminal's
   * last column), the ones after the first indented; a part too long for a line of its own is cut.
   *
   * @param line the line, its parts joined by {@code " - "}
   * @param columns the terminal's width
   * @return the lines, at least one
   */
  static List<String> wrap(String line, int columns) {
    int room = Math.max(1, columns - 1);
    List<String> lines = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String part : line.split(SEPARATOR, -1)) {
      if (current.length() == 0) {
        current.append(part);
      } else if (current.length() + SEPARATOR.length() + part.length() <= room) {
        current.append(SEPARATOR).append(part);
      } else {
        lines.add(cut(current.toString(), room));
        current.setLength(0);
        current.append(CONTINUATION).append(part);
      }
    }
    lines.add(cut(current.toString(), room));
    return lines;
  }

  private static String cut(String s, int room) {
    return s.length() <= room ? s : s.substring(0, room);
  }
}
