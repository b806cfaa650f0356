package dev.nn4j.core.layers;

import dev.nn4j.core.LayerConfig;
import dev.nn4j.core.LayerFactory;
import dev.nn4j.core.LayerProvider;
import dev.nn4j.core.Pass;
import dev.nn4j.core.Shape;
import dev.nn4j.core.math.ConvolutionKernels;
import dev.nn4j.core.math.Matrix;
import dev.nn4j.core.math.PlaneSink;
import dev.nn4j.core.math.Window2d;
import java.util.function.DoubleBinaryOperator;

/**
 * Max pooling over each channel of images {@code [C, H, W]}, as PyTorch's {@code nn.MaxPool2d} computes it:
 * each output is the largest value under its window, padding counting as minus infinity; backward sends
 * each output's gradient to the input it took (the first one on ties), adding where windows overlap. With windows
 * that do not overlap it takes over the backward of an activation before it whose derivative is a function of
 * its output ({@link #takesActivationBackward}): each window's output holds the value of the one input that gets
 * a gradient.
 * Registered as {@code "max_pool2d"}: {@code kernel_size} (required), {@code stride} (the kernel size),
 * {@code padding} (0).
 */
public final class MaxPool2d extends Pooling2d {
  /** The registered type name. */
  public static final String TYPE = "max_pool2d";

  /**
   * Max pooling over samples of {@code inputShape} with {@code window}.
   *
   * @param inputShape the shape of each input sample, {@code [C, H, W]}
   * @param window the pooling window: kernel, stride and padding (at most half the kernel), no dilation
   * @throws IllegalArgumentException if the input is not {@code [C, H, W]} or the window does not fit it
   */
  public MaxPool2d(Shape inputShape, Window2d window) {
    super(inputShape, window);
  }

  @Override
  public String type() {
    return TYPE;
  }

  /** True when the windows do not overlap (the stride at least the kernel both ways): each input in one window. */
  @Override
  public boolean takesActivationBackward() {
    return window.strideHeight() >= window.kernelHeight() && window.strideWidth() >= window.kernelWidth();
  }

  /** True: a convolution before it pools each plane of its outputs here as it writes them, in cache. */
  @Override
  public boolean takesOutputPlanes() {
    return true;
  }

  @Override
  public PlaneSink planeSink(Matrix input, Pass pass) {
    Reshape.checkWidth(this, input);
    Planes planes = pass.workspace(this, "planes", Planes.class, Planes::new);
    planes.sink.set(input, channels, height, width, window, y(input, pass), argmax(input, pass));
    planes.of = input;
    return planes.sink;
  }

  @Override
  public Matrix forward(Matrix input, Pass pass) {
    Reshape.checkWidth(this, input);
    Matrix y = y(input, pass);
    Planes planes = pass.workspace(this, "planes", Planes.class, Planes::new);
    if (planes.of == input) {
      planes.of = null; // pooled plane by plane as the layer before wrote input
      return y;
    }
    ConvolutionKernels.maxPool(input, channels, height, width, window, y, argmax(input, pass));
    return y;
  }

  private Matrix y(Matrix input, Pass pass) {
    return pass.buffer(this, "y", input.rows(), outputShape.size());
  }

  private Matrix argmax(Matrix input, Pass pass) {
    return pass.buffer(this, "argmax", input.rows(), outputShape.size());
  }

  /** The sink of a pass, and the input it is pooling plane by plane until the forward of that input uses it. */
  private static final class Planes {
    final ConvolutionKernels.MaxPoolPlanes sink = new ConvolutionKernels.MaxPoolPlanes();
    Matrix of;
  }

  @Override
  public Matrix backward(Matrix outputGradient, Pass pass) {
    if (!pass.needsInputGradient(this)) {
      return null;
    }
    Matrix dx = pass.buffer(this, "dx", outputGradient.rows(), inputShape.size());
    DoubleBinaryOperator derivative = pass.takenActivation(this);
    if (derivative == null) {
      ConvolutionKernels.maxPoolBackward(outputGradient, pass.kept(this, "argmax"), dx);
      return dx;
    }
    // dL/dz of the layer before, handed plane by plane as it lays them out; dx is left unwritten.
    ConvolutionKernels.MaxPoolGradientPlanes planes =
        pass.workspace(this, "gradient planes", ConvolutionKernels.MaxPoolGradientPlanes.class,
            ConvolutionKernels.MaxPoolGradientPlanes::new);
    planes.set(outputGradient, pass.kept(this, "argmax"), pass.kept(this, "y"), derivative, channels, height, width, window);
    pass.giveGradientPlanes(this, planes);
    return dx;
  }

  /** Registers {@code "max_pool2d"}: {@code kernel_size}, {@code stride}, {@code padding}. */
  public static final class Provider implements LayerProvider {
    /** Called by {@link java.util.ServiceLoader}. */
    public Provider() {}

    @Override
    public String name() {
      return TYPE;
    }

    @Override
    public LayerFactory create(LayerConfig config) {
      Window2d window = window(config.reader("layer 'max_pool2d'", "kernel_size", "stride", "padding"));
      return input -> new MaxPool2d(input, window);
    }
  }
}
