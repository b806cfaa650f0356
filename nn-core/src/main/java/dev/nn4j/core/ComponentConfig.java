package dev.nn4j.core;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableSet;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads the configuration of a parameterized component (an activation's {@link Activation#config()}, a
 * loss's {@link Loss#config()}, a layer's {@link LayerConfig}), the map that a model file gives back to
 * its provider, with checks whose messages name the component, the key, what was expected and what was
 * given.
 *
 * <p>Every key must be one the component accepts, so a misspelt key ({@code "slop"}) fails instead of
 * silently giving the default; a key whose value is a component (a dense layer's {@code "activation"},
 * accepted as {@code "activation.*"}) also accepts its dotted sub-keys ({@code "activation.slope"}). Values are written by {@link
 * #format(double)} and read back to the same {@code double}, so {@code name + config} rebuilds an equal
 * component.
 */
public final class ComponentConfig {
  private final String component;
  private final Map<String, ?> config;

  private ComponentConfig(String component, Map<String, ?> config) {
    this.component = component;
    this.config = config;
  }

  /**
   * Checks that every key of {@code config} is one of {@code acceptedKeys}. An accepted key written {@code
   * "activation.*"} names a component: it accepts {@code "activation"} and its dotted sub-keys ({@code
   * "activation.slope"}), where a model file keeps the component's own configuration.
   *
   * @param component what is configured, for messages, such as {@code "activation 'leaky_relu'"}
   * @param config the configuration to read: strings, and for a layer built in code, activations
   * @param acceptedKeys the keys the component knows; none for a component without parameters
   * @return a reader of the values
   * @throws IllegalArgumentException naming the unknown key and the accepted ones
   */
  public static ComponentConfig of(String component, Map<String, ?> config, String... acceptedKeys) {
    checkNotNull(config, "configuration of %s", component);
    ImmutableSet<String> accepted = ImmutableSet.copyOf(acceptedKeys);
    for (String key : config.keySet()) {
      int dot = key.indexOf('.');
      boolean known = dot < 0 ? accepted.contains(key) || accepted.contains(key + ".*") : accepted.contains(key.substring(0, dot) + ".*");
      checkArgument(
          known,
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
   * The number under {@code key}, in {@code [min, max]} (each bound included or not), or {@code defaultValue}
   * if the key is absent.
   *
   * @param key the configuration key
   * @param defaultValue the value if the key is absent
   * @param min the lower bound
   * @param minIncluded whether {@code min} itself is allowed
   * @param max the upper bound
   * @param maxIncluded whether {@code max} itself is allowed
   * @return the value read, or {@code defaultValue}
   * @throws IllegalArgumentException if the value is not a number in that range
   */
  public double doubleIn(String key, double defaultValue, double min, boolean minIncluded, double max, boolean maxIncluded) {
    double value = finiteDouble(key, defaultValue);
    boolean above = minIncluded ? value >= min : value > min;
    boolean below = maxIncluded ? value <= max : value < max;
    checkArgument(
        above && below,
        "Expected '%s' of %s in %s%s, %s%s, got %s",
        key,
        component,
        minIncluded ? "[" : "(",
        min,
        max,
        maxIncluded ? "]" : ")",
        value);
    return value;
  }

  /**
   * The positive integer under {@code key}, which must be present.
   *
   * @param key the configuration key
   * @return the value read
   * @throws IllegalArgumentException if the key is absent or the value is not a positive integer
   */
  public int positiveInt(String key) {
    String text = value(key);
    checkArgument(text != null, "Expected '%s' for %s: it has no default, got %s", key, component, config);
    return positiveInt(key, 1);
  }

  /**
   * The positive integer under {@code key}, or {@code defaultValue} if the key is absent.
   *
   * @param key the configuration key
   * @param defaultValue the value if the key is absent
   * @return the value read, or {@code defaultValue}
   * @throws IllegalArgumentException if the value is not a positive integer
   */
  public int positiveInt(String key, int defaultValue) {
    String text = value(key);
    if (text == null) {
      return defaultValue;
    }
    checkArgument(
        text.matches("[1-9][0-9]{0,9}") && Long.parseLong(text) <= Integer.MAX_VALUE,
        "Expected a positive integer for '%s' of %s, got '%s'",
        key,
        component,
        shorten(text));
    return Integer.parseInt(text);
  }

  /**
   * The text under {@code key}, or {@code defaultValue} if the key is absent: for values of more than one
   * form (a padding given as {@code "same"} or as numbers), which the caller then reads as one of them.
   *
   * @param key the configuration key
   * @param defaultValue the value if the key is absent
   * @return the text
   */
  public String text(String key, String defaultValue) {
    String text = value(key);
    return text == null ? defaultValue : text;
  }

  /**
   * The pair of integers under {@code key}, for a height and a width: {@code "3"} for both, or {@code "3,5"};
   * {@code defaultValue} for both if the key is absent.
   *
   * @param key the configuration key
   * @param defaultValue the value of both if the key is absent
   * @param min the smallest value allowed
   * @return the two values
   * @throws IllegalArgumentException if the value is not one or two integers of at least {@code min}
   */
  public int[] intPair(String key, int defaultValue, int min) {
    String text = value(key);
    if (text == null) {
      return new int[] {defaultValue, defaultValue};
    }
    checkArgument(
        text.matches("[0-9]{1,9}(,[0-9]{1,9})?"),
        "Expected one integer or two separated by a comma for '%s' of %s, got '%s'",
        key,
        component,
        shorten(text));
    String[] parts = text.split(",");
    int[] pair = {Integer.parseInt(parts[0]), Integer.parseInt(parts[parts.length - 1])};
    checkArgument(
        pair[0] >= min && pair[1] >= min, "Expected '%s' of %s to be at least %s, got '%s'", key, component, min, text);
    return pair;
  }

  /**
   * The boolean under {@code key} ({@code "true"} or {@code "false"}), or {@code defaultValue} if absent.
   *
   * @param key the configuration key
   * @param defaultValue the value if the key is absent
   * @return the value read, or {@code defaultValue}
   * @throws IllegalArgumentException if the value is neither
   */
  public boolean bool(String key, boolean defaultValue) {
    return Boolean.parseBoolean(choice(key, Boolean.toString(defaultValue), "true", "false"));
  }

  /**
   * The shape under {@code key} ({@code "1,28,28"}), which must be present.
   *
   * @param key the configuration key
   * @return the shape
   * @throws IllegalArgumentException if the key is absent or the value is not a shape
   */
  public Shape shape(String key) {
    String text = value(key);
    checkArgument(text != null, "Expected '%s' for %s: it has no default, got %s", key, component, config);
    try {
      return Shape.parse(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Bad '" + key + "' of " + component + ": " + e.getMessage(), e);
    }
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
        shorten(text));
    return text;
  }

  /**
   * The activation under {@code key}: the one given in code, or the one registered under the name there,
   * built from its dotted sub-keys ({@code "activation.slope"}); {@code defaultValue} if absent.
   *
   * @param key the configuration key
   * @param defaultValue the activation if the key is absent, or null to require one
   * @return the activation
   * @throws IllegalArgumentException if the key is absent without a default, or no activation of that name
   *     is registered (the message lists the known names), or its configuration is rejected
   */
  public Activation activation(String key, Activation defaultValue) {
    Object value = config.get(key);
    if (value instanceof Activation activation) {
      return activation;
    }
    if (value == null) {
      checkArgument(
          defaultValue != null && config.keySet().stream().noneMatch(k -> k.startsWith(key + ".")),
          "Expected '%s' for %s, got %s",
          key,
          component,
          config);
      return defaultValue;
    }
    Map<String, String> sub = new TreeMap<>();
    config.forEach((k, v) -> {
      if (k.startsWith(key + ".")) {
        sub.put(k.substring(key.length() + 1), (String) v);
      }
    });
    try {
      return Activation.named((String) value, sub);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Bad '" + key + "' of " + component + ": " + e.getMessage(), e);
    }
  }

  /** The string under {@code key}, or null if absent; a key mapped to null or to a component is an error. */
  private String value(String key) {
    Object value = config.get(key);
    checkArgument(
        value != null || !config.containsKey(key),
        "Expected a value for '%s' of %s, got null",
        key,
        component);
    checkArgument(
        value == null || value instanceof String,
        "Expected a string for '%s' of %s, got %s",
        key,
        component,
        value);
    return (String) value;
  }

  private static String shorten(String text) {
    return text.length() <= 60 ? text : text.substring(0, 57) + "...";
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
