package dev.nn4j.bench;

import dev.nn4j.core.EpochEnd;
import dev.nn4j.core.FitOptions;
import dev.nn4j.core.Trainer;
import dev.nn4j.core.TrainingListener;

/**
 * Records, on the training thread, the time and the thread's allocated bytes when training begins and at
 * the end of each epoch, so that the first epoch (JIT compilation, buffers made) can be told apart from the
 * steady state.
 */
final class EpochClock implements TrainingListener {
  private final long[] nanos;
  private final long[] allocated;
  private int ended;

  /** For a run of at most {@code epochs} epochs. */
  EpochClock(int epochs) {
    nanos = new long[epochs + 1];
    allocated = new long[epochs + 1];
  }

  @Override
  public void onTrainBegin(Trainer trainer, FitOptions options) {
    allocated[0] = Meter.allocatedBytes();
    nanos[0] = System.nanoTime();
  }

  @Override
  public void onEpochEnd(EpochEnd epoch) {
    nanos[ended + 1] = System.nanoTime();
    allocated[ended + 1] = Meter.allocatedBytes();
    ended++;
  }

  /** Epochs ended so far. */
  int epochs() {
    return ended;
  }

  /** Seconds from the end of epoch {@code from} (0: the start of training) to the end of epoch {@code to}. */
  double seconds(int from, int to) {
    return (nanos[to] - nanos[from]) / 1e9;
  }

  /** Bytes the training thread allocated between the same two points. */
  long allocatedBytes(int from, int to) {
    return allocated[to] - allocated[from];
  }
}
