package dev.nn4j.activations.testplugin;

import dev.nn4j.core.SimpleActivationProvider;

/**
 * Registers {@link Cube} as {@code "test_cube"} (alias {@code "test_cubic"}), listed in the test tree's
 * {@code META-INF/services/dev.nn4j.core.ActivationProvider}.
 */
public final class CubeProvider extends SimpleActivationProvider {

  /** Called by {@link java.util.ServiceLoader}. */
  public CubeProvider() {
    super("test_cube", Cube::new, "test_cubic");
  }
}
