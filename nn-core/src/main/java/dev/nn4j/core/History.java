package dev.nn4j.core;

import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.List;

/** What {@link Network#fit} measured, one entry per epoch trained. */
public final class History {
  private final List<Double> loss = new ArrayList<>();

  History() {}

  void addEpoch(double epochLoss) {
    loss.add(epochLoss);
  }

  /** The number of epochs trained (fewer than asked for if a listener stopped training). */
  public int epochs() {
    return loss.size();
  }

  /** The mean training loss of each epoch. */
  public List<Double> loss() {
    return ImmutableList.copyOf(loss);
  }

  @Override
  public String toString() {
    return "History{epochs=" + epochs() + ", loss=" + loss + "}";
  }
}
