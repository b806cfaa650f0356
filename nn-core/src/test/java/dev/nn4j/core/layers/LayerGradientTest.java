package dev.nn4j.core.layers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nn4j.core.Layer;
import dev.nn4j.core.LayerConfig;
import dev.nn4j.core.LayerFactory;
import dev.nn4j.core.Parameter;
import dev.nn4j.core.Pass;
import dev.nn4j.core.Shape;
import dev.nn4j.core.check.GradientCheck;
import dev.nn4j.core.math.Kernels;
import dev.nn4j.core.math.Matrix;
import dev.nn4j.core.math.Window2d;
import dev.nn4j.core.testing.TestSigmoid;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every layer of nn4j passes the one-call gradient check ({@link GradientCheck#check(LayerFactory, Shape)}):
 * its parameter gradients and its input gradient agree with central differences, in inference and in
 * training mode; and the check fails a layer whose backward is wrong.
 */
class LayerGradientTest {

  static Stream<Arguments> layers() {
    return Stream.of(
        Arguments.of("dense on features", (LayerFactory) in -> new Dense(in, 3, new TestSigmoid()), Shape.of(4)),
        Arguments.of("dense on each step of a sequence", (LayerFactory) in -> new Dense(in, 2, new TestSigmoid()), Shape.of(3, 4)),
        Arguments.of("dropout", (LayerFactory) in -> new Dropout(in, 0.4), Shape.of(5)),
        Arguments.of("flatten", (LayerFactory) Flatten::new, Shape.of(2, 3)),
        Arguments.of("reshape", (LayerFactory) in -> new Reshape(in, Shape.of(3, 2)), Shape.of(6)),
        Arguments.of("batch norm over features", (LayerFactory) in -> new BatchNorm(in, 0.1, 1e-5, true), Shape.of(4)),
        Arguments.of("batch norm over channels", (LayerFactory) in -> new BatchNorm(in, 0.1, 1e-5, true), Shape.of(2, 3)),
        Arguments.of("batch norm without affine", (LayerFactory) in -> new BatchNorm(in, 0.3, 1e-3, false), Shape.of(3)),
        Arguments.of("layer norm over features", (LayerFactory) in -> new LayerNorm(in, 1, 1e-5, true), Shape.of(5)),
        Arguments.of("layer norm over the last dimension", (LayerFactory) in -> new LayerNorm(in, 1, 1e-5, true), Shape.of(2, 4)),
        Arguments.of("layer norm over two dimensions", (LayerFactory) in -> new LayerNorm(in, 2, 1e-5, true), Shape.of(2, 3)),
        Arguments.of("layer norm without affine", (LayerFactory) in -> new LayerNorm(in, 1, 1e-3, false), Shape.of(4)),
        Arguments.of("conv2d", (LayerFactory) in -> new Conv2d(in, Conv2d.Spec.of(3, 3), new TestSigmoid()), Shape.of(2, 5, 4)),
        Arguments.of(
            "conv2d strided, padded, dilated, without bias",
            (LayerFactory) in -> new Conv2d(in, Conv2d.Spec.of(2, 2, 3).withStride(2, 1).withPadding(1, 2).withDilation(2, 1)
                .withBias(false), new TestSigmoid()),
            Shape.of(2, 5, 6)),
        Arguments.of("conv2d, same padding, even kernel", (LayerFactory) in -> new Conv2d(in, Conv2d.Spec.of(2, 4)
            .withSamePadding(), new TestSigmoid()), Shape.of(1, 5, 5)),
        Arguments.of("max pooling, overlapping, padded", (LayerFactory) in -> new MaxPool2d(in, Window2d.of(3, 3, 2, 2, 1, 1)),
            Shape.of(2, 5, 6)),
        Arguments.of("average pooling, padding counted", (LayerFactory) in -> new AvgPool2d(in, Window2d.of(3, 2, 2, 1, 1, 1), true),
            Shape.of(2, 5, 4)),
        Arguments.of("average pooling, padding not counted", (LayerFactory) in -> new AvgPool2d(in, Window2d.of(3, 3, 1, 1, 1, 1), false),
            Shape.of(1, 4, 4)),
        Arguments.of("global average pooling", (LayerFactory) GlobalAvgPool2d::new, Shape.of(3, 2, 4)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("layers")
  void passesTheGradientCheck(String name, LayerFactory layer, Shape input) {
    GradientCheck.Result result = GradientCheck.check(layer, input).assertWithin(1e-6);
    assertThat(result.checked()).isGreaterThan(10);
  }

  @Test
  void theCheckFailsAWrongInputGradient() {
    GradientCheck.Result result = GradientCheck.check(in -> new ScaleLayer(in, 1.0, 1.5), Shape.of(3));
    assertThat(result.passed(1e-3)).isFalse();
    assertThat(result.worst()).startsWith("input");
  }

  @Test
  void theCheckFailsAWrongParameterGradient() {
    GradientCheck.Result result = GradientCheck.check(in -> new ScaleLayer(in, 1.2, 1.0), Shape.of(3));
    assertThat(result.passed(1e-3)).isFalse();
    assertThat(result.worst()).startsWith("layers.0.scale");
  }

  @Test
  void theCheckPassesTheSameLayerWithoutItsMistakes() {
    GradientCheck.check(in -> new ScaleLayer(in, 1.0, 1.0), Shape.of(3)).assertOk();
  }

  /**
   * {@code y = s ⊙ x} with a learned {@code s}, whose backward multiplies the parameter gradient by {@code
   * parameterError} and the input gradient by {@code inputError}: 1 and 1 are right.
   */
  private static final class ScaleLayer implements Layer {
    private final Shape shape;
    private final Parameter scale;
    private final double parameterError;
    private final double inputError;

    ScaleLayer(Shape shape, double parameterError, double inputError) {
      this.shape = shape;
      this.scale = new Parameter("scale", shape);
      this.parameterError = parameterError;
      this.inputError = inputError;
      scale.value().fill(0.7);
    }

    @Override
    public String type() {
      return "scale";
    }

    @Override
    public LayerConfig config() {
      return LayerConfig.empty();
    }

    @Override
    public Shape inputShape() {
      return shape;
    }

    @Override
    public Shape outputShape() {
      return shape;
    }

    @Override
    public List<Parameter> parameters() {
      return List.of(scale);
    }

    @Override
    public Matrix forward(Matrix input, Pass pass) {
      Matrix y = pass.buffer(this, "y", input.rows(), input.cols());
      for (int r = 0; r < input.rows(); r++) {
        for (int c = 0; c < input.cols(); c++) {
          y.set(r, c, input.get(r, c) * scale.value().get(0, c));
        }
      }
      pass.keep(this, "x", input);
      return y;
    }

    @Override
    public Matrix backward(Matrix outputGradient, Pass pass) {
      Matrix x = pass.kept(this, "x");
      Matrix dx = pass.buffer(this, "dx", x.rows(), x.cols());
      for (int r = 0; r < x.rows(); r++) {
        for (int c = 0; c < x.cols(); c++) {
          double g = outputGradient.get(r, c);
          scale.gradient().data()[c] += parameterError * g * x.get(r, c);
          dx.set(r, c, inputError * g * scale.value().get(0, c));
        }
      }
      Kernels.scale(dx, 1.0);
      return dx;
    }
  }
}
