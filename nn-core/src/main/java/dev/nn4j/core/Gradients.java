package dev.nn4j.core;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableMap;
import dev.nn4j.core.math.Matrix;
import java.util.Map;
import java.util.Set;

/**
 * The partial derivatives of a network's loss with respect to every weight and bias, at one point: a
 * snapshot, unaffected by later training. Parameters are named {@code layers.<i>.weight} (shape {@code
 * [outputs, inputs]}) and {@code layers.<i>.bias} (shape {@code [1, outputs]}), layers counted from 0.
 */
public final class Gradients {
  private final ImmutableMap<String, Matrix> byName;

  Gradients(Map<String, Matrix> byName) {
    this.byName = ImmutableMap.copyOf(byName);
  }

  /**
   * The parameter names, in network order.
   *
   * @return the names, such as {@code layers.0.weight}
   */
  public Set<String> names() {
    return byName.keySet();
  }

  /**
   * {@code dL/dw} for the weight from input {@code input} into neuron {@code neuron} of layer {@code
   * layer}. The tutorial's {@code w1} is {@code weight(0, 0, 0)}, {@code w2} is {@code weight(0, 0, 1)},
   * {@code w5} is {@code weight(1, 0, 0)}.
   *
   * @param layer the layer, from 0
   * @param neuron the neuron of that layer (the row of its weight matrix), from 0
   * @param input the input of that neuron (the column), from 0
   * @return {@code dL/dw}
   */
  public double weight(int layer, int neuron, int input) {
    return get("layers." + layer + ".weight").get(neuron, input);
  }

  /**
   * {@code dL/db} for the bias of neuron {@code neuron} of layer {@code layer}.
   *
   * @param layer the layer, from 0
   * @param neuron the neuron of that layer, from 0
   * @return {@code dL/db}
   */
  public double bias(int layer, int neuron) {
    return get("layers." + layer + ".bias").get(0, neuron);
  }

  /**
   * The gradient of the named parameter (a copy).
   *
   * @param name the parameter's name, such as {@code layers.0.weight}
   * @return a copy of its gradient, the parameter's shape
   * @throws IllegalArgumentException if there is no such parameter; the message lists the names
   */
  public Matrix get(String name) {
    Matrix m = byName.get(name);
    checkArgument(m != null, "No parameter named '%s'; the parameters are %s", name, byName.keySet());
    return m.copy();
  }

  @Override
  public String toString() {
    return "Gradients" + byName;
  }
}
