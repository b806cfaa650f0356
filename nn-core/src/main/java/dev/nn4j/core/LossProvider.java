package dev.nn4j.core;

/**
 * Makes a {@link Loss} available by name, found with {@link java.util.ServiceLoader}: list the implementing
 * class in {@code META-INF/services/dev.nn4j.core.LossProvider} of your jar, as for {@link
 * ActivationProvider}.
 */
public interface LossProvider extends ComponentProvider<Loss> {}
