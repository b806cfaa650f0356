package dev.nn4j.progress;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;
import static com.google.common.base.Preconditions.checkState;

import com.google.common.base.Ticker;
import dev.nn4j.core.BatchEnd;
import dev.nn4j.core.EpochEnd;
import dev.nn4j.core.FitOptions;
import dev.nn4j.core.History;
import dev.nn4j.core.Trainer;
import dev.nn4j.core.TrainingListener;
import java.io.PrintStream;
import java.io.Writer;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.function.IntSupplier;

/**
 * Shows training progress as Keras does, as a {@link TrainingListener} an application adds to {@code fit}:
 *
 * <pre>{@code
 * network.fit(x, y, FitOptions.builder().epochs(10).listener(Progress.toConsole()).build());
 * }</pre>
 *
 * <p><b>On a terminal</b> one line is redrawn in place ({@code \r}) while an epoch trains, at most every
 * {@linkplain Builder#redrawInterval 50 ms} (Keras' interval) and always at an epoch's first and last batch:
 *
 * <pre>
 * Epoch 3/10 [=====&gt;........................]  412/1875 - ETA 1:23 - loss 0.6310 - 3,200 samples/s
 * </pre>
 *
 * <p>It is sized to the terminal's width and never reaches its last column, so it never wraps (the bar
 * shrinks, then the rate, the loss and the bar give way on a narrow terminal). When the epoch ends its line
 * is replaced by the epoch's line, wrapped to the width:
 *
 * <pre>
 * Epoch 3/10 - 12.4 s - 4,839 samples/s - ETA 1:27 - loss 0.3120 - accuracy 0.8871 - val_loss 0.3344 - val_accuracy 0.8790
 * </pre>
 *
 * <p><b>Elsewhere</b> (output redirected to a file or a pipe, a CI run, any {@link Writer}) it writes exactly
 * that epoch line, whole, once per epoch, and nothing else.
 *
 * <p>The learning rate ({@code learning_rate}) joins the line from the first epoch whose rate
 * differs from the first epoch's (a schedule, a plateau), and stays.
 *
 * <p>Epochs are numbered from 1. An epoch's time runs from its start, so the rate (samples per second of
 * training, validation left out) is sound from the first batch on; it is shown once a millisecond has passed.
 * The time left (ETA) is one estimate, for the whole run: the run's time so far over its share of the batches
 * done, validation included once an epoch has ended. The loss on the bar is the epoch's running mean, which
 * at its end is the epoch's loss.
 *
 * <p>It writes only to the output it was given, and logs nothing. On a terminal it reads the width with
 * {@code stty size} (from {@code /dev/tty}, at most once a second; on Windows the {@code COLUMNS} variable,
 * else 80). A listener follows one {@code fit} at a time, on the training thread; it can be reused for the
 * next.
 */
public final class Progress implements TrainingListener {
  /** Keras' redraw interval. */
  private static final Duration DEFAULT_REDRAW_INTERVAL = Duration.ofMillis(50);

  /** The narrowest terminal a fixed width may name. */
  private static final int MIN_COLUMNS = 20;

  private final Output output;
  private final Display display;
  private final IntSupplier columns;
  private final Ticker ticker;
  private final long redrawNanos;
  private Run run;

  /** Where the bar goes. */
  private enum Display {
    /** A bar when the output is standard output on an interactive terminal, else lines. */
    DETECT,
    /** A bar, at the width {@code columns} gives. */
    BAR,
    /** One plain line per epoch. */
    LINES
  }

  private Progress(Builder b) {
    this.output = b.output;
    this.display = b.display;
    this.columns = b.columns;
    this.ticker = b.ticker;
    this.redrawNanos = b.redrawInterval.toNanos();
  }

  /**
   * Progress on standard output: a bar when it is an interactive terminal, one plain line per epoch when it is
   * redirected or in a CI run.
   *
   * @return the listener
   */
  public static Progress toConsole() {
    return to(System.out);
  }

  /**
   * Progress on a print stream: a bar when it is {@link System#out} on an interactive terminal, else one plain
   * line per epoch.
   *
   * @param out the stream to write to
   * @return the listener
   */
  public static Progress to(PrintStream out) {
    return builder().output(out).build();
  }

  /**
   * Progress in a writer, such as a log file's: one plain line per epoch.
   *
   * @param out the writer to write to; it is flushed after each line, never closed
   * @return the listener
   */
  public static Progress to(Writer out) {
    return builder().output(out).build();
  }

  /**
   * A builder, for a fixed choice of bar or lines, a width, a time source or a redraw interval. By default it
   * writes to {@link System#out} as {@link #toConsole()} does.
   *
   * @return a builder with the defaults
   */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public void onTrainBegin(Trainer trainer, FitOptions options) {
    IntSupplier width = null;
    if (display == Display.BAR) {
      width = columns;
    } else if (display == Display.DETECT && output.isStandardOutput()) {
      width = TerminalWidth.ofStandardOutput().orElse(null);
    }
    run = new Run(new RunTimer(ticker, options.epochs()), width);
  }

  @Override
  public void onBatchEnd(BatchEnd batch) {
    Run r = current();
    RunTimer timer = r.timer;
    timer.batchEnded(batch.batches(), batch.samples(), batch.loss());
    if (r.width == null) {
      return;
    }
    long now = timer.now();
    boolean first = timer.batchesDone() == 1;
    boolean last = timer.batchesDone() == timer.batches();
    if (!first && !last && now - r.lastDrawn < redrawNanos) {
      return;
    }
    r.lastDrawn = now;
    int terminalColumns = r.width.getAsInt();
    String line =
        BarLine.render(
            timer.epoch(),
            timer.epochs(),
            timer.batchesDone(),
            timer.batches(),
            timer.secondsLeft(now),
            timer.loss(),
            timer.rate(),
            terminalColumns);
    output.write("\r" + line + blanks(r, line, terminalColumns));
    r.drawnLength = line.length();
  }

  @Override
  public void onEpochEnd(EpochEnd epoch) {
    Run r = current();
    RunTimer timer = r.timer;
    long now = timer.now();
    String line =
        EpochLine.render(
            timer.epoch(), timer.epochs(), timer.epochSeconds(now), timer.rate(), timer.secondsLeft(now), shown(r, epoch.metrics()));
    String newline = System.lineSeparator();
    if (r.width == null) {
      output.write(line + newline);
    } else {
      int terminalColumns = r.width.getAsInt();
      List<String> lines = EpochLine.wrap(line, terminalColumns);
      StringBuilder text = new StringBuilder("\r");
      text.append(lines.get(0)).append(blanks(r, lines.get(0), terminalColumns)).append(newline);
      for (String more : lines.subList(1, lines.size())) {
        text.append(more).append(newline);
      }
      output.write(text.toString());
      r.drawnLength = 0;
    }
    timer.nextEpoch();
  }

  /**
   * The values of an epoch's line: all of them but the learning rate while it has not changed since the run's
   * first epoch (a constant rate is noise on every line; a schedule's or a plateau's changes are news).
   */
  private static Map<String, Double> shown(Run r, Map<String, Double> metrics) {
    Double rate = metrics.get(History.LEARNING_RATE);
    if (rate == null) {
      return metrics;
    }
    if (r.firstLearningRate == null) {
      r.firstLearningRate = rate;
    }
    if (r.learningRateChanged || !rate.equals(r.firstLearningRate)) {
      r.learningRateChanged = true;
      return metrics;
    }
    Map<String, Double> shown = new LinkedHashMap<>(metrics);
    shown.remove(History.LEARNING_RATE);
    return shown;
  }

  /**
   * The spaces that blank out the rest of the line drawn before, within the width (after a terminal narrowed,
   * what was drawn past its edge is gone anyway).
   */
  private static String blanks(Run r, String line, int columns) {
    return " ".repeat(Math.max(0, Math.min(r.drawnLength, columns - 1) - line.length()));
  }

  private Run current() {
    checkState(run != null, "Progress got a batch or an epoch before onTrainBegin: add it to FitOptions' listeners");
    return run;
  }

  @Override
  public String toString() {
    String how =
        switch (display) {
          case DETECT -> output.isStandardOutput() ? "a bar on a terminal, else lines" : "lines";
          case BAR -> columns instanceof FixedWidth ? "a bar " + columns + " wide" : "a bar as wide as " + columns;
          case LINES -> "lines";
        };
    return "Progress{" + how + " to " + output + "}";
  }

  /** The state of one {@code fit}. */
  private static final class Run {
    final RunTimer timer;
    /** The width of the terminal to redraw a bar on; null to write lines. */
    final IntSupplier width;

    long lastDrawn;
    int drawnLength;
    Double firstLearningRate;
    boolean learningRateChanged;

    Run(RunTimer timer, IntSupplier width) {
      this.timer = timer;
      this.width = width;
    }
  }

  /** Builds a {@link Progress}; each setting has a default, so {@code builder().build()} is {@link #toConsole()}. */
  public static final class Builder {
    private Output output = Output.of(System.out);
    private Display display = Display.DETECT;
    private IntSupplier columns;
    private Ticker ticker = Ticker.systemTicker();
    private Duration redrawInterval = DEFAULT_REDRAW_INTERVAL;

    private Builder() {}

    /**
     * Writes to a print stream; a bar only if it is {@link System#out} on a terminal, unless {@link #bar} or
     * {@link #lines} says otherwise.
     *
     * @param out the stream
     * @return this builder
     */
    public Builder output(PrintStream out) {
      this.output = Output.of(checkNotNull(out, "Expected a PrintStream to write progress to, got null"));
      return this;
    }

    /**
     * Writes to a writer, one plain line per epoch unless {@link #bar} says otherwise; it is flushed after each
     * write, never closed. A failed write fails training with an {@link java.io.UncheckedIOException}.
     *
     * @param out the writer
     * @return this builder
     */
    public Builder output(Writer out) {
      this.output = Output.of(checkNotNull(out, "Expected a Writer to write progress to, got null"));
      return this;
    }

    /**
     * Redraws a bar in place whatever the output, for a terminal of a fixed width.
     *
     * @param columns the terminal's width, at least 20
     * @return this builder
     * @throws IllegalArgumentException if {@code columns} is below 20
     */
    public Builder bar(int columns) {
      checkArgument(
          columns >= MIN_COLUMNS, "Expected a terminal width of at least %s columns, got columns=%s", MIN_COLUMNS, columns);
      return bar(new FixedWidth(columns));
    }

    /**
     * Redraws a bar in place whatever the output, for a terminal whose width {@code columns} tells at each
     * redraw (so a resized window is followed).
     *
     * @param columns gives the terminal's width in characters, a positive number
     * @return this builder
     */
    public Builder bar(IntSupplier columns) {
      this.columns = checkNotNull(columns, "Expected a source of the terminal's width, got null");
      this.display = Display.BAR;
      return this;
    }

    /**
     * Writes one plain line per epoch whatever the output, as in a log.
     *
     * @return this builder
     */
    public Builder lines() {
      this.display = Display.LINES;
      this.columns = null;
      return this;
    }

    /**
     * The time source for durations, rates and the time left; by default {@link Ticker#systemTicker()}. Tests
     * give a fake one.
     *
     * @param ticker the time source, in nanoseconds
     * @return this builder
     */
    public Builder ticker(Ticker ticker) {
      this.ticker = checkNotNull(ticker, "Expected a Ticker, got null");
      return this;
    }

    /**
     * The shortest time between two redraws of the bar, by default 50 ms as in Keras; an epoch's first and last
     * batch are drawn whatever it is.
     *
     * @param interval the interval, zero or more
     * @return this builder
     * @throws IllegalArgumentException if the interval is negative
     */
    public Builder redrawInterval(Duration interval) {
      checkNotNull(interval, "Expected a redraw interval, got null");
      checkArgument(!interval.isNegative(), "Expected a redraw interval of zero or more, got %s", interval);
      this.redrawInterval = interval;
      return this;
    }

    /**
     * The listener.
     *
     * @return a new {@link Progress}
     */
    public Progress build() {
      return new Progress(this);
    }
  }

  /** A width that never changes, which prints itself. */
  private record FixedWidth(int columns) implements IntSupplier {
    @Override
    public int getAsInt() {
      return columns;
    }

    @Override
    public String toString() {
      return String.valueOf(columns);
    }
  }
}
