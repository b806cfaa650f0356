package dev.nn4j.core.math;

import com.google.common.math.IntMath;
import java.math.RoundingMode;
import java.util.Arrays;
import java.util.function.IntConsumer;

/**
 * The default backend: blocked, packed and multi-threaded products in pure Java (no native code; the
 * incubator Vector API is used when the JVM enables it, never required).
 *
 * <p><b>Kernels.</b> The loops of a product are those of a {@link GemmKernel}, chosen once per JVM by
 * {@link GemmKernels}: with {@code --add-modules jdk.incubator.vector} on a processor with vectors of at
 * least 256 bits, {@code VectorGemm}, a register-blocked micro-kernel (a tile of {@code C}, 8 x 24 with
 * AVX-512, 4 x 12 with AVX2, held in vector registers across a block of the inner index, over packed
 * panels of {@code A} and {@code B}); otherwise {@link BlockedGemm}, plain Java that C2 auto-vectorizes
 * (blocks of {@value BlockedGemm#NC} columns and {@value BlockedGemm#KC} steps, the panel of {@code op(B)}
 * packed into per-thread rows, three rows of {@code C} updated per pass; see {@link BlockedGemm} for the
 * form the loop must take, and why it loads and stores its accumulators every two steps). Beside {@code
 * VectorGemm}, with vectors of eight doubles, narrow products of at least four rows (a layer of up to 32
 * outputs) take {@code NarrowGemm}, which reads {@code A} and {@code B} where they are stored but for small
 * copies (the weights of {@code A·Bᵀ}, a block of {@code Aᵀ}): packing costs about as much as such a product.
 * Every kernel reads {@code A} and {@code B} as stored, transposed or not, so none of the three products of
 * training ({@code A·B}, {@code A·Bᵀ}, {@code Aᵀ·B}) materialises a transpose. Other products of fewer rows
 * than the kernel's tile stay on the plain loops, which do not pack a whole panel: with {@code B} as stored, its rows are copied a few
 * at a time into L1; with {@code B} transposed and one or two rows of {@code A} as stored (a single sample
 * through a dense layer, however small), each element is a dot product of two contiguous rows, eight at a
 * time.
 *
 * <p><b>Threads.</b> Products of at least {@value #PARALLEL_WORK} multiply-adds are split into chunks of
 * columns of {@code C} (or of rows, when {@code C} is too narrow) that the calling thread and a fixed pool
 * of daemon threads claim one at a time; smaller products run on the calling thread with no hand-off. The
 * pool has as many threads as processors, or {@value #THREADS_PROPERTY} if that property is set (the
 * caller counts as one of them); it is the pool of nn4j's other parallel loops (convolutions, elementwise
 * work) whenever their thread counts agree, so that a step never has two pools' threads competing for cores.
 *
 * <p><b>Reproducibility.</b> Every element of {@code C} is the chain {@code c = fma(a(i,p), b(p,j), c)}
 * over {@code p = 0, 1, ..., k-1} in ascending order, starting from zero, whichever path computes it:
 * blocking, packing and the partition between threads change when each step runs, not its order, so
 * results are identical bit for bit whatever the number of threads. They may differ from {@link
 * NaiveBackend}'s in the last bits (one rounding per step instead of two).
 *
 * <p>Thread-safe: each thread packs into its own buffers (allocated on its first product, then reused,
 * so a single-threaded product allocates nothing once warm).
 */
public final class JavaBackend implements ComputeBackend {
  /** The system property that sets the number of threads of large products, such as {@code 4}. */
  public static final String THREADS_PROPERTY = "nn4j.threads";

  /** Products with fewer multiply-adds than this run on the calling thread. */
  static final long PARALLEL_WORK = 1L << 21;

  /** With {@code B} stored transposed, at most this many rows of {@code C} are computed without packing. */
  static final int FEW_ROWS_TRANSPOSED_B = 2;

  /** Products of at most this many multiply-adds skip packing: its set-up would cost more than it saves. */
  static final long TINY_WORK = 4096;

  /** Products with fewer steps of the inner index than this run on the plain loops (see {@link #gemm}). */
  static final int MIN_TILE_STEPS = 24;

  /**
   * Products of fewer multiply-adds than this run on the plain loops (see {@link #gemm}). At 2^16, W2's output
   * layer ({@code x · Wᵀ}, 64 x 10 x 128) would take the Vector API kernel's tiles (21 against 8.5 GFLOP/s on
   * one thread, W2's training 3 % faster), but a small CNN's steady training step then allocated 213 KB, C2's
   * code for the main tile boxing its vectors in that mix of products.
   */
  static final long MIN_TILE_WORK = 1L << 17;

  /** Narrowest chunk of columns given to one thread. */
  private static final int MIN_CHUNK_COLUMNS = 64;

  /**
   * Columns of {@code C} that pay for one more chunk per thread: a chunk packs all of {@code A}, about one
   * copy per {@code m k}, against its {@code m k} multiply-adds per column, which run 16 at a time.
   */
  private static final int COLUMNS_PER_EXTRA_CHUNK = 256;

  private final int threads;
  private final ParallelLoops loops;
  private final GemmKernel kernel;
  /** The Vector API kernel of narrow products, or null (see {@link GemmKernels#narrow}). */
  private final GemmKernel narrow;

  /** The pure-Java backend, with the threads of {@value #THREADS_PROPERTY} (default: all processors). */
  public JavaBackend() {
    this(configuredThreads());
  }

  /**
   * A backend that splits large products between {@code threads} threads, the caller included, whatever
   * {@value #THREADS_PROPERTY} says: for benchmarks that compare thread counts in one process. Its results are
   * the same bits as with any other number of threads.
   *
   * @param threads at least 1
   * @return a new backend with its own pool
   */
  public static JavaBackend withThreads(int threads) {
    return new JavaBackend(threads);
  }

  /** A backend that splits large products between {@code threads} threads, the caller included. */
  JavaBackend(int threads) {
    this(threads, GemmKernels.chosen());
  }

  /** A backend that runs {@code kernel} on {@code threads} threads, the caller included. */
  JavaBackend(int threads, GemmKernel kernel) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1, got " + threads);
    }
    this.threads = threads;
    // One pool for the products and the other loops of a step (ParallelLoops.DEFAULT) when their thread
    // counts agree: two pools' idle threads spin for work at the same time, and on two cores the spinning one
    // took the core from the other pool's busy one (W2 training on 2 threads: 7 % slower once the batch check
    // used the default pool).
    this.loops = threads == ParallelLoops.DEFAULT.threads() ? ParallelLoops.DEFAULT : new ParallelLoops(threads, "nn4j-gemm-");
    this.kernel = kernel;
    this.narrow = GemmKernels.narrow(kernel);
  }

  /** The threads of {@value #THREADS_PROPERTY}, or all processors. */
  static int configuredThreads() {
    int processors = Runtime.getRuntime().availableProcessors();
    Integer configured = Integer.getInteger(THREADS_PROPERTY);
    return configured == null || configured < 1 ? processors : configured;
  }

  /** The number of threads that share a large product, the calling thread included. */
  int threads() {
    return threads;
  }

  @Override
  public String name() {
    return "java";
  }

  /**
   * The loops that run this backend's products: {@code "java-..."} for the plain-Java kernel, {@code
   * "vector-api-..."} for the Vector API one (with {@code --add-modules jdk.incubator.vector}), for logs and
   * benchmarks.
   *
   * @return the kernel's name and tile shape
   */
  public String kernelName() {
    return narrow == null ? kernel.name() : kernel.name() + " + " + narrow.name();
  }

  @Override
  public void gemm(boolean transposeA, boolean transposeB, int m, int n, int k, double[] a, double[] b, double[] c) {
    gemm(transposeA, transposeB, m, n, k, a, b, c, false);
  }

  @Override
  public void gemm(
      boolean transposeA, boolean transposeB, int m, int n, int k, double[] a, double[] b, double[] c, boolean accumulate) {
    gemm(transposeA, transposeB, m, n, k, a, b, c, accumulate, true);
  }

  /** The same kernels and bits as {@code gemm}, on the calling thread whatever the product's size. */
  @Override
  public void gemmOnCallingThread(
      boolean transposeA, boolean transposeB, int m, int n, int k, double[] a, double[] b, double[] c, boolean accumulate) {
    gemm(transposeA, transposeB, m, n, k, a, b, c, accumulate, false);
  }

  /** A product, shared with the pool's threads when {@code shareThreads} and it is large enough. */
  private void gemm(
      boolean transposeA, boolean transposeB, int m, int n, int k, double[] a, double[] b, double[] c, boolean accumulate,
      boolean shareThreads) {
    if (m < 0 || n < 0 || k < 0) {
      throw new IllegalArgumentException("Product sizes must not be negative, got m=" + m + " n=" + n + " k=" + k);
    }
    if (a.length < (long) m * k || b.length < (long) k * n || c.length < (long) m * n) {
      throw new IllegalArgumentException(
          "Arrays too short for m=" + m + " n=" + n + " k=" + k + ": a has " + a.length + ", b has " + b.length
              + ", c has " + c.length);
    }
    if (m == 0 || n == 0) {
      return;
    }
    if (k == 0) {
      if (!accumulate) {
        Arrays.fill(c, 0, m * n, 0.0);
      }
      return;
    }
    if (transposeB && !transposeA && m <= FEW_ROWS_TRANSPOSED_B) {
      BlockedGemm.multiplyFewRowsTransposeB(m, n, k, a, b, c, accumulate);
      return;
    }
    if ((long) m * n * k <= TINY_WORK) {
      multiplyTiny(transposeA, transposeB, m, n, k, a, b, c, accumulate);
      return;
    }
    // The plain loops beat a register tile with fewer rows than the tile (mostly padding: measured up to 6
    // rows for the 8-row tile of the Vector API kernel on AVX-512), and with fewer than MIN_TILE_STEPS steps
    // (the tile of C is loaded and stored once per block of steps: at k = 10, 34 against 32 GFLOP/s; at
    // k = 32, 41 against 57).
    // So do small products: they take microseconds, of which packing is a large part, and a kernel they
    // call rarely reaches C2 late (the Vector API one runs tens of times slower, its vectors boxed, until
    // then: the small networks of the tests allocated megabytes per step on it).
    // Narrow products (a layer of ten outputs) have a Vector API kernel of their own, which reads A and B in
    // place: packing them costs about as much as such a product.
    GemmKernel use;
    if (narrow != null && narrow.takes(transposeA, transposeB, m, n, k)) {
      use = narrow;
    } else if (m < kernel.rowTile() || k < MIN_TILE_STEPS || (long) m * n * k < MIN_TILE_WORK) {
      use = BlockedGemm.INSTANCE;
    } else {
      use = kernel;
    }
    if (!shareThreads || threads == 1 || (long) m * n * k < PARALLEL_WORK) {
      use.multiply(transposeA, transposeB, m, n, k, a, b, c, accumulate, 0, m, 0, n);
      return;
    }
    multiplyInChunks(use, transposeA, transposeB, m, n, k, a, b, c, accumulate);
  }

  /**
   * The plain loops for tiny products (the tutorial's 2-2-1 network): the same fused multiply-add chain per
   * element, in ascending order of the inner index from zero, as every other path, so the result is too.
   */
  private static void multiplyTiny(
      boolean transposeA, boolean transposeB, int m, int n, int k, double[] a, double[] b, double[] c, boolean accumulate) {
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        double sum = accumulate ? c[i * n + j] : 0.0;
        for (int p = 0; p < k; p++) {
          double aip = transposeA ? a[p * m + i] : a[i * k + p];
          double bpj = transposeB ? b[j * k + p] : b[p * n + j];
          sum = Math.fma(aip, bpj, sum);
        }
        c[i * n + j] = sum;
      }
    }
  }

  /**
   * One large product on {@code use}, cut into chunks of columns of {@code C} (a chunk of columns packs
   * only its own part of {@code B}, and all of {@code A}) or, for narrow products, of rows, computed by the
   * caller and the pool's threads. Chunks are whole tiles of the kernel (a ragged tile in the middle of
   * {@code C} would cost a whole one), one per thread, or a multiple of that for wide products, so that
   * threads that claim them in turn finish together without packing {@code A} more often than its copies
   * pay for (see {@link #COLUMNS_PER_EXTRA_CHUNK}).
   */
  private void multiplyInChunks(
      GemmKernel use,
      boolean transposeA, boolean transposeB, int m, int n, int k, double[] a, double[] b, double[] c, boolean accumulate) {
    boolean byColumns = n >= threads * MIN_CHUNK_COLUMNS;
    int tile = byColumns ? use.columnTile() : use.rowTile();
    int tiles = IntMath.divide(byColumns ? n : m, tile, RoundingMode.CEILING);
    // Each chunk of columns packs all of A, each chunk of rows all of B: as many chunks as threads, or a
    // multiple of it when chunks of columns stay at least COLUMNS_PER_EXTRA_CHUNK wide.
    int perThread = byColumns ? Math.max(1, n / (threads * COLUMNS_PER_EXTRA_CHUNK)) : 1;
    int size = IntMath.divide(tiles, perThread * threads, RoundingMode.CEILING) * tile;
    int chunks = IntMath.divide(byColumns ? n : m, size, RoundingMode.CEILING);
    Chunks product = CHUNKS.free();
    product.set(use, transposeA, transposeB, m, n, k, a, b, c, accumulate, byColumns, size);
    try {
      loops.forTasks(chunks, product);
    } finally {
      product.clear();
    }
  }

  /** Each calling thread's {@link Chunks}; a second one is made only for a product run inside a product. */
  private static final PerThread<Chunks> CHUNKS = new PerThread<>(Chunks::new);

  /**
   * The task body of {@link #multiplyInChunks}: chunk {@code i} of one product. A reusable object with the
   * product's arguments in fields rather than a lambda that captures them, so that a product allocates
   * nothing; its arrays are let go when the product is done.
   */
  private static final class Chunks implements IntConsumer, PerThread.Reusable {
    private GemmKernel use;
    private boolean transposeA;
    private boolean transposeB;
    private int m;
    private int n;
    private int k;
    private double[] a;
    private double[] b;
    private double[] c;
    private boolean accumulate;
    private boolean byColumns;
    private int size;

    void set(
        GemmKernel use, boolean transposeA, boolean transposeB, int m, int n, int k, double[] a, double[] b, double[] c,
        boolean accumulate, boolean byColumns, int size) {
      this.use = use;
      this.transposeA = transposeA;
      this.transposeB = transposeB;
      this.m = m;
      this.n = n;
      this.k = k;
      this.a = a;
      this.b = b;
      this.c = c;
      this.accumulate = accumulate;
      this.byColumns = byColumns;
      this.size = size;
    }

    @Override
    public boolean running() {
      return c != null;
    }

    void clear() {
      use = null;
      a = null;
      b = null;
      c = null;
    }

    @Override
    public void accept(int chunk) {
      int start = chunk * size;
      if (byColumns) {
        use.multiply(transposeA, transposeB, m, n, k, a, b, c, accumulate, 0, m, start, Math.min(n, start + size));
      } else {
        use.multiply(transposeA, transposeB, m, n, k, a, b, c, accumulate, start, Math.min(m, start + size), 0, n);
      }
    }
  }

  /**
   * Registers {@code "java"}, the default unless {@code nn-blas} offers OpenBLAS (priority 10): with the plain-Java
   * kernels at {@link #PRIORITY}, below it, since OpenBLAS runs the products about twice as fast; with the Vector
   * API kernels on AVX-512 at {@link #PRIORITY_WITH_VECTOR_API}, above it.
   */
  public static final class Provider implements ComputeBackendProvider {
    /** The priority with the plain-Java kernels. */
    public static final int PRIORITY = 0;

    /**
     * The priority when the products run on the Vector API kernels with vectors of at least eight doubles ({@code
     * --add-modules jdk.incubator.vector} on AVX-512): above OpenBLAS's 10. Measured there (2-core Xeon, JDK 17,
     * OpenBLAS 0.3.21 through {@code nn-blas}, {@code nn-bench vs-numpy} and {@code mlp-steps}, 2026-12-02), the
     * {@code openblas} backend trained W2 at 0.57x to 0.72x of this backend's rate on 2 threads, W3 at 0.80x to 0.81x
     * and W4 at 0.80x; on one thread at 0.98x to 1.10x over four runs. Its products were up to 1.19x faster per core
     * at 1024³ and the layers of 128 and 512 (1.6x to 1.9x at the 10-output ones), but on 2 threads OpenBLAS's own
     * threads cost the rest of the step more than they gain: with {@code OPENBLAS_NUM_THREADS=1} the {@code openblas}
     * backend trained W2 faster (84,199 against 71,398 samples/s), its products on one thread. What this gives up:
     * batched inference of W3 ran 2 % to 17 % faster on {@code openblas} (W2's 11 % to 27 % slower), and one sample
     * through {@code network.predict} about twice as fast there (W2: 11.4 against 22.6 µs), where OpenBLAS sums a
     * row's products in another order than one fma chain; {@code network.predictor()}, which does not go through the
     * backend, answers one W2 sample in 8.4 µs. With 256-bit vectors (AVX2) none of this was measured, and OpenBLAS
     * keeps its place.
     */
    public static final int PRIORITY_WITH_VECTOR_API = 20;

    /** Called by {@link java.util.ServiceLoader}. */
    public Provider() {}

    @Override
    public String name() {
      return "java";
    }

    /**
     * {@link #PRIORITY_WITH_VECTOR_API} when this JVM's products run on the Vector API kernels with vectors of
     * eight doubles, {@link #PRIORITY} otherwise.
     */
    @Override
    public int priority() {
      return GemmKernels.vectorKernelsOnWideVectors() ? PRIORITY_WITH_VECTOR_API : PRIORITY;
    }

    @Override
    public java.util.Optional<ComputeBackend> create() {
      return java.util.Optional.of(new JavaBackend());
    }
  }
}
