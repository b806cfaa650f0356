package dev.nn4j.optim;

import com.google.common.collect.ImmutableMap;
import dev.nn4j.core.ComponentConfig;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds the configuration of an optimizer ({@link dev.nn4j.core.Optimizer#config()}): numbers as
 * {@link ComponentConfig#format(double)} writes them, so that they read back exactly, and a
 * component's parameters (a schedule's) under dotted keys ({@code schedule.t_max}).
 */
final class ConfigWriter {
  private final Map<String, String> config;
  private final String prefix;

  /** An empty configuration. */
  ConfigWriter() {
    this(new LinkedHashMap<>(), "");
  }

  private ConfigWriter(Map<String, String> config, String prefix) {
    this.config = config;
    this.prefix = prefix;
  }

  /** Writes {@code value} under {@code key}. */
  ConfigWriter put(String key, String value) {
    config.put(prefix + key, value);
    return this;
  }

  /** Writes {@code value}, which reads back to the same {@code double}, under {@code key}. */
  ConfigWriter put(String key, double value) {
    return put(key, ComponentConfig.format(value));
  }

  /** Writes the integer {@code value} under {@code key}. */
  ConfigWriter put(String key, long value) {
    return put(key, Long.toString(value));
  }

  /** Writes {@code "true"} or {@code "false"} under {@code key}. */
  ConfigWriter put(String key, boolean value) {
    return put(key, Boolean.toString(value));
  }

  /** A writer into the same configuration whose keys go under {@code key}: {@code key.*}. */
  ConfigWriter nested(String key) {
    return new ConfigWriter(config, prefix + key + ".");
  }

  /** The configuration written so far, in the order written. */
  Map<String, String> build() {
    return ImmutableMap.copyOf(config);
  }
}
