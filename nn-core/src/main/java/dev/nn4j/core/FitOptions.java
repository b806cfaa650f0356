package dev.nn4j.core;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.base.MoreObjects;
import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How {@link Network#fit} trains: epochs, batch size, shuffling and listeners. Immutable; build one with
 * {@link #builder()}. The defaults are one epoch, batches of 32 and shuffling on (those of Keras).
 */
public final class FitOptions {
  private final int epochs;
  private final int batchSize;
  private final boolean shuffle;
  private final ImmutableList<TrainingListener> listeners;

  private FitOptions(Builder b) {
    this.epochs = b.epochs;
    this.batchSize = b.batchSize;
    this.shuffle = b.shuffle;
    this.listeners = ImmutableList.copyOf(b.listeners);
  }

  /** A builder with the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** Number of passes over the training data. */
  public int epochs() {
    return epochs;
  }

  /** Samples per gradient step; the last batch of an epoch may be smaller. */
  public int batchSize() {
    return batchSize;
  }

  /** Whether the samples are visited in a new seeded random order each epoch (else in the given order). */
  public boolean shuffle() {
    return shuffle;
  }

  /** Called after each epoch, in order. */
  public List<TrainingListener> listeners() {
    return listeners;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FitOptions f
        && epochs == f.epochs
        && batchSize == f.batchSize
        && shuffle == f.shuffle
        && listeners.equals(f.listeners);
  }

  @Override
  public int hashCode() {
    return Objects.hash(epochs, batchSize, shuffle, listeners);
  }

  @Override
  public String toString() {
    return MoreObjects.toStringHelper(this)
        .add("epochs", epochs)
        .add("batchSize", batchSize)
        .add("shuffle", shuffle)
        .add("listeners", listeners.size())
        .toString();
  }

  /** Builds {@link FitOptions}; each setter checks its argument at once. */
  public static final class Builder {
    private int epochs = 1;
    private int batchSize = 32;
    private boolean shuffle = true;
    private final List<TrainingListener> listeners = new ArrayList<>();

    private Builder() {}

    /** @throws IllegalArgumentException unless {@code epochs > 0} */
    public Builder epochs(int epochs) {
      checkArgument(epochs > 0, "Expected a positive number of epochs, got epochs=%s", epochs);
      this.epochs = epochs;
      return this;
    }

    /** @throws IllegalArgumentException unless {@code batchSize > 0} */
    public Builder batchSize(int batchSize) {
      checkArgument(batchSize > 0, "Expected a positive batch size, got batchSize=%s", batchSize);
      this.batchSize = batchSize;
      return this;
    }

    /** Whether to shuffle the samples each epoch (default true). */
    public Builder shuffle(boolean shuffle) {
      this.shuffle = shuffle;
      return this;
    }

    /** Adds a listener called after each epoch. */
    public Builder listener(TrainingListener listener) {
      listeners.add(checkNotNull(listener, "listener"));
      return this;
    }

    /** The options. */
    public FitOptions build() {
      return new FitOptions(this);
    }
  }
}
