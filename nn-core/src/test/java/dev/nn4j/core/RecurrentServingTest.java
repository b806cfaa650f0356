package dev.nn4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nn4j.core.losses.Losses;
import dev.nn4j.core.math.Matrix;
import dev.nn4j.core.math.SplitLstmSteps;
import dev.nn4j.core.testing.TestIdentity;
import dev.nn4j.core.testing.TestSigmoid;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * {@link Predictor} serves recurrent networks with {@link Network#predict}'s bits, from many threads, for a
 * whole sequence, a shorter one, and a sequence fed a few steps at a time through a {@link PredictionStream};
 * and LSTMs wide enough for {@link SplitLstmSteps} to share their steps between two threads, with the same bits.
 */
class RecurrentServingTest {
  private static final int T = 7;
  private static final int F = 3;
  private final Random random = new Random(12);

  private static LayerConfig recurrent(int hidden, int layers, boolean bidirectional, boolean sequences, String nonlinearity) {
    LayerConfig.Builder b = LayerConfig.builder()
        .set("hidden_size", hidden)
        .set("num_layers", layers)
        .set("bidirectional", bidirectional)
        .set("return_sequences", sequences);
    return nonlinearity == null ? b.build() : b.set("nonlinearity", nonlinearity).build();
  }

  /** The networks served: every cell, stacked, bidirectional, per step and last, dense before and after. */
  private static List<UnaryOperator<NetworkBuilder>> shapes(boolean withBidirectional) {
    List<UnaryOperator<NetworkBuilder>> shapes = new ArrayList<>();
    shapes.add(b -> b.lstm(6, true).dense(4, new TestIdentity()));
    shapes.add(b -> b.lstm(5, false).dense(2, new TestSigmoid()));
    shapes.add(b -> b.gru(5, true).dense(3, new TestSigmoid()));
    shapes.add(b -> b.gru(4, false));
    shapes.add(b -> b.layer("rnn", recurrent(5, 2, false, true, "relu")).dense(2, new TestIdentity()));
    shapes.add(b -> b.layer("rnn", recurrent(4, 1, false, false, "tanh")).dense(3, new TestIdentity()));
    shapes.add(b -> b.dense(4, new TestSigmoid()).layer("lstm", recurrent(5, 2, false, true, null))
        .gru(3, false).dense(2, new TestIdentity()));
    if (withBidirectional) {
      shapes.add(b -> b.layer("gru", recurrent(4, 2, true, true, null)).dense(2, new TestIdentity()));
      shapes.add(b -> b.layer("lstm", recurrent(4, 1, true, false, null)).dense(2, new TestIdentity()));
    }
    return shapes;
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
  void predictorServesRecurrentNetworksWithTheNetworksBits() {
    List<UnaryOperator<NetworkBuilder>> shapes = shapes(true);
    for (int s = 0; s < shapes.size(); s++) {
      Network network = build(shapes.get(s), T, s + 1);
      Predictor predictor = network.predictor();
      for (int i = 0; i < 5; i++) {
        double[] x = sequence(T);
        assertThat(predictor.predict(x)).as("network %s: %s", s, network.layers()).containsExactly(network.predict(x));
      }
    }
  }

  @Test
  void recurrentPredictorServesFourThreadsAtOnce() throws Exception {
    servesFourThreadsAtOnce(build(b -> b.layer("lstm", recurrent(8, 2, false, true, null)).dense(3, new TestIdentity()), T, 4));
  }

  @Test
  void splitLstmStepsServeFourThreadsAtOnce() throws Exception {
    // Wide enough for SplitLstmSteps: the threads share the one helper thread or run alone.
    servesFourThreadsAtOnce(build(b -> b.layer("lstm", recurrent(96, 1, false, true, null)).dense(3, new TestIdentity()), T, 4));
  }

  private void servesFourThreadsAtOnce(Network network) throws Exception {
    Predictor predictor = network.predictor();
    List<double[]> samples = new ArrayList<>();
    List<double[]> expected = new ArrayList<>();
    for (int s = 0; s < 50; s++) {
      samples.add(sequence(T));
      expected.add(network.predict(samples.get(s)));
    }
    ExecutorService threads = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int thread = t;
        futures.add(threads.submit(() -> {
          // Each thread also runs a stream of its own, interleaved with whole-sequence predictions.
          PredictionStream stream = predictor.stream();
          for (int round = 0; round < 10; round++) {
            for (int s = 0; s < samples.size(); s++) {
              double[] x = samples.get((s + thread) % samples.size());
              assertThat(predictor.predict(x)).containsExactly(expected.get((s + thread) % samples.size()));
              stream.reset();
              double[] streamed = new double[0];
              for (int k = 0; k < T; k++) {
                streamed = concat(streamed, stream.feed(Arrays.copyOfRange(x, k * F, (k + 1) * F)));
              }
              assertThat(streamed).containsExactly(expected.get((s + thread) % samples.size()));
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

  @Test
  void aStreamFedOneOrAFewStepsGivesEachStepsOutputOfTheWholeSequence() {
    List<UnaryOperator<NetworkBuilder>> shapes = shapes(false);
    for (int s = 0; s < shapes.size(); s++) {
      Network network = build(shapes.get(s), T, s + 10);
      Predictor predictor = network.predictor();
      double[] x = sequence(T);
      double[] whole = predictor.predict(x);
      for (int chunk : new int[] {1, 2, 3, T}) {
        PredictionStream stream = predictor.stream();
        assertThat(stream.stepSize()).isEqualTo(F);
        assertThat(stream.maxSteps()).isEqualTo(T);
        double[] streamed = new double[0];
        double[] last = null;
        for (int k = 0; k < T; k += chunk) {
          int to = Math.min(T, k + chunk);
          last = stream.feed(Arrays.copyOfRange(x, k * F, to * F));
          streamed = concat(streamed, last);
          assertThat(stream.steps()).isEqualTo(to);
          if (!stream.outputsEveryStep()) {
            // The output so far is the network's on the prefix: the same weights over `to` steps.
            Network prefix = build(shapes.get(s), to, 99);
            prefix.loadStateDict(network.stateDict());
            assertThat(last).as("network %s after %s steps", s, to).containsExactly(prefix.predict(Arrays.copyOf(x, to * F)));
            assertThat(predictor.predict(x, to)).as("network %s, length %s", s, to).containsExactly(last);
          }
        }
        if (stream.outputsEveryStep()) {
          assertThat(streamed).as("network %s fed %s steps at a time", s, chunk).containsExactly(whole);
          assertThat(stream.outputSize() * T).isEqualTo(whole.length);
        } else {
          assertThat(last).as("network %s fed %s steps at a time", s, chunk).containsExactly(whole);
        }
      }
    }
  }

  @Test
  void aResetStreamStartsAgainAndStreamsAreIndependent() {
    Network network = build(b -> b.gru(5, true).dense(2, new TestIdentity()), T, 3);
    Predictor predictor = network.predictor();
    double[] x = sequence(T);
    double[] y = sequence(T);
    PredictionStream first = predictor.stream();
    PredictionStream second = predictor.stream();
    double[] a = new double[0];
    double[] b = new double[0];
    for (int k = 0; k < T; k++) {
      a = concat(a, first.feed(Arrays.copyOfRange(x, k * F, (k + 1) * F)));
      b = concat(b, second.feed(Arrays.copyOfRange(y, k * F, (k + 1) * F)));
    }
    assertThat(a).containsExactly(predictor.predict(x));
    assertThat(b).containsExactly(predictor.predict(y));
    first.reset();
    assertThat(first.steps()).isZero();
    assertThat(first.feed(y)).containsExactly(predictor.predict(y));
  }

  @Test
  void aStreamSaysWhenFedTooManyStepsOrAStepOfTheWrongWidth() {
    Network network = build(b -> b.lstm(4, false), T, 5);
    PredictionStream stream = network.predictor().stream();
    stream.feed(sequence(T - 1));
    assertThatThrownBy(() -> stream.feed(sequence(2)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("Expected at most 7 steps in a stream (the network's sequences have 7 steps), got 8 after"
            + " feeding 2 more to the 6 fed so far; start a new stream or reset() this one");
    assertThat(stream.steps()).isEqualTo(T - 1);
    assertThatThrownBy(() -> stream.feed(new double[F + 1]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Expected one or more steps of 3 values each, got 4 values");
    assertThatThrownBy(() -> stream.feed(new double[0]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Expected one or more steps of 3 values each, got 0 values");
    assertThatThrownBy(() -> stream.feed(new double[] {0, Double.NaN, 0}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Expected finite input values, got NaN in step 6, column 1");
    assertThat(stream.feed(sequence(1))).hasSize(4);
    assertThatThrownBy(() -> network.predictor().predict(sequence(T), T + 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Expected a length between 1 and the network's 7 steps (input [7, 3]), got 8");
  }

  @Test
  void networksThatCannotStreamAreRefusedWithTheReason() {
    assertThatThrownBy(() -> build(b -> b.layer("gru", recurrent(4, 1, true, true, null)), T, 1).predictor().stream())
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessageStartingWith("Cannot stream through the bidirectional layer gru(")
        .hasMessageContaining("its backward direction reads the sequence from its last step");
    assertThatThrownBy(() -> build(b -> b.lstm(4, true).flatten().dense(2, new TestIdentity()), T, 1).predictor().stream())
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining("it does not act on each of the 7 steps");
    assertThatThrownBy(() -> Network.builder().input(4).dense(2, new TestIdentity()).loss(Losses.mse()).build().predictor().stream())
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessageStartingWith("Cannot stream a network without a recurrent layer");
  }

  private static double[] concat(double[] a, double[] b) {
    double[] c = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }

  // A predictor of an LSTM wide enough for its steps to be split between two threads (SplitLstmSteps).

  @Test
  void wideLstmsAreSplitOnThisMachine() {
    boolean twoThreads = Runtime.getRuntime().availableProcessors() >= 2 && Integer.getInteger("nn4j.threads", 2) >= 2;
    assertThat(SplitLstmSteps.of(new Matrix(4 * 96, 96), null, null) != null).isEqualTo(twoThreads);
    assertThat(SplitLstmSteps.of(new Matrix(4 * 8, 8), null, null)).isNull();
  }

  @Test
  void splitStepsGiveTheNetworksBits() {
    List<UnaryOperator<NetworkBuilder>> shapes = List.of(
        b -> b.layer("lstm", recurrent(96, 1, false, false, null)).dense(3, new TestIdentity()),
        b -> b.layer("lstm", recurrent(65, 2, false, false, null)).dense(2, new TestIdentity()),
        b -> b.layer("lstm", recurrent(64, 1, true, false, null)).dense(4, new TestIdentity()));
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
}
