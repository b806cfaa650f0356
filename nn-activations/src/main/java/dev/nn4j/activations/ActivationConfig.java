package dev.nn4j.activations;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableSet;
import java.util.Map;

/**
 * Reads the configuration of a parameterized activation, the map its {@link
 * dev.nn4j.core.Activation#config()} wrote and a model file gives back to its provider, with checks whose
 * messages name the activation, the key, what was expected and what was given.
 *
 * <p>Every key must be one the activation accepts, so a misspelt key ({@code "slop"}) fails instead of
 * silently giving the default. Values are written by {@link #format(double)} and read back to the same
 * {@code double}, so {@code name + config} rebuilds an equal activation.
 */
final class ActivationConfig {
  private final String activation;
  private final Map<String, String> config;

  private ActivationConfig(String activation, Map<String, String> config) {
    this.activation = activation;
    this.config = config;
  }

  /**
   * Checks that every key of {@code config} is one of {@code acceptedKeys}.
   *
   * @param activation the activation's name, for messages
   * @throws IllegalArgumentException naming the unknown key and the accepted ones
   */
  static ActivationConfig of(String activation, Map<String, String> config, String... acceptedKeys) {
    checkNotNull(config, "configuration of activation '%s'", activation);
    ImmutableSet<String> accepted = ImmutableSet.copyOf(acceptedKeys);
    for (String key : config.keySet()) {
      checkArgument(
          accepted.contains(key),
          "Unknown configuration key '%s' for activation '%s': expected one of %s, got %s",
          key,
          activation,
          accepted,
          config);
    }
    return new ActivationConfig(activation, config);
  }

  /**
   * The finite number under {@code key}, or {@code defaultValue} if the key is absent.
   *
   * @throws IllegalArgumentException if the value is not a finite number
   */
  double finiteDouble(String key, double defaultValue) {
    String text = value(key);
    if (text == null) {
      return defaultValue;
    }
    double parsed;
    try {
      parsed = Double.parseDouble(text);
    } catch (NumberFormatException e) {
      parsed = Double.NaN;
    }
    checkArgument(
        Double.isFinite(parsed),
        "Expected a finite number for '%s' of activation '%s', got '%s'",
        key,
        activation,
        text);
    return parsed;
  }

  /**
   * The value under {@code key}, one of {@code choices}, or {@code defaultValue} if the key is absent.
   *
   * @throws IllegalArgumentException if the value is not one of the choices
   */
  String choice(String key, String defaultValue, String... choices) {
    String text = value(key);
    if (text == null) {
      return defaultValue;
    }
    ImmutableSet<String> allowed = ImmutableSet.copyOf(choices);
    checkArgument(
        allowed.contains(text),
        "Expected one of %s for '%s' of activation '%s', got '%s'",
        allowed,
        key,
        activation,
        text);
    return text;
  }

  /** The value under {@code key}, or null if absent; a key mapped to null is an error. */
  private String value(String key) {
    String text = config.get(key);
    checkArgument(
        text != null || !config.containsKey(key),
        "Expected a value for '%s' of activation '%s', got null",
        key,
        activation);
    return text;
  }

  /**
   * A parameter as a configuration value: the shortest decimal that reads back to the same {@code double}
   * ({@link Double#toString(double)}), with {@code -0.0} written as {@code "0.0"} so that equal parameters
   * give equal configurations.
   */
  static String format(double value) {
    return Double.toString(value + 0.0);
  }

  /**
   * Checks a parameter given to a factory method.
   *
   * @throws IllegalArgumentException if {@code value} is NaN or infinite
   */
  static double requireFinite(String activation, String key, double value) {
    checkArgument(
        Double.isFinite(value), "Expected a finite '%s' for activation '%s', got %s", key, activation, value);
    return value + 0.0;
  }
}
