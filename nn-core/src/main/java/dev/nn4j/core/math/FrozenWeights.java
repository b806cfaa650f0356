package dev.nn4j.core.math;

import static com.google.common.base.Preconditions.checkNotNull;

/**
 * A copy of a weight matrix {@code W} ({@code [outputs, inputs]}), laid out for products with one sample
 * at a time, {@code y = x · Wᵀ}: the latency-bound case of serving predictions.
 *
 * <p>The copy is taken once, so later changes to {@code W} are not seen: that is what lets the copy be
 * laid out for speed: so that the product streams through the weights once, in order, while the outputs stay
 * in cache ({@code "java"}: transposed, one run of outputs per input) or, when the JVM runs with {@code
 * --add-modules jdk.incubator.vector}, in vector registers ({@code "vector-api-..."}: one panel of inputs by up to
 * sixteen vectors of outputs after another). Both give each
 * output as the chain {@code y = fma(x[p], w(j, p), y)} over {@code p = 0, 1, ..., k-1}, the order of
 * {@link JavaBackend}, so the bits do not depend on the flag (a NaN among the weights or inputs gives NaN
 * either way, though not always the same NaN bits). The library never requires the flag: the module is
 * looked for once, and its absence costs only speed.
 *
 * <p>Weights of at least {@link #SPLIT_VALUES} values (512 KB), when two threads or more are configured
 * ({@value JavaBackend#THREADS_PROPERTY}), are stored as two halves of the outputs, and a product shares
 * them between the calling thread and the {@link HelperThread}: each streams half of the weights from its
 * own core's cache. Each output is the same chain as in one piece, so the bits do not change; the caller
 * computes the second half itself when the helper is busy or late.
 *
 * <p>Immutable and thread-safe.
 */
public final class FrozenWeights {
  private static final RowKernel KERNEL = chooseKernel();

  /**
   * Weights of at least this many values are shared between two threads (see the class comment): measured
   * here, one sample through W2's 784x128 layer took 7 µs shared against 10 alone, through W3's 784-512-512
   * layers 95 µs against 202.
   */
  public static final long SPLIT_VALUES = 1L << 16;

  private final int outputs;
  private final int inputs;
  /** The whole product, or null when the weights are stored as {@link #halves}. */
  private final RowKernel.Product product;
  /** The products of the first {@link #firstOutputs} outputs and of the rest, or null. */
  private final RowKernel.Product[] halves;
  private final int firstOutputs;
  /** Each calling thread's outputs of the two halves and its hand-off to the helper thread, or null. */
  private final ThreadLocal<Split> splits;

  FrozenWeights(Matrix weights, RowKernel kernel) {
    this(weights, kernel, false);
  }

  private FrozenWeights(Matrix weights, RowKernel kernel, boolean split) {
    checkNotNull(weights, "weights");
    this.outputs = weights.rows();
    this.inputs = weights.cols();
    if (split && outputs >= 2) {
      firstOutputs = outputs / 2;
      double[] w = weights.data();
      halves = new RowKernel.Product[] {
        kernel.pack(java.util.Arrays.copyOfRange(w, 0, firstOutputs * inputs), firstOutputs, inputs),
        kernel.pack(java.util.Arrays.copyOfRange(w, firstOutputs * inputs, outputs * inputs), outputs - firstOutputs, inputs)
      };
      product = null;
      int first = firstOutputs;
      int rest = outputs - firstOutputs;
      // Neither the supplier nor a thread's value may reach this object: a value that does keeps its
      // ThreadLocal key, and so the weights, alive for the thread's life.
      splits = ThreadLocal.withInitial(() -> new Split(first, rest));
    } else {
      firstOutputs = 0;
      halves = null;
      product = kernel.pack(weights.data(), outputs, inputs);
      splits = null;
    }
  }

  /**
   * A copy of {@code weights}, laid out for the fastest kernel available.
   *
   * @param weights {@code W}, {@code [outputs, inputs]}
   * @return the copy
   * @throws NullPointerException if {@code weights} is null
   */
  public static FrozenWeights of(Matrix weights) {
    checkNotNull(weights, "weights");
    return new FrozenWeights(weights, KERNEL, (long) weights.size() >= SPLIT_VALUES && JavaBackend.configuredThreads() >= 2);
  }

  /**
   * Whether this copy is stored in two halves that a product shares between two threads.
   *
   * @return whether products are split
   */
  public boolean split() {
    return halves != null;
  }

  /**
   * The kernel that {@link #of} chooses: {@code "vector-api-512bit"} (or the width of this machine's
   * vectors) with the Vector API, otherwise {@code "java"}.
   *
   * @return the name of the kernel for one-sample products
   */
  public static String kernelName() {
    return KERNEL.name();
  }

  /**
   * The number of outputs, the rows of {@code W}.
   *
   * @return the number of outputs
   */
  public int outputs() {
    return outputs;
  }

  /**
   * The number of inputs, the columns of {@code W}.
   *
   * @return the number of inputs
   */
  public int inputs() {
    return inputs;
  }

  /**
   * {@code y = x · Wᵀ} for one sample.
   *
   * @param x the sample, {@link #inputs()} values
   * @param y receives the {@link #outputs()} values
   * @throws IllegalArgumentException if {@code x} or {@code y} has the wrong length
   */
  public void multiply(double[] x, double[] y) {
    if (x.length != inputs || y.length != outputs) {
      throw new IllegalArgumentException(
          "Expected a sample of " + inputs + " values and room for " + outputs + " outputs, got " + x.length
              + " and " + y.length);
    }
    if (halves == null) {
      product.multiply(x, y);
    } else {
      splits.get().multiply(halves, x, y);
    }
  }

  /**
   * One calling thread's product in two halves: their outputs, and the half the helper thread computes. It
   * holds the weights and the sample only while a product runs, so that it keeps neither alive.
   */
  private static final class Split implements HelperThread.Shared {
    private final double[] first;
    private final double[] second;
    private final double[] helpers;
    /** The halves' products and the sample, while a product runs: the helper reads them after it claims the half. */
    private RowKernel.Product[] halves;
    private double[] x;

    Split(int firstOutputs, int secondOutputs) {
      first = new double[firstOutputs];
      second = new double[secondOutputs];
      helpers = new double[secondOutputs];
    }

    void multiply(RowKernel.Product[] products, double[] sample, double[] y) {
      HelperThread helper = HelperThread.INSTANCE;
      halves = products;
      x = sample;
      double[] rest = second;
      try {
        if (helper.acquire(this)) {
          try {
            if (helper.share(this) == HelperThread.Shared.HELPER) {
              rest = helpers;
            }
          } finally {
            helper.release();
          }
        } else {
          first();
          second(false);
        }
      } finally {
        halves = null;
        x = null;
      }
      System.arraycopy(first, 0, y, 0, first.length);
      System.arraycopy(rest, 0, y, first.length, rest.length);
    }

    @Override
    public void first() {
      halves[0].multiply(x, first);
    }

    @Override
    public void second(boolean onHelper) {
      halves[1].multiply(x, onHelper ? helpers : second);
    }
  }

  private static RowKernel chooseKernel() {
    RowKernel vector = VectorApi.kernel("dev.nn4j.core.math.VectorRowKernel", RowKernel.class);
    return vector == null ? new JavaRowKernel() : vector;
  }
}
