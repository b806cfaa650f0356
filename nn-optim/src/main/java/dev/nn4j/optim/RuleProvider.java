package dev.nn4j.optim;

import com.google.common.collect.ImmutableList;
import dev.nn4j.core.Optimizer;
import dev.nn4j.core.OptimizerProvider;
import java.util.Map;

/**
 * Registers one update rule of this package by name, for {@link Optimizer#named} and so for
 * checkpoints: reads the shared {@link Settings} ({@code lr}, {@code weight_decay}, {@code
 * clip_norm}, {@code schedule}) and lets the rule read its own hyper-parameters, each under
 * PyTorch's name. Reads what {@link BaseOptimizer#config()} writes, and accepts any subset of it (an
 * absent key takes PyTorch's default).
 */
abstract class RuleProvider implements OptimizerProvider {
  private final String name;
  private final double defaultLearningRate;
  private final double defaultWeightDecay;
  private final ImmutableList<String> keys;

  /**
   * @param name the registered name
   * @param defaultLearningRate PyTorch's default learning rate; NaN if the configuration must give
   *     one
   * @param defaultWeightDecay PyTorch's default weight decay
   * @param ruleKeys the rule's own keys
   */
  RuleProvider(String name, double defaultLearningRate, double defaultWeightDecay, String... ruleKeys) {
    this.name = name;
    this.defaultLearningRate = defaultLearningRate;
    this.defaultWeightDecay = defaultWeightDecay;
    this.keys = ImmutableList.<String>builder().add(ruleKeys).addAll(Settings.KEYS).build();
  }

  @Override
  public final String name() {
    return name;
  }

  /**
   * Builds the optimizer from its configuration, as its {@link Optimizer#config()} gives it; an
   * absent key takes PyTorch's default.
   *
   * @param config the hyper-parameters by PyTorch's names, and nn4j's {@code clip_norm} and {@code
   *     schedule}
   * @return the optimizer
   * @throws IllegalArgumentException for an unknown key or a bad value (the message names the key,
   *     what was expected and what was given), or a schedule that cannot be rebuilt by name
   */
  @Override
  public final Optimizer create(Map<String, String> config) {
    ConfigReader reader = ConfigReader.of("optimizer '" + name + "'", config, keys, Settings.NESTED);
    return create(reader, Settings.read(reader, defaultLearningRate, defaultWeightDecay));
  }

  /** The rule's optimizer with {@code settings} and its own hyper-parameters read from {@code config}. */
  abstract Optimizer create(ConfigReader config, Settings settings);
}
