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
 * by name (such as {@code "accuracy"}) and, with validation data, the same prefixed with {@code "val_"}
 * ({@code "val_loss"}, {@code "val_accuracy"}), as Keras' {@code History.history}.
 */
public final class History {
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
   * The names recorded, {@code "loss"} first.
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
   * Every value recorded for epoch {@code epoch} (counted from 0), by name.
   *
   * @param epoch the epoch, from 0
   * @return the values by name
   */
  public Map<String, Double> epoch(int epoch) {
    checkArgument(epoch >= 0 && epoch < epochs, "Epoch %s was not trained; the history has %s epochs", epoch, epochs);
    ImmutableMap.Builder<String, Double> b = ImmutableMap.builder();
    values.forEach((name, v) -> b.put(name, v.get(epoch)));
    return b.build();
  }

  @Override
  public String toString() {
    return "History{epochs=" + epochs + ", " + values + "}";
  }
}
