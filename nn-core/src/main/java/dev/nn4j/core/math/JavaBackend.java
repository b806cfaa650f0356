package dev.nn4j.core.math;

import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The default backend: blocked, packed and multi-threaded products in pure Java (no native code, no
 * incubator module).
 *
 * <p><b>Blocking.</b> {@code C} is computed in blocks of {@value BlockedGemm#NC} columns; for each block,
 * the inner index runs in steps of {@value BlockedGemm#KC}, and the {@code KC x NC} panel of {@code op(B)}
 * is first packed (copied, or transposed when {@code B} is stored transposed) into per-thread rows that
 * stay in the L2 cache. Three rows of {@code C} at a time are then updated from the panel, two steps of
 * the inner index per pass, in a loop over the columns that C2 compiles to AVX fma instructions (see
 * {@link BlockedGemm} for the form the loop must take). {@code op(A)} is read in place, one scalar per
 * row and step, whether it is transposed or not, so none of the three products of training ({@code A·B},
 * {@code A·Bᵀ}, {@code Aᵀ·B}) materialises a transpose. Products of one to three rows do not pack a
 * whole panel: with {@code B} as stored, its rows are copied a few at a time into L1; with {@code B}
 * transposed and one or two rows of {@code A} as stored (a single sample through a dense layer, however
 * small), each element is a dot product of two contiguous rows, eight at a time.
 *
 * <p><b>Threads.</b> Products of at least {@value #PARALLEL_WORK} multiply-adds are split into chunks of
 * columns of {@code C} (or of rows, when {@code C} is too narrow) that the calling thread and a fixed pool
 * of daemon threads claim one at a time; smaller products run on the calling thread with no hand-off. The
 * pool has as many threads as processors, or {@value #THREADS_PROPERTY} if that property is set (the
 * caller counts as one of them).
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

  /** Narrowest chunk of columns given to one thread. */
  private static final int MIN_CHUNK_COLUMNS = 64;

  private final int threads;
  private volatile ExecutorService pool;

  /** The pure-Java backend, with the threads of {@value #THREADS_PROPERTY} (default: all processors). */
  public JavaBackend() {
    this(configuredThreads());
  }

  /** A backend that splits large products between {@code threads} threads, the caller included. */
  JavaBackend(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1, got " + threads);
    }
    this.threads = threads;
  }

  private static int configuredThreads() {
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

  @Override
  public void gemm(boolean transposeA, boolean transposeB, int m, int n, int k, double[] a, double[] b, double[] c) {
    gemm(transposeA, transposeB, m, n, k, a, b, c, false);
  }

  @Override
  public void gemm(
      boolean transposeA, boolean transposeB, int m, int n, int k, double[] a, double[] b, double[] c, boolean accumulate) {
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
    if (threads == 1 || (long) m * n * k < PARALLEL_WORK) {
      BlockedGemm.multiply(transposeA, transposeB, m, n, k, a, b, c, accumulate, 0, m, 0, n);
      return;
    }
    new Product(transposeA, transposeB, m, n, k, a, b, c, accumulate, threads).run(pool());
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

  private ExecutorService pool() {
    ExecutorService p = pool;
    if (p == null) {
      synchronized (this) {
        p = pool;
        if (p == null) {
          AtomicInteger count = new AtomicInteger();
          p =
              new ThreadPoolExecutor(
                  threads - 1,
                  threads - 1,
                  0L,
                  TimeUnit.MILLISECONDS,
                  new LinkedBlockingQueue<>(),
                  task -> {
                    Thread t = new Thread(task, "nn4j-gemm-" + count.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                  });
          pool = p;
        }
      }
    }
    return p;
  }

  /**
   * One large product, cut into chunks of {@code C} that the caller and the pool's threads claim in turn.
   * The caller never waits for a chunk nobody has started: it works until every chunk is claimed, then
   * waits only for those still running elsewhere.
   */
  private static final class Product implements Runnable {
    private final boolean transposeA;
    private final boolean transposeB;
    private final int m;
    private final int n;
    private final int k;
    private final double[] a;
    private final double[] b;
    private final double[] c;
    private final boolean accumulate;
    private final boolean byColumns;
    private final int chunkSize;
    private final int chunks;
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicInteger unfinished;
    private final Thread caller = Thread.currentThread();
    private volatile Throwable failure;

    Product(
        boolean transposeA,
        boolean transposeB,
        int m,
        int n,
        int k,
        double[] a,
        double[] b,
        double[] c,
        boolean accumulate,
        int threads) {
      this.transposeA = transposeA;
      this.transposeB = transposeB;
      this.m = m;
      this.n = n;
      this.k = k;
      this.a = a;
      this.b = b;
      this.c = c;
      this.accumulate = accumulate;
      // Columns first: a chunk of columns packs only its own part of B, a chunk of rows packs all of it.
      int wanted = 2 * threads;
      this.byColumns = n >= threads * MIN_CHUNK_COLUMNS;
      if (byColumns) {
        int width = Math.max(MIN_CHUNK_COLUMNS, ceilDiv(n, wanted));
        this.chunkSize = Math.min(BlockedGemm.NC, ceilDiv(width, 8) * 8);
        this.chunks = ceilDiv(n, chunkSize);
      } else {
        int height = ceilDiv(m, wanted);
        this.chunkSize = ceilDiv(height, BlockedGemm.MR) * BlockedGemm.MR;
        this.chunks = ceilDiv(m, chunkSize);
      }
      this.unfinished = new AtomicInteger(chunks);
    }

    void run(ExecutorService pool) {
      int helpers = Math.min(chunks - 1, ((ThreadPoolExecutor) pool).getCorePoolSize());
      for (int h = 0; h < helpers; h++) {
        pool.execute(this);
      }
      run();
      boolean interrupted = false;
      while (unfinished.get() > 0) {
        LockSupport.park(this);
        interrupted |= Thread.interrupted();
      }
      if (interrupted) {
        caller.interrupt();
      }
      Throwable f = failure;
      if (f instanceof RuntimeException) {
        throw (RuntimeException) f;
      } else if (f instanceof Error) {
        throw (Error) f;
      } else if (f != null) {
        throw new IllegalStateException(f);
      }
    }

    /** Claims and computes chunks until none is left. */
    @Override
    public void run() {
      for (int chunk = next.getAndIncrement(); chunk < chunks; chunk = next.getAndIncrement()) {
        try {
          int start = chunk * chunkSize;
          if (byColumns) {
            int end = Math.min(n, start + chunkSize);
            BlockedGemm.multiply(transposeA, transposeB, m, n, k, a, b, c, accumulate, 0, m, start, end);
          } else {
            int end = Math.min(m, start + chunkSize);
            BlockedGemm.multiply(transposeA, transposeB, m, n, k, a, b, c, accumulate, start, end, 0, n);
          }
        } catch (Throwable t) {
          failure = t;
        } finally {
          if (unfinished.decrementAndGet() == 0) {
            LockSupport.unpark(caller);
          }
        }
      }
    }

    private static int ceilDiv(int x, int y) {
      return (x + y - 1) / y;
    }
  }

  /** Registers {@code "java"}, the default. */
  public static final class Provider implements ComputeBackendProvider {
    /** Called by {@link java.util.ServiceLoader}. */
    public Provider() {}

    @Override
    public String name() {
      return "java";
    }

    @Override
    public int priority() {
      return 0;
    }

    @Override
    public java.util.Optional<ComputeBackend> create() {
      return java.util.Optional.of(new JavaBackend());
    }
  }
}
