package dev.nn4j.optim;

import dev.nn4j.core.Parameter;

/** What the optimizer tests share: a one-row parameter with given values, and a step with a given gradient. */
final class OptimizerTesting {
  private OptimizerTesting() {}

  /** A {@code [1, n]} parameter holding {@code values}. */
  static Parameter parameter(double... values) {
    Parameter p = new Parameter("weight", 1, values.length);
    System.arraycopy(values, 0, p.value().data(), 0, values.length);
    return p;
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
