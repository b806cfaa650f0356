package dev.nn4j.activations;

import dev.nn4j.core.Activation;
import dev.nn4j.core.ActivationProvider;
import dev.nn4j.core.ComponentConfig;
import dev.nn4j.core.ElementwiseActivation;
import java.util.Map;
import java.util.function.DoubleFunction;

/**
 * An elementwise activation with one numeric parameter (a leaky ReLU's slope, an ELU's {@code α}): keeps it,
 * writes it to its configuration so that name and configuration rebuild an equal activation, and reads it
 * back in its provider.
 */
abstract class OneParameterActivation extends ElementwiseActivation {
  private final double parameter;
  private final Map<String, String> config;

  OneParameterActivation(String name, String key, double parameter) {
    super(name);
    this.parameter = ComponentConfig.requireFinite("activation '" + name + "'", key, parameter);
    this.config = Map.of(key, ComponentConfig.format(this.parameter));
  }

  /** The parameter, with {@code -0.0} made {@code 0.0}. */
  final double parameter() {
    return parameter;
  }

  /** {@code {"<key>": "<parameter>"}}. */
  @Override
  public final Map<String, String> config() {
    return config;
  }

  /** Registers a one-parameter activation under its name, with the parameter's key and default. */
  abstract static class Provider implements ActivationProvider {
    private final String name;
    private final String key;
    private final double defaultValue;
    private final DoubleFunction<Activation> factory;

    Provider(String name, String key, double defaultValue, DoubleFunction<Activation> factory) {
      this.name = name;
      this.key = key;
      this.defaultValue = defaultValue;
      this.factory = factory;
    }

    @Override
    public final String name() {
      return name;
    }

    /**
     * Builds the activation from its configuration.
     *
     * @param config at most the parameter's key, mapped to a finite number
     * @return the activation
     * @throws IllegalArgumentException for another key or a value that is not a finite number
     */
    @Override
    public final Activation create(Map<String, String> config) {
      return factory.apply(ComponentConfig.of("activation '" + name + "'", config, key).finiteDouble(key, defaultValue));
    }
  }
}
