package dev.nn4j.core;

import dev.nn4j.core.math.Matrix;

/**
 * A layer whose output is an activation applied to pre-activations it computes, {@code a = f(z)}: such a
 * layer, last in a network, is checked against the loss and fuses with it when the loss can (softmax with
 * categorical cross-entropy, sigmoid with binary cross-entropy; see {@link Loss#fusesWith}). In a fused
 * pass ({@link Pass#isFusedOutput}) its {@code backward} receives {@code dL/dz} and must skip the
 * activation's backward; likewise where the layer after it takes that backward over ({@link
 * #givesActivationBackward}, {@link Pass#activationGiven}).
 */
public interface ActivatedLayer extends Layer {

  /**
   * The activation {@code f}.
   *
   * @return the activation
   */
  Activation activation();

  /**
   * The pre-activations {@code z} that the last {@link #forward} with {@code pass} computed: kept at least when this
   * layer is the output fused with the loss ({@link Pass#isFusedOutput}); a layer may keep none otherwise.
   *
   * @param pass the pass given to {@code forward}
   * @return {@code z}, of the output's shape, owned by {@code pass}
   * @throws IllegalStateException if the pass kept no pre-activations of this layer
   */
  Matrix preActivation(Pass pass);

  /**
   * Whether this layer lets the layer after it take its activation's backward ({@link
   * Layer#takesActivationBackward}): its {@code backward} then checks {@link Pass#activationGiven} as it checks
   * {@link Pass#isFusedOutput}, and when it is true skips the activation's backward and takes {@code dL/dz} from
   * {@link Pass#gradientPlanes}, once: a plane is the {@code H·W} values of one channel of one sample, written by
   * {@link dev.nn4j.core.math.PlaneSource#plane} where the layer wants it. Only if that returns null does the
   * gradient it received hold {@code dL/dz}; when planes were handed, that gradient is unwritten, and the network
   * fails the step if the planes are left unread. False by default, so that a layer written before this existed is
   * never given {@code dL/dz} unawares.
   *
   * @return whether {@code backward} honours {@link Pass#activationGiven}
   */
  default boolean givesActivationBackward() {
    return false;
  }
}
