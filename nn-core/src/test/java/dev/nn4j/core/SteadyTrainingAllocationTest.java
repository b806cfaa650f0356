package dev.nn4j.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nn4j.core.losses.Losses;
import dev.nn4j.core.math.Backends;
import dev.nn4j.core.math.ComputeBackend;
import dev.nn4j.core.math.JavaBackend;
import dev.nn4j.core.math.Matrix;
import dev.nn4j.core.testing.TestAdam;
import dev.nn4j.core.testing.ThreadAllocations;
import java.util.Arrays;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Once warm, a training step on the {@code java} backend allocates nothing: neither the calling thread nor
 * the threads of nn4j's pools ({@code nn4j-gemm-*} of the backend, {@code nn4j-loop-*} of the convolution and
 * elementwise loops), with the backend's products on one thread or shared by two. The networks are W4's and
 * W5's kinds, small, but large enough that their products and loops are split between threads.
 *
 * <p>The bytes are HotSpot's per-thread counts, not timings. A round of a few steps is measured up to {@value
 * #ROUNDS} times and one must allocate exactly nothing: an allocation of the library's recurs every step, so
 * every round would show it, while the JVM may on rare occasions allocate on the calling thread for itself
 * (reallocating the objects a compiled method had kept in registers when it deoptimizes). Until C2 has compiled
 * the Vector API kernel's tile, its vectors are boxed (megabytes a step); on a loaded machine that took more than
 * the warm-up steps, so later rounds give it time (the first round that allocates nothing ends the test).
 */
class SteadyTrainingAllocationTest {
  private static final int WARM_UP_STEPS = 30;
  private static final int STEPS = 4;
  private static final int ROUNDS = 50;

  @ParameterizedTest(name = "{0} thread(s)")
  @ValueSource(ints = {1, 2})
  void aSteadyConvolutionalTrainingStepAllocatesNothing(int threads) {
    long[] rounds = roundsOfSteadySteps(threads, () -> Network.builder()
        .input(Shape.of(1, 16, 16))
        .conv2d(16, 3, Activation.named("golden_tanh"))
        .maxPool2d(2)
        .conv2d(32, 3, Activation.named("golden_tanh"))
        .maxPool2d(2)
        .flatten()
        .dropout(0.5)
        .dense(10, TrainingFixtures.softmax())
        .loss(Losses.categoricalCrossEntropy())
        .optimizer(new TestAdam(1e-3))
        .seed(4)
        .build(), 64, 3);
    assertThat(rounds).as("bytes allocated by %s rounds of %s steps (caller and pool threads)", ROUNDS, STEPS).contains(0L);
  }

  /** The LSTM, first in its network, takes a new input array each step: it copies it, it does not view it. */
  @ParameterizedTest(name = "{0} thread(s)")
  @ValueSource(ints = {1, 2})
  void aSteadyLstmTrainingStepAllocatesNothing(int threads) {
    long[] rounds = roundsOfSteadySteps(threads, () -> Network.builder()
        .input(Shape.of(10, 16))
        .lstm(96, false)
        .dense(10, TrainingFixtures.softmax())
        .loss(Losses.categoricalCrossEntropy())
        .optimizer(new TestAdam(1e-3))
        .seed(5)
        .build(), 64, 3);
    assertThat(rounds).as("bytes allocated by %s rounds of %s steps (caller and pool threads)", ROUNDS, STEPS).contains(0L);
  }

  /**
   * Trains the network made by {@code network} on the {@code java} backend with {@code threads} threads for
   * {@link #WARM_UP_STEPS} steps over {@code batches} random batches of {@code batchSize} samples, then
   * returns the bytes allocated by each round of {@link #STEPS} further steps, stopping at the first that
   * allocated nothing.
   */
  private static long[] roundsOfSteadySteps(int threads, Supplier<Network> network, int batchSize, int batches) {
    ComputeBackend previous = Backends.use(JavaBackend.withThreads(threads));
    try {
      Network trained = network.get();
      Random random = new Random(17);
      Matrix[] x = new Matrix[batches];
      Matrix[] y = new Matrix[batches];
      for (int b = 0; b < batches; b++) {
        x[b] = new Matrix(batchSize, trained.inputShape().size());
        Arrays.setAll(x[b].data(), i -> random.nextGaussian());
        y[b] = new Matrix(batchSize, 10);
        for (int r = 0; r < batchSize; r++) {
          y[b].set(r, random.nextInt(10), 1.0);
        }
      }
      Trainer trainer = trained.trainer();
      for (int step = 0; step < WARM_UP_STEPS; step++) {
        trainer.step(x[step % batches], y[step % batches]);
      }
      ThreadAllocations allocations = new ThreadAllocations("nn4j-");
      if (threads > 1) {
        // The products' pool: the default one (nn4j-loop-) when the thread counts agree, else its own (nn4j-gemm-).
        assertThat(allocations.poolThreads()).as("the pool threads measured").anyMatch(name -> name.startsWith("nn4j-gemm-") || name.startsWith("nn4j-loop-"));
      }
      long[] rounds = new long[ROUNDS];
      Arrays.fill(rounds, -1);
      for (int round = 0; round < ROUNDS; round++) {
        long before = allocations.allocatedBytes();
        for (int step = 0; step < STEPS; step++) {
          trainer.step(x[step % batches], y[step % batches]);
        }
        rounds[round] = allocations.allocatedBytes() - before;
        if (rounds[round] == 0) {
          break;
        }
      }
      return rounds;
    } finally {
      Backends.use(previous);
    }
  }
}
