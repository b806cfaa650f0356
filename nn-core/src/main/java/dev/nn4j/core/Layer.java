package dev.nn4j.core;

import dev.nn4j.core.math.Matrix;
import dev.nn4j.core.math.PlaneSink;
import java.util.List;

/**
 * One stage of a {@link Network}: a function of a batch of samples, with named trainable {@link Parameter}s
 * and non-trainable {@link Buffer}s, and its backward pass by the chain rule.
 *
 * <p><b>Writing one.</b> A layer is one class and a {@link LayerProvider} that makes it from its {@link
 * #config()}; see the README's extension guide. Its {@link #type()} is the provider's name, so that a saved
 * model rebuilds it. Check it in one call: {@code GradientCheck.check(factory, inputShape).assertOk()}.
 *
 * <p><b>Shapes.</b> Each sample has the shape {@link #inputShape()} going in and {@link #outputShape()}
 * coming out; a batch of {@code n} samples is the row-major {@code [n, shape.size()]} matrix. {@link
 * #forward} takes an {@code [n, inputShape().size()]} batch and returns {@code [n, outputShape().size()]};
 * {@link #backward} takes {@code dL/d(output)} of the output's shape and returns {@code dL/d(input)}.
 *
 * <p><b>State.</b> A layer keeps no per-call state in its fields. What {@code backward} needs from {@code
 * forward} is stored in the {@link Pass} given to both; the matrices a layer returns belong to that pass
 * and stay valid until the pass is used again (a layer that is the identity at the moment, such as dropout
 * while predicting, may return its input itself). Whether the pass is training ({@link Pass#training()})
 * decides what differs between training and inference (dropout masks, batch statistics). {@code backward}
 * <em>adds</em> the gradient of this batch to each parameter's gradient, which a training step zeroes
 * first. A training {@code forward} may update the layer's buffers (running statistics). The caller must
 * not modify the matrices it passes in or gets back while the pass is in use.
 *
 * <p><b>Threads.</b> {@code forward} with distinct inference passes may run on many threads at once,
 * provided no thread updates the parameters meanwhile; training is single-threaded.
 */
public interface Layer {

  /**
   * The registered type name, such as {@code "dense"}: its {@link LayerProvider}'s name.
   *
   * @return the type name
   */
  String type();

  /**
   * The configuration that, with {@link #type()} and the input shape, rebuilds this layer through its
   * provider (everything but the parameters' and buffers' values).
   *
   * @return the configuration
   */
  LayerConfig config();

  /**
   * The shape of each input sample.
   *
   * @return the input shape
   */
  Shape inputShape();

  /**
   * The shape of each output sample.
   *
   * @return the output shape
   */
  Shape outputShape();

  /**
   * Width of each input sample: {@code inputShape().size()}.
   *
   * @return the number of values of each input sample
   */
  default int inputSize() {
    return inputShape().size();
  }

  /**
   * Width of each output sample: {@code outputShape().size()}.
   *
   * @return the number of values of each output sample
   */
  default int outputSize() {
    return outputShape().size();
  }

  /**
   * The trainable parameters, in a fixed order, each with a name unique in this layer; none by default.
   *
   * @return the parameters, live: optimizers update them in place
   */
  default List<Parameter> parameters() {
    return List.of();
  }

  /**
   * The non-trainable state (running statistics, counts), in a fixed order, with names unique in this
   * layer and distinct from the parameters'; none by default.
   *
   * @return the buffers, live
   */
  default List<Buffer> buffers() {
    return List.of();
  }

  /**
   * The fewest samples a training batch may hold: 2 for a layer that normalizes single values by the
   * batch's own statistics (batch normalization of feature vectors, which PyTorch refuses for one sample),
   * 1 by default. A {@link Trainer} checks each batch against it before the first step.
   *
   * @return the smallest training batch this layer accepts
   */
  default int minTrainingBatch() {
    return 1;
  }

  /**
   * Whether this layer's backward can take over the backward of the layer before it's activation, when that one
   * is elementwise and its derivative a function of its output ({@link Activation#derivativeFromOutput}): its
   * {@code backward} then multiplies each input's gradient by that derivative at the input's value and returns
   * {@code dL/dz} of the layer before, which skips its activation's backward (a pass over its outputs less); or it
   * hands {@code dL/dz} plane by plane ({@link Pass#giveGradientPlanes}) and leaves the gradient it returns
   * unwritten, for the layer before to read each plane where it lays it out. That
   * needs each input's gradient to come from one output that holds the input's value: max pooling with windows
   * that do not overlap. The network asks when it is built and tells the pass ({@link Pass#takenActivation});
   * false by default.
   *
   * @return whether {@code backward} honours {@link Pass#takenActivation}
   */
  default boolean takesActivationBackward() {
    return false;
  }

  /**
   * Whether this layer's forward can be done a channel plane at a time by the layer before it, each plane as soon
   * as that layer has written it, while it is in cache ({@link #planeSink}): max pooling. The network asks when it
   * is built and tells the pass ({@link Pass#planeTaker}); false by default.
   *
   * @return whether {@link #planeSink} is supported
   */
  default boolean takesOutputPlanes() {
    return false;
  }

  /**
   * Starts this layer's forward of {@code input}, the outputs that the layer before is about to write, a plane at a
   * time (a plane: the {@code H·W} values of one channel of one sample): the layer before hands each plane to the
   * returned sink once written, from several threads at once for distinct planes, and this layer's {@link #forward}
   * of {@code input} that follows in {@code pass} then returns what the sink computed. The layer before may not call
   * this at all (it hands out planes only when it can), so {@code forward} must tell whether the planes of this
   * {@code input} were fed, and otherwise do all the work itself.
   *
   * @param input the batch the layer before is writing, {@code [n, inputSize()]}
   * @param pass the pass of the forward that follows
   * @return the sink of the planes, owned by {@code pass}
   * @throws UnsupportedOperationException unless {@link #takesOutputPlanes}
   */
  default PlaneSink planeSink(Matrix input, Pass pass) {
    throw new UnsupportedOperationException(type() + " takes no output planes");
  }

  /**
   * Sets the initial values of the parameters and buffers, once, when the network is built; all randomness
   * must come from the context. Nothing to do by default.
   *
   * @param context the network's seeded random source and the initializer chosen on the builder
   */
  default void initialize(InitContext context) {}

  /**
   * Computes this layer's output for a batch.
   *
   * @param input {@code [n, inputSize()]}, not modified
   * @param pass the pass of this call, where the layer stores what {@link #backward} needs
   * @return {@code [n, outputSize()]}, owned by {@code pass}
   * @throws IllegalArgumentException if {@code input} has the wrong width
   */
  Matrix forward(Matrix input, Pass pass);

  /**
   * Propagates the gradient of the loss back through this layer, after {@link #forward} with the same
   * pass: adds {@code dL/dθ} to each parameter's gradient and returns {@code dL/d(input)}.
   *
   * @param outputGradient {@code dL/d(output)}, {@code [n, outputSize()]}, not modified
   * @param pass the pass given to the matching {@code forward}
   * @return {@code dL/d(input)}, {@code [n, inputSize()]}, owned by {@code pass}; or null if {@link
   *     Pass#needsInputGradient} is false for this layer (the first layer of a network)
   */
  Matrix backward(Matrix outputGradient, Pass pass);

  /**
   * This layer as {@link Network#predictor()} serves it: a copy that later training does not change,
   * whose {@code forward} in an inference pass gives what this layer's does.
   *
   * <p>By default, a layer without parameters or buffers serves itself, and any other is rebuilt from its
   * type and configuration through its provider and given a copy of its state. A layer may return a form
   * laid out for serving one sample at a time, as the dense layer does.
   *
   * @return the serving copy
   * @throws UnsupportedOperationException if the layer has state and no provider is registered for its
   *     type
   */
  default Layer forServing() {
    return ServingCopy.of(this);
  }
}
