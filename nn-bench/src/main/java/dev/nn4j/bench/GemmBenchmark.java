package dev.nn4j.bench;

import dev.nn4j.core.math.Backends;
import dev.nn4j.core.math.ComputeBackend;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH microbenchmarks of {@link ComputeBackend#gemm} at the shapes of W2's training step (batch 64,
 * 784-128-10): for each dense layer its three products, forward {@code x·Wᵀ} (NT), weight gradient {@code
 * δᵀ·x} (TN) and input gradient {@code δ·W} (NN), plus the single-sample forward product {@code 1 x 784 ·
 * (128 x 784)ᵀ}. Run with {@code java -cp nn-bench/target/nn-bench.jar org.openjdk.jmh.Main GemmBenchmark};
 * time per product in microseconds, {@code GFLOP/s = 2·m·n·k / (1000 · µs)}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class GemmBenchmark {

  /** The backend, by its registered name; one that cannot run here fails its own benchmarks only. */
  @Param({"naive", "java", "openblas"})
  public String backend;

  /** {@code FORM:m x n x k}, where FORM gives the transposes of A and B (N or T) as in BLAS. */
  @Param({
    "NT:64x128x784", "TN:128x784x64", "NN:64x784x128", "NT:64x10x128", "TN:10x128x64", "NN:64x128x10", "NT:1x128x784"
  })
  public String product;

  private ComputeBackend compute;
  private boolean transposeA;
  private boolean transposeB;
  private int m;
  private int n;
  private int k;
  private double[] a;
  private double[] b;
  private double[] c;

  /** Parses the product, finds the backend and fills A and B with seeded random values. */
  @Setup
  public void setUp() {
    compute =
        Backends.named(backend)
            .orElseThrow(() -> new IllegalStateException("Backend '" + backend + "' is not available here"));
    String[] formAndSizes = product.split(":");
    transposeA = formAndSizes[0].charAt(0) == 'T';
    transposeB = formAndSizes[0].charAt(1) == 'T';
    String[] sizes = formAndSizes[1].split("x");
    m = Integer.parseInt(sizes[0]);
    n = Integer.parseInt(sizes[1]);
    k = Integer.parseInt(sizes[2]);
    Random random = new Random(1);
    a = random.doubles((long) m * k, -1, 1).toArray();
    b = random.doubles((long) k * n, -1, 1).toArray();
    c = new double[m * n];
  }

  /**
   * One product {@code C = op(A)·op(B)}.
   *
   * @return {@code C}, returned so that it is not optimised away
   */
  @Benchmark
  public double[] gemm() {
    compute.gemm(transposeA, transposeB, m, n, k, a, b, c);
    return c;
  }
}
