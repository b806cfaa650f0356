package dev.nn4j.core.layers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nn4j.core.Activation;
import dev.nn4j.core.ElementwiseActivation;
import dev.nn4j.core.Layer;
import dev.nn4j.core.Optimizer;
import dev.nn4j.core.Parameter;
import dev.nn4j.core.StateDict;
import dev.nn4j.core.math.Kernels;
import dev.nn4j.core.math.Matrix;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the tests against PyTorch's fixtures share: reading a fixture file, a fixture tensor as a batch,
 * comparing to a fixture with a relative tolerance, and stand-ins for the activations and the optimizer of
 * other modules (nn-core's tests cannot depend on them).
 */
final class Fixtures {
  private final StateDict tensors;

  private Fixtures(StateDict tensors) {
    this.tensors = tensors;
  }

  /** The fixture file {@code /fixtures/<name>} on the test class path. */
  static Fixtures read(String name) {
    try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/" + name)) {
      assertThat(in).as("fixtures/%s on the test class path", name).isNotNull();
      return new Fixtures(StateDict.read(in));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  StateDict tensors() {
    return tensors;
  }

  /** Fixture {@code name} as a batch: its first dimension the rows. */
  Matrix matrix(String name) {
    return matrix(tensors.get(name));
  }

  /** A tensor as a batch: its first dimension the rows. */
  static Matrix matrix(dev.nn4j.core.Tensor t) {
    int rows = t.shape().dim(0);
    return Matrix.wrap(rows, t.size() / rows, t.values());
  }

  /** Sets each parameter of {@code layer} to fixture {@code <prefix>.<parameter name>}. */
  void setParameters(Layer layer, String prefix) {
    for (Parameter p : layer.parameters()) {
      System.arraycopy(tensors.get(prefix + "." + p.name()).values(), 0, p.value().data(), 0, p.size());
    }
  }

  /** Every element within {@code tolerance} relative error of the fixture (a floor of 1e-3 of its largest value). */
  void assertClose(String fixture, Matrix actual, double tolerance) {
    double[] expected = tensors.get(fixture).values();
    assertThat(actual.size()).as(fixture).isEqualTo(expected.length);
    double scale = Arrays.stream(expected).map(Math::abs).max().orElse(0);
    double worst = 0;
    for (int i = 0; i < expected.length; i++) {
      double error = Math.abs(actual.data()[i] - expected[i]) / Math.max(Math.abs(expected[i]), 1e-3 * scale);
      worst = Math.max(worst, error);
    }
    assertThat(worst).as("largest relative error of %s", fixture).isLessThanOrEqualTo(tolerance);
  }

  static double relativeError(double actual, double expected) {
    return Math.abs(actual - expected) / Math.abs(expected);
  }

  /** Tanh, its derivative {@code 1 − y²} declared a function of its output: layers keep no pre-activations. */
  static Activation tanh() {
    return elementwise("tanh", Math::tanh, (x, y) -> 1 - y * y, true);
  }

  /** Tanh as {@link #tanh()}, not declaring its derivative a function of its output: layers keep {@code z}. */
  static Activation tanhFromInput() {
    return elementwise("tanh", Math::tanh, (x, y) -> 1 - y * y, false);
  }

  static Activation identity() {
    return elementwise("identity", x -> x, (x, y) -> 1, true);
  }

  /** ReLU as PyTorch differentiates it: a gradient of 0 at 0 (taken from {@code z}). */
  static Activation relu() {
    return elementwise("relu", x -> x > 0 ? x : 0.0, (x, y) -> x > 0 ? 1 : 0, false);
  }

  private static Activation elementwise(
      String name, java.util.function.DoubleUnaryOperator f, java.util.function.DoubleBinaryOperator df, boolean fromOutput) {
    return new ElementwiseActivation(name) {
      @Override
      public double value(double x) {
        return f.applyAsDouble(x);
      }

      @Override
      public double derivative(double x, double y) {
        return df.applyAsDouble(x, y);
      }

      @Override
      public Outputs outputs() {
        return Outputs.REAL;
      }

      @Override
      public boolean derivativeFromOutput() {
        return fromOutput;
      }
    };
  }

  static Activation softmax() {
    return new Activation() {
      @Override
      public String name() {
        return "softmax";
      }

      @Override
      public void forward(Matrix z, Matrix out) {
        Kernels.softmaxRows(z, out);
      }

      @Override
      public void backward(Matrix z, Matrix a, Matrix gradOut, Matrix gradIn) {
        Kernels.softmaxRowsBackward(a, gradOut, gradIn);
      }

      @Override
      public Outputs outputs() {
        return Outputs.SOFTMAX;
      }
    };
  }

  /** PyTorch's SGD with momentum: {@code b ← g} at the first step, then {@code b ← μb + g}; {@code θ ← θ − γb}. */
  record MomentumSgd(double learningRate, double momentum) implements Optimizer {
    @Override
    public String name() {
      return "momentum_sgd";
    }

    @Override
    public Updater start(Map<String, Parameter> parameters) {
      Map<Parameter, double[]> buffers = new LinkedHashMap<>();
      parameters.values().forEach(p -> buffers.put(p, null));
      return () ->
          buffers.replaceAll(
              (p, b) -> {
                double[] g = p.gradient().data();
                double[] buffer = b == null ? g.clone() : b;
                if (b != null) {
                  for (int i = 0; i < g.length; i++) {
                    buffer[i] = momentum * buffer[i] + g[i];
                  }
                }
                double[] theta = p.value().data();
                for (int i = 0; i < theta.length; i++) {
                  theta[i] -= learningRate * buffer[i];
                }
                return buffer;
              });
    }
  }
}
