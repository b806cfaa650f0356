package dev.nn4j.examples;

import dev.nn4j.core.BatchEnd;
import dev.nn4j.core.EpochEnd;
import dev.nn4j.core.FitOptions;
import dev.nn4j.core.Trainer;
import dev.nn4j.core.TrainingListener;
import java.io.PrintStream;
import java.util.Map;

/**
 * Shows training progress, Keras style: on a terminal, a bar redrawn in place with the epoch, batch,
 * running loss, rate and time left; elsewhere (a file, a CI log) one plain line per epoch, so logs stay
 * readable. Either way each epoch ends with a line of its loss and metrics.
 */
public final class ProgressDisplay implements TrainingListener {
  private static final int BAR_WIDTH = 24;
  private static final long REDRAW_NANOS = 100_000_000L;

  private final PrintStream out;
  private final boolean terminal;
  private long trainStart;
  private long epochStart;
  private long lastDrawn;
  private long samplesThisEpoch;
  private double lossSum;
  private int epochs;

  /**
   * @param out where to draw
   * @param terminal whether {@code out} is an interactive terminal (redraw in place) or a log (plain lines)
   */
  public ProgressDisplay(PrintStream out, boolean terminal) {
    this.out = out;
    this.terminal = terminal;
  }

  /**
   * A display on {@code out} that redraws in place only when {@code out} is standard output on an
   * interactive terminal and not a CI run.
   */
  public static ProgressDisplay on(PrintStream out) {
    boolean terminal = out == System.out && System.console() != null && System.getenv("CI") == null;
    return new ProgressDisplay(out, terminal);
  }

  /** Whether the bar is redrawn in place. */
  public boolean isTerminal() {
    return terminal;
  }

  @Override
  public void onTrainBegin(Trainer trainer, FitOptions options) {
    trainStart = System.nanoTime();
    epochStart = trainStart;
    epochs = options.epochs();
  }

  @Override
  public void onBatchEnd(BatchEnd batch) {
    if (batch.batch() == 0) {
      epochStart = System.nanoTime();
      samplesThisEpoch = 0;
      lossSum = 0;
    }
    samplesThisEpoch += batch.samples();
    lossSum += batch.loss() * batch.samples();
    long now = System.nanoTime();
    if (!terminal || now - lastDrawn < REDRAW_NANOS) {
      return;
    }
    lastDrawn = now;
    double seconds = (now - epochStart) / 1e9;
    double rate = samplesThisEpoch / Math.max(seconds, 1e-9);
    double doneInEpoch = (batch.batch() + 1.0) / batch.batches();
    double secondsLeft = seconds / doneInEpoch * (1 - doneInEpoch) + epochSeconds(seconds, doneInEpoch) * (epochs - batch.epoch());
    int filled = (int) Math.round(doneInEpoch * BAR_WIDTH);
    out.printf(
        "\rEpoch %d/%d [%s%s] %d/%d - loss %.4f - %,.0f samples/s - ETA %s   ",
        batch.epoch(),
        epochs,
        "=".repeat(filled),
        " ".repeat(BAR_WIDTH - filled),
        batch.batch() + 1,
        batch.batches(),
        lossSum / samplesThisEpoch,
        rate,
        clock(secondsLeft));
    out.flush();
  }

  private static double epochSeconds(double secondsSoFar, double fractionDone) {
    return secondsSoFar / Math.max(fractionDone, 1e-9);
  }

  @Override
  public void onEpochEnd(EpochEnd epoch) {
    // In a log, long runs of short epochs would flood it: show about twenty epochs, and the last.
    int every = Math.max(1, epoch.epochs() / 20);
    boolean last = epoch.epoch() == epoch.epochs();
    if (!terminal && (epoch.epoch() - 1) % every != 0 && !last) {
      return;
    }
    double total = (System.nanoTime() - trainStart) / 1e9;
    double perEpoch = total / epoch.epoch();
    StringBuilder line = new StringBuilder();
    if (terminal) {
      line.append('\r');
    }
    line.append(String.format("Epoch %d/%d - %.1f s", epoch.epoch(), epoch.epochs(), epoch.seconds()));
    for (Map.Entry<String, Double> m : epoch.metrics().entrySet()) {
      line.append(String.format(" - %s %.4f", m.getKey(), m.getValue()));
    }
    if (samplesThisEpoch > 0) {
      line.append(String.format(" - %,.0f samples/s", samplesThisEpoch / Math.max(epoch.seconds(), 1e-9)));
    }
    line.append(" - ETA ").append(clock(perEpoch * (epoch.epochs() - epoch.epoch())));
    if (terminal) {
      line.append("          ");
    }
    out.println(line);
  }

  /** {@code m:ss}, or {@code h:mm:ss} past an hour. */
  static String clock(double seconds) {
    long s = Math.max(0, Math.round(seconds));
    return s >= 3600
        ? String.format("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
        : String.format("%d:%02d", s / 60, s % 60);
  }
}
