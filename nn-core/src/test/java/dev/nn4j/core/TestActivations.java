package dev.nn4j.core;

import dev.nn4j.core.Activation;
import dev.nn4j.core.ActivationProvider;
import dev.nn4j.core.ComponentConfig;
import dev.nn4j.core.ElementwiseActivation;
import dev.nn4j.core.SimpleActivationProvider;
import java.util.Map;

/**
 * Two activations registered by name on nn-core's test class path only (in {@code
 * src/test/resources/META-INF/services/dev.nn4j.core.ActivationProvider}), because nn-core cannot depend
 * on nn-activations and a model file can only be loaded when its activations are found by name:
 * {@code "golden_tanh"} and {@code "golden_leaky_relu"} (with a {@code "slope"}, to exercise
 * configurations). They use {@link StrictMath}, so the golden file's predictions are the same bits on
 * every JVM.
 */
public final class TestActivations {
  private TestActivations() {}

  /** {@code f(x) = tanh(x)}, {@code f'(x) = 1 − y²}, a function of the output. */
  static final class GoldenTanh extends ElementwiseActivation {
    private final boolean fromOutput;

    GoldenTanh() {
      this(true);
    }

    /** With {@code fromOutput} false, the same function that does not declare its derivative a function of its output. */
    GoldenTanh(boolean fromOutput) {
      super("golden_tanh");
      this.fromOutput = fromOutput;
    }

    @Override
    public double value(double x) {
      return StrictMath.tanh(x);
    }

    @Override
    public double derivative(double x, double y) {
      return 1 - y * y;
    }

    /** True by default: so that the convolutions of the tests that use it keep no pre-activations, as with ReLU. */
    @Override
    public boolean derivativeFromOutput() {
      return fromOutput;
    }
  }

  /** {@code f(x) = x} for {@code x > 0}, else {@code slope · x}. */
  static final class GoldenLeakyRelu extends ElementwiseActivation {
    private final double slope;

    GoldenLeakyRelu(double slope) {
      super("golden_leaky_relu");
      this.slope = slope;
    }

    @Override
    public double value(double x) {
      return x > 0 ? x : slope * x;
    }

    @Override
    public double derivative(double x, double y) {
      return x > 0 ? 1 : slope;
    }

    @Override
    public Map<String, String> config() {
      return Map.of("slope", ComponentConfig.format(slope));
    }
  }

  /** Registers {@code "golden_tanh"}. */
  public static final class TanhProvider extends SimpleActivationProvider {
    /** Called by {@link java.util.ServiceLoader}. */
    public TanhProvider() {
      super("golden_tanh", GoldenTanh::new);
    }
  }

  /** Registers {@code "golden_leaky_relu"}, configured by {@code "slope"} (default 0.01). */
  public static final class LeakyReluProvider implements ActivationProvider {
    /** Called by {@link java.util.ServiceLoader}. */
    public LeakyReluProvider() {}

    @Override
    public String name() {
      return "golden_leaky_relu";
    }

    @Override
    public Activation create(Map<String, String> config) {
      return new GoldenLeakyRelu(
          ComponentConfig.of("activation 'golden_leaky_relu'", config, "slope").finiteDouble("slope", 0.01));
    }
  }
}
