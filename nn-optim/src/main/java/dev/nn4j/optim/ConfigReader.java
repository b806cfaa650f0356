package dev.nn4j.optim;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableSet;
import dev.nn4j.core.ComponentConfig;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the configuration of an optimizer, or of a schedule within it, with {@link
 * ComponentConfig}'s checks and messages, plus what an optimizer needs beyond them: a number without
 * a default, step counts up to {@code Long.MAX_VALUE}, PyTorch's pair {@code betas} ({@code
 * "0.9,0.999"}), and the dotted sub-keys of a component-valued key ({@code schedule.t_max}).
 *
 * <p>Only the keys named as nested accept dotted sub-keys (they are given to {@link ComponentConfig#of} as
 * {@code "schedule.*"}): {@code "lr.x"} is refused.
 */
final class ConfigReader {
  /** What the whole configuration configures, for messages: {@code "optimizer 'adam'"}. */
  private final String owner;
  /** The dotted path of this configuration within the owner's: {@code ""}, {@code "schedule."}. */
  private final String path;
  private final String component;
  private final Map<String, String> config;
  private final ComponentConfig values;

  private ConfigReader(
      String owner,
      String path,
      String component,
      Map<String, String> config,
      Collection<String> keys,
      Set<String> nested) {
    this.owner = owner;
    this.path = path;
    this.component = component;
    this.config = config;
    this.values = ComponentConfig.of(component, config, keys.stream().map(k -> nested.contains(k) ? k + ".*" : k).toArray(String[]::new));
  }

  /**
   * A reader of the whole configuration of {@code component}.
   *
   * @param component what is configured, for messages, such as {@code "optimizer 'adam'"}
   * @param config the configuration
   * @param keys the keys it accepts
   * @param nested those of the keys whose values are components with dotted sub-keys
   * @throws IllegalArgumentException on an unknown key, naming the accepted ones
   */
  static ConfigReader of(
      String component, Map<String, String> config, Collection<String> keys, Set<String> nested) {
    return new ConfigReader(component, "", component, config, keys, nested);
  }

  /**
   * A reader of the component under {@code key}: the sub-keys {@code key.*}, without the prefix.
   *
   * @param key a nested key of this configuration, such as {@code "schedule"}
   * @param kind what the component is, for messages, such as {@code "schedule 'cosine'"}
   * @param keys the keys the component accepts
   * @param nested those of its keys that nest further
   */
  ConfigReader nested(String key, String kind, List<String> keys, Set<String> nested) {
    Map<String, String> sub = new LinkedHashMap<>();
    String prefix = key + ".";
    config.forEach(
        (k, v) -> {
          if (k.startsWith(prefix)) {
            sub.put(k.substring(prefix.length()), v);
          }
        });
    return new ConfigReader(owner, path + prefix, kind + " (" + where(key) + ")", sub, keys, nested);
  }

  /** Where {@code key} is, for messages: {@code "'schedule.then' of optimizer 'adam'"}. */
  String where(String key) {
    return "'" + path + key + "' of " + owner;
  }

  /**
   * The text under {@code key}, or null if absent.
   *
   * @throws IllegalArgumentException if the key is mapped to null
   */
  String string(String key) {
    String value = config.get(key);
    checkArgument(
        value != null || !config.containsKey(key),
        "Expected a value for '%s' of %s, got null",
        key,
        component);
    return value;
  }

  /** Whether {@code key} has a value. */
  boolean has(String key) {
    return string(key) != null;
  }

  /**
   * Checks that {@code key}, which has no default, is present.
   *
   * @throws IllegalArgumentException if it is absent
   */
  void require(String key) {
    checkArgument(has(key), "Expected '%s' for %s: it has no default, got %s", key, component, config);
  }

  /** The number under {@code key} in {@code (0, ∞)}, or {@code defaultValue} if absent. */
  double positive(String key, double defaultValue) {
    return values.doubleIn(key, defaultValue, 0, false, Double.POSITIVE_INFINITY, false);
  }

  /** The number under {@code key} in {@code [0, ∞)}, or {@code defaultValue} if absent. */
  double nonNegative(String key, double defaultValue) {
    return values.doubleIn(key, defaultValue, 0, true, Double.POSITIVE_INFINITY, false);
  }

  /** The number under {@code key} in {@code [0, 1)}, or {@code defaultValue} if absent. */
  double decayRate(String key, double defaultValue) {
    return values.doubleIn(key, defaultValue, 0, true, 1, false);
  }

  /** The number under {@code key} in {@code [min, max]} (bounds included or not), or the default. */
  double doubleIn(
      String key,
      double defaultValue,
      double min,
      boolean minIncluded,
      double max,
      boolean maxIncluded) {
    return values.doubleIn(key, defaultValue, min, minIncluded, max, maxIncluded);
  }

  /** The boolean under {@code key}, or {@code defaultValue} if absent. */
  boolean bool(String key, boolean defaultValue) {
    return values.bool(key, defaultValue);
  }

  /**
   * The two decay rates in {@code [0, 1)} under {@code key}, written {@code "0.9,0.999"} (PyTorch's
   * {@code betas}), or the defaults if absent.
   */
  double[] decayRatePair(String key, double first, double second) {
    String text = string(key);
    if (text == null) {
      return new double[] {first, second};
    }
    String[] parts = text.split(",", -1);
    checkArgument(
        parts.length == 2,
        "Expected two numbers such as '%s,%s' for '%s' of %s, got '%s'",
        first,
        second,
        key,
        component,
        text);
    double[] pair = new double[2];
    for (int i = 0; i < 2; i++) {
      String element = key + "[" + i + "]";
      pair[i] =
          ComponentConfig.of(component, Map.of(element, parts[i]), element)
              .doubleIn(element, Double.NaN, 0, true, 1, false);
    }
    return pair;
  }

  /**
   * The positive integer under {@code key}, which has no default.
   *
   * @throws IllegalArgumentException if it is absent or not a positive integer
   */
  long positiveLong(String key) {
    require(key);
    return positiveLong(key, 1);
  }

  /** The positive integer under {@code key}, up to {@code Long.MAX_VALUE}, or the default. */
  long positiveLong(String key, long defaultValue) {
    String text = string(key);
    if (text == null) {
      return defaultValue;
    }
    long value = -1;
    if (text.matches("[1-9][0-9]{0,18}")) {
      try {
        value = Long.parseLong(text);
      } catch (NumberFormatException tooLarge) {
        value = -1;
      }
    }
    checkArgument(
        value > 0,
        "Expected a positive integer for '%s' of %s, got '%s'",
        key,
        component,
        text.length() <= 60 ? text : text.substring(0, 57) + "...");
    return value;
  }

  /** The dotted sub-keys of {@code key} ({@code key.*}) that are given, for messages; may be empty. */
  Set<String> subKeys(String key) {
    return config.keySet().stream()
        .filter(k -> k.startsWith(key + "."))
        .map(k -> path + k)
        .collect(ImmutableSet.toImmutableSet());
  }
}
