package dev.nn4j.core;

import dev.nn4j.core.math.Matrix;

/**
 * A layer whose output is an activation applied to pre-activations it computes, {@code a = f(z)}: such a
 * layer, last in a network, is checked against the loss and fuses with it when the loss can (softmax with
 * categorical cross-entropy, sigmoid with binary cross-entropy; see {@link Loss#fusesWith}). In a fused
 * pass ({@link Pass#isFusedOutput}) its {@code backward} receives {@code dL/dz} and must skip the
 * activation's backward.
 */
public interface ActivatedLayer extends Layer {

  /**
   * The activation {@code f}.
   *
   * @return the activation
   */
  Activation activation();

  /**
   * The pre-activations {@code z} that the last {@link #forward} with {@code pass} computed.
   *
   * @param pass the pass given to {@code forward}
   * @return {@code z}, of the output's shape, owned by {@code pass}
   */
  Matrix preActivation(Pass pass);
}
