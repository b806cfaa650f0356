package dev.nn4j.core;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The default serving form of a layer ({@link Layer#forServing()}): the layer itself when it has no state,
 * else a new instance made by its registered provider from its type, configuration and input shape, given a
 * copy of its parameters and buffers, so that training the original does not change it; the same rebuilt for
 * another input shape, for streaming.
 */
final class ServingCopy {
  private ServingCopy() {}

  static Layer of(Layer layer) {
    if (layer.parameters().isEmpty() && layer.buffers().isEmpty()) {
      return layer;
    }
    return rebuild(layer, layer.inputShape());
  }

  /**
   * A new instance of {@code layer} made by its registered provider for samples of {@code inputShape}, given
   * a copy of its parameters and buffers (which must not depend on the input shape beyond their names and
   * sizes): how a {@link PredictionStream} gets a recurrent layer over one step from one over {@code T}.
   */
  static Layer rebuild(Layer layer, Shape inputShape) {
    LayerProvider provider;
    try {
      provider = Registry.LAYERS.provider(layer.type());
    } catch (IllegalArgumentException e) {
      throw new UnsupportedOperationException(
          "Cannot copy layer " + layer + " for serving: its type is not registered by name. Register its LayerProvider,"
              + " or override Layer.forServing(). " + e.getMessage(),
          e);
    }
    Layer copy;
    try {
      copy = provider.create(layer.config()).create(inputShape);
    } catch (RuntimeException e) {
      throw new UnsupportedOperationException(
          "Cannot copy layer " + layer + " for serving: its provider does not rebuild it from its configuration "
              + layer.config() + ": " + e.getMessage(),
          e);
    }
    Map<String, double[]> source = state(layer);
    Map<String, double[]> target = state(copy);
    if (!source.keySet().equals(target.keySet())) {
      throw new UnsupportedOperationException(
          "Cannot copy layer " + layer + " for serving: rebuilt from its configuration, it has the state " + target.keySet()
              + " instead of " + source.keySet());
    }
    source.forEach((name, values) -> {
      double[] into = target.get(name);
      if (into.length != values.length) {
        throw new UnsupportedOperationException(
            "Cannot copy layer " + layer + " for serving: rebuilt from its configuration, its '" + name + "' has "
                + into.length + " values instead of " + values.length);
      }
      System.arraycopy(values, 0, into, 0, values.length);
    });
    return copy;
  }

  /** The live arrays of a layer's parameters and buffers, by name. */
  private static Map<String, double[]> state(Layer layer) {
    Map<String, double[]> state = new LinkedHashMap<>();
    layer.parameters().forEach(p -> state.put(p.name(), p.value().data()));
    layer.buffers().forEach(b -> state.put(b.name(), b.value().data()));
    return state;
  }
}
