package dev.nn4j.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nn4j.core.losses.Losses;
import dev.nn4j.core.math.Matrix;
import dev.nn4j.core.math.SplitLstmSteps;
import dev.nn4j.core.testing.TestIdentity;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * A predictor of an LSTM wide enough for its steps to be split between two threads ({@link SplitLstmSteps})
 * gives {@link Network#predict}'s bits: one and two directions, stacked, an odd and an even number of steps,
 * shorter sequences, and from several threads at once (which then share the one helper thread or run alone).
 */
class SplitLstmServingTest {
  private static final int F = 5;
  private final Random random = new Random(3);

  private static LayerConfig lstm(int hidden, int layers, boolean bidirectional) {
    return LayerConfig.builder()
        .set("hidden_size", hidden)
        .set("num_layers", layers)
        .set("bidirectional", bidirectional)
        .set("return_sequences", false)
        .build();
  }

  private static Network build(UnaryOperator<NetworkBuilder> shape, int steps, long seed) {
    return shape.apply(Network.builder().input(Shape.of(steps, F))).loss(Losses.mse()).seed(seed).build();
  }

  private double[] sequence(int steps) {
    double[] x = new double[steps * F];
    for (int i = 0; i < x.length; i++) {
      x[i] = 2 * random.nextDouble() - 1;
    }
    return x;
  }

  @Test
  void wideLstmsAreSplitOnThisMachine() {
    boolean twoThreads = Runtime.getRuntime().availableProcessors() >= 2 && Integer.getInteger("nn4j.threads", 2) >= 2;
    assertThat(SplitLstmSteps.of(new Matrix(4 * 96, 96), null, null) != null).isEqualTo(twoThreads);
    assertThat(SplitLstmSteps.of(new Matrix(4 * 8, 8), null, null)).isNull();
  }

  @Test
  void splitStepsGiveTheNetworksBits() {
    List<UnaryOperator<NetworkBuilder>> shapes = List.of(
        b -> b.layer("lstm", lstm(96, 1, false)).dense(3, new TestIdentity()),
        b -> b.layer("lstm", lstm(65, 2, false)).dense(2, new TestIdentity()),
        b -> b.layer("lstm", lstm(64, 1, true)).dense(4, new TestIdentity()));
    for (int steps : new int[] {6, 7}) {
      for (int s = 0; s < shapes.size(); s++) {
        Network network = build(shapes.get(s), steps, s + 1);
        Predictor predictor = network.predictor();
        for (int i = 0; i < 5; i++) {
          double[] x = sequence(steps);
          assertThat(predictor.predict(x)).as("network %s, %s steps", s, steps).containsExactly(network.predict(x));
          // A shorter sequence: the padded steps change nothing.
          assertThat(predictor.predict(x, steps - 2)).as("network %s, %s of %s steps", s, steps - 2, steps)
              .containsExactly(network.predict(Matrix.wrap(1, x.length, x), new int[] {steps - 2}).row(0));
        }
      }
    }
  }

  @Test
  void splitStepsServeFourThreadsAtOnce() throws Exception {
    Network network = build(b -> b.layer("lstm", lstm(96, 1, false)).dense(3, new TestIdentity()), 9, 4);
    Predictor predictor = network.predictor();
    List<double[]> samples = new ArrayList<>();
    List<double[]> expected = new ArrayList<>();
    for (int s = 0; s < 20; s++) {
      samples.add(sequence(9));
      expected.add(network.predict(samples.get(s)));
    }
    ExecutorService threads = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int thread = t;
        futures.add(threads.submit(() -> {
          for (int round = 0; round < 20; round++) {
            for (int s = 0; s < samples.size(); s++) {
              int at = (s + thread) % samples.size();
              assertThat(predictor.predict(samples.get(at))).containsExactly(expected.get(at));
            }
          }
          return null;
        }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } finally {
      threads.shutdownNow();
    }
  }
}
