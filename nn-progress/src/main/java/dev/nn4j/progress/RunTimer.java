package dev.nn4j.progress;

import com.google.common.base.Ticker;
import java.util.OptionalDouble;

/**
 * The timing of one {@code fit}: when it and the current epoch began, how many batches and samples the
 * epoch has trained, their running loss, and from these the rate and the one estimate of the time left.
 *
 * <p>An epoch's time is measured from its start (the start of training, or the end of the epoch before),
 * never from the batch before, so the first batch's rate is that batch's samples over its own duration. A
 * rate or an estimate is only given once at least {@link #MEANINGFUL_NANOS} have passed; before that it
 * would be a quotient of clock noise. Not thread-safe: one training thread calls it.
 */
final class RunTimer {
  /** Below this elapsed time (a millisecond) no rate or time left is given. */
  static final long MEANINGFUL_NANOS = 1_000_000L;

  private final Ticker ticker;
  private final int epochs;
  private final long runStart;
  private long epochStart;
  private long lastBatchEnd;
  private int epochsEnded;
  private int batchesDone;
  private int batches;
  private long samples;
  private double lossSum;

  /**
   * Starts timing a run now.
   *
   * @param ticker the time source
   * @param epochs the number of epochs the run was asked for
   */
  RunTimer(Ticker ticker, int epochs) {
    this.ticker = ticker;
    this.epochs = epochs;
    this.runStart = ticker.read();
    this.epochStart = runStart;
    this.lastBatchEnd = runStart;
  }

  /**
   * Records a batch that ended now. Batches are counted here, not taken from the trainer's numbering.
   *
   * @param batches the batches in an epoch
   * @param batchSamples the samples of this batch
   * @param batchLoss the mean loss over this batch's samples
   */
  void batchEnded(int batches, int batchSamples, double batchLoss) {
    this.lastBatchEnd = ticker.read();
    this.batchesDone++;
    this.batches = batches;
    this.samples += batchSamples;
    this.lossSum += batchLoss * batchSamples;
  }

  /**
   * Starts the next epoch now; call it once the epoch's line is written.
   */
  void nextEpoch() {
    epochStart = ticker.read();
    lastBatchEnd = epochStart;
    epochsEnded++;
    batchesDone = 0;
    samples = 0;
    lossSum = 0;
  }

  /**
   * The time source's reading now, in nanoseconds.
   *
   * @return the current reading
   */
  long now() {
    return ticker.read();
  }

  /**
   * The current epoch, numbered from 1: the epochs this timer saw end, plus one (so whatever the trainer's own
   * numbering).
   *
   * @return the epoch's number
   */
  int epoch() {
    return epochsEnded + 1;
  }

  /**
   * The number of epochs the run was asked for.
   *
   * @return the number of epochs
   */
  int epochs() {
    return epochs;
  }

  /**
   * The batches of the current epoch done so far.
   *
   * @return the batches done
   */
  int batchesDone() {
    return batchesDone;
  }

  /**
   * The batches in an epoch, as the last batch told; 0 before the first.
   *
   * @return the batches per epoch
   */
  int batches() {
    return batches;
  }

  /**
   * The mean loss over the samples the current epoch has trained, each taken as its batch trained (so at the
   * epoch's end it is the epoch's loss).
   *
   * @return the running loss; NaN before the first batch
   */
  double loss() {
    return samples == 0 ? Double.NaN : lossSum / samples;
  }

  /**
   * Seconds from the current epoch's start to {@code now}.
   *
   * @param now a reading of the time source
   * @return the epoch's seconds so far
   */
  double epochSeconds(long now) {
    return (now - epochStart) / 1e9;
  }

  /**
   * Samples per second trained this epoch: its samples over the time from its start to its last batch's end
   * (validation is not training, so it does not count).
   *
   * @return the rate, or empty before a meaningful time has passed
   */
  OptionalDouble rate() {
    long elapsed = lastBatchEnd - epochStart;
    return samples == 0 || elapsed < MEANINGFUL_NANOS ? OptionalDouble.empty() : OptionalDouble.of(samples / (elapsed / 1e9));
  }

  /**
   * The time left in the whole run, extrapolated from the run so far: its seconds per batch, validation
   * included once an epoch has ended, times the batches left in this epoch and the epochs after it.
   *
   * @param now a reading of the time source
   * @return the seconds left, or empty before a meaningful time has passed
   */
  OptionalDouble secondsLeft(long now) {
    long elapsed = now - runStart;
    double epochFraction = batches == 0 ? 0 : (double) batchesDone / batches;
    double done = (epochsEnded + epochFraction) / epochs;
    if (elapsed < MEANINGFUL_NANOS || done <= 0) {
      return OptionalDouble.empty();
    }
    return OptionalDouble.of(elapsed / 1e9 * (1 - done) / done);
  }
}
