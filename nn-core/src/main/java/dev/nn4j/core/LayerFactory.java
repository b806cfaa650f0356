package dev.nn4j.core;

/**
 * Makes a layer once the shape of its input is known: the network builder calls it with the output shape
 * of the layer before, so that no size is given twice. A {@link LayerProvider} returns one for a
 * configuration; a layer of your own can be added with a lambda, {@code builder.layer(input -> new
 * MyLayer(input, 8))}.
 */
@FunctionalInterface
public interface LayerFactory {

  /**
   * Makes the layer for samples of {@code inputShape}; the network then initializes it through {@link
   * Layer#initialize}, or, loading a model file, fills its parameters and buffers from the file. A layer
   * allocates nothing in proportion to its sizes until then ({@link Parameter} and {@link Buffer} make
   * their matrices when first used), so that a model file's sizes are checked against its tensors before
   * memory is spent on them.
   *
   * @param inputShape the shape of one input sample
   * @return the layer, whose {@link Layer#inputShape()} is {@code inputShape}
   * @throws IllegalArgumentException if the layer cannot take samples of that shape; the message names both
   *     shapes
   */
  Layer create(Shape inputShape);

  /**
   * The factory of the layer registered under {@code type} (or an alias), for {@code config}.
   *
   * @param type the registered type name, such as {@code "batch_norm"}
   * @param config its configuration
   * @return the factory
   * @throws IllegalArgumentException if no layer of that type is registered (the message lists the known
   *     types), or its provider rejects the configuration
   */
  static LayerFactory named(String type, LayerConfig config) {
    return Registry.LAYERS.provider(type).create(config);
  }
}
