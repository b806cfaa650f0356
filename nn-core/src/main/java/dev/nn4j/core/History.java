package dev.nn4j.core;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What {@link Network#fit} measured, one value per epoch trained for each of: {@code "loss"}, each metric
 * by name (such as {@code "accuracy"}), with validation data the same prefixed with {@code "val_"} ({@code
 * "val_loss"}, {@code "val_accuracy"}), and {@value #LEARNING_RATE}, as Keras' {@code History.history}.
 * Epochs are numbered from 1, as in every message and listener; the lists of {@link #get} hold epoch
 * {@code e} at index {@code e - 1}.
 */
public final class History {
  /**
   * The name of the learning rate in effect during each epoch: that of the epoch's last optimizer step, its
   * schedule applied, before any listener changed it at the epoch's end. Keras 3's name for it ({@code
   * ReduceLROnPlateau} and {@code LearningRateScheduler} log it so; Keras 2 said {@code "lr"}). Recorded
   * when the optimizer reports its rate ({@link Optimizer.Updater#nextLearningRate()}), as nn4j's do.
   */
  public static final String LEARNING_RATE = "learning_rate";

  private final Map<String, List<Double>> values = new LinkedHashMap<>();
  private int epochs;

  History() {}

  void addEpoch(Map<String, Double> epochMetrics) {
    epochMetrics.forEach((name, value) -> values.computeIfAbsent(name, n -> new ArrayList<>()).add(value));
    epochs++;
  }

  /**
   * The number of epochs trained (fewer than asked for if a listener stopped training).
   *
   * @return the number of epochs recorded
   */
  public int epochs() {
    return epochs;
  }

  /**
   * The names recorded, {@code "loss"} first and {@value #LEARNING_RATE} last.
   *
   * @return the names, in the order first recorded
   */
  public Set<String> names() {
    return values.keySet();
  }

  /**
   * The mean training loss of each epoch.
   *
   * @return one loss per epoch; the same as {@code get("loss")}
   */
  public List<Double> loss() {
    return get("loss");
  }

  /**
   * The values of {@code name} for each epoch.
   *
   * @param name the name, such as {@code "val_accuracy"}
   * @return one value per epoch, a copy
   * @throws IllegalArgumentException if nothing by that name was recorded; the message lists the names
   */
  public List<Double> get(String name) {
    List<Double> v = values.get(name);
    checkArgument(v != null, "Nothing named '%s' was recorded; the history has %s", name, values.keySet());
    return ImmutableList.copyOf(v);
  }

  /**
   * Every value recorded for epoch {@code epoch}, by name.
   *
   * @param epoch the epoch, counted from 1 as {@link EpochEnd#epoch()} counts it
   * @return the values by name
   * @throws IllegalArgumentException unless {@code 1 <= epoch <= epochs()}
   */
  public Map<String, Double> epoch(int epoch) {
    checkArgument(
        epoch >= 1 && epoch <= epochs,
        "Expected an epoch from 1 to %s (epochs are counted from 1), got epoch=%s",
        epochs,
        epoch);
    ImmutableMap.Builder<String, Double> b = ImmutableMap.builder();
    values.forEach((name, v) -> b.put(name, v.get(epoch - 1)));
    return b.build();
  }

  @Override
  public String toString() {
    return "History{epochs=" + epochs + ", " + values + "}";
  }
}
