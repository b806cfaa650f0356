package dev.nn4j.optim;

import dev.nn4j.core.Parameter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the optimizer tests share: a one-row parameter with given values, parameters named as a
 * network names them, and a step with a given gradient.
 */
final class OptimizerTesting {
  /** The name {@link #named} gives the first parameter, a {@code "weight"}. */
  static final String FIRST = "layers.0.weight";

  private OptimizerTesting() {}

  /** A {@code [1, n]} parameter called {@code weight} holding {@code values}. */
  static Parameter parameter(double... values) {
    Parameter p = new Parameter("weight", 1, values.length);
    System.arraycopy(values, 0, p.value().data(), 0, values.length);
    return p;
  }

  /** {@code parameters} by state-dict name, in order: parameter {@code i} is {@code layers.<i>.<its name>}. */
  static Map<String, Parameter> named(Parameter... parameters) {
    Map<String, Parameter> byName = new LinkedHashMap<>();
    for (int i = 0; i < parameters.length; i++) {
      byName.put("layers." + i + "." + parameters[i].name(), parameters[i]);
    }
    return byName;
  }

  /** Sets {@code p}'s gradient to {@code gradient}. */
  static void setGradient(Parameter p, double... gradient) {
    System.arraycopy(gradient, 0, p.gradient().data(), 0, gradient.length);
  }

  /** Sets {@code p}'s gradient to {@code gradient}, then takes one step of {@code updater}. */
  static void step(StatefulUpdater updater, Parameter p, double... gradient) {
    setGradient(p, gradient);
    updater.step();
  }
}
