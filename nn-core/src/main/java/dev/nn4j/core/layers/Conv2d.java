package dev.nn4j.core.layers;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;
import static com.google.common.base.Preconditions.checkState;

import dev.nn4j.core.ActivatedLayer;
import dev.nn4j.core.Activation;
import dev.nn4j.core.ComponentConfig;
import dev.nn4j.core.ElementwiseActivation;
import dev.nn4j.core.InitContext;
import dev.nn4j.core.Layer;
import dev.nn4j.core.LayerConfig;
import dev.nn4j.core.LayerFactory;
import dev.nn4j.core.LayerProvider;
import dev.nn4j.core.Parameter;
import dev.nn4j.core.Pass;
import dev.nn4j.core.Shape;
import dev.nn4j.core.init.Initializers;
import dev.nn4j.core.math.ConvolutionKernels;
import dev.nn4j.core.math.Matrix;
import dev.nn4j.core.math.PlaneSink;
import dev.nn4j.core.math.PlaneSource;
import dev.nn4j.core.math.Window2d;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.DoubleUnaryOperator;

/**
 * A 2-D convolution over images {@code [C, H, W]}: {@code a = f(z)}, {@code z[o, y, x] = b[o] + Σ_{c,i,j}
 * W[o, c, i, j] · x[c, y·s + i·d − p, x·s + j·d − p]}, as PyTorch's {@code nn.Conv2d} (followed by the
 * activation {@code f}, as Keras' {@code Conv2D(..., activation=...)}) computes it.
 *
 * <p>{@code W} ({@code "weight"}) has shape {@code [out, in, kh, kw]} and {@code b} ({@code "bias"}, unless
 * left out) {@code [out]}, PyTorch's names and layouts. The output is {@code [out, outH, outW]}. A batch is
 * convolved a few samples at a time on each thread, unfolded ({@code im2col}) and multiplied by the weights in
 * that thread's cache ({@link ConvolutionKernels}), forward and backward alike, so memory beyond the layer's
 * outputs and gradients stays bounded by those groups.
 *
 * <p>Registered as {@code "conv2d"}, configuration (PyTorch's names): {@code out_channels} and {@code
 * kernel_size} (required; {@code "3"} or {@code "3,5"}), {@code stride} (1), {@code padding} ({@code
 * "valid"}, the default, {@code "same"}, which needs a stride of 1 and puts any odd extra row or column
 * below and right as PyTorch does, or {@code "1"} / {@code "1,2"}), {@code dilation} (1), {@code bias} (true)
 * and {@code activation} (required). Weights start from the builder's initializer, He uniform by default
 * (fan-in {@code in·kh·kw}); biases as that initializer sets them.
 */
public final class Conv2d implements ActivatedLayer {
  /** The registered type name. */
  public static final String TYPE = "conv2d";

  /**
   * Values of a group of samples (unfolded inputs and outputs or deltas) that a thread convolves in its own
   * cache, at most: 1 MiB, half of a core's L2 on the machines measured. A larger sample is a group of its own.
   */
  static final int GROUP_VALUES = 1 << 17;

  private final Shape inputShape;
  private final Shape outputShape;
  private final Spec spec;
  private final Window2d window;
  private final int channels;
  private final int height;
  private final int width;
  private final Activation activation;
  /** The activation as a function of one value, applied as the outputs are laid out; null if not elementwise. */
  private final DoubleUnaryOperator elementwise;
  private final Parameter weight;
  private final Parameter bias;
  private final int groupValues;

  /**
   * A convolution over samples of {@code inputShape} ({@code [C, H, W]}), with zero weights and biases (the
   * network initializes them).
   *
   * @param inputShape the shape of each input sample, {@code [C, H, W]}
   * @param spec the convolution: output channels, kernel, stride, padding, dilation, bias
   * @param activation the activation {@code f}
   * @throws IllegalArgumentException if the input is not {@code [C, H, W]}, or the kernel, dilated, is larger
   *     than the padded input
   */
  public Conv2d(Shape inputShape, Spec spec, Activation activation) {
    this(inputShape, spec, activation, GROUP_VALUES);
  }

  /** With groups of at most {@code groupValues} values, for tests of the grouping. */
  Conv2d(Shape inputShape, Spec spec, Activation activation, int groupValues) {
    checkNotNull(inputShape, "inputShape");
    checkArgument(groupValues > 0, "Expected a positive group budget, got %s", groupValues);
    this.groupValues = groupValues;
    this.spec = checkNotNull(spec, "spec");
    this.activation = checkNotNull(activation, "activation");
    this.elementwise = activation instanceof ElementwiseActivation f ? f::value : null;
    checkArgument(
        inputShape.rank() == 3,
        "A conv2d layer needs samples of shape [channels, height, width], got %s (use input(Shape.of(c, h, w)) or"
            + " reshape(c, h, w) before it)",
        inputShape);
    this.inputShape = inputShape;
    this.channels = inputShape.dim(0);
    this.height = inputShape.dim(1);
    this.width = inputShape.dim(2);
    this.window = spec.window();
    int outHeight = window.outputHeight(height);
    int outWidth = window.outputWidth(width);
    this.outputShape = Shape.of(spec.outChannels, outHeight, outWidth);
    this.weight = new Parameter("weight", Shape.of(spec.outChannels, channels, spec.kernelHeight, spec.kernelWidth));
    this.bias = spec.bias ? new Parameter("bias", Shape.of(spec.outChannels)) : null;
  }

  /**
   * What this layer convolves with.
   *
   * @return the convolution's specification
   */
  public Spec spec() {
    return spec;
  }

  /**
   * {@code W}, shape {@code [out, in, kh, kw]}.
   *
   * @return the weights parameter, live
   */
  public Parameter weight() {
    return weight;
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public LayerConfig config() {
    return spec.toConfig().set("activation", activation).build();
  }

  @Override
  public Shape inputShape() {
    return inputShape;
  }

  @Override
  public Shape outputShape() {
    return outputShape;
  }

  @Override
  public Activation activation() {
    return activation;
  }

  @Override
  public List<Parameter> parameters() {
    return bias == null ? List.of(weight) : List.of(weight, bias);
  }

  @Override
  public void initialize(InitContext context) {
    Matrix biasValues = bias == null ? new Matrix(1, spec.outChannels) : bias.value();
    context.initializer(Initializers.heUniform()).initialize(weight.value(), biasValues, context.random());
  }

  @Override
  public Matrix forward(Matrix input, Pass pass) {
    Reshape.checkWidth(this, input);
    int n = input.rows();
    Matrix a = pass.buffer(this, "a", n, outputShape.size());
    Matrix b = bias == null ? null : bias.value();
    if (keepsPreActivation(pass)) {
      Matrix z = pass.buffer(this, "z", n, outputShape.size());
      ConvolutionKernels.convolve(input, weight.value(), b, channels, height, width, window, groupValues, z);
      activation.forward(z, a);
    } else {
      // A max pooling after this layer pools each plane of a as it is laid out, while it is in cache.
      Layer pooling = pass.planeTaker(this);
      PlaneSink planes = pooling == null ? null : pooling.planeSink(a, pass);
      ConvolutionKernels.convolve(
          input, weight.value(), b, channels, height, width, window, groupValues, elementwise, planes, a);
    }
    pass.keep(this, "x", input);
    return a;
  }

  /**
   * Whether a pass keeps {@code z}: for the loss fused with this layer, for an activation whose backward reads it,
   * and for one that is not elementwise (applied to {@code z} once laid out). Otherwise the activation is applied
   * as the outputs are laid out, and {@code z} is neither written nor read back: for ReLU, one array of the
   * outputs' size less to write and read a step.
   */
  private boolean keepsPreActivation(Pass pass) {
    return elementwise == null
        || pass.isFusedOutput(this)
        || (pass.recordsForBackward() && !activation.derivativeFromOutput());
  }

  /** True: its backward takes {@code dL/dz} from a max pooling after it that takes the activation's backward. */
  @Override
  public boolean givesActivationBackward() {
    return true;
  }

  @Override
  public Matrix preActivation(Pass pass) {
    checkState(keepsPreActivation(pass), "This pass kept no pre-activations of %s", this);
    return pass.kept(this, "z");
  }

  @Override
  public Matrix backward(Matrix outputGradient, Pass pass) {
    Matrix x = pass.kept(this, "x");
    int n = x.rows();
    Matrix delta = outputGradient;
    if (!pass.isFusedOutput(this) && !pass.activationGiven(this)) {
      delta = pass.buffer(this, "delta", n, outputShape.size());
      Matrix a = pass.kept(this, "a");
      activation.backward(keepsPreActivation(pass) ? pass.kept(this, "z") : a, a, outputGradient, delta);
    }
    // A max pooling after this layer that took its activation's backward may hand dL/dz a plane at a time.
    PlaneSource deltaPlanes = pass.gradientPlanes(this);
    Matrix biasGradient = bias == null ? null : bias.gradient();
    ConvolutionKernels.addConvolutionWeightGradient(
        x, delta, deltaPlanes, channels, height, width, window, groupValues, weight.gradient(), biasGradient);
    if (!pass.needsInputGradient(this)) {
      return null;
    }
    Matrix dx = pass.buffer(this, "dx", n, inputShape.size());
    ConvolutionKernels.convolutionInputGradient(
        delta, deltaPlanes, weight.value(), channels, height, width, window, groupValues, dx);
    return dx;
  }

  @Override
  public String toString() {
    return "Conv2d(" + inputShape + " -> " + outputShape + ", " + window + (bias == null ? ", no bias" : "") + ", "
        + activation + ")";
  }

  /**
   * A convolution's shape, without its input: output channels, kernel, stride, padding ({@code valid},
   * {@code same} or explicit), dilation and whether it has a bias. Immutable; start from {@link #of} and
   * change with the {@code with} methods.
   */
  public static final class Spec {
    /** How the input is padded. */
    public enum Padding {
      /** No padding: the kernel stays inside the image (Keras' and PyTorch's {@code "valid"}). */
      VALID,
      /** The output as large as the input (stride 1): {@code dilation·(k − 1)} in all, the odd one after. */
      SAME,
      /** The given rows and columns of zeros on each side. */
      EXPLICIT
    }

    private final int outChannels;
    private final int kernelHeight;
    private final int kernelWidth;
    private final int strideHeight;
    private final int strideWidth;
    private final Padding padding;
    private final int padHeight;
    private final int padWidth;
    private final int dilationHeight;
    private final int dilationWidth;
    private final boolean bias;

    private Spec(
        int outChannels,
        int kernelHeight,
        int kernelWidth,
        int strideHeight,
        int strideWidth,
        Padding padding,
        int padHeight,
        int padWidth,
        int dilationHeight,
        int dilationWidth,
        boolean bias) {
      checkArgument(outChannels > 0, "Expected a positive number of output channels, got %s", outChannels);
      checkArgument(kernelHeight > 0 && kernelWidth > 0, "Expected a positive kernel size, got %sx%s", kernelHeight, kernelWidth);
      checkArgument(strideHeight > 0 && strideWidth > 0, "Expected a positive stride, got %sx%s", strideHeight, strideWidth);
      checkArgument(padHeight >= 0 && padWidth >= 0, "Expected padding of 0 or more, got %sx%s", padHeight, padWidth);
      checkArgument(dilationHeight > 0 && dilationWidth > 0, "Expected a positive dilation, got %sx%s", dilationHeight, dilationWidth);
      checkArgument(
          padding != Padding.SAME || (strideHeight == 1 && strideWidth == 1),
          "Padding 'same' needs a stride of 1 (as in PyTorch), got %sx%s: give the padding explicitly",
          strideHeight,
          strideWidth);
      this.outChannels = outChannels;
      this.kernelHeight = kernelHeight;
      this.kernelWidth = kernelWidth;
      this.strideHeight = strideHeight;
      this.strideWidth = strideWidth;
      this.padding = padding;
      this.padHeight = padHeight;
      this.padWidth = padWidth;
      this.dilationHeight = dilationHeight;
      this.dilationWidth = dilationWidth;
      this.bias = bias;
    }

    /**
     * {@code outChannels} filters of {@code kernelSize x kernelSize}, stride 1, no padding, no dilation, with
     * a bias.
     *
     * @param outChannels the number of filters, the output's channels
     * @param kernelSize the kernel's height and width
     * @return the specification
     */
    public static Spec of(int outChannels, int kernelSize) {
      return of(outChannels, kernelSize, kernelSize);
    }

    /**
     * {@code outChannels} filters of {@code kernelHeight x kernelWidth}, stride 1, no padding, no dilation,
     * with a bias.
     *
     * @param outChannels the number of filters
     * @param kernelHeight the kernel's height
     * @param kernelWidth the kernel's width
     * @return the specification
     */
    public static Spec of(int outChannels, int kernelHeight, int kernelWidth) {
      return new Spec(outChannels, kernelHeight, kernelWidth, 1, 1, Padding.VALID, 0, 0, 1, 1, true);
    }

    /**
     * This with a stride of {@code stride} both ways.
     *
     * @param stride the step between windows
     * @return the new specification
     */
    public Spec withStride(int stride) {
      return withStride(stride, stride);
    }

    /**
     * This with strides {@code strideHeight} down and {@code strideWidth} across.
     *
     * @param strideHeight the step down
     * @param strideWidth the step across
     * @return the new specification
     */
    public Spec withStride(int strideHeight, int strideWidth) {
      return new Spec(outChannels, kernelHeight, kernelWidth, strideHeight, strideWidth, padding, padHeight, padWidth,
          dilationHeight, dilationWidth, bias);
    }

    /**
     * This with {@code pad} rows and columns of zeros on every side.
     *
     * @param pad the padding
     * @return the new specification
     */
    public Spec withPadding(int pad) {
      return withPadding(pad, pad);
    }

    /**
     * This with {@code padHeight} rows above and below and {@code padWidth} columns left and right.
     *
     * @param padHeight the rows of padding on each side
     * @param padWidth the columns of padding on each side
     * @return the new specification
     */
    public Spec withPadding(int padHeight, int padWidth) {
      return new Spec(outChannels, kernelHeight, kernelWidth, strideHeight, strideWidth, Padding.EXPLICIT, padHeight,
          padWidth, dilationHeight, dilationWidth, bias);
    }

    /**
     * This with {@code "same"} padding: the output as large as the input (needs a stride of 1).
     *
     * @return the new specification
     */
    public Spec withSamePadding() {
      return new Spec(outChannels, kernelHeight, kernelWidth, strideHeight, strideWidth, Padding.SAME, 0, 0,
          dilationHeight, dilationWidth, bias);
    }

    /**
     * This with a dilation of {@code dilation} both ways.
     *
     * @param dilation the step between a kernel's taps
     * @return the new specification
     */
    public Spec withDilation(int dilation) {
      return withDilation(dilation, dilation);
    }

    /**
     * This with dilations {@code dilationHeight} down and {@code dilationWidth} across.
     *
     * @param dilationHeight the step between taps down
     * @param dilationWidth the step between taps across
     * @return the new specification
     */
    public Spec withDilation(int dilationHeight, int dilationWidth) {
      return new Spec(outChannels, kernelHeight, kernelWidth, strideHeight, strideWidth, padding, padHeight, padWidth,
          dilationHeight, dilationWidth, bias);
    }

    /**
     * This with or without a bias.
     *
     * @param bias whether each output channel adds a bias
     * @return the new specification
     */
    public Spec withBias(boolean bias) {
      return new Spec(outChannels, kernelHeight, kernelWidth, strideHeight, strideWidth, padding, padHeight, padWidth,
          dilationHeight, dilationWidth, bias);
    }

    /**
     * The number of filters, the output's channels.
     *
     * @return the output channels
     */
    public int outChannels() {
      return outChannels;
    }

    /**
     * Whether each output channel adds a bias.
     *
     * @return whether there is a bias
     */
    public boolean bias() {
      return bias;
    }

    /**
     * The kernel's geometry with the padding resolved: for {@code same}, {@code dilation·(k − 1)} in all, half
     * before and the rest after.
     *
     * @return the window
     */
    public Window2d window() {
      int top = padHeight;
      int left = padWidth;
      int bottom = padHeight;
      int right = padWidth;
      if (padding == Padding.SAME) {
        int totalHeight = dilationHeight * (kernelHeight - 1);
        int totalWidth = dilationWidth * (kernelWidth - 1);
        top = totalHeight / 2;
        left = totalWidth / 2;
        bottom = totalHeight - top;
        right = totalWidth - left;
      }
      return new Window2d(kernelHeight, kernelWidth, strideHeight, strideWidth, top, left, bottom, right, dilationHeight,
          dilationWidth);
    }

    /** The configuration keys of this specification, as the provider reads them. */
    LayerConfig.Builder toConfig() {
      return LayerConfig.builder()
          .set("out_channels", outChannels)
          .set("kernel_size", pair(kernelHeight, kernelWidth))
          .set("stride", pair(strideHeight, strideWidth))
          .set("padding", padding == Padding.EXPLICIT ? pair(padHeight, padWidth) : padding.name().toLowerCase(java.util.Locale.ROOT))
          .set("dilation", pair(dilationHeight, dilationWidth))
          .set("bias", bias);
    }

    /** Reads the keys {@link #toConfig} writes. */
    static Spec fromConfig(ComponentConfig c) {
      int outChannels = c.positiveInt("out_channels");
      int[] kernel = c.intPair("kernel_size", 0, 1);
      checkArgument(kernel[0] > 0, "Expected 'kernel_size' for layer 'conv2d': it has no default");
      int[] stride = c.intPair("stride", 1, 1);
      int[] dilation = c.intPair("dilation", 1, 1);
      Spec spec = of(outChannels, kernel[0], kernel[1]).withStride(stride[0], stride[1]).withDilation(dilation[0], dilation[1]);
      String padding = c.text("padding", "valid");
      if (padding.equals("same")) {
        spec = spec.withSamePadding();
      } else if (!padding.equals("valid")) {
        int[] pad = c.intPair("padding", 0, 0);
        spec = spec.withPadding(pad[0], pad[1]);
      }
      return spec.withBias(c.bool("bias", true));
    }

    private static String pair(int a, int b) {
      return a == b ? Integer.toString(a) : a + "," + b;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Spec s && Arrays.equals(values(), s.values()) && padding == s.padding;
    }

    @Override
    public int hashCode() {
      return Objects.hash(Arrays.hashCode(values()), padding);
    }

    private int[] values() {
      return new int[] {outChannels, kernelHeight, kernelWidth, strideHeight, strideWidth, padHeight, padWidth,
          dilationHeight, dilationWidth, bias ? 1 : 0};
    }

    @Override
    public String toString() {
      return "Conv2d.Spec" + toConfig().build();
    }
  }

  /** Registers {@code "conv2d"}: see the class comment for its configuration. */
  public static final class Provider implements LayerProvider {
    /** Called by {@link java.util.ServiceLoader}. */
    public Provider() {}

    @Override
    public String name() {
      return TYPE;
    }

    @Override
    public LayerFactory create(LayerConfig config) {
      ComponentConfig c =
          config.reader("layer 'conv2d'", "out_channels", "kernel_size", "stride", "padding", "dilation", "bias", "activation.*");
      Spec spec = Spec.fromConfig(c);
      Activation activation = c.activation("activation", null);
      return input -> new Conv2d(input, spec, activation);
    }
  }
}
