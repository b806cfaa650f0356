package dev.nn4j.bench;

import dev.nn4j.core.math.Backends;
import dev.nn4j.core.math.ComputeBackend;
import dev.nn4j.core.math.FrozenWeights;
import dev.nn4j.core.math.Matrix;
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
 * JMH microbenchmark of the one-sample product {@code y = x · Wᵀ} at the shapes of W2 (784 to 128, 128 to
 * 10) and W3 (784 to 512): {@link FrozenWeights#multiply} (what {@code Network.predictor()} uses) against the
 * {@code java} backend's {@code gemm} on the weights as stored (what {@code Network.predict(double[])}
 * uses), in the same run. The kernel of {@code FrozenWeights} depends on the forked JVM's flags:
 * {@code java -cp nn-bench/target/nn-bench.jar org.openjdk.jmh.Main FrozenWeightsBenchmark} measures the
 * plain-Java kernel, adding {@code -jvmArgsAppend "--add-modules jdk.incubator.vector"} the Vector API one.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FrozenWeightsBenchmark {

  /** {@code outputs x inputs} of {@code W}. */
  @Param({"128x784", "10x128", "512x784"})
  public String weights;

  private ComputeBackend java;
  private FrozenWeights frozen;
  private double[] w;
  private double[] x;
  private double[] y;
  private int outputs;
  private int inputs;

  /** Fills {@code W} and {@code x} with seeded random values and freezes {@code W}. */
  @Setup
  public void setUp() {
    String[] sizes = weights.split("x");
    outputs = Integer.parseInt(sizes[0]);
    inputs = Integer.parseInt(sizes[1]);
    Random random = new Random(1);
    w = random.doubles((long) outputs * inputs, -1, 1).toArray();
    x = random.doubles(inputs, 0, 1).toArray();
    y = new double[outputs];
    frozen = FrozenWeights.of(Matrix.wrap(outputs, inputs, w));
    java = Backends.named("java").orElseThrow();
  }

  /**
   * The product through the frozen copy.
   *
   * @return {@code y}, returned so that it is not optimised away
   */
  @Benchmark
  public double[] frozen() {
    frozen.multiply(x, y);
    return y;
  }

  /**
   * The same product on the {@code java} backend, with {@code W} as stored ({@code [outputs, inputs]}).
   *
   * @return {@code y}, returned so that it is not optimised away
   */
  @Benchmark
  public double[] backend() {
    java.gemm(false, true, 1, outputs, inputs, x, w, y);
    return y;
  }
}
