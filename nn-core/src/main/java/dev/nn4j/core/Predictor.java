package dev.nn4j.core;

import dev.nn4j.core.layers.Dense;
import dev.nn4j.core.layers.Dropout;
import dev.nn4j.core.math.FrozenWeights;
import dev.nn4j.core.math.Kernels;
import dev.nn4j.core.math.Matrix;
import java.util.ArrayList;
import java.util.List;

/**
 * A frozen copy of a trained network that serves predictions one sample at a time, made by {@link
 * Network#predictor()}: what an application keeps to answer requests.
 *
 * <p>Each dense layer's weights are copied into {@link FrozenWeights}, laid out for the product of one
 * sample; its bias is copied too. Dropout layers, which pass their input through at prediction time, are
 * left out. Other layers without parameters are not copied but shared with the network: a layer of your
 * own that changes its behaviour through state other than parameters changes the predictor's too. Every
 * output is computed in the same order as {@link Network#predict(double[])} with the {@code java} backend,
 * so the two agree bit for bit, with or without the Vector API.
 *
 * <p>Thread-safe: share one instance between threads. Each thread that calls {@link #predict} keeps small
 * buffers of its own (two rows per dense layer), reused from call to call and released with the thread or
 * some time after the predictor is no longer used.
 */
public final class Predictor {
  private final int inputSize;
  private final int outputSize;
  private final List<Stage> stages;
  /**
   * Each thread's pre-activations and outputs of the dense stages, reused from call to call: fresh buffers
   * would stream new memory through the cache that holds the weights. They reference no predictor, so a
   * predictor that is no longer used is collected with them.
   */
  private final ThreadLocal<Matrix[]> buffers;

  private Predictor(int inputSize, int outputSize, List<Stage> stages) {
    this.inputSize = inputSize;
    this.outputSize = outputSize;
    this.stages = List.copyOf(stages);
    int[] widths = stages.stream().mapToInt(s -> s instanceof DenseStage d ? d.weights().outputs() : 0).toArray();
    this.buffers = ThreadLocal.withInitial(() -> newBuffers(widths));
  }

  private static Matrix[] newBuffers(int[] widths) {
    Matrix[] buffers = new Matrix[2 * widths.length];
    for (int i = 0; i < widths.length; i++) {
      if (widths[i] > 0) {
        buffers[2 * i] = new Matrix(1, widths[i]);
        buffers[2 * i + 1] = new Matrix(1, widths[i]);
      }
    }
    return buffers;
  }

  static Predictor freeze(List<Layer> layers, int inputSize, int outputSize) {
    List<Stage> stages = new ArrayList<>();
    for (int i = 0; i < layers.size(); i++) {
      Layer layer = layers.get(i);
      if (layer instanceof Dense dense) {
        stages.add(new DenseStage(FrozenWeights.of(dense.weights().value()), dense.bias().value().copy(), dense.activation()));
      } else if (layer instanceof Dropout) {
        continue;
      } else if (layer.parameters().isEmpty()) {
        stages.add(new StatelessStage(layer));
      } else {
        throw new UnsupportedOperationException(
            "Layer " + i + " ('" + layer.type() + "') has parameters, and a predictor can freeze only those of dense"
                + " layers; predict with Network.predict(double[]) instead");
      }
    }
    return new Predictor(inputSize, outputSize, stages);
  }

  /**
   * The number of values of each input sample.
   *
   * @return the number of values of each input sample
   */
  public int inputSize() {
    return inputSize;
  }

  /**
   * The number of values of each output.
   *
   * @return the number of values of each output
   */
  public int outputSize() {
    return outputSize;
  }

  /**
   * The frozen network's output for one sample.
   *
   * @param sample one input sample of {@link #inputSize()} values
   * @return the output, {@link #outputSize()} values, in a new array
   * @throws IllegalArgumentException if {@code sample} does not have {@link #inputSize()} finite values
   */
  public double[] predict(double[] sample) {
    Network.checkSample(sample, inputSize);
    Matrix[] own = buffers.get();
    Matrix a = Matrix.wrap(1, inputSize, sample);
    Pass pass = null;
    for (int i = 0; i < stages.size(); i++) {
      if (stages.get(i) instanceof DenseStage dense) {
        dense.forward(a, own[2 * i], own[2 * i + 1]);
        a = own[2 * i + 1];
      } else {
        pass = pass == null ? Pass.forInference() : pass;
        a = ((StatelessStage) stages.get(i)).layer.forward(a, pass);
      }
    }
    return a.data().clone();
  }

  @Override
  public String toString() {
    return "Predictor(" + inputSize + " -> " + outputSize + ", " + stages.size() + " layers, one-sample kernel "
        + FrozenWeights.kernelName() + ")";
  }

  private sealed interface Stage permits DenseStage, StatelessStage {}

  /** A dense layer, frozen: {@code a = f(x · Wᵀ + b)}, as {@link Dense#forward} computes it. */
  private record DenseStage(FrozenWeights weights, Matrix bias, Activation activation) implements Stage {
    void forward(Matrix x, Matrix z, Matrix a) {
      weights.multiply(x.data(), z.data());
      Kernels.addRowVector(z, bias);
      activation.forward(z, a);
    }
  }

  /** A layer without parameters, used as it is. */
  private record StatelessStage(Layer layer) implements Stage {}
}
