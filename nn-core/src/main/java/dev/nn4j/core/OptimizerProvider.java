package dev.nn4j.core;

/**
 * Makes an {@link Optimizer} available by name, found with {@link java.util.ServiceLoader}: list the
 * implementing class in {@code META-INF/services/dev.nn4j.core.OptimizerProvider} of your jar, as for {@link
 * ActivationProvider}. {@link #create} must accept the optimizer's own {@link Optimizer#config()}.
 */
public interface OptimizerProvider extends ComponentProvider<Optimizer> {}
