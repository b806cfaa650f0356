package org.example.mish;

import dev.nn4j.core.SimpleActivationProvider;

/**
 * Registers {@link Mish} under the name {@code "mish"}, so that {@code .dense(n, "mish")} and model files that
 * use it find it; listed in {@code META-INF/services/dev.nn4j.core.ActivationProvider}.
 */
public final class MishProvider extends SimpleActivationProvider {
  /** Called by {@link java.util.ServiceLoader}. */
  public MishProvider() {
    super(Mish.NAME, Mish::new);
  }
}
