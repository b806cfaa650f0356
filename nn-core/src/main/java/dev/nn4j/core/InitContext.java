package dev.nn4j.core;

import static com.google.common.base.Preconditions.checkNotNull;

import dev.nn4j.core.init.Initializer;
import java.util.Random;

/**
 * What a network gives each layer to set its initial values ({@link Layer#initialize}): the random source
 * derived from the network's seed, and the initializer chosen on the builder for this layer or for the
 * whole network, if any. Layers are initialized in order from one source, so the same seed gives the same
 * network.
 */
public final class InitContext {
  private final Random random;
  private final Initializer chosen;
  private final String layer;

  /**
   * @param random the only source of randomness, derived from the network's seed
   * @param chosen the initializer chosen on the builder for this layer, else for the network; null if none
   * @param layer names the layer in messages, such as {@code "layer 0 (dense)"}
   */
  InitContext(Random random, Initializer chosen, String layer) {
    this.random = checkNotNull(random, "random");
    this.chosen = chosen;
    this.layer = checkNotNull(layer, "layer");
  }

  /**
   * The seeded random source: all randomness of initialization must come from it.
   *
   * @return the random source
   */
  public Random random() {
    return random;
  }

  /**
   * The initializer to use for weight matrices: the one chosen on the builder, else {@code kindDefault},
   * the layer kind's sensible default (Xavier/Glorot uniform for dense layers).
   *
   * @param kindDefault the default of the layer's kind
   * @return the initializer
   */
  public Initializer initializer(Initializer kindDefault) {
    return chosen != null ? chosen : checkNotNull(kindDefault, "kindDefault");
  }

  /**
   * Names the layer being initialized, for messages.
   *
   * @return such as {@code "layer 0 (dense)"}
   */
  public String layer() {
    return layer;
  }

  @Override
  public String toString() {
    return "InitContext(" + layer + (chosen == null ? "" : ", initializer " + chosen) + ")";
  }
}
