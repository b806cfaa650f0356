package dev.nn4j.spark;

import dev.nn4j.core.Network;
import dev.nn4j.core.Parameter;
import dev.nn4j.core.StateDict;
import dev.nn4j.core.Tensor;
import dev.nn4j.core.math.Matrix;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * A network's parameters as one flat array, in the order of {@link Network#parameters()}: the form in which
 * weights go to the executors and gradients come back.
 */
final class FlatParameters {
  private FlatParameters() {}

  /** The number of values of all parameters. */
  static int size(Network network) {
    int size = 0;
    for (Parameter p : network.parameters().values()) {
      size += p.size();
    }
    return size;
  }

  /** The parameters' values, flat. */
  static double[] values(Network network) {
    return flatten(network, Parameter::value);
  }

  /** The parameters' gradients, flat. */
  static double[] gradients(Network network) {
    return flatten(network, Parameter::gradient);
  }

  private static double[] flatten(Network network, Function<Parameter, Matrix> part) {
    double[] flat = new double[size(network)];
    int at = 0;
    for (Parameter p : network.parameters().values()) {
      System.arraycopy(part.apply(p).data(), 0, flat, at, p.size());
      at += p.size();
    }
    return flat;
  }

  /** Adds {@code flat} to the parameters' gradients. */
  static void addToGradients(Network network, double[] flat) {
    int at = 0;
    for (Parameter p : network.parameters().values()) {
      double[] g = p.gradient().data();
      for (int i = 0; i < g.length; i++) {
        g[i] += flat[at + i];
      }
      at += p.size();
    }
  }

  /** The state dict of a network whose parameters are {@code flat} (it has no buffers: see the trainer). */
  static StateDict stateDict(Network network, double[] flat) {
    Map<String, Tensor> tensors = new LinkedHashMap<>();
    int at = 0;
    for (Map.Entry<String, Parameter> e : network.parameters().entrySet()) {
      Parameter p = e.getValue();
      tensors.put(e.getKey(), Tensor.of(p.shape(), Arrays.copyOfRange(flat, at, at + p.size())));
      at += p.size();
    }
    return StateDict.of(tensors);
  }
}
