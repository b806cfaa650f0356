package dev.nn4j.core;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reading a component's configuration ({@link Activation#config()}, {@link Loss#config()}) in a provider's
 * {@code create} method, with errors that name the component, the key and the value.
 */
public final class Configs {
  private Configs() {}

  /**
   * Checks that {@code config} has no key outside {@code known}.
   *
   * @throws IllegalArgumentException naming the unknown keys and the accepted ones
   */
  public static void requireKnownKeys(String component, Map<String, String> config, Set<String> known) {
    Set<String> unknown = new TreeSet<>(config.keySet());
    unknown.removeAll(known);
    checkArgument(
        unknown.isEmpty(),
        "Unknown configuration %s for '%s'; it accepts %s",
        unknown,
        component,
        known.isEmpty() ? "none" : new TreeSet<>(known));
  }

  /**
   * The number under {@code key}, or {@code defaultValue} when absent.
   *
   * @throws IllegalArgumentException if the value is not a finite number
   */
  public static double doubleValue(String component, Map<String, String> config, String key, double defaultValue) {
    String text = config.get(key);
    if (text == null) {
      return defaultValue;
    }
    double value;
    try {
      value = Double.parseDouble(text.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "Expected a number for '" + key + "' of '" + component + "', got '" + text + "'", e);
    }
    checkArgument(Double.isFinite(value), "Expected a finite number for '%s' of '%s', got %s", key, component, text);
    return value;
  }
}
