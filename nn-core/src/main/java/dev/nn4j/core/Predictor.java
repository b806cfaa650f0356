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
 */
public final class Predictor {
  private final Shape inputShape;
  private final Shape outputShape;
  private final List<Layer> layers;
  /** Each thread's pass; it refers to the serving layers, not to this predictor, so both can be collected. */
  private final ThreadLocal<Pass> passes = ThreadLocal.withInitial(Pass::forInference);

  private Predictor(Shape inputShape, Shape outputShape, List<Layer> layers) {
    this.inputShape = inputShape;
    this.outputShape = outputShape;
    this.layers = List.copyOf(layers);
  }

  static Predictor freeze(List<Layer> layers, Shape inputShape, Shape outputShape) {
    List<Layer> serving = new ArrayList<>();
    for (Layer layer : layers) {
      serving.add(layer.forServing());
    }
    return new Predictor(inputShape, outputShape, serving);
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
    Pass pass = passes.get();
    Matrix a = Matrix.wrap(1, sample.length, sample);
    for (Layer layer : layers) {
      a = layer.forward(a, pass);
    }
    return a.data().clone();
  }

  @Override
  public String toString() {
    return "Predictor(" + inputShape + " -> " + outputShape + ", " + layers.size() + " layers, one-sample kernel "
        + FrozenWeights.kernelName() + ")";
  }
}
