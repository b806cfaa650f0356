package dev.nn4j.core;

/** What a {@link TrainingListener} learns at the end of an epoch, and its way to stop training. */
public final class EpochEnd {
  private final Network network;
  private final int epoch;
  private final int epochs;
  private final double loss;
  private boolean stopRequested;

  EpochEnd(Network network, int epoch, int epochs, double loss) {
    this.network = network;
    this.epoch = epoch;
    this.epochs = epochs;
    this.loss = loss;
  }

  /** The network being trained. */
  public Network network() {
    return network;
  }

  /** The epoch that ended, counted from 0 as in the tutorial's log. */
  public int epoch() {
    return epoch;
  }

  /** The number of epochs this call of {@code fit} was asked for. */
  public int epochs() {
    return epochs;
  }

  /** The mean training loss over the epoch's samples, each taken as its batch was trained. */
  public double loss() {
    return loss;
  }

  /** Ends training after this epoch; {@code fit} returns the history so far. */
  public void stopTraining() {
    stopRequested = true;
  }

  boolean stopRequested() {
    return stopRequested;
  }
}
