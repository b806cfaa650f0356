package dev.nn4j.core;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableSet;
import java.util.Map;

/**
 * Reads the configuration of a parameterized component (an activation's {@link Activation#config()}, a
 * loss's {@link Loss#config()}), the map that a model file gives back to its provider, with checks whose
 * messages name the component, the key, what was expected and what was given.
 *
 * <p>Every key must be one the component accepts, so a misspelt key ({@code "slop"}) fails instead of
 * silently giving the default. Values are written by {@link #format(double)} and read back to the same
 * {@code double}, so {@code name + config} rebuilds an equal component.
 */
public final class ComponentConfig {
  private final String component;
  private final Map<String, String> config;

  private ComponentConfig(String component, Map<String, String> config) {
    this.component = component;
    this.config = config;
  }

  /**
   * Checks that every key of {@code config} is one of {@code acceptedKeys}.
   *
   * @param component what is configured, for messages, such as {@code "activation 'leaky_relu'"}
   * @param config the configuration to read
   * @param acceptedKeys the keys the component knows; none for a component without parameters
   * @return a reader of the values
   * @throws IllegalArgumentException naming the unknown key and the accepted ones
   */
  public static ComponentConfig of(String component, Map<String, String> config, String... acceptedKeys) {
    checkNotNull(config, "configuration of %s", component);
    ImmutableSet<String> accepted = ImmutableSet.copyOf(acceptedKeys);
    for (String key : config.keySet()) {
      checkArgument(
          accepted.contains(key),
          "Unknown configuration key '%s' for %s: expected one of %s, got %s",
          key,
          component,
          accepted,
          config);
    }
    return new ComponentConfig(component, config);
  }

  /**
   * The finite number under {@code key}, or {@code defaultValue} if the key is absent.
   *
   * @param key the configuration key
   * @param defaultValue the value if the key is absent
   * @return the value read, or {@code defaultValue}
   * @throws IllegalArgumentException if the value is not a finite number
   */
  public double finiteDouble(String key, double defaultValue) {
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
        "Expected a finite number for '%s' of %s, got '%s'",
        key,
        component,
        text);
    return parsed;
  }

  /**
   * The value under {@code key}, one of {@code choices}, or {@code defaultValue} if the key is absent.
   *
   * @param key the configuration key
   * @param defaultValue the value if the key is absent
   * @param choices the values allowed
   * @return the value read, or {@code defaultValue}
   * @throws IllegalArgumentException if the value is not one of the choices
   */
  public String choice(String key, String defaultValue, String... choices) {
    String text = value(key);
    if (text == null) {
      return defaultValue;
    }
    ImmutableSet<String> allowed = ImmutableSet.copyOf(choices);
    checkArgument(
        allowed.contains(text),
        "Expected one of %s for '%s' of %s, got '%s'",
        allowed,
        key,
        component,
        text);
    return text;
  }

  /** The value under {@code key}, or null if absent; a key mapped to null is an error. */
  private String value(String key) {
    String text = config.get(key);
    checkArgument(
        text != null || !config.containsKey(key),
        "Expected a value for '%s' of %s, got null",
        key,
        component);
    return text;
  }

  /**
   * A parameter as a configuration value: the shortest decimal that reads back to the same {@code double}
   * ({@link Double#toString(double)}), with {@code -0.0} written as {@code "0.0"} so that equal parameters
   * give equal configurations.
   *
   * @param value the parameter
   * @return its text, which {@link Double#parseDouble} reads back exactly
   */
  public static String format(double value) {
    return Double.toString(value + 0.0);
  }

  /**
   * Checks a parameter given to a factory method; returns it with {@code -0.0} made {@code 0.0}.
   *
   * @param component what is configured, for the message, such as {@code "activation 'elu'"}
   * @param key the name of the parameter, for the message
   * @param value the parameter given
   * @return {@code value}, with {@code -0.0} made {@code 0.0}
   * @throws IllegalArgumentException if {@code value} is NaN or infinite
   */
  public static double requireFinite(String component, String key, double value) {
    checkArgument(Double.isFinite(value), "Expected a finite '%s' for %s, got %s", key, component, value);
    return value + 0.0;
  }
}
