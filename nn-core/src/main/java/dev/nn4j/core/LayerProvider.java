package dev.nn4j.core;

/**
 * Makes a {@link Layer} type available by name, to {@link NetworkBuilder#layer(String, LayerConfig)} and to
 * model loading, found with {@link java.util.ServiceLoader}.
 *
 * <p>To register one: give the implementing class a public no-argument constructor and list its fully
 * qualified name in a resource file called {@code META-INF/services/dev.nn4j.core.LayerProvider} of your
 * jar. The provider's {@link #name()} must be the layer's {@link Layer#type()}, and {@link #create} must
 * accept the layer's own {@link Layer#config()}: that is how a saved layer is rebuilt.
 */
public interface LayerProvider extends NamedProvider {

  /**
   * Checks {@code config} and returns the factory that makes the layer once its input shape is known.
   *
   * @param config the configuration; empty for the defaults
   * @return the factory
   * @throws IllegalArgumentException if the configuration has an unknown key or a bad value, naming it
   */
  LayerFactory create(LayerConfig config);
}
