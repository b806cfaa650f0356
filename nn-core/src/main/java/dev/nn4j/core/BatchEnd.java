package dev.nn4j.core;

/**
 * What a {@link TrainingListener} learns after each batch (for progress displays). One instance is reused
 * for every batch of a training run, so read it during the call and do not keep it.
 */
public final class BatchEnd {
  private int epoch;
  private int epochs;
  private int batch;
  private int batches;
  private int samples;
  private double loss;

  BatchEnd() {}

  void set(int epoch, int epochs, int batch, int batches, int samples, double loss) {
    this.epoch = epoch;
    this.epochs = epochs;
    this.batch = batch;
    this.batches = batches;
    this.samples = samples;
    this.loss = loss;
  }

  /**
   * The current epoch, counted from 1 as {@link EpochEnd#epoch()} counts it.
   *
   * @return the epoch, from 1
   */
  public int epoch() {
    return epoch;
  }

  /**
   * The number of epochs this call of {@code fit} was asked for.
   *
   * @return the number of epochs
   */
  public int epochs() {
    return epochs;
  }

  /**
   * The batch that ended, counted from 0 within its epoch (an index, as Keras' {@code on_train_batch_end}
   * gives it): {@code batches() - 1} for the last.
   *
   * @return the batch index, from 0
   */
  public int batch() {
    return batch;
  }

  /**
   * The number of batches in an epoch.
   *
   * @return the number of batches per epoch
   */
  public int batches() {
    return batches;
  }

  /**
   * The number of samples in this batch.
   *
   * @return the batch size; the last batch of an epoch may be smaller
   */
  public int samples() {
    return samples;
  }

  /**
   * This batch's loss, before its optimizer step.
   *
   * @return the mean loss over the batch's samples
   */
  public double loss() {
    return loss;
  }
}
