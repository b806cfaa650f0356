package dev.nn4j.core;

import dev.nn4j.core.math.Matrix;
import java.util.List;

/**
 * One stage of a sequential {@link Network}: a function of a batch of samples, with trainable
 * {@link Parameter}s, and its backward pass by the chain rule.
 *
 * <p><b>Shapes.</b> {@link #forward} takes an {@code [n, inputSize()]} batch (rows are samples) and
 * returns an {@code [n, outputSize()]} batch. {@link #backward} takes {@code dL/d(output)} of shape {@code
 * [n, outputSize()]} and returns {@code dL/d(input)} of shape {@code [n, inputSize()]}.
 *
 * <p><b>State.</b> A layer keeps no per-call state in its fields. What {@code backward} needs from {@code
 * forward} is stored in the {@link Pass} given to both; the matrices a layer returns belong to that pass
 * and stay valid until the pass is used again (a layer that is the identity at the moment, such as dropout
 * while predicting, may return its input itself). {@code backward} overwrites (does not add to) the gradient
 * of each of its parameters with the gradient for this batch. The caller must not modify the matrices it
 * passes in or gets back while the pass is in use.
 *
 * <p><b>Threads.</b> {@code forward} with distinct passes may run on many threads at once, provided no
 * thread updates the parameters meanwhile; {@code backward} writes parameter gradients, so training is
 * single-threaded.
 */
public interface Layer {

  /**
   * A short lower-case type name for summaries and model files, such as {@code "dense"}.
   *
   * @return the type name
   */
  String type();

  /**
   * Width of each input sample.
   *
   * @return the number of inputs of each sample
   */
  int inputSize();

  /**
   * Width of each output sample.
   *
   * @return the number of outputs of each sample
   */
  int outputSize();

  /**
   * The trainable parameters, in a fixed order; an empty list for a layer without any.
   *
   * @return the parameters, live: optimizers update them in place
   */
  List<Parameter> parameters();

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
   * pass: writes {@code dL/dθ} into each parameter's gradient and returns {@code dL/d(input)}.
   *
   * @param outputGradient {@code dL/d(output)}, {@code [n, outputSize()]}, not modified
   * @param pass the pass given to the matching {@code forward}
   * @return {@code dL/d(input)}, {@code [n, inputSize()]}, owned by {@code pass}; or null if {@link
   *     Pass#needsInputGradient} is false for this layer (the first layer of a network)
   */
  Matrix backward(Matrix outputGradient, Pass pass);
}
