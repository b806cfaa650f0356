package dev.nn4j.core;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The configuration of a layer: with its type name, everything that rebuilds it (a dense layer's {@code
 * units} and {@code activation}, a batch normalization's {@code momentum} and {@code eps}). Sizes that
 * follow from the layer before it (a dense layer's inputs) are not part of it.
 *
 * <p>Values are strings, as a model file stores them, except for nested components: a configuration built
 * in code may hold an {@link Activation} itself, so that an activation not registered by name still works;
 * in a file it is written with dotted keys ({@code "activation": "leaky_relu", "activation.slope": "0.1"})
 * and read back through the registry. Read a configuration with {@link #reader}, whose getters check each
 * value and name the layer in their errors.
 *
 * <p>Immutable; equal when the string forms are; prints as {@code {units=4, activation=relu}}.
 */
public final class LayerConfig {
  private static final LayerConfig EMPTY = new LayerConfig(ImmutableMap.of());

  private final ImmutableMap<String, Object> values;

  private LayerConfig(Map<String, Object> values) {
    this.values = ImmutableMap.copyOf(values);
  }

  /**
   * The configuration without values: every setting at its default.
   *
   * @return the empty configuration
   */
  public static LayerConfig empty() {
    return EMPTY;
  }

  /**
   * A configuration of strings, as a model file or a caller by name gives it.
   *
   * @param values the values by key; nested components with dotted keys
   * @return the configuration
   */
  public static LayerConfig of(Map<String, String> values) {
    checkNotNull(values, "configuration");
    Map<String, Object> copy = new LinkedHashMap<>();
    values.forEach((key, value) -> {
      checkArgument(key != null && value != null, "A layer configuration has a null key or value: %s", values);
      copy.put(key, value);
    });
    return new LayerConfig(copy);
  }

  /**
   * A builder of a configuration.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A reader of this configuration for a layer that accepts {@code acceptedKeys}; a key whose value is a
   * component is written {@code "activation.*"}, so that its dotted sub-keys are accepted too (see {@link
   * ComponentConfig#of}).
   *
   * @param layer names the layer in messages, such as {@code "layer 'dense'"}
   * @param acceptedKeys the keys the layer knows
   * @return the reader
   * @throws IllegalArgumentException naming a key that is not accepted, and the keys that are
   */
  public ComponentConfig reader(String layer, String... acceptedKeys) {
    return ComponentConfig.of(layer, values, acceptedKeys);
  }

  /**
   * True if there is no value.
   *
   * @return whether every setting is at its default
   */
  public boolean isEmpty() {
    return values.isEmpty();
  }

  /**
   * The configuration as a model file stores it: strings, components flattened to dotted keys, sorted by
   * key.
   *
   * @return a new sorted map
   */
  public Map<String, String> toStrings() {
    Map<String, String> strings = new TreeMap<>();
    values.forEach((key, value) -> {
      if (value instanceof Activation activation) {
        strings.put(key, activation.name());
        activation.config().forEach((sub, v) -> strings.put(key + "." + sub, v));
      } else {
        strings.put(key, (String) value);
      }
    });
    return strings;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LayerConfig c && toStrings().equals(c.toStrings());
  }

  @Override
  public int hashCode() {
    return toStrings().hashCode();
  }

  @Override
  public String toString() {
    return toStrings().toString();
  }

  /** Builds a {@link LayerConfig}; each value is kept in the form a file stores it. */
  public static final class Builder {
    private final Map<String, Object> values = new LinkedHashMap<>();

    private Builder() {}

    /**
     * Sets {@code key} to a string.
     *
     * @param key the key
     * @param value the value
     * @return this builder
     */
    public Builder set(String key, String value) {
      return put(key, checkNotNull(value, "value of %s", key));
    }

    /**
     * Sets {@code key} to an integer.
     *
     * @param key the key
     * @param value the value
     * @return this builder
     */
    public Builder set(String key, long value) {
      return put(key, Long.toString(value));
    }

    /**
     * Sets {@code key} to a number, written so that it reads back to the same {@code double}.
     *
     * @param key the key
     * @param value the value
     * @return this builder
     */
    public Builder set(String key, double value) {
      return put(key, ComponentConfig.format(value));
    }

    /**
     * Sets {@code key} to a boolean, {@code "true"} or {@code "false"}.
     *
     * @param key the key
     * @param value the value
     * @return this builder
     */
    public Builder set(String key, boolean value) {
      return put(key, Boolean.toString(value));
    }

    /**
     * Sets {@code key} to a shape, written as {@code "1,28,28"}.
     *
     * @param key the key
     * @param value the value
     * @return this builder
     */
    public Builder set(String key, Shape value) {
      return put(key, checkNotNull(value, "value of %s", key).toConfig());
    }

    /**
     * Sets {@code key} to an activation, kept as it is (a file stores its name and configuration).
     *
     * @param key the key
     * @param value the activation
     * @return this builder
     */
    public Builder set(String key, Activation value) {
      return put(key, checkNotNull(value, "value of %s", key));
    }

    private Builder put(String key, Object value) {
      checkNotNull(key, "key");
      checkArgument(!key.isEmpty() && !key.contains("."), "Expected a configuration key without dots, got '%s'", key);
      values.put(key, value);
      return this;
    }

    /**
     * The configuration.
     *
     * @return the configuration
     */
    public LayerConfig build() {
      return new LayerConfig(values);
    }
  }
}
