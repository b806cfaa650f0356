package dev.nn4j.core.init;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.nn4j.core.math.Matrix;
import java.util.Arrays;
import java.util.Random;

/**
 * The weight initializations of nn4j. Random ones draw weights first, row by row, then biases.
 *
 * <p>With {@code fanIn} inputs and {@code fanOut} outputs:
 *
 * <ul>
 *   <li>{@link #standardNormal()}: every weight and bias from {@code N(0, 1)}, as the tutorial does;
 *   <li>{@link #xavierUniform()} (Glorot, the default, as in Keras): weights from {@code U(-l, l)} with
 *       {@code l = sqrt(6 / (fanIn + fanOut))}, biases 0; {@link #xavierNormal()}: {@code N(0, 2 / (fanIn
 *       + fanOut))};
 *   <li>{@link #heNormal()} (for ReLU): weights from {@code N(0, 2 / fanIn)}, biases 0; {@link
 *       #heUniform()}: {@code U(-l, l)} with {@code l = sqrt(6 / fanIn)};
 *   <li>{@link #constant(double, double)} and {@link #values(double[][], double[])}: given values.
 * </ul>
 */
public final class Initializers {
  private Initializers() {}

  /**
   * Every weight and bias drawn from the standard normal distribution {@code N(0, 1)}.
   *
   * @return the initializer
   */
  public static Initializer standardNormal() {
    return new Named("standardNormal", (w, b, r) -> {
      gaussian(w, 1.0, r);
      gaussian(b, 1.0, r);
    });
  }

  /**
   * Glorot/Xavier uniform: {@code U(-l, l)}, {@code l = sqrt(6 / (fanIn + fanOut))}; biases 0.
   *
   * @return the initializer
   */
  public static Initializer xavierUniform() {
    return new Named("xavierUniform", (w, b, r) -> {
      uniform(w, Math.sqrt(6.0 / (w.cols() + w.rows())), r);
      b.fill(0.0);
    });
  }

  /**
   * Glorot/Xavier normal: {@code N(0, σ²)}, {@code σ = sqrt(2 / (fanIn + fanOut))}; biases 0.
   *
   * @return the initializer
   */
  public static Initializer xavierNormal() {
    return new Named("xavierNormal", (w, b, r) -> {
      gaussian(w, Math.sqrt(2.0 / (w.cols() + w.rows())), r);
      b.fill(0.0);
    });
  }

  /**
   * He/Kaiming normal: {@code N(0, σ²)}, {@code σ = sqrt(2 / fanIn)}; biases 0.
   *
   * @return the initializer
   */
  public static Initializer heNormal() {
    return new Named("heNormal", (w, b, r) -> {
      gaussian(w, Math.sqrt(2.0 / w.cols()), r);
      b.fill(0.0);
    });
  }

  /**
   * He/Kaiming uniform: {@code U(-l, l)}, {@code l = sqrt(6 / fanIn)}; biases 0.
   *
   * @return the initializer
   */
  public static Initializer heUniform() {
    return new Named("heUniform", (w, b, r) -> {
      uniform(w, Math.sqrt(6.0 / w.cols()), r);
      b.fill(0.0);
    });
  }

  /**
   * Every weight set to {@code weight} and every bias to {@code bias}.
   *
   * @param weight the value of every weight
   * @param bias the value of every bias
   * @return the initializer
   */
  public static Initializer constant(double weight, double bias) {
    return new Named("constant(weight=" + weight + ", bias=" + bias + ")", (w, b, r) -> {
      w.fill(weight);
      b.fill(bias);
    });
  }

  /**
   * Exactly these values (copied now, so later changes to the arrays do not matter).
   *
   * @param weights one row per neuron of the layer, one column per input: {@code [outputs][inputs]}
   * @param bias one value per neuron
   * @return the initializer
   * @throws IllegalArgumentException when applied to a layer of another shape; the message names both
   */
  public static Initializer values(double[][] weights, double[] bias) {
    Matrix givenWeights = Matrix.of(checkNotNull(weights, "weights"));
    Matrix givenBias = Matrix.rowVector(checkNotNull(bias, "bias"));
    String description = "values(weights=" + Arrays.deepToString(weights) + ", bias=" + Arrays.toString(bias) + ")";
    return new Named(description, (w, b, r) -> {
      checkArgument(
          givenWeights.sameShape(w),
          "Expected explicit weights of shape %s (outputs x inputs), got %s",
          w.shape(),
          givenWeights.shape());
      checkArgument(
          givenBias.sameShape(b), "Expected %s explicit bias values, got %s", b.cols(), givenBias.cols());
      w.copyFrom(givenWeights);
      b.copyFrom(givenBias);
    });
  }

  private static void gaussian(Matrix m, double standardDeviation, Random random) {
    double[] d = m.data();
    for (int i = 0; i < d.length; i++) {
      d[i] = standardDeviation * random.nextGaussian();
    }
  }

  private static void uniform(Matrix m, double limit, Random random) {
    double[] d = m.data();
    for (int i = 0; i < d.length; i++) {
      d[i] = limit * (2.0 * random.nextDouble() - 1.0);
    }
  }

  /** An initializer that prints its name and configuration. */
  private record Named(String description, Initializer body) implements Initializer {
    @Override
    public void initialize(Matrix weights, Matrix bias, Random random) {
      body.initialize(weights, bias, random);
    }

    @Override
    public String toString() {
      return description;
    }
  }
}
