package dev.nn4j.core;

import dev.nn4j.core.math.Kernels;
import dev.nn4j.core.math.Matrix;
import java.util.Map;
import java.util.Objects;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;

/**
 * An activation applied to each element on its own, {@code a = f(z)}: its author writes {@link
 * #value(double)} and {@link #derivative(double, double)}, nothing else.
 *
 * <pre>{@code
 * public final class Sigmoid extends ElementwiseActivation {
 *   public Sigmoid() { super("sigmoid"); }
 *   public double value(double x) { return 1 / (1 + Math.exp(-x)); }
 *   public double derivative(double x, double y) { return y * (1 - y); }
 * }
 * }</pre>
 *
 * <p>Check a new one with {@link dev.nn4j.core.check.GradientCheck#check(Activation)}.
 */
public abstract class ElementwiseActivation implements Activation {
  private final String name;
  private final DoubleUnaryOperator function = this::value;
  private final DoubleBinaryOperator derivative = this::derivative;

  /** @param name the registered name, see {@link Activation#name()} */
  protected ElementwiseActivation(String name) {
    this.name = Objects.requireNonNull(name, "name");
  }

  /**
   * {@code f(x)}.
   *
   * @param x the pre-activation {@code z} of one element
   * @return {@code f(x)}
   */
  public abstract double value(double x);

  /**
   * {@code f'(x)}, given also {@code y = f(x)}, since many derivatives are cheapest in terms of the output
   * (the sigmoid's is {@code y * (1 - y)}).
   *
   * @param x the pre-activation {@code z} of one element
   * @param y {@code f(x)}, as {@link #value(double)} computed it
   * @return {@code f'(x)}
   */
  public abstract double derivative(double x, double y);

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final void forward(Matrix z, Matrix out) {
    Kernels.map(z, function, out);
  }

  /**
   * The affine map of a dense layer and this function in one pass over the output: {@code z = x · wᵀ +
   * b}, {@code out = f(z)}; see {@link Kernels#affineThenMap}.
   *
   * @param x the layer's input, {@code [n, inputs]}
   * @param weights the layer's weights, {@code [outputs, inputs]}
   * @param bias the layer's bias, {@code [1, outputs]}
   * @param z receives the pre-activations, {@code [n, outputs]}
   * @param out receives {@code f(z)}, {@code [n, outputs]}
   */
  public final void forwardAffine(Matrix x, Matrix weights, Matrix bias, Matrix z, Matrix out) {
    Kernels.affineThenMap(x, weights, bias, z, function, out);
  }

  @Override
  public final void backward(Matrix z, Matrix a, Matrix gradOut, Matrix gradIn) {
    Kernels.chainElementwise(z, a, gradOut, derivative, gradIn);
  }

  /** Equal when the names and configurations are equal. */
  @Override
  public boolean equals(Object o) {
    return o instanceof Activation a
        && o.getClass() == getClass()
        && name.equals(a.name())
        && config().equals(a.config());
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, config());
  }

  /** The name, with the configuration when there is one: {@code leaky_relu{slope=0.01}}. */
  @Override
  public String toString() {
    Map<String, String> config = config();
    return config.isEmpty() ? name : name + config;
  }
}
