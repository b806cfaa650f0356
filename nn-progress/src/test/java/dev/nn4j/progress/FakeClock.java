package dev.nn4j.progress;

import com.google.common.base.Ticker;
import dev.nn4j.core.BatchEnd;
import dev.nn4j.core.EpochEnd;
import dev.nn4j.core.TrainingListener;

/**
 * A time source that training moves on: each batch takes {@code batchNanos}, each epoch's validation
 * {@code validationNanos}. Listed before the {@link Progress} in {@code FitOptions}, so that the display reads
 * the time once the batch or the validation is over.
 */
final class FakeClock extends Ticker implements TrainingListener {
  private final long batchNanos;
  private final long validationNanos;
  private long now = 1_000_000_000_000L;

  FakeClock(long batchNanos, long validationNanos) {
    this.batchNanos = batchNanos;
    this.validationNanos = validationNanos;
  }

  static FakeClock millisPerBatch(long batchMillis, long validationMillis) {
    return new FakeClock(batchMillis * 1_000_000L, validationMillis * 1_000_000L);
  }

  @Override
  public long read() {
    return now;
  }

  @Override
  public void onBatchEnd(BatchEnd batch) {
    now += batchNanos;
  }

  @Override
  public void onEpochEnd(EpochEnd epoch) {
    now += validationNanos;
  }
}
