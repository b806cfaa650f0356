package dev.nn4j.core.losses;

import java.util.Set;

/** What the losses know about activations by name, to reject pairings that cannot work. */
final class Compatibility {
  private Compatibility() {}

  /** Activations of nn4j whose outputs are not confined to (0, 1), so cannot be probabilities. */
  static final Set<String> UNBOUNDED =
      Set.of("relu", "leaky_relu", "elu", "gelu", "softplus", "silu", "identity", "tanh");
}
