package dev.nn4j.core.math;

import com.google.common.math.IntMath;
import java.math.RoundingMode;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import java.util.function.IntConsumer;

/**
 * The loops of convolution and pooling over batches of images, each sample a row of {@code C·H·W} values
 * (channel, then row, then column, as PyTorch lays out {@code [N, C, H, W]}).
 *
 * <p>A convolution is a matrix product over unfolded windows ({@code im2col}): {@code cols} has one row per
 * kernel tap {@code (c, i, j)}, holding the input value that tap sees at every output position of every sample
 * of a group; the weights {@code [O, C·kh·kw]} times those rows give the outputs a row per output channel, laid
 * out sample by sample with the bias added. Backward runs the same steps the other way: the deltas a row per
 * channel, the products ({@code Wᵀ · δ} and {@code δ · colsᵀ}), and the fold ({@code col2im}), which adds each
 * unfolded gradient back to the input value it came from. The products go to the {@link ComputeBackend}, each on
 * the thread that unfolded its group ({@link ComputeBackend#gemmOnCallingThread}), so that a group's values stay
 * in its core's cache. In this layout (Caffe's) the values of a tap along an output row are a run in {@code cols}
 * (taken from a run of consecutive inputs with a stride of 1 across), and a channel's outputs are a run, so every
 * loop here copies or adds runs, with no test per element.
 *
 * <p>Every sum has a fixed order, so results do not depend on how a batch is split into groups or between
 * threads: each output is the chain over the taps in order, then its bias; each weight's and bias's gradient one
 * chain over the samples and positions of the whole batch in order; each input's gradient the sum of its
 * taps' terms, tap by tap.
 */
public final class ConvolutionKernels {
  private ConvolutionKernels() {}

  /**
   * A convolution's outputs before its activation, {@code z[s] = W · unfold(x[s]) + b} for every sample (each
   * output the chain over the taps in order, then its bias), a group of samples at a time, each group on one
   * thread from unfolding to layout in that thread's own buffers, its product on that thread. A group's unfolded
   * values and products stay in its core's cache, where a batch's went out to memory and back.
   *
   * @param x the batch, {@code [n, C·H·W]}
   * @param weights {@code W}, {@code [O, C·kh·kw]}
   * @param bias the bias of each output channel, {@code O} values, or null for none
   * @param channels {@code C}
   * @param height {@code H}
   * @param width {@code W}
   * @param window the kernel's geometry
   * @param groupValues the most values a group's unfolded inputs and products may hold ({@code (C·kh·kw + O)·P}
   *     a sample; a larger sample is a group of its own): what fits a core's cache
   * @param z receives the outputs, {@code [n, O·P]} with {@code P = outH·outW} positions
   */
  public static void convolve(
      Matrix x, Matrix weights, Matrix bias, int channels, int height, int width, Window2d window, int groupValues,
      Matrix z) {
    convolve(x, weights, bias, channels, height, width, window, groupValues, null, null, z);
  }

  /**
   * {@link #convolve} followed by an elementwise function, {@code a = f(z)}, applied as each group's outputs are
   * laid out: the outputs are written once, where {@code z} and then {@code a} were written and {@code z} read
   * back (for a layer that need not keep {@code z}). The same bits as {@code convolve} and then {@code f}. Each
   * plane of {@code a} (a sample's channel), once written, goes to {@code planes} while it is in cache.
   *
   * @param x the batch, {@code [n, C·H·W]}
   * @param weights {@code W}, {@code [O, C·kh·kw]}
   * @param bias the bias of each output channel, {@code O} values, or null for none
   * @param channels {@code C}
   * @param height {@code H}
   * @param width {@code W}
   * @param window the kernel's geometry
   * @param groupValues the most values a group's unfolded inputs and products may hold, as for {@link #convolve}
   * @param f the function, thread-safe; null for none
   * @param planes takes each plane of {@code a} once written; null for none
   * @param a receives {@code f(z)}, {@code [n, O·P]}
   */
  public static void convolve(
      Matrix x, Matrix weights, Matrix bias, int channels, int height, int width, Window2d window, int groupValues,
      DoubleUnaryOperator f, PlaneSink planes, Matrix a) {
    if (!(bias == null || bias.size() == weights.rows())) {
      throw new IllegalArgumentException(
          String.format(Locale.ROOT, "Expected %s biases, got %s", weights.rows(), bias.shape()));
    }
    inGroups(
        false, x, weights, bias == null ? null : bias.data(), f, planes, null, a, channels, height, width, window,
        groupValues);
  }

  /**
   * The gradient of a convolution's input, {@code dx[s] = fold(Wᵀ · δ[s])} for every sample, overwriting {@code
   * dx}: the deltas a row per channel, the product {@code Wᵀ · δ}, folded into zeros tap by tap, a group of
   * samples at a time per thread as {@link #convolve} computes.
   *
   * @param delta the gradient of the outputs before the activation, {@code [n, O·P]}
   * @param weights {@code W}, {@code [O, C·kh·kw]}
   * @param channels {@code C}
   * @param height {@code H}
   * @param width {@code W}
   * @param window the kernel's geometry
   * @param groupValues the most values a group's unfolded gradients and deltas may hold, as for {@link #convolve}
   * @param dx receives the gradient of the input, {@code [n, C·H·W]}
   */
  public static void convolutionInputGradient(
      Matrix delta, Matrix weights, int channels, int height, int width, Window2d window, int groupValues, Matrix dx) {
    convolutionInputGradient(delta, null, weights, channels, height, width, window, groupValues, dx);
  }

  /**
   * {@link #convolutionInputGradient(Matrix, Matrix, int, int, int, Window2d, int, Matrix)} with the deltas read
   * plane by plane from {@code deltaPlanes}, as they are laid out, unless it is null.
   *
   * @param delta the gradient of the outputs before the activation, {@code [n, O·P]}: its shape only, when the
   *     planes give its values
   * @param deltaPlanes gives each plane of {@code delta}, or null to read {@code delta}
   * @param weights {@code W}, {@code [O, C·kh·kw]}
   * @param channels {@code C}
   * @param height {@code H}
   * @param width {@code W}
   * @param window the kernel's geometry
   * @param groupValues the most values a group's unfolded gradients and deltas may hold, as for {@link #convolve}
   * @param dx receives the gradient of the input, {@code [n, C·H·W]}
   */
  public static void convolutionInputGradient(
      Matrix delta, PlaneSource deltaPlanes, Matrix weights, int channels, int height, int width, Window2d window,
      int groupValues, Matrix dx) {
    inGroups(true, dx, weights, null, null, null, deltaPlanes, delta, channels, height, width, window, groupValues);
  }

  /**
   * Adds the gradients of a convolution's weights, {@code dW += Σ_s δ[s] · unfold(x[s])ᵀ}, and of its bias,
   * {@code db[o] +=} every delta of channel {@code o}: each one chain over the samples and positions in order,
   * from the gradient's value, as {@link Kernels#addProductTransposeB} of the whole batch's deltas and unfolded
   * inputs computes it.
   * The threads share {@code dW}: each takes a block of its rows (output channels) or of its columns (taps),
   * whichever there are more of, and walks every group of samples in order, unfolding the taps and laying out
   * the deltas its block needs in its own cache, where the batch's unfolded values went out to memory and back.
   *
   * @param x the batch, {@code [n, C·H·W]}
   * @param delta the gradient of the outputs before the activation, {@code [n, O·P]}
   * @param channels {@code C}
   * @param height {@code H}
   * @param width {@code W}
   * @param window the kernel's geometry
   * @param groupValues the most values a group's unfolded inputs and deltas may hold, as for {@link #convolve}
   * @param weightGradient {@code dW}, {@code [O, C·kh·kw]}, added to
   * @param biasGradient {@code db}, {@code O} values, added to, or null for none
   */
  public static void addConvolutionWeightGradient(
      Matrix x, Matrix delta, int channels, int height, int width, Window2d window, int groupValues,
      Matrix weightGradient, Matrix biasGradient) {
    addConvolutionWeightGradient(
        x, delta, null, channels, height, width, window, groupValues, weightGradient, biasGradient);
  }

  /**
   * {@link #addConvolutionWeightGradient(Matrix, Matrix, int, int, int, Window2d, int, Matrix, Matrix)} with the
   * deltas read plane by plane from {@code deltaPlanes}, as they are laid out, unless it is null.
   *
   * @param x the batch, {@code [n, C·H·W]}
   * @param delta the gradient of the outputs before the activation, {@code [n, O·P]}: its shape only, when the
   *     planes give its values
   * @param deltaPlanes gives each plane of {@code delta}, or null to read {@code delta}
   * @param channels {@code C}
   * @param height {@code H}
   * @param width {@code W}
   * @param window the kernel's geometry
   * @param groupValues the most values a group's unfolded inputs and deltas may hold, as for {@link #convolve}
   * @param weightGradient {@code dW}, {@code [O, C·kh·kw]}, added to
   * @param biasGradient {@code db}, {@code O} values, added to, or null for none
   */
  public static void addConvolutionWeightGradient(
      Matrix x, Matrix delta, PlaneSource deltaPlanes, int channels, int height, int width, Window2d window,
      int groupValues, Matrix weightGradient, Matrix biasGradient) {
    if (!(biasGradient == null || biasGradient.size() == weightGradient.rows())) {
      throw new IllegalArgumentException(
          String.format(Locale.ROOT, "Expected %s bias gradients, got %s", weightGradient.rows(), biasGradient.shape()));
    }
    addConvolutionWeightGradient(
        x, delta, deltaPlanes, channels, height, width, window, groupValues, weightGradient, biasGradient,
        ParallelLoops.DEFAULT.threads());
  }

  /**
   * {@link #addConvolutionWeightGradient} with {@code dW} split into {@code tasks} blocks (at most one per tap
   * or channel), whatever the threads: the same bits for any split.
   */
  static void addConvolutionWeightGradient(
      Matrix x, Matrix delta, PlaneSource deltaPlanes, int channels, int height, int width, Window2d window,
      int groupValues, Matrix weightGradient, Matrix biasGradient, int tasks) {
    WeightGradient loop = WEIGHT_GRADIENTS.free();
    Geometry g = loop.geometry.set(x, 0, x.rows(), channels, height, width, window);
    int taps = channels * g.kernelHeight * g.kernelWidth;
    int positions = g.outHeight * g.outWidth;
    int outChannels = weightGradient.rows();
    checkProduct(x, weightGradient, delta, taps, positions, "deltas");
    if (x.rows() == 0) {
      return;
    }
    tasks = Math.min(tasks, Math.max(taps, outChannels));
    loop.set(
        x, delta, deltaPlanes, weightGradient, biasGradient == null ? null : biasGradient.data(), height, width, window,
        taps, positions, groupSize(x.rows(), (long) (taps + outChannels) * positions, groupValues, 1), tasks);
    try {
      ParallelLoops.DEFAULT.forTasks(tasks, loop);
    } finally {
      loop.clear();
    }
  }

  /** Checks that {@code weights} are {@code [O, taps]} and {@code outputs} {@code [n, O·P]} for {@code image}. */
  private static void checkProduct(Matrix image, Matrix weights, Matrix outputs, int taps, int positions, String what) {
    if (!(weights.cols() == taps && outputs.rows() == image.rows() && outputs.cols() == weights.rows() * positions)) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT,
              "Expected weights [O, %s] and %s [%s, O·%s] for images %s, got weights %s and %s",
              taps, what, image.rows(), positions, image.shape(), weights.shape(), outputs.shape()));
    }
  }

  /**
   * Samples per group of a batch of {@code n}: groups of equal size (but the last), each within {@code
   * groupValues} at {@code perSample} values a sample (a larger sample is a group of its own), as many as that
   * needs rounded up to a multiple of {@code shares}, so that threads taking groups in turn get equal shares.
   */
  private static int groupSize(int n, long perSample, int groupValues, int shares) {
    int most = (int) Math.max(1, Math.min(n, groupValues / Math.max(1L, perSample)));
    int groups = Math.min(n, IntMath.divide(IntMath.divide(n, most, RoundingMode.CEILING), shares, RoundingMode.CEILING) * shares);
    return IntMath.divide(n, groups, RoundingMode.CEILING);
  }

  /** Checks the shapes of {@link #convolve} or {@link #convolutionInputGradient}, then runs its groups. */
  private static void inGroups(
      boolean backward, Matrix image, Matrix weights, double[] bias, DoubleUnaryOperator f, PlaneSink planes,
      PlaneSource deltaPlanes, Matrix outputs, int channels, int height, int width, Window2d window, int groupValues) {
    Grouped loop = GROUPED.free();
    Geometry g = loop.geometry.set(image, 0, image.rows(), channels, height, width, window);
    int taps = channels * g.kernelHeight * g.kernelWidth;
    int positions = g.outHeight * g.outWidth;
    int n = image.rows();
    checkProduct(image, weights, outputs, taps, positions, backward ? "deltas" : "outputs");
    if (n == 0) {
      return;
    }
    int shares = 2 * ParallelLoops.DEFAULT.threads();
    int group = groupSize(n, (long) (taps + weights.rows()) * positions, groupValues, shares);
    loop.set(
        backward, image, weights, bias, f, planes, outputs, deltaPlanes, height, width, window, taps, positions, group,
        group == n);
    try {
      ParallelLoops.DEFAULT.forRange(
          IntMath.divide(n, group, RoundingMode.CEILING), (long) group * positions * taps * weights.rows(), loop);
    } finally {
      loop.clear();
    }
  }

  /*
   * The loops below are objects with their arguments in fields, one per calling thread (and a new one for a
   * call made while the thread's own is running), rather than lambdas that capture them: a training step
   * then allocates nothing. Each lets its arrays go when its loop is done.
   */

  private static final PerThread<Grouped> GROUPED = new PerThread<>(Grouped::new);
  private static final PerThread<WeightGradient> WEIGHT_GRADIENTS = new PerThread<>(WeightGradient::new);
  private static final PerThread<Unfold> UNFOLDS = new PerThread<>(Unfold::new);
  private static final PerThread<ToSamples> TO_SAMPLES = new PerThread<>(ToSamples::new);
  private static final PerThread<ToChannelRows> TO_CHANNEL_ROWS = new PerThread<>(ToChannelRows::new);
  private static final PerThread<MaxPool> MAX_POOLS = new PerThread<>(MaxPool::new);
  private static final PerThread<MaxPoolBackward> MAX_POOL_BACKWARDS = new PerThread<>(MaxPoolBackward::new);

  /**
   * A thread's buffers for its groups of samples, grown when a larger group needs them and kept, so that a steady
   * training step allocates nothing; but not kept past {@link #KEPT_VALUES}, which only a sample larger than the
   * groups' budget needs (a group of one), so that a thread does not hold such a sample's buffers for good. One
   * convolution at a time uses them on a thread: nothing a group calls (its product) convolves.
   */
  private static final class GroupBuffers {
    /** The most values a buffer keeps between calls: 8 MiB. */
    static final int KEPT_VALUES = 1 << 20;

    private static final double[] NONE = new double[0];

    private double[] unfolded = NONE;
    private double[] byChannel = NONE;
    private double[] gradient = NONE;
    /** Buffers of exactly a product's sizes, for a call of one group, whose product goes to the backend's threads. */
    private final ExactSizes exactUnfolded = new ExactSizes();
    private final ExactSizes exactByChannel = new ExactSizes();

    /** Lets go of buffers larger than {@link #KEPT_VALUES}: called when a thread's part of a call is done. */
    void trim() {
      unfolded = kept(unfolded);
      byChannel = kept(byChannel);
      gradient = kept(gradient);
      exactUnfolded.trim();
      exactByChannel.trim();
    }

    double[] unfolded(int size) {
      return unfolded = atLeast(unfolded, size);
    }

    double[] byChannel(int size) {
      return byChannel = atLeast(byChannel, size);
    }

    double[] gradient(int size) {
      return gradient = atLeast(gradient, size);
    }

    double[] exactUnfolded(int size) {
      return exactUnfolded.of(size);
    }

    double[] exactByChannel(int size) {
      return exactByChannel.of(size);
    }

    private static double[] atLeast(double[] buffer, int size) {
      return buffer.length < size ? new double[size] : buffer;
    }

    private static double[] kept(double[] buffer) {
      return buffer.length > KEPT_VALUES ? NONE : buffer;
    }

    /** Buffers of a few exact sizes, one per layer of a network of a few, the oldest replaced first. */
    private static final class ExactSizes {
      /** How many sizes a thread keeps of each kind. */
      static final int SIZES = 8;

      private final double[][] buffers = new double[SIZES][];
      private int next;

      double[] of(int size) {
        for (double[] buffer : buffers) {
          if (buffer != null && buffer.length == size) {
            return buffer;
          }
        }
        double[] made = buffers[next] = new double[size];
        next = (next + 1) % SIZES;
        return made;
      }

      void trim() {
        for (int i = 0; i < SIZES; i++) {
          buffers[i] = buffers[i] == null ? null : kept(buffers[i]);
        }
      }
    }
  }

  private static final ThreadLocal<GroupBuffers> GROUP_BUFFERS = ThreadLocal.withInitial(GroupBuffers::new);

  /**
   * What the loops over groups of samples share: the batch of images, the window, the group size and the backend
   * of the call, set at its start and let go at its end.
   */
  private abstract static class GroupLoop implements PerThread.Reusable {
    final Geometry geometry = new Geometry();
    Matrix image;
    int height;
    int width;
    Window2d window;
    int taps;
    int positions;
    int group;
    ComputeBackend backend;
    /** Gives the planes of the deltas, read in their place; or null. */
    PlaneSource deltaPlanes;

    final void setGroups(
        Matrix image, PlaneSource deltaPlanes, int height, int width, Window2d window, int taps, int positions,
        int group) {
      this.image = image;
      this.deltaPlanes = deltaPlanes;
      this.height = height;
      this.width = width;
      this.window = window;
      this.taps = taps;
      this.positions = positions;
      this.group = group;
      this.backend = Backends.current();
    }

    @Override
    public final boolean running() {
      return image != null;
    }

    /** Lets go of the call's arrays. */
    void clear() {
      image = null;
      window = null;
      backend = null;
      deltaPlanes = null;
    }
  }

  /**
   * The loop of {@link #convolve} and {@link #convolutionInputGradient} over groups of samples: each group is
   * unfolded or folded ({@link Unfold}), laid out ({@link ToSamples}, {@link ToChannelRows}) and multiplied on the
   * calling thread, in that thread's {@link GroupBuffers}.
   */
  private static final class Grouped extends GroupLoop implements ParallelLoops.Range {
    private boolean backward;
    private Matrix weights;
    private double[] bias;
    private DoubleUnaryOperator f;
    private PlaneSink planes;
    private Matrix outputs;
    private boolean oneGroup;

    void set(
        boolean backward, Matrix image, Matrix weights, double[] bias, DoubleUnaryOperator f, PlaneSink planes,
        Matrix outputs, PlaneSource deltaPlanes, int height, int width, Window2d window, int taps, int positions,
        int group, boolean oneGroup) {
      setGroups(image, deltaPlanes, height, width, window, taps, positions, group);
      this.backward = backward;
      this.weights = weights;
      this.bias = bias;
      this.f = f;
      this.planes = planes;
      this.outputs = outputs;
      this.oneGroup = oneGroup;
    }

    @Override
    void clear() {
      super.clear();
      weights = null;
      bias = null;
      f = null;
      planes = null;
      outputs = null;
    }

    @Override
    public void run(int firstGroup, int lastGroup) {
      GroupBuffers buffers = GROUP_BUFFERS.get();
      int n = image.rows();
      for (int g = firstGroup; g < lastGroup; g++) {
        int from = g * group;
        int to = Math.min(n, from + group);
        if (backward) {
          inputGradient(from, to, buffers);
        } else {
          forward(from, to, buffers);
        }
      }
      buffers.trim();
    }

    /** Unfolds samples {@code [from, to)}, multiplies by the weights, lays the outputs out with the bias. */
    private void forward(int from, int to, GroupBuffers buffers) {
      int outChannels = weights.rows();
      int columns = (to - from) * positions;
      double[] unfolded = oneGroup ? buffers.exactUnfolded(taps * columns) : buffers.unfolded(taps * columns);
      double[] products = oneGroup ? buffers.exactByChannel(outChannels * columns) : buffers.byChannel(outChannels * columns);
      unfoldGroup(image.data(), unfolded, false, from, to);
      multiply(false, outChannels, columns, taps, weights.data(), unfolded, products);
      ToSamples layout = TO_SAMPLES.free();
      layout.set(products, outputs.data(), bias, f, planes, from, to, outChannels, positions);
      try {
        layout.run(0, to - from);
      } finally {
        layout.clear();
      }
    }

    /** Lays out the deltas of samples {@code [from, to)} by channel, multiplies by {@code Wᵀ}, folds into zeros. */
    private void inputGradient(int from, int to, GroupBuffers buffers) {
      int outChannels = weights.rows();
      int columns = (to - from) * positions;
      double[] deltas = oneGroup ? buffers.exactByChannel(outChannels * columns) : buffers.byChannel(outChannels * columns);
      double[] unfolded = oneGroup ? buffers.exactUnfolded(taps * columns) : buffers.unfolded(taps * columns);
      ToChannelRows layout = TO_CHANNEL_ROWS.free();
      layout.set(outputs.data(), deltaPlanes, deltas, from, to, outChannels, positions, 0);
      try {
        layout.run(0, outChannels, null);
      } finally {
        layout.clear();
      }
      multiply(true, taps, columns, outChannels, weights.data(), deltas, unfolded);
      int sampleSize = image.cols();
      Arrays.fill(image.data(), from * sampleSize, to * sampleSize, 0.0);
      unfoldGroup(image.data(), unfolded, true, from, to);
    }

    /**
     * {@code c = op(W) · b}: on the calling thread, or, when the call is one group (a sample or a few, as in
     * serving), on the backend's threads, the arrays then of the product's sizes.
     */
    private void multiply(boolean transposeA, int m, int n, int k, double[] w, double[] b, double[] c) {
      if (oneGroup) {
        backend.gemm(transposeA, false, m, n, k, w, b, c);
      } else {
        backend.gemmOnCallingThread(transposeA, false, m, n, k, w, b, c, false);
      }
    }

    private void unfoldGroup(double[] pixels, double[] unfolded, boolean fold, int from, int to) {
      walk(image, pixels, unfolded, fold, from, to, height, width, window, 0, taps);
    }
  }

  /**
   * The loop of {@link #addConvolutionWeightGradient}: task {@code t} of {@code tasks} owns a block of {@code dW}
   * (rows or columns) and the bias gradients of a block of channels, copies them into its thread's buffer, adds
   * every group of samples in order ({@link ComputeBackend#gemmOnCallingThread}, accumulating), and copies them
   * back.
   */
  private static final class WeightGradient extends GroupLoop implements IntConsumer {
    private Matrix delta;
    private Matrix weightGradient;
    private double[] biasGradient;
    private int tasks;

    void set(
        Matrix image, Matrix delta, PlaneSource deltaPlanes, Matrix weightGradient, double[] biasGradient, int height,
        int width, Window2d window, int taps, int positions, int group, int tasks) {
      setGroups(image, deltaPlanes, height, width, window, taps, positions, group);
      this.delta = delta;
      this.weightGradient = weightGradient;
      this.biasGradient = biasGradient;
      this.tasks = tasks;
    }

    @Override
    void clear() {
      super.clear();
      delta = null;
      weightGradient = null;
      biasGradient = null;
    }

    @Override
    public void accept(int task) {
      int outChannels = weightGradient.rows();
      // The more numerous of taps and channels is split; each task walks all of the other.
      boolean byTaps = taps >= outChannels;
      int split = byTaps ? taps : outChannels;
      int start = (int) ((long) split * task / tasks);
      int end = (int) ((long) split * (task + 1) / tasks);
      int tapStart = byTaps ? start : 0;
      int tapEnd = byTaps ? end : taps;
      int channelStart = byTaps ? 0 : start;
      int channelEnd = byTaps ? outChannels : end;
      int sumStart = (int) ((long) outChannels * task / tasks);
      int sumEnd = (int) ((long) outChannels * (task + 1) / tasks);
      int blockRows = channelEnd - channelStart;
      int blockColumns = tapEnd - tapStart;
      GroupBuffers buffers = GROUP_BUFFERS.get();
      int n = image.rows();
      int most = Math.min(n, group) * positions;
      double[] unfolded = buffers.unfolded(blockColumns * most);
      double[] deltas = buffers.byChannel(blockRows * most);
      double[] block = buffers.gradient(blockRows * blockColumns);
      double[] dw = weightGradient.data();
      for (int o = 0; o < blockRows; o++) {
        System.arraycopy(dw, (channelStart + o) * taps + tapStart, block, o * blockColumns, blockColumns);
      }
      for (int from = 0; from < n; from += group) {
        int to = Math.min(n, from + group);
        walk(image, image.data(), unfolded, false, from, to, height, width, window, tapStart, tapEnd);
        layOutDeltas(deltas, from, to, channelStart, channelEnd, sumStart, sumEnd);
        backend.gemmOnCallingThread(
            false, true, blockRows, blockColumns, (to - from) * positions, deltas, unfolded, block, true);
      }
      for (int o = 0; o < blockRows; o++) {
        System.arraycopy(block, o * blockColumns, dw, (channelStart + o) * taps + tapStart, blockColumns);
      }
      buffers.trim();
    }

    /**
     * Channels {@code [channelStart, channelEnd)} of samples {@code [from, to)} a row each, from row 0 of {@code
     * deltas}, adding channels {@code [sumStart, sumEnd)} (within them) to the bias gradients.
     */
    private void layOutDeltas(double[] deltas, int from, int to, int channelStart, int channelEnd, int sumStart, int sumEnd) {
      int outChannels = weightGradient.rows();
      int rowLength = (to - from) * positions;
      ToChannelRows layout = TO_CHANNEL_ROWS.free();
      try {
        // The rows are laid out from channelStart on: shift the target so that channel channelStart is row 0.
        layout.set(delta.data(), deltaPlanes, deltas, from, to, outChannels, positions, -channelStart * rowLength);
        layout.run(channelStart, sumStart, null);
        layout.run(sumStart, sumEnd, biasGradient);
        layout.run(sumEnd, channelEnd, null);
      } finally {
        layout.clear();
      }
    }
  }

  /**
   * The sequential walk of {@link Unfold} over samples {@code [from, to)} of {@code image} and taps {@code
   * [tapStart, tapEnd)}, on the calling thread.
   */
  private static void walk(
      Matrix image, double[] pixels, double[] unfolded, boolean fold, int from, int to, int height, int width,
      Window2d window, int tapStart, int tapEnd) {
    Unfold walk = UNFOLDS.free();
    walk.geometry.set(image, from, to, image.cols() / (height * width), height, width, window);
    walk.set(pixels, unfolded, fold, from, height, width, window, tapStart, tapEnd);
    try {
      walk.run(0, to - from);
    } finally {
      walk.clear();
    }
  }

  /**
   * The walk over every window tap of a group of samples: unfolding copies each tap's input value to its entry of
   * {@code cols} (zero over padding), folding adds each entry back to its input value (skipping padding).
   */
  private static final class Unfold implements PerThread.Reusable {
    final Geometry geometry = new Geometry();
    private double[] pixels;
    private double[] unfolded;
    private boolean fold;
    private int from;
    private int height;
    private int width;
    private Window2d window;
    private int tapStart;
    private int tapEnd;

    /** The taps {@code [tapStart, tapEnd)}, whose rows start at row 0 of {@code unfolded}. */
    void set(
        double[] pixels, double[] unfolded, boolean fold, int from, int height, int width, Window2d window, int tapStart,
        int tapEnd) {
      this.pixels = pixels;
      this.unfolded = unfolded;
      this.fold = fold;
      this.from = from;
      this.height = height;
      this.width = width;
      this.window = window;
      this.tapStart = tapStart;
      this.tapEnd = tapEnd;
    }

    @Override
    public boolean running() {
      return unfolded != null;
    }

    void clear() {
      pixels = null;
      unfolded = null;
      window = null;
    }

    /**
     * Samples {@code [first, last)} of the group, one at a time so that its input stays in cache; for each
     * tap and output row, the columns whose input is inside the image form one run (between {@code
     * columnStart} and {@code columnEnd}), copied or added without a test per element, and zeros (unfolding)
     * on either side.
     */
    public void run(int first, int last) {
      // Locals, as a lambda's captured values are: loops over locals are what C2 optimizes best.
      Geometry g = geometry;
      double[] pixels = this.pixels;
      double[] unfolded = this.unfolded;
      boolean fold = this.fold;
      int from = this.from;
      int height = this.height;
      int width = this.width;
      Window2d window = this.window;
      int channels = g.channels;
      int planeSize = g.planeSize;
      int outHeight = g.outHeight;
      int outWidth = g.outWidth;
      int kernelHeight = g.kernelHeight;
      int kernelWidth = g.kernelWidth;
      int strideHeight = window.strideHeight();
      int strideWidth = window.strideWidth();
      int positions = outHeight * outWidth;
      int columns = g.columns;
      int tapStart = this.tapStart;
      int tapEnd = this.tapEnd;
      for (int s = first; s < last; s++) {
        int sample = (from + s) * g.sampleSize;
        int tap = 0;
        for (int c = 0; c < channels; c++) {
          int plane = sample + c * planeSize;
          for (int i = 0; i < kernelHeight; i++) {
            int rowOffset = i * window.dilationHeight() - window.padTop();
            for (int j = 0; j < kernelWidth; j++, tap++) {
              if (tap < tapStart || tap >= tapEnd) {
                continue;
              }
              int columnOffset = j * window.dilationWidth() - window.padLeft();
              // The output columns ox whose input column ox·stride + columnOffset is inside [0, width).
              int columnStart = Math.min(outWidth, Math.max(0, IntMath.divide(-columnOffset, strideWidth, RoundingMode.CEILING)));
              int columnEnd = Math.max(columnStart, Math.min(outWidth, IntMath.divide(width - columnOffset, strideWidth, RoundingMode.CEILING)));
              int d = (tap - tapStart) * columns + s * positions;
              for (int oy = 0; oy < outHeight; oy++, d += outWidth) {
                int iy = oy * strideHeight + rowOffset;
                if (iy < 0 || iy >= height) {
                  if (!fold) {
                    Arrays.fill(unfolded, d, d + outWidth, 0.0);
                  }
                  continue;
                }
                int at = plane + iy * width + columnOffset;
                if (fold) {
                  if (strideWidth == 1) {
                    for (int ox = columnStart; ox < columnEnd; ox++) {
                      pixels[at + ox] += unfolded[d + ox];
                    }
                  } else {
                    for (int ox = columnStart; ox < columnEnd; ox++) {
                      pixels[at + ox * strideWidth] += unfolded[d + ox];
                    }
                  }
                } else {
                  // Loops, not Arrays.fill: the edges are mostly empty, and an empty fill still costs a call
                  // (3 % of a W4 step).
                  for (int ox = 0; ox < columnStart; ox++) {
                    unfolded[d + ox] = 0.0;
                  }
                  if (strideWidth == 1) {
                    // Only a run that is there: an empty one may start outside the image, which arraycopy refuses.
                    if (columnEnd > columnStart) {
                      System.arraycopy(pixels, at + columnStart, unfolded, d + columnStart, columnEnd - columnStart);
                    }
                  } else {
                    for (int ox = columnStart; ox < columnEnd; ox++) {
                      unfolded[d + ox] = pixels[at + ox * strideWidth];
                    }
                  }
                  for (int ox = columnEnd; ox < outWidth; ox++) {
                    unfolded[d + ox] = 0.0;
                  }
                }
              }
            }
          }
        }
      }
    }
  }

  /**
   * Lays out a group's products, a row per output channel, sample by sample, adding the bias: {@code z[s, o·P +
   * p] = products[o, (s − from)·P + p] + bias[o]}, then {@code f} of that unless {@code f} is null; each plane then
   * goes to {@code planes} unless it is null.
   */
  private static final class ToSamples implements PerThread.Reusable {
    private double[] in;
    private double[] out;
    private double[] b;
    private DoubleUnaryOperator f;
    private PlaneSink planes;
    private int from;
    private int to;
    private int channels;
    private int positions;

    void set(
        double[] in, double[] out, double[] b, DoubleUnaryOperator f, PlaneSink planes, int from, int to, int channels,
        int positions) {
      this.in = in;
      this.out = out;
      this.b = b;
      this.f = f;
      this.planes = planes;
      this.from = from;
      this.to = to;
      this.channels = channels;
      this.positions = positions;
    }

    @Override
    public boolean running() {
      return in != null;
    }

    void clear() {
      in = null;
      out = null;
      b = null;
      f = null;
      planes = null;
    }

    public void run(int first, int last) {
      double[] in = this.in;
      double[] out = this.out;
      double[] b = this.b;
      DoubleUnaryOperator f = this.f;
      int channels = this.channels;
      int positions = this.positions;
      int columns = (to - from) * positions;
      for (int s = first; s < last; s++) {
        int sample = (from + s) * channels * positions;
        for (int o = 0; o < channels; o++) {
          double add = b == null ? 0.0 : b[o];
          int source = o * columns + s * positions;
          int plane = sample + o * positions;
          for (int p = 0; p < positions; p++) {
            out[plane + p] = in[source + p] + add;
          }
          if (f != null) {
            applyInPlace(f, out, plane, plane + positions);
          }
          if (planes != null) {
            planes.plane(from + s, o);
          }
        }
      }
    }
  }

  /**
   * {@code x[i] = f(x[i])} over {@code [from, to)}: a loop of its own, which C2 can vectorize once it inlines {@code
   * f} (inside the layout's loop it did not: 3.2 against 2.0 ms for W4's first convolution and ReLU).
   */
  private static void applyInPlace(DoubleUnaryOperator f, double[] x, int from, int to) {
    for (int i = from; i < to; i++) {
      x[i] = f.applyAsDouble(x[i]);
    }
  }

  /**
   * Lays out a group's deltas a row per channel, {@code deltas[o, (s − from)·P + p] = δ[s, o·P + p]}, for a range
   * of channels (each plane copied, or written by a {@link PlaneSource}); and, given {@code sums}, {@code sums[o]}
   * grows by each value of channel {@code o} in that order, one after the other: how the bias's gradient is added
   * as the deltas are laid out.
   */
  private static final class ToChannelRows implements PerThread.Reusable {
    private double[] in;
    private PlaneSource planes;
    private double[] out;
    private int from;
    private int to;
    private int channels;
    private int positions;
    private int offset;

    /**
     * With channel {@code o}'s row at {@code offset + o·(to − from)·P} of {@code out}; each plane read from {@code
     * planes} instead of {@code in} unless it is null.
     */
    void set(double[] in, PlaneSource planes, double[] out, int from, int to, int channels, int positions, int offset) {
      this.in = in;
      this.planes = planes;
      this.out = out;
      this.from = from;
      this.to = to;
      this.channels = channels;
      this.positions = positions;
      this.offset = offset;
    }

    @Override
    public boolean running() {
      return in != null;
    }

    void clear() {
      in = null;
      planes = null;
      out = null;
    }

    /** Channels {@code [firstChannel, lastChannel)}, adding their deltas to {@code sums} unless it is null. */
    void run(int firstChannel, int lastChannel, double[] sums) {
      double[] in = this.in;
      PlaneSource planes = this.planes;
      double[] out = this.out;
      int from = this.from;
      int samples = this.to - from;
      int sampleSize = this.channels * this.positions;
      int positions = this.positions;
      int rowLength = samples * positions;
      for (int o = firstChannel; o < lastChannel; o++) {
        int row = offset + o * rowLength;
        for (int s = 0; s < samples; s++) {
          if (planes == null) {
            System.arraycopy(in, (from + s) * sampleSize + o * positions, out, row + s * positions, positions);
          } else {
            planes.plane(from + s, o, out, row + s * positions);
          }
        }
      }
      if (sums != null) {
        addRowSums(out, offset, rowLength, firstChannel, lastChannel, sums);
      }
    }

    /**
     * {@code sums[o]} grows by each value of row {@code o} (at {@code offset + o·rowLength}) in order, one after
     * the other, for rows {@code [first, last)}: eight rows at a time, so that eight chains of additions overlap
     * where one waited for each addition (4 cycles) before the next. The same bits as one row at a time.
     * Measured on W4's first convolution (deltas of 32 channels of 26 x 26): its weight gradient took 2.8 ms a
     * batch of 128 with one chain, mostly these sums.
     */
    private static void addRowSums(double[] rows, int offset, int rowLength, int first, int last, double[] sums) {
      int o = first;
      for (; o + 8 <= last; o += 8) {
        int r = offset + o * rowLength;
        double s0 = sums[o];
        double s1 = sums[o + 1];
        double s2 = sums[o + 2];
        double s3 = sums[o + 3];
        double s4 = sums[o + 4];
        double s5 = sums[o + 5];
        double s6 = sums[o + 6];
        double s7 = sums[o + 7];
        for (int i = r; i < r + rowLength; i++) {
          s0 += rows[i];
          s1 += rows[i + rowLength];
          s2 += rows[i + 2 * rowLength];
          s3 += rows[i + 3 * rowLength];
          s4 += rows[i + 4 * rowLength];
          s5 += rows[i + 5 * rowLength];
          s6 += rows[i + 6 * rowLength];
          s7 += rows[i + 7 * rowLength];
        }
        sums[o] = s0;
        sums[o + 1] = s1;
        sums[o + 2] = s2;
        sums[o + 3] = s3;
        sums[o + 4] = s4;
        sums[o + 5] = s5;
        sums[o + 6] = s6;
        sums[o + 7] = s7;
      }
      for (; o < last; o++) {
        int r = offset + o * rowLength;
        double sum = sums[o];
        for (int i = r; i < r + rowLength; i++) {
          sum += rows[i];
        }
        sums[o] = sum;
      }
    }
  }

  /**
   * Max pooling, as PyTorch's {@code max_pool2d} computes it: each output is the largest input under its
   * window (padding counts as minus infinity; a NaN wins), and {@code argmax} records where in its sample
   * that input is ({@code c·H·W + y·W + x}), the first one in window order on ties.
   *
   * @param x the batch, {@code [n, C·H·W]}
   * @param channels {@code C}
   * @param height {@code H}
   * @param width {@code W}
   * @param window the pooling window: no dilation, padding at most half the kernel
   * @param y receives the maxima, {@code [n, C·outH·outW]}
   * @param argmax receives the index of each maximum within its sample, shaped as {@code y}
   */
  public static void maxPool(Matrix x, int channels, int height, int width, Window2d window, Matrix y, Matrix argmax) {
    MaxPool loop = MAX_POOLS.free();
    Geometry g = loop.geometry.set(x, 0, x.rows(), channels, height, width, window);
    g.checkPooled(y);
    g.checkPooled(argmax);
    loop.set(x.data(), y.data(), argmax.data(), height, width, window);
    int outputs = channels * g.outHeight * g.outWidth;
    try {
      ParallelLoops.DEFAULT.forRange(x.rows(), (long) outputs * g.kernelHeight * g.kernelWidth, loop);
    } finally {
      loop.clear();
    }
  }

  /**
   * {@link #maxPool} a plane at a time, each as soon as the layer before has written it (see {@link PlaneSink}),
   * while it is in that core's cache; the same outputs and indices. Reusable: set it for each batch.
   */
  public static final class MaxPoolPlanes implements PlaneSink {
    private final MaxPool pool = new MaxPool();

    /** A sink to set with {@link #set}. */
    public MaxPoolPlanes() {}

    /**
     * Pools into {@code y} and {@code argmax} each plane of {@code x} handed to {@link #plane}, as {@link #maxPool}
     * with these arguments would.
     *
     * @param x the batch, {@code [n, C·H·W]}, whose planes are to be written
     * @param channels {@code C}
     * @param height {@code H}
     * @param width {@code W}
     * @param window the pooling window: no dilation, padding at most half the kernel
     * @param y receives the maxima, {@code [n, C·outH·outW]}
     * @param argmax receives the index of each maximum within its sample, shaped as {@code y}
     * @return this sink
     */
    public MaxPoolPlanes set(Matrix x, int channels, int height, int width, Window2d window, Matrix y, Matrix argmax) {
      Geometry g = pool.geometry.set(x, 0, x.rows(), channels, height, width, window);
      g.checkPooled(y);
      g.checkPooled(argmax);
      if (!(y.rows() == x.rows() && argmax.rows() == x.rows())) {
        throw new IllegalArgumentException(
            String.format(Locale.ROOT, "Expected %s rows in y %s and argmax %s", x.rows(), y.shape(), argmax.shape()));
      }
      pool.set(x.data(), y.data(), argmax.data(), height, width, window);
      return this;
    }

    @Override
    public void plane(int sample, int channel) {
      pool.plane(sample, channel);
    }
  }

  /** The loop of {@link #maxPool} over samples. */
  private static final class MaxPool implements ParallelLoops.Range, PerThread.Reusable {
    final Geometry geometry = new Geometry();
    private double[] in;
    private double[] out;
    private double[] at;
    private int height;
    private int width;
    private Window2d window;
    private boolean halving;

    void set(double[] in, double[] out, double[] at, int height, int width, Window2d window) {
      this.in = in;
      this.out = out;
      this.at = at;
      this.height = height;
      this.width = width;
      this.window = window;
      this.halving = halves(window);
    }

    @Override
    public boolean running() {
      return in != null;
    }

    void clear() {
      in = null;
      out = null;
      at = null;
      window = null;
    }

    /** Samples {@code [first, last)}, channel by channel. */
    @Override
    public void run(int first, int last) {
      for (int s = first; s < last; s++) {
        for (int c = 0; c < geometry.channels; c++) {
          plane(s, c);
        }
      }
    }

    /**
     * Channel {@code c} of sample {@code s}. Windows of 2 x 2 with stride 2 and no padding (the usual halving)
     * take the fast path of {@link #poolPairs}; any other window the general loop.
     */
    void plane(int s, int c) {
      Geometry g = geometry;
      double[] in = this.in;
      double[] out = this.out;
      double[] at = this.at;
      int height = this.height;
      int width = this.width;
      Window2d window = this.window;
      int outHeight = g.outHeight;
      int outWidth = g.outWidth;
      int kernelHeight = g.kernelHeight;
      int kernelWidth = g.kernelWidth;
      int sample = s * g.sampleSize;
      int plane = c * g.planeSize;
      int d = (s * g.channels + c) * outHeight * outWidth;
      if (halving) {
        for (int oy = 0; oy < outHeight; oy++, d += outWidth) {
          poolPairs(in, out, at, sample, plane, 2 * oy, width, outWidth, d);
        }
        return;
      }
      for (int oy = 0; oy < outHeight; oy++) {
        int y0 = oy * window.strideHeight() - window.padTop();
        int yStart = Math.max(y0, 0);
        int yEnd = Math.min(y0 + kernelHeight, height);
        for (int ox = 0; ox < outWidth; ox++, d++) {
          int x0 = ox * window.strideWidth() - window.padLeft();
          int best = firstMax(in, sample, plane, width, yStart, yEnd, Math.max(x0, 0), Math.min(x0 + kernelWidth, width));
          out[d] = in[sample + best];
          at[d] = best;
        }
      }
    }

    /** Whether {@code window} is 2 x 2 with stride 2 and no padding, so that every window lies in the image. */
    private static boolean halves(Window2d window) {
      return window.kernelHeight() == 2
          && window.kernelWidth() == 2
          && window.strideHeight() == 2
          && window.strideWidth() == 2
          && window.padTop() == 0
          && window.padLeft() == 0
          && window.padBottom() == 0
          && window.padRight() == 0
          && window.dilationHeight() == 1
          && window.dilationWidth() == 1;
    }

    /**
     * PyTorch's choice among the inputs of rows {@code [yStart, yEnd)} and columns {@code [xStart, xEnd)} of a
     * plane (at least one input, as padding is at most half the kernel): a larger value or a NaN takes the
     * place, and a NaN, once taken, stays; so the first NaN in window order, else the first largest value
     * ({@code -0.0} and {@code 0.0} are equal).
     *
     * @return the index of the chosen input within its sample
     */
    private static int firstMax(double[] in, int sample, int plane, int width, int yStart, int yEnd, int xStart, int xEnd) {
      int best = plane + yStart * width + xStart;
      double max = in[sample + best];
      for (int iy = yStart; iy < yEnd; iy++) {
        int row = sample + plane + iy * width;
        for (int ix = xStart; ix < xEnd; ix++) {
          double v = in[row + ix];
          if (v > max || (v != v && max == max)) {
            max = v;
            best = plane + iy * width + ix;
          }
        }
      }
      return best;
    }

    /**
     * One output row of 2 x 2 windows with stride 2 inside the image, over rows {@code y} and {@code y + 1}
     * of the plane starting at {@code plane} within the sample, to outputs {@code [d, d + outWidth)}. Without
     * NaNs {@link #firstMax}'s choice is a tournament: the first largest of each window row ({@code b > a}: a
     * tie keeps the left one), then the bottom row's only if strictly larger. Each comparison picks between two
     * indices (C2 can use conditional moves there, where the general loop's branch mispredicts on ReLU
     * outputs: about 1 against 5 ns an input), and the values compared and chosen are read back by their index,
     * keeping their exact bits (cheaper than {@link Math#max}, whose handling of NaN and signed zeros cost 18 % of
     * the loop in cache). The row's {@code check} sums every input: a row with a NaN (or infinities of both signs)
     * is redone by {@link #firstMax}.
     */
    private static void poolPairs(
        double[] in, double[] out, double[] at, int sample, int plane, int y, int width, int outWidth, int d) {
      int top = plane + y * width;
      int source = sample + top;
      double check = 0.0;
      for (int ox = 0; ox < outWidth; ox++) {
        int i = source + 2 * ox;
        double a = in[i];
        double b = in[i + 1];
        double c = in[i + width];
        double e = in[i + width + 1];
        int left = b > a ? 1 : 0;
        int right = e > c ? width + 1 : width;
        int best = in[i + right] > in[i + left] ? right : left;
        out[d + ox] = in[i + best];
        at[d + ox] = top + 2 * ox + best;
        check += (a + b) + (c + e);
      }
      if (check != check) {
        for (int ox = 0; ox < outWidth; ox++) {
          int best = firstMax(in, sample, plane, width, y, y + 2, 2 * ox, 2 * ox + 2);
          out[d + ox] = in[sample + best];
          at[d + ox] = best;
        }
      }
    }
  }

  /**
   * The input gradient of {@link #maxPool}: each output's gradient goes to the input it took, and the
   * gradients of overlapping windows that took the same input add up.
   *
   * @param dy the output gradients, {@code [n, C·outH·outW]}
   * @param argmax the indices {@link #maxPool} recorded, shaped as {@code dy}
   * @param dx receives the input gradients, {@code [n, C·H·W]}, overwritten
   */
  public static void maxPoolBackward(Matrix dy, Matrix argmax, Matrix dx) {
    if (!(dy.sameShape(argmax) && dy.rows() == dx.rows())) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT,
              "Expected dy %s like argmax %s, %s rows in dx %s",
              dy.shape(), argmax.shape(), dy.rows(), dx.shape()));
    }
    MaxPoolBackward loop = MAX_POOL_BACKWARDS.free();
    loop.set(dy.data(), argmax.data(), dx.data(), dy.cols(), dx.cols());
    try {
      ParallelLoops.DEFAULT.forRange(dy.rows(), dx.cols() + (long) dy.cols(), loop);
    } finally {
      loop.clear();
    }
  }

  /**
   * The input gradient of {@link #maxPool} through the activation {@code a = f(z)} that made its inputs, for
   * windows that do not overlap, a plane at a time where the convolution before lays it out ({@link PlaneSource}):
   * {@code dL/dz} at each input a window took is {@code (0 + dy) · f'(y, y)}, with {@code y} the window's output
   * (that input's value), and 0 at every other input. These are the bits of {@link #maxPoolBackward} followed by
   * the activation's backward given its outputs ({@link Kernels#chainElementwise}) for a derivative that is finite
   * and not negative where no window took the input (ReLU's, the sigmoid's, tanh's); and no batch of gradients
   * written out and read back. Reusable: set it for each batch.
   */
  public static final class MaxPoolGradientPlanes implements PlaneSource {
    private double[] g;
    private double[] at;
    private double[] y;
    private DoubleBinaryOperator derivative;
    private int outputs;
    private int planeOutputs;
    private int planeSize;

    /** Planes to set with {@link #set}. */
    public MaxPoolGradientPlanes() {}

    /**
     * Gives the planes of {@code dL/dz} for these gradients of a max pooling's outputs.
     *
     * @param dy the output gradients, {@code [n, C·outH·outW]}
     * @param argmax the indices {@link #maxPool} recorded, shaped as {@code dy}
     * @param y the maxima {@link #maxPool} computed, shaped as {@code dy}
     * @param derivative {@code f'(z, a)}, a function of {@code a}: given the output twice
     * @param channels {@code C}
     * @param height {@code H}
     * @param width {@code W}
     * @param window the pooling window, whose windows do not overlap
     * @return these planes
     * @throws IllegalArgumentException if the shapes do not match or the windows overlap
     */
    public MaxPoolGradientPlanes set(
        Matrix dy, Matrix argmax, Matrix y, DoubleBinaryOperator derivative, int channels, int height, int width,
        Window2d window) {
      int outHeight = window.outputHeight(height);
      int outWidth = window.outputWidth(width);
      if (!(dy.sameShape(argmax) && dy.sameShape(y) && dy.cols() == channels * outHeight * outWidth)) {
        throw new IllegalArgumentException(
            String.format(
                Locale.ROOT,
                "Expected dy, argmax and y of %s values a sample (%s x %s x %s), got %s, %s and %s",
                channels * outHeight * outWidth, channels, outHeight, outWidth, dy.shape(), argmax.shape(), y.shape()));
      }
      if (window.strideHeight() < window.kernelHeight() || window.strideWidth() < window.kernelWidth()) {
        throw new IllegalArgumentException("Expected windows that do not overlap, got " + window);
      }
      this.g = dy.data();
      this.at = argmax.data();
      this.y = y.data();
      this.derivative = Objects.requireNonNull(derivative, "derivative");
      this.outputs = dy.cols();
      this.planeOutputs = outHeight * outWidth;
      this.planeSize = height * width;
      return this;
    }

    @Override
    public void plane(int sample, int channel, double[] out, int offset) {
      double[] g = this.g;
      double[] at = this.at;
      double[] y = this.y;
      DoubleBinaryOperator derivative = this.derivative;
      Arrays.fill(out, offset, offset + planeSize, 0.0);
      // argmax is within the sample: shift it to the plane's start in out.
      int shift = offset - channel * planeSize;
      int first = sample * outputs + channel * planeOutputs;
      for (int k = first; k < first + planeOutputs; k++) {
        out[shift + (int) at[k]] = (0.0 + g[k]) * derivative.applyAsDouble(y[k], y[k]);
      }
    }
  }

  /** The loop of {@link #maxPoolBackward} over samples. */
  private static final class MaxPoolBackward implements ParallelLoops.Range, PerThread.Reusable {
    private double[] g;
    private double[] at;
    private double[] out;
    private int outputs;
    private int inputs;

    void set(double[] g, double[] at, double[] out, int outputs, int inputs) {
      this.g = g;
      this.at = at;
      this.out = out;
      this.outputs = outputs;
      this.inputs = inputs;
    }

    @Override
    public boolean running() {
      return g != null;
    }

    void clear() {
      g = null;
      at = null;
      out = null;
    }

    @Override
    public void run(int firstSample, int lastSample) {
      double[] g = this.g;
      double[] at = this.at;
      double[] out = this.out;
      int outputs = this.outputs;
      int inputs = this.inputs;
      for (int s = firstSample; s < lastSample; s++) {
        int first = s * outputs;
        int sample = s * inputs;
        // A sample's gradients are cleared just before its scatter, so that they are still in cache for it.
        Arrays.fill(out, sample, sample + inputs, 0.0);
        for (int k = 0; k < outputs; k++) {
          out[sample + (int) at[first + k]] += g[first + k];
        }
      }
    }
  }

  /**
   * Average pooling, as PyTorch's {@code avg_pool2d} computes it: each output is the sum of the inputs under
   * its window divided by the window's size, counting the padding when {@code countIncludePad} (PyTorch's
   * default), else only the inputs it covers.
   *
   * @param x the batch, {@code [n, C·H·W]}
   * @param channels {@code C}
   * @param height {@code H}
   * @param width {@code W}
   * @param window the pooling window (no dilation)
   * @param countIncludePad whether padding counts in the divisor
   * @param y receives the averages, {@code [n, C·outH·outW]}
   */
  public static void avgPool(Matrix x, int channels, int height, int width, Window2d window, boolean countIncludePad, Matrix y) {
    Geometry g = new Geometry().set(x, 0, x.rows(), channels, height, width, window);
    g.checkPooled(y);
    double[] in = x.data();
    double[] out = y.data();
    int d = 0;
    for (int s = 0; s < x.rows(); s++) {
      int sample = s * g.sampleSize;
      for (int c = 0; c < channels; c++) {
        int plane = sample + c * g.planeSize;
        for (int oy = 0; oy < g.outHeight; oy++) {
          for (int ox = 0; ox < g.outWidth; ox++, d++) {
            AveragingWindow w = AveragingWindow.at(oy, ox, height, width, window, countIncludePad);
            double sum = 0.0;
            for (int iy = w.yStart; iy < w.yEnd; iy++) {
              for (int ix = w.xStart; ix < w.xEnd; ix++) {
                sum += in[plane + iy * width + ix];
              }
            }
            out[d] = sum / w.divisor;
          }
        }
      }
    }
  }

  /**
   * The input gradient of {@link #avgPool}: each output's gradient, divided as its average was, goes to every
   * input under its window; overlapping windows add up.
   *
   * @param dy the output gradients, {@code [n, C·outH·outW]}
   * @param channels {@code C}
   * @param height {@code H}
   * @param width {@code W}
   * @param window the pooling window
   * @param countIncludePad whether padding counted in the divisor
   * @param dx receives the input gradients, {@code [n, C·H·W]}, overwritten
   */
  public static void avgPoolBackward(
      Matrix dy, int channels, int height, int width, Window2d window, boolean countIncludePad, Matrix dx) {
    Geometry g = new Geometry().set(dx, 0, dx.rows(), channels, height, width, window);
    g.checkPooled(dy);
    Arrays.fill(dx.data(), 0.0);
    double[] in = dy.data();
    double[] out = dx.data();
    int d = 0;
    for (int s = 0; s < dy.rows(); s++) {
      int sample = s * g.sampleSize;
      for (int c = 0; c < channels; c++) {
        int plane = sample + c * g.planeSize;
        for (int oy = 0; oy < g.outHeight; oy++) {
          for (int ox = 0; ox < g.outWidth; ox++, d++) {
            AveragingWindow w = AveragingWindow.at(oy, ox, height, width, window, countIncludePad);
            double share = in[d] / w.divisor;
            for (int iy = w.yStart; iy < w.yEnd; iy++) {
              for (int ix = w.xStart; ix < w.xEnd; ix++) {
                out[plane + iy * width + ix] += share;
              }
            }
          }
        }
      }
    }
  }

  /**
   * The mean of each channel of each sample: {@code y[s, c] = Σ_p x[s, c·P + p] / P}.
   *
   * @param x the batch, {@code [n, C·P]}
   * @param positions {@code P}, the values of a channel ({@code H·W})
   * @param y receives the means, {@code [n, C]}
   */
  public static void channelMeans(Matrix x, int positions, Matrix y) {
    if (!(x.rows() == y.rows() && x.cols() == y.cols() * positions)) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT,
              "Expected [n, C·%s] into [n, C], got %s into %s",
              positions, x.shape(), y.shape()));
    }
    double[] in = x.data();
    double[] out = y.data();
    for (int k = 0; k < out.length; k++) {
      double sum = 0.0;
      int first = k * positions;
      for (int p = 0; p < positions; p++) {
        sum += in[first + p];
      }
      out[k] = sum / positions;
    }
  }

  /**
   * The input gradient of {@link #channelMeans}: each channel's gradient, divided by {@code P}, goes to each
   * of its values.
   *
   * @param dy the gradients of the means, {@code [n, C]}
   * @param positions {@code P}
   * @param dx receives the input gradients, {@code [n, C·P]}
   */
  public static void channelMeansBackward(Matrix dy, int positions, Matrix dx) {
    if (!(dx.rows() == dy.rows() && dx.cols() == dy.cols() * positions)) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT,
              "Expected [n, C] into [n, C·%s], got %s into %s",
              positions, dy.shape(), dx.shape()));
    }
    double[] in = dy.data();
    double[] out = dx.data();
    for (int k = 0; k < in.length; k++) {
      Arrays.fill(out, k * positions, (k + 1) * positions, in[k] / positions);
    }
  }

  /**
   * The sizes a window over a batch of images works with, checked against the batch once; set anew for each
   * call by the loop that holds it.
   */
  private static final class Geometry {
    int sampleSize;
    int planeSize;
    int outHeight;
    int outWidth;
    int kernelHeight;
    int kernelWidth;
    int channels;
    int columns;

    Geometry set(Matrix batch, int from, int to, int channels, int height, int width, Window2d window) {
      this.planeSize = height * width;
      this.sampleSize = channels * planeSize;
      if (!(batch.cols() == sampleSize)) {
        throw new IllegalArgumentException(
            String.format(
                Locale.ROOT,
                "Expected samples of %s values (%s x %s x %s), got %s",
                sampleSize, channels, height, width, batch.cols()));
      }
      if (!(0 <= from && from <= to && to <= batch.rows())) {
        throw new IllegalArgumentException(
            String.format(Locale.ROOT, "Expected samples [%s, %s) of %s", from, to, batch.rows()));
      }
      this.outHeight = window.outputHeight(height);
      this.outWidth = window.outputWidth(width);
      this.kernelHeight = window.kernelHeight();
      this.kernelWidth = window.kernelWidth();
      this.channels = channels;
      this.columns = (to - from) * outHeight * outWidth;
      return this;
    }

    void checkPooled(Matrix pooled) {
      if (!(pooled.cols() == channels * outHeight * outWidth)) {
        throw new IllegalArgumentException(
            String.format(
                Locale.ROOT,
                "Expected pooled samples of %s values (%s x %s x %s), got %s",
                channels * outHeight * outWidth, channels, outHeight, outWidth, pooled.shape()));
      }
    }
  }

  /** The inputs an average-pooling window covers and what its sum is divided by, as PyTorch counts them. */
  private record AveragingWindow(int yStart, int yEnd, int xStart, int xEnd, int divisor) {
    static AveragingWindow at(int oy, int ox, int height, int width, Window2d window, boolean countIncludePad) {
      int yStart = oy * window.strideHeight() - window.padTop();
      int xStart = ox * window.strideWidth() - window.padLeft();
      int yEnd = Math.min(yStart + window.kernelHeight(), height + window.padBottom());
      int xEnd = Math.min(xStart + window.kernelWidth(), width + window.padRight());
      int padded = (yEnd - yStart) * (xEnd - xStart);
      yStart = Math.max(yStart, 0);
      xStart = Math.max(xStart, 0);
      yEnd = Math.min(yEnd, height);
      xEnd = Math.min(xEnd, width);
      return new AveragingWindow(yStart, yEnd, xStart, xEnd, countIncludePad ? padded : (yEnd - yStart) * (xEnd - xStart));
    }
  }
}
