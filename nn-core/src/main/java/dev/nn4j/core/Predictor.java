package dev.nn4j.core;

import dev.nn4j.core.math.FrozenWeights;
import dev.nn4j.core.math.Matrix;
import java.util.ArrayList;
import java.util.List;

/**
 * A frozen copy of a trained network that serves predictions one sample at a time, made by {@link
 * Network#predictor()}: what an application keeps to answer requests.
 *
 * <p>Each layer is replaced by its serving form ({@link Layer#forServing()}): a dense layer's weights are
 * copied into {@link FrozenWeights}, laid out for the product of one sample; a layer with other state is
 * rebuilt and given a copy of it; a layer without state is shared with the network (a layer of your own
 * that changes its behaviour through state other than parameters and buffers changes the predictor's too).
 * Every output is computed in the same order as {@link Network#predict(double[])} with the {@code java}
 * backend, so the two agree bit for bit, with or without the Vector API.
 *
 * <p>Thread-safe: share one instance between threads. Each thread that calls {@link #predict} keeps an
 * inference pass of its own, whose buffers are reused from call to call (fresh buffers would stream new
 * memory through the cache that holds the weights) and released with the thread or some time after the
 * predictor is no longer used.
 *
 * <p>Recurrent networks are served too: a whole sequence with {@link #predict(double[])}, a sequence
 * shorter than the network's {@code T} with {@link #predict(double[], int)}, and a sequence a step at a time,
 * carrying the state between calls, with a {@link #stream()} per caller.
 */
public final class Predictor {
  private final Shape inputShape;
  private final Shape outputShape;
  private final List<Layer> layers;
  private final StreamPlan streamPlan;
  /** Each thread's pass; it refers to the serving layers, not to this predictor, so both can be collected. */
  private final ThreadLocal<Pass> passes = ThreadLocal.withInitial(Pass::forInference);

  private Predictor(Shape inputShape, Shape outputShape, List<Layer> layers, StreamPlan streamPlan) {
    this.inputShape = inputShape;
    this.outputShape = outputShape;
    this.layers = List.copyOf(layers);
    this.streamPlan = streamPlan;
  }

  static Predictor freeze(List<Layer> layers, Shape inputShape, Shape outputShape) {
    List<Layer> serving = new ArrayList<>();
    for (Layer layer : layers) {
      serving.add(layer.forServing());
    }
    return new Predictor(inputShape, outputShape, serving, StreamPlan.of(layers, serving, inputShape));
  }

  /**
   * The number of values of each input sample.
   *
   * @return the number of values of each input sample
   */
  public int inputSize() {
    return inputShape.size();
  }

  /**
   * The number of values of each output.
   *
   * @return the number of values of each output
   */
  public int outputSize() {
    return outputShape.size();
  }

  /**
   * The frozen network's output for one sample.
   *
   * @param sample one input sample of {@link #inputSize()} values
   * @return the output, {@link #outputSize()} values, in a new array
   * @throws IllegalArgumentException if {@code sample} does not have {@link #inputSize()} finite values
   */
  public double[] predict(double[] sample) {
    Batches.checkSample(sample, inputShape.size());
    return forward(sample, passes.get());
  }

  private double[] forward(double[] sample, Pass pass) {
    Matrix a = Matrix.wrap(1, sample.length, sample);
    for (Layer layer : layers) {
      a = layer.forward(a, pass);
    }
    return a.data().clone();
  }

  /**
   * The frozen network's output for one sequence of which only the first {@code length} steps are real, the
   * rest padding (see {@link Pass#setLengths}): a recurrent layer stops at the last real step (its last
   * output is that step's, its output for padded steps zeros), so the output of a network whose recurrent
   * layer returns its last output is that of the sequence of {@code length} steps alone, bit for bit. For a
   * network that outputs every step, only the first {@code length} steps' outputs mean anything.
   *
   * @param sample one input sample of {@link #inputSize()} values, a sequence of {@code T} steps
   * @param length the real steps, in {@code [1, T]}
   * @return the output, {@link #outputSize()} values, in a new array
   * @throws IllegalArgumentException if {@code sample} does not have {@link #inputSize()} finite values or
   *     {@code length} is outside {@code [1, T]}
   */
  public double[] predict(double[] sample, int length) {
    Batches.checkSample(sample, inputShape.size());
    int steps = inputShape.rank() == 0 ? 1 : inputShape.dim(0);
    if (length < 1 || length > steps) {
      throw new IllegalArgumentException(
          "Expected a length between 1 and the network's " + steps + " steps (input " + inputShape + "), got " + length);
    }
    Pass pass = passes.get();
    pass.setLengths(new int[] {length});
    try {
      return forward(sample, pass);
    } finally {
      pass.setLengths(null);
    }
  }

  /**
   * A new stream, to feed one sequence a step (or a few steps) at a time and carry the state between calls,
   * with the outputs of {@link #predict(double[])} on the whole sequence, bit for bit: see {@link
   * PredictionStream} for what it returns and what networks can stream. Cheap: the layers rebuilt for one
   * step are made once, with the predictor, and shared by all its streams.
   *
   * @return a stream at step 0, with zero states, for one caller
   * @throws UnsupportedOperationException if this network cannot stream (no recurrent layer, a
   *     bidirectional one, or a layer that does not act on each step before the last recurrent output); the
   *     message says which and why
   */
  public PredictionStream stream() {
    return new PredictionStream(streamPlan);
  }

  @Override
  public String toString() {
    return "Predictor(" + inputShape + " -> " + outputShape + ", " + layers.size() + " layers, one-sample kernel "
        + FrozenWeights.kernelName() + ")";
  }
}
