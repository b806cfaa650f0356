package dev.nn4j.core.math;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;

/**
 * Every numeric loop of nn4j, in one place.
 *
 * <p>Layers, activations, losses and optimizers call these kernels instead of looping over matrix
 * elements themselves, so that making nn4j fast means changing this class (and the {@link ComputeBackend}
 * that runs the products) only. Each kernel checks the shapes of its arguments and names them in the
 * error. Each output element is computed in a fixed order, so results are reproducible bit for bit.
 *
 * <p>Output matrices are overwritten, never read, unless the method says otherwise; an output must not be
 * one of the inputs of a product.
 */
public final class Kernels {
  private Kernels() {}

  /**
   * {@code out = a · b}, for {@code a: [n, k]}, {@code b: [k, m]}, {@code out: [n, m]}.
   *
   * @param a the left factor, {@code [n, k]}
   * @param b the right factor, {@code [k, m]}
   * @param out receives the product, {@code [n, m]}
   */
  public static void multiply(Matrix a, Matrix b, Matrix out) {
    if (a.cols() != b.rows()) {
      throw new IllegalArgumentException("Cannot multiply " + a.shape() + " by " + b.shape() + ": inner sizes differ");
    }
    requireShape(out, a.rows(), b.cols(), "product output");
    Backends.current().gemm(false, false, a.rows(), b.cols(), a.cols(), a.data(), b.data(), out.data());
  }

  /**
   * {@code out = a · bᵀ}, for {@code a: [n, k]}, {@code b: [m, k]}, {@code out: [n, m]}.
   *
   * @param a the left factor, {@code [n, k]}
   * @param b the right factor, stored as {@code [m, k]}
   * @param out receives the product, {@code [n, m]}
   */
  public static void multiplyTransposeB(Matrix a, Matrix b, Matrix out) {
    if (a.cols() != b.cols()) {
      throw new IllegalArgumentException(
          "Cannot multiply " + a.shape() + " by the transpose of " + b.shape() + ": inner sizes differ");
    }
    requireShape(out, a.rows(), b.rows(), "product output");
    Backends.current().gemm(false, true, a.rows(), b.rows(), a.cols(), a.data(), b.data(), out.data());
  }

  /**
   * {@code out = aᵀ · b}, for {@code a: [k, n]}, {@code b: [k, m]}, {@code out: [n, m]}.
   *
   * @param a the left factor, stored as {@code [k, n]}
   * @param b the right factor, {@code [k, m]}
   * @param out receives the product, {@code [n, m]}
   */
  public static void multiplyTransposeA(Matrix a, Matrix b, Matrix out) {
    if (a.rows() != b.rows()) {
      throw new IllegalArgumentException(
          "Cannot multiply the transpose of " + a.shape() + " by " + b.shape() + ": inner sizes differ");
    }
    requireShape(out, a.cols(), b.cols(), "product output");
    Backends.current().gemm(true, false, a.cols(), b.cols(), a.rows(), a.data(), b.data(), out.data());
  }

  /**
   * {@code out += aᵀ · b}, for {@code a: [k, n]}, {@code b: [k, m]}, {@code out: [n, m]}: how a layer adds
   * the gradient of its weights, {@code δᵀ · x}, to what earlier micro-batches left there. Into zeros it
   * gives the bits of {@link #multiplyTransposeA}.
   *
   * @param a the left factor, stored as {@code [k, n]}
   * @param b the right factor, {@code [k, m]}
   * @param out the sum to add to, {@code [n, m]}
   */
  public static void addProductTransposeA(Matrix a, Matrix b, Matrix out) {
    if (a.rows() != b.rows()) {
      throw new IllegalArgumentException(
          "Cannot multiply the transpose of " + a.shape() + " by " + b.shape() + ": inner sizes differ");
    }
    requireShape(out, a.cols(), b.cols(), "product output");
    Backends.current().gemm(true, false, a.cols(), b.cols(), a.rows(), a.data(), b.data(), out.data(), true);
  }

  /**
   * {@code out += a · bᵀ}, for {@code a: [n, k]}, {@code b: [m, k]}, {@code out: [n, m]}: how a convolution
   * adds the gradient of its weights, {@code δ · colsᵀ}, summed over the positions of a chunk. Into zeros it
   * gives the bits of {@link #multiplyTransposeB}.
   *
   * @param a the left factor, {@code [n, k]}
   * @param b the right factor, stored as {@code [m, k]}
   * @param out the sum to add to, {@code [n, m]}
   */
  public static void addProductTransposeB(Matrix a, Matrix b, Matrix out) {
    if (a.cols() != b.cols()) {
      throw new IllegalArgumentException(
          "Cannot multiply " + a.shape() + " by the transpose of " + b.shape() + ": inner sizes differ");
    }
    requireShape(out, a.rows(), b.rows(), "product output");
    Backends.current().gemm(false, true, a.rows(), b.rows(), a.cols(), a.data(), b.data(), out.data(), true);
  }

  /**
   * The affine map of a dense layer, {@code out = x · wᵀ + b}: for {@code x: [n, in]}, weights
   * {@code w: [out, in]} and bias {@code b: [1, out]}, each output is the dot product of the sample with a
   * row of weights, plus that row's bias.
   *
   * @param x the inputs, {@code [n, in]}
   * @param weights the weights {@code w}, {@code [out, in]}
   * @param bias the bias {@code b}, {@code [1, out]}
   * @param out receives the pre-activations, {@code [n, out]}
   */
  public static void affine(Matrix x, Matrix weights, Matrix bias, Matrix out) {
    requireShape(bias, 1, weights.rows(), "bias");
    multiplyTransposeB(x, weights, out);
    addRowVector(out, bias);
  }

  /**
   * The affine map and an elementwise activation in one pass over the output: {@code z = x · wᵀ + b},
   * then {@code a = f(z)} while each row of {@code z} is still in cache. The same numbers as {@link
   * #affine} followed by {@link #map}. The rows of a large batch are shared between threads, so {@code f} must
   * be a function of its argument alone, as an activation is.
   *
   * @param x the input, {@code [n, in]}
   * @param weights the weights, {@code [out, in]}
   * @param bias the bias, {@code [1, out]}
   * @param z receives the pre-activations, {@code [n, out]}
   * @param f the activation
   * @param a receives {@code f(z)}, {@code [n, out]}
   */
  public static void affineThenMap(
      Matrix x, Matrix weights, Matrix bias, Matrix z, DoubleUnaryOperator f, Matrix a) {
    requireShape(bias, 1, weights.rows(), "bias");
    z.requireSameShape(a, "activation output");
    multiplyTransposeB(x, weights, z);
    addBiasThenMap(z, bias, f, a);
  }

  /**
   * Adds the {@code [1, cols]} row vector {@code v} to every row of {@code m}, in place.
   *
   * @param m the matrix to add to, {@code [rows, cols]}
   * @param v the row vector, {@code [1, cols]}
   */
  public static void addRowVector(Matrix m, Matrix v) {
    requireShape(v, 1, m.cols(), "row vector");
    addBiasThenMap(m, v, null, null);
  }

  /**
   * {@code z += bias} row by row, then {@code a = f(z)} unless {@code f} is null; the rows of a large batch
   * (inference in batches of 1,000: 20 % of W3's time on the calling thread while the other waited) are shared
   * between threads, each element computed alone, so the bits do not depend on the threads.
   */
  private static void addBiasThenMap(Matrix z, Matrix bias, DoubleUnaryOperator f, Matrix a) {
    BiasRows loop = BIAS_ROWS.free();
    loop.set(z.data(), bias.data(), z.cols(), f, a == null ? null : a.data());
    try {
      ParallelLoops.DEFAULT.forRange(z.rows(), (long) z.cols() * ELEMENTWISE_WORK, loop);
    } finally {
      loop.clear();
    }
  }

  /** Each calling thread's {@link BiasRows}. */
  private static final PerThread<BiasRows> BIAS_ROWS = new PerThread<>(BiasRows::new);

  /** The loop of {@link #addBiasThenMap} over a range of rows, reused by its thread so that it allocates nothing. */
  private static final class BiasRows implements ParallelLoops.Range, PerThread.Reusable {
    private double[] z;
    private double[] bias;
    private int cols;
    private DoubleUnaryOperator f;
    private double[] a;

    @Override
    public boolean running() {
      return z != null;
    }

    void set(double[] z, double[] bias, int cols, DoubleUnaryOperator f, double[] a) {
      this.z = z;
      this.bias = bias;
      this.cols = cols;
      this.f = f;
      this.a = a;
    }

    void clear() {
      z = null;
      bias = null;
      f = null;
      a = null;
    }

    @Override
    public void run(int fromRow, int toRow) {
      double[] z = this.z;
      double[] bias = this.bias;
      int cols = this.cols;
      DoubleUnaryOperator f = this.f;
      double[] a = this.a;
      for (int row = fromRow * cols, end = toRow * cols; row < end; row += cols) {
        if (f == null) {
          for (int c = 0; c < cols; c++) {
            z[row + c] += bias[c];
          }
        } else {
          for (int c = 0; c < cols; c++) {
            double value = z[row + c] + bias[c];
            z[row + c] = value;
            a[row + c] = f.applyAsDouble(value);
          }
        }
      }
    }
  }

  /**
   * {@code out[0][c] = Σ_r a[r][c]}, for {@code out: [1, cols]}.
   *
   * @param a the matrix to sum, {@code [rows, cols]}
   * @param out receives the sums, {@code [1, cols]}
   */
  public static void columnSums(Matrix a, Matrix out) {
    requireShape(out, 1, a.cols(), "column sums");
    int cols = a.cols();
    double[] ad = a.data();
    double[] od = out.data();
    java.util.Arrays.fill(od, 0.0);
    for (int r = 0; r < a.rows(); r++) {
      int row = r * cols;
      for (int c = 0; c < cols; c++) {
        od[c] += ad[row + c];
      }
    }
  }

  /**
   * {@code out[0][c] += Σ_r a[r][c]}, for {@code out: [1, cols]}: how a layer adds the gradient of its bias.
   * Into zeros it gives the bits of {@link #columnSums}.
   *
   * @param a the matrix to sum, {@code [rows, cols]}
   * @param out the sums to add to, {@code [1, cols]}
   */
  public static void addColumnSums(Matrix a, Matrix out) {
    requireShape(out, 1, a.cols(), "column sums");
    int cols = a.cols();
    double[] ad = a.data();
    double[] od = out.data();
    for (int r = 0; r < a.rows(); r++) {
      int row = r * cols;
      for (int c = 0; c < cols; c++) {
        od[c] += ad[row + c];
      }
    }
  }

  /**
   * The index of the first element of {@code m} that is NaN or infinite, in row-major order.
   *
   * @param m the matrix to check
   * @return that index, or -1 if every element is finite
   */
  public static int firstNonFinite(Matrix m) {
    double[] d = m.data();
    // A batch is often read here first, from memory: 40 % of a W2 inference on 2 threads when one thread read
    // it. Large ones are shared between threads; each range finds its first hit, and the lowest is the first.
    FiniteCheck check = FINITE_CHECKS.free();
    check.set(d);
    try {
      ParallelLoops.DEFAULT.forRange(d.length, FINITE_CHECK_WORK, check);
      return check.first();
    } finally {
      check.clear();
    }
  }

  /** Each calling thread's {@link FiniteCheck}. */
  private static final PerThread<FiniteCheck> FINITE_CHECKS = new PerThread<>(FiniteCheck::new);

  /**
   * What checking one element costs, in the units of {@link ParallelLoops#forRange}: a check reads its matrix
   * from memory more often than not, so a W2 training batch (50,176 values) is already shared.
   */
  private static final long FINITE_CHECK_WORK = 4;

  /** The loop of {@link #firstNonFinite}, reused by its thread so that a check allocates nothing. */
  private static final class FiniteCheck implements ParallelLoops.Range, PerThread.Reusable {
    private double[] d;
    private final AtomicInteger first = new AtomicInteger();

    @Override
    public boolean running() {
      return d != null;
    }

    void set(double[] d) {
      this.d = d;
      first.set(Integer.MAX_VALUE);
    }

    int first() {
      int at = first.get();
      return at == Integer.MAX_VALUE ? -1 : at;
    }

    void clear() {
      d = null;
    }

    @Override
    public void run(int from, int to) {
      int at = firstNonFinite(d, from, to);
      if (at >= 0) {
        first.accumulateAndGet(at, Math::min);
      }
    }
  }

  /** The index of the first NaN or infinite element of {@code d[from .. to)}, or -1. */
  private static int firstNonFinite(double[] d, int from, int to) {
    // Blocks without a branch per element, which C2 vectorizes; only a block that holds a hit is searched
    // again (a loop that returns at the first hit stays scalar: 0.85 ns an element).
    for (int start = from; start < to; start += FINITE_BLOCK) {
      int end = Math.min(to, start + FINITE_BLOCK);
      long flags = 0;
      for (int i = start; i < end; i++) {
        flags |= nonFiniteSign(d[i]);
      }
      if (flags < 0) {
        for (int i = start; i < end; i++) {
          if (!Double.isFinite(d[i])) {
            return i;
          }
        }
      }
    }
    return -1;
  }

  /** Elements checked at a time by {@link #firstNonFinite(double[], int, int)}. */
  private static final int FINITE_BLOCK = 1024;

  /**
   * A number whose sign bit is set if {@code x} is NaN or infinite and clear otherwise: all eleven exponent bits
   * set carry into the sign bit. A loop ORs it over its elements and tests the sign once at the end; without a
   * branch per element it stays vectorized (how nn4j's optimizers check every value they write).
   *
   * @param x any value
   * @return a negative number exactly when {@code x} is not finite
   */
  public static long nonFiniteSign(double x) {
    return (Double.doubleToRawLongBits(x) & EXPONENT_BITS) + LOWEST_EXPONENT_BIT;
  }

  private static final long EXPONENT_BITS = 0x7ff0_0000_0000_0000L;
  private static final long LOWEST_EXPONENT_BIT = 1L << 52;

  /**
   * {@code out[i] = f(a[i])} for every element; {@code out} may be {@code a}. A large matrix is shared
   * between threads, so {@code f} must be a function of its argument alone, as an activation is.
   *
   * @param a the argument
   * @param f the function, free of side effects
   * @param out receives {@code f(a)}, same shape
   */
  public static void map(Matrix a, DoubleUnaryOperator f, Matrix out) {
    a.requireSameShape(out, "map output");
    // Each element alone: large maps (a convolution's outputs) are shared between threads, same bits.
    MapLoop loop = MAPS.free();
    loop.set(a.data(), f, out.data());
    try {
      ParallelLoops.DEFAULT.forRange(a.data().length, ELEMENTWISE_WORK, loop);
    } finally {
      loop.clear();
    }
  }

  /** Each calling thread's {@link MapLoop} (a new one for a map run by a function given to a map). */
  private static final PerThread<MapLoop> MAPS = new PerThread<>(MapLoop::new);
  /** Each calling thread's {@link ChainLoop}. */
  private static final PerThread<ChainLoop> CHAINS = new PerThread<>(ChainLoop::new);

  /*
   * The loops of map and chainElementwise are objects with their arguments in fields, reused by their thread,
   * rather than lambdas that capture them, so that a call allocates nothing; each lets its arrays and function
   * go when it is done. They are two classes, not one with two loops: a step alternates an activation's
   * forward and backward, and one method holding both loops compiled the backward one to 3.3 ns an element
   * (ReLU, one thread) against 1.0 on its own.
   */

  /** The loop of {@link #map}. */
  private static final class MapLoop implements ParallelLoops.Range, PerThread.Reusable {
    private double[] x;
    private DoubleUnaryOperator f;
    private double[] out;

    @Override
    public boolean running() {
      return out != null;
    }

    void set(double[] x, DoubleUnaryOperator f, double[] out) {
      this.x = x;
      this.f = f;
      this.out = out;
    }

    void clear() {
      x = null;
      f = null;
      out = null;
    }

    @Override
    public void run(int from, int to) {
      // Locals, as a lambda's captured values are: loops over locals are what C2 optimizes best.
      double[] x = this.x;
      DoubleUnaryOperator f = this.f;
      double[] out = this.out;
      for (int i = from; i < to; i++) {
        out[i] = f.applyAsDouble(x[i]);
      }
    }
  }

  /** The loop of {@link #chainElementwise}. */
  private static final class ChainLoop implements ParallelLoops.Range, PerThread.Reusable {
    private double[] x;
    private double[] y;
    private double[] gradOut;
    private DoubleBinaryOperator derivative;
    private double[] out;

    @Override
    public boolean running() {
      return out != null;
    }

    void set(double[] x, double[] y, double[] gradOut, DoubleBinaryOperator derivative, double[] out) {
      this.x = x;
      this.y = y;
      this.gradOut = gradOut;
      this.derivative = derivative;
      this.out = out;
    }

    void clear() {
      x = null;
      y = null;
      gradOut = null;
      derivative = null;
      out = null;
    }

    @Override
    public void run(int from, int to) {
      double[] x = this.x;
      double[] y = this.y;
      double[] gradOut = this.gradOut;
      DoubleBinaryOperator derivative = this.derivative;
      double[] out = this.out;
      for (int i = from; i < to; i++) {
        out[i] = gradOut[i] * derivative.applyAsDouble(x[i], y[i]);
      }
    }
  }

  /** What one call of an elementwise function costs, in the units of {@link ParallelLoops#forRange}. */
  private static final long ELEMENTWISE_WORK = 4;

  /**
   * The chain rule through an elementwise function: {@code gradIn[i] = gradOut[i] * derivative(x[i], y[i])}
   * where {@code y = f(x)}. {@code gradIn} may be {@code gradOut}.
   *
   * @param x the arguments of {@code f}
   * @param y the values {@code f(x)}, same shape
   * @param gradOut the gradient with respect to {@code y}, same shape
   * @param derivative {@code f'} as a function of {@code x} and {@code y}
   * @param gradIn receives the gradient with respect to {@code x}, same shape
   */
  public static void chainElementwise(
      Matrix x, Matrix y, Matrix gradOut, DoubleBinaryOperator derivative, Matrix gradIn) {
    x.requireSameShape(y, "activation output");
    x.requireSameShape(gradOut, "output gradient");
    x.requireSameShape(gradIn, "input gradient");
    ChainLoop loop = CHAINS.free();
    loop.set(x.data(), y.data(), gradOut.data(), derivative, gradIn.data());
    try {
      ParallelLoops.DEFAULT.forRange(x.data().length, ELEMENTWISE_WORK, loop);
    } finally {
      loop.clear();
    }
  }

  /**
   * Softmax over each row, {@code out[r][c] = e^(z[r][c] - m) / Σ_k e^(z[r][k] - m)} with {@code m} the
   * row's maximum, which changes nothing mathematically but keeps {@code e^x} from overflowing.
   * {@code out} may be {@code z}.
   *
   * @param z the pre-activations, {@code [n, classes]}
   * @param out receives the probabilities, same shape
   */
  public static void softmaxRows(Matrix z, Matrix out) {
    z.requireSameShape(out, "softmax output");
    int cols = z.cols();
    double[] zd = z.data();
    double[] od = out.data();
    for (int r = 0; r < z.rows(); r++) {
      int row = r * cols;
      double max = Double.NEGATIVE_INFINITY;
      for (int c = 0; c < cols; c++) {
        max = Math.max(max, zd[row + c]);
      }
      double sum = 0.0;
      for (int c = 0; c < cols; c++) {
        double e = Math.exp(zd[row + c] - max);
        od[row + c] = e;
        sum += e;
      }
      for (int c = 0; c < cols; c++) {
        od[row + c] /= sum;
      }
    }
  }

  /**
   * The chain rule through a row-wise softmax {@code a}: {@code gradIn[r][c] = a[r][c] (gradOut[r][c] -
   * Σ_k gradOut[r][k] a[r][k])}. {@code gradIn} may be {@code gradOut}.
   *
   * @param a the softmax outputs, {@code [n, classes]}
   * @param gradOut the gradient with respect to {@code a}, same shape
   * @param gradIn receives the gradient with respect to the pre-activations, same shape
   */
  public static void softmaxRowsBackward(Matrix a, Matrix gradOut, Matrix gradIn) {
    a.requireSameShape(gradOut, "output gradient");
    a.requireSameShape(gradIn, "input gradient");
    int cols = a.cols();
    double[] ad = a.data();
    double[] gd = gradOut.data();
    double[] od = gradIn.data();
    for (int r = 0; r < a.rows(); r++) {
      int row = r * cols;
      double dot = 0.0;
      for (int c = 0; c < cols; c++) {
        dot += gd[row + c] * ad[row + c];
      }
      for (int c = 0; c < cols; c++) {
        od[row + c] = ad[row + c] * (gd[row + c] - dot);
      }
    }
  }

  /**
   * Fills {@code mask} for inverted dropout: each element is {@code 1 / (1 - rate)} with probability {@code 1
   * - rate} and 0 otherwise, drawn from {@code random} in index order.
   *
   * @param mask receives the mask
   * @param rate the probability of dropping an element, in {@code [0, 1)}
   * @param random the generator to draw from
   */
  public static void dropoutMask(Matrix mask, double rate, java.util.Random random) {
    if (!(rate >= 0 && rate < 1)) {
      throw new IllegalArgumentException("Expected a dropout rate in [0, 1), got " + rate);
    }
    double keep = 1.0 / (1.0 - rate);
    double[] md = mask.data();
    for (int i = 0; i < md.length; i++) {
      // An int select and a product, not a branch between two doubles: half the draws fall either way, and the
      // mispredicted branch had cost more than the draw. keep · 1 is keep and keep · 0 is +0.0: the same mask.
      int kept = random.nextDouble() >= rate ? 1 : 0;
      md[i] = kept * keep;
    }
  }

  /**
   * {@code out = a ⊙ b}, elementwise; {@code out} may be {@code a} or {@code b}.
   *
   * @param a the left operand
   * @param b the right operand, same shape
   * @param out receives the product, same shape
   */
  public static void multiplyElementwise(Matrix a, Matrix b, Matrix out) {
    a.requireSameShape(b, "right operand");
    a.requireSameShape(out, "product output");
    double[] ad = a.data();
    double[] bd = b.data();
    double[] od = out.data();
    for (int i = 0; i < ad.length; i++) {
      od[i] = ad[i] * bd[i];
    }
  }

  /**
   * {@code out = a - b}, elementwise; {@code out} may be {@code a} or {@code b}.
   *
   * @param a the left operand
   * @param b the right operand, same shape
   * @param out receives the difference, same shape
   */
  public static void subtract(Matrix a, Matrix b, Matrix out) {
    a.requireSameShape(b, "right operand");
    a.requireSameShape(out, "difference output");
    double[] ad = a.data();
    double[] bd = b.data();
    double[] od = out.data();
    for (int i = 0; i < ad.length; i++) {
      od[i] = ad[i] - bd[i];
    }
  }

  /**
   * {@code m = m * factor}, in place.
   *
   * @param m the matrix to scale
   * @param factor the factor
   */
  public static void scale(Matrix m, double factor) {
    double[] md = m.data();
    for (int i = 0; i < md.length; i++) {
      md[i] *= factor;
    }
  }

  /**
   * {@code target = target + alpha * x}, in place (BLAS's axpy).
   *
   * @param target the matrix to add to
   * @param alpha the scale of {@code x}
   * @param x the increment, same shape as {@code target}
   */
  public static void addScaled(Matrix target, double alpha, Matrix x) {
    target.requireSameShape(x, "increment");
    double[] td = target.data();
    double[] xd = x.data();
    for (int i = 0; i < td.length; i++) {
      td[i] += alpha * xd[i];
    }
  }

  /**
   * {@code Σ (a[i] - b[i])²} over every element.
   *
   * @param a the left operand
   * @param b the right operand, same shape
   * @return the sum of squared differences
   */
  public static double sumOfSquaredDifferences(Matrix a, Matrix b) {
    a.requireSameShape(b, "right operand");
    double[] ad = a.data();
    double[] bd = b.data();
    double sum = 0.0;
    for (int i = 0; i < ad.length; i++) {
      double d = ad[i] - bd[i];
      sum += d * d;
    }
    return sum;
  }

  /**
   * Copies rows {@code source[indices[from]], ..., source[indices[from + out.rows() - 1]]} into {@code out}
   * (gathers a batch).
   *
   * @param source the rows to gather from, such as a whole data set
   * @param indices row indices of {@code source}, such as a shuffled order
   * @param from the position in {@code indices} of the first row to gather
   * @param out receives the rows, one per row of {@code out}
   */
  public static void gatherRows(Matrix source, int[] indices, int from, Matrix out) {
    if (out.cols() != source.cols()) {
      throw new IllegalArgumentException(
          "Expected gathered rows of shape [" + out.rows() + ", " + source.cols() + "] from " + source.shape()
              + ", got " + out.shape());
    }
    if (from < 0 || from + out.rows() > indices.length) {
      throw new IllegalArgumentException(
          "Expected " + out.rows() + " indices from position " + from + ", but there are " + indices.length);
    }
    int cols = source.cols();
    for (int r = 0; r < out.rows(); r++) {
      int row = indices[from + r];
      if (row < 0 || row >= source.rows()) {
        throw new IllegalArgumentException("Row index " + row + " is outside a " + source.shape() + " matrix");
      }
      System.arraycopy(source.data(), row * cols, out.data(), r * cols, cols);
    }
  }

  private static void requireShape(Matrix m, int rows, int cols, String what) {
    if (m.rows() != rows || m.cols() != cols) {
      throw new IllegalArgumentException(
          "Expected " + what + " of shape [" + rows + ", " + cols + "], got " + m.shape());
    }
  }
}
