package dev.nn4j.core.math;

import com.google.common.math.IntMath;
import java.math.RoundingMode;
import java.util.Arrays;
import java.util.Locale;

/**
 * The loops of convolution and pooling over batches of images, each sample a row of {@code C·H·W} values
 * (channel, then row, then column, as PyTorch lays out {@code [N, C, H, W]}).
 *
 * <p>A convolution is a matrix product over unfolded windows ({@code im2col}): {@link #im2col} writes one row
 * per kernel tap {@code (c, i, j)}, holding the input value that tap sees at every output position of every
 * sample of a chunk; the weights {@code [out, C·kh·kw]} times those rows give the outputs a row per output
 * channel, which {@link #channelRowsToSamples} lays out sample by sample (adding the bias). Backward runs the
 * same steps the other way: {@link #samplesToChannelRows}, the products, and {@link #col2imAdd}, which adds
 * each unfolded gradient back to the input value it came from. The products go to the {@link ComputeBackend}.
 * In this layout (Caffe's) the values of a tap along an output row are a run in {@code cols} (taken from a run
 * of consecutive inputs with a stride of 1 across), and a channel's outputs are a run, so every loop here
 * copies or adds runs, with no test per element.
 *
 * <p>Every method works on the samples {@code [from, to)} of its batch, so that a layer can take a large
 * batch a bounded chunk at a time; the order of every sum is fixed, so results do not depend on how a batch
 * is split between threads.
 */
public final class ConvolutionKernels {
  private ConvolutionKernels() {}

  /**
   * Unfolds samples {@code [from, to)} of {@code x}: row {@code (c·kh + i)·kw + j} of {@code cols} holds, at
   * column {@code (s − from)·P + p} (with {@code P = outH·outW} positions), the input value that kernel tap
   * {@code (c, i, j)} sees at output position {@code p} of sample {@code s}, zero where it is over padding.
   *
   * @param x the batch, {@code [n, C·H·W]}
   * @param from the first sample
   * @param to the sample after the last
   * @param channels {@code C}
   * @param height {@code H}
   * @param width {@code W}
   * @param window the kernel's geometry
   * @param cols receives the unfolded values, {@code [C·kh·kw, (to − from)·P]}
   */
  public static void im2col(Matrix x, int from, int to, int channels, int height, int width, Window2d window, Matrix cols) {
    unfold(x, cols, false, from, to, channels, height, width, window);
  }

  /**
   * Adds unfolded gradients back to the inputs they came from, the reverse of {@link #im2col}: for every
   * entry of {@code cols} that {@code im2col} took from an input value (not from padding), that value's
   * entry in {@code dx} grows by it. Overlapping windows add up, tap by tap.
   *
   * @param cols the unfolded gradients, {@code [C·kh·kw, (to − from)·P]}
   * @param from the first sample
   * @param to the sample after the last
   * @param channels {@code C}
   * @param height {@code H}
   * @param width {@code W}
   * @param window the kernel's geometry
   * @param dx the input gradients, {@code [n, C·H·W]}, added to
   */
  public static void col2imAdd(Matrix cols, int from, int to, int channels, int height, int width, Window2d window, Matrix dx) {
    unfold(dx, cols, true, from, to, channels, height, width, window);
  }

  /**
   * The one walk over every window tap of samples {@code [from, to)} that {@link #im2col} and {@link
   * #col2imAdd} share: unfolding copies each tap's input value to its entry of {@code cols} (zero over
   * padding), folding adds each entry back to its input value (skipping padding).
   */
  private static void unfold(
      Matrix image, Matrix cols, boolean fold, int from, int to, int channels, int height, int width, Window2d window) {
    Unfold loop = UNFOLDS.free();
    Geometry g = loop.geometry.set(image, from, to, channels, height, width, window);
    g.checkColumns(cols);
    loop.set(image.data(), cols.data(), fold, from, height, width, window);
    long perSample = (long) g.outHeight * g.outWidth * channels * g.kernelHeight * g.kernelWidth;
    try {
      ParallelLoops.DEFAULT.forRange(to - from, perSample, loop);
    } finally {
      loop.clear();
    }
  }

  /*
   * The loops below are objects with their arguments in fields, one per calling thread (and a new one for a
   * call made while the thread's own is running), rather than lambdas that capture them: a training step
   * then allocates nothing. Each lets its arrays go when its loop is done.
   */

  private static final PerThread<Unfold> UNFOLDS = new PerThread<>(Unfold::new);
  private static final PerThread<ToSamples> TO_SAMPLES = new PerThread<>(ToSamples::new);
  private static final PerThread<ToChannelRows> TO_CHANNEL_ROWS = new PerThread<>(ToChannelRows::new);
  private static final PerThread<MaxPool> MAX_POOLS = new PerThread<>(MaxPool::new);
  private static final PerThread<MaxPoolBackward> MAX_POOL_BACKWARDS = new PerThread<>(MaxPoolBackward::new);

  /** The loop of {@link #unfold} over samples. */
  private static final class Unfold implements ParallelLoops.Range, PerThread.Reusable {
    final Geometry geometry = new Geometry();
    private double[] pixels;
    private double[] unfolded;
    private boolean fold;
    private int from;
    private int height;
    private int width;
    private Window2d window;

    void set(double[] pixels, double[] unfolded, boolean fold, int from, int height, int width, Window2d window) {
      this.pixels = pixels;
      this.unfolded = unfolded;
      this.fold = fold;
      this.from = from;
      this.height = height;
      this.width = width;
      this.window = window;
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
     * Samples {@code [first, last)} of the chunk, one at a time so that its input stays in cache; for each
     * tap and output row, the columns whose input is inside the image form one run (between {@code
     * columnStart} and {@code columnEnd}), copied or added without a test per element, and zeros (unfolding)
     * on either side.
     */
    @Override
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
      for (int s = first; s < last; s++) {
        int sample = (from + s) * g.sampleSize;
        int tap = 0;
        for (int c = 0; c < channels; c++) {
          int plane = sample + c * planeSize;
          for (int i = 0; i < kernelHeight; i++) {
            int rowOffset = i * window.dilationHeight() - window.padTop();
            for (int j = 0; j < kernelWidth; j++, tap++) {
              int columnOffset = j * window.dilationWidth() - window.padLeft();
              // The output columns ox whose input column ox·stride + columnOffset is inside [0, width).
              int columnStart = Math.min(outWidth, Math.max(0, IntMath.divide(-columnOffset, strideWidth, RoundingMode.CEILING)));
              int columnEnd = Math.max(columnStart, Math.min(outWidth, IntMath.divide(width - columnOffset, strideWidth, RoundingMode.CEILING)));
              int d = tap * columns + s * positions;
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
   * Lays out a chunk's products, a row per output channel, sample by sample, adding the bias: {@code z[s, o·P
   * + p] = products[o, (s − from)·P + p] + bias[o]}.
   *
   * @param products the chunk's outputs by channel, {@code [O, (to − from)·P]}
   * @param bias the bias of each output channel, {@code O} values, or null for none
   * @param from the first sample
   * @param to the sample after the last
   * @param positions {@code P}
   * @param z the batch's outputs, {@code [n, O·P]}, written for samples {@code [from, to)}
   */
  public static void channelRowsToSamples(Matrix products, Matrix bias, int from, int to, int positions, Matrix z) {
    int channels = products.rows();
    if (!(products.cols() == (to - from) * positions && z.cols() == channels * positions && 0 <= from && to <= z.rows())) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT,
              "Expected products [%s, %s] for samples [%s, %s) of %s positions into [n, %s], got %s into %s",
              channels, (to - from) * positions, from, to, positions, channels * positions, products.shape(), z.shape()));
    }
    if (!(bias == null || bias.size() == channels)) {
      throw new IllegalArgumentException(
          String.format(Locale.ROOT, "Expected %s biases, got %s", channels, bias == null ? 0 : bias.size()));
    }
    ToSamples loop = TO_SAMPLES.free();
    loop.set(products.data(), z.data(), bias == null ? null : bias.data(), from, to, channels, positions);
    try {
      ParallelLoops.DEFAULT.forRange(to - from, (long) channels * positions, loop);
    } finally {
      loop.clear();
    }
  }

  /** The loop of {@link #channelRowsToSamples} over samples. */
  private static final class ToSamples implements ParallelLoops.Range, PerThread.Reusable {
    private double[] in;
    private double[] out;
    private double[] b;
    private int from;
    private int to;
    private int channels;
    private int positions;

    void set(double[] in, double[] out, double[] b, int from, int to, int channels, int positions) {
      this.in = in;
      this.out = out;
      this.b = b;
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
    }

    @Override
    public void run(int first, int last) {
      double[] in = this.in;
      double[] out = this.out;
      double[] b = this.b;
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
        }
      }
    }
  }

  /**
   * The reverse layout of {@link #channelRowsToSamples}, without a bias: {@code products[o, (s − from)·P + p] =
   * z[s, o·P + p]}; and, unless {@code sums} is null, {@code sums[o]} grows by each value of channel {@code o}
   * in that order, one after the other: how a convolution adds the gradient of its bias as it lays out its
   * deltas (the bits of {@link Kernels#addColumnSums} over the deltas laid out a row per position).
   *
   * @param z the batch's values, sample by sample, {@code [n, O·P]}
   * @param from the first sample
   * @param to the sample after the last
   * @param positions {@code P}
   * @param products receives the chunk's values by channel, {@code [O, (to − from)·P]}
   * @param sums the sums to add each channel's values to, {@code O} values, or null
   */
  public static void samplesToChannelRows(Matrix z, int from, int to, int positions, Matrix products, Matrix sums) {
    int channels = products.rows();
    if (!(products.cols() == (to - from) * positions && z.cols() == channels * positions && 0 <= from && to <= z.rows())) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT,
              "Expected [n, %s] into [%s, %s] for samples [%s, %s), got %s into %s",
              channels * positions, channels, (to - from) * positions, from, to, z.shape(), products.shape()));
    }
    if (!(sums == null || sums.size() == channels)) {
      throw new IllegalArgumentException(
          String.format(Locale.ROOT, "Expected %s sums, got %s", channels, sums.shape()));
    }
    ToChannelRows loop = TO_CHANNEL_ROWS.free();
    loop.set(z.data(), products.data(), sums == null ? null : sums.data(), from, to, channels, positions);
    try {
      ParallelLoops.DEFAULT.forRange(channels, (long) (to - from) * positions, loop);
    } finally {
      loop.clear();
    }
  }

  /**
   * The loop of {@link #samplesToChannelRows} over channels: each channel's sum is one chain, so the work is
   * split by channel, not by sample.
   */
  private static final class ToChannelRows implements ParallelLoops.Range, PerThread.Reusable {
    private double[] in;
    private double[] out;
    private double[] sums;
    private int from;
    private int to;
    private int channels;
    private int positions;

    void set(double[] in, double[] out, double[] sums, int from, int to, int channels, int positions) {
      this.in = in;
      this.out = out;
      this.sums = sums;
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
      sums = null;
    }

    @Override
    public void run(int firstChannel, int lastChannel) {
      double[] in = this.in;
      double[] out = this.out;
      double[] sums = this.sums;
      int from = this.from;
      int samples = this.to - from;
      int sampleSize = this.channels * this.positions;
      int positions = this.positions;
      for (int o = firstChannel; o < lastChannel; o++) {
        int row = o * samples * positions;
        if (sums == null) {
          for (int s = 0; s < samples; s++) {
            System.arraycopy(in, (from + s) * sampleSize + o * positions, out, row + s * positions, positions);
          }
          continue;
        }
        double sum = sums[o];
        for (int s = 0; s < samples; s++) {
          int source = (from + s) * sampleSize + o * positions;
          int target = row + s * positions;
          for (int p = 0; p < positions; p++) {
            double v = in[source + p];
            out[target + p] = v;
            sum += v;
          }
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

  /** The loop of {@link #maxPool} over samples. */
  private static final class MaxPool implements ParallelLoops.Range, PerThread.Reusable {
    final Geometry geometry = new Geometry();
    private double[] in;
    private double[] out;
    private double[] at;
    private int height;
    private int width;
    private Window2d window;

    void set(double[] in, double[] out, double[] at, int height, int width, Window2d window) {
      this.in = in;
      this.out = out;
      this.at = at;
      this.height = height;
      this.width = width;
      this.window = window;
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

    /**
     * Samples {@code [first, last)}, channel by channel. Windows of 2 x 2 with stride 2 and no padding (the
     * usual halving) take the fast path of {@link #poolPairs}; any other window the general loop.
     */
    @Override
    public void run(int first, int last) {
      Geometry g = geometry;
      double[] in = this.in;
      double[] out = this.out;
      double[] at = this.at;
      int height = this.height;
      int width = this.width;
      Window2d window = this.window;
      int channels = g.channels;
      int sampleSize = g.sampleSize;
      int planeSize = g.planeSize;
      int outHeight = g.outHeight;
      int outWidth = g.outWidth;
      int kernelHeight = g.kernelHeight;
      int kernelWidth = g.kernelWidth;
      boolean halving = halves(window);
      int outputs = channels * outHeight * outWidth;
      int d = first * outputs;
      for (int s = first; s < last; s++) {
        int sample = s * sampleSize;
        for (int c = 0; c < channels; c++) {
          int plane = c * planeSize;
          if (halving) {
            for (int oy = 0; oy < outHeight; oy++, d += outWidth) {
              poolPairs(in, out, at, sample, plane, 2 * oy, width, outWidth, d);
            }
            continue;
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
     * outputs: about 1 against 5 ns an input), and the chosen value is read back by its index, keeping its
     * exact bits. {@link Math#max} carries a NaN to the row's {@code check}: a row with a NaN (or infinities of
     * both signs) is redone by {@link #firstMax}.
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
        double upper = Math.max(a, b);
        double lower = Math.max(c, e);
        int left = b > a ? 1 : 0;
        int right = e > c ? width + 1 : width;
        int best = lower > upper ? right : left;
        out[d + ox] = in[i + best];
        at[d + ox] = top + 2 * ox + best;
        check += upper + lower;
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

    void checkColumns(Matrix cols) {
      if (!(cols.rows() == channels * kernelHeight * kernelWidth && cols.cols() == columns)) {
        throw new IllegalArgumentException(
            String.format(
                Locale.ROOT,
                "Expected unfolded windows [%s, %s], got %s",
                channels * kernelHeight * kernelWidth, columns, cols.shape()));
      }
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
