package dev.nn4j.core;

/**
 * Makes an {@link Activation} available by name, found with {@link java.util.ServiceLoader}.
 *
 * <p>To register one: give the implementing class a public no-argument constructor and list its fully
 * qualified name, one per line, in a resource file called {@code
 * META-INF/services/dev.nn4j.core.ActivationProvider} of your jar. Once that jar is on the class path,
 * {@link Activation#named(String)}, the network builder and model loading all find the activation. For
 * an activation without parameters, extend {@link SimpleActivationProvider}.
 */
public interface ActivationProvider extends ComponentProvider<Activation> {}
