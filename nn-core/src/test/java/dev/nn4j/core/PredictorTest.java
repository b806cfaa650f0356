package dev.nn4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nn4j.core.init.Initializers;
import dev.nn4j.core.losses.Losses;
import dev.nn4j.core.math.Matrix;
import dev.nn4j.core.testing.TestIdentity;
import dev.nn4j.core.testing.TestSgd;
import dev.nn4j.core.testing.TestSigmoid;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * {@link Predictor} agrees bit for bit with {@link Network#predict(double[])}. Surefire runs this class
 * with and without {@code --add-modules jdk.incubator.vector}, so both one-sample kernels are held to it.
 */
class PredictorTest {
  private final Random random = new Random(5);

  @Test
  void fashionMlpShapedNetworkPredictsTheSameBitsAsTheNetwork() {
    for (long seed = 1; seed <= 3; seed++) {
      Network network =
          Network.builder()
              .input(784)
              .dense(128, new TestSigmoid())
              .dense(10, new TestSoftmax())
              .weightInit(Initializers.heNormal())
              .loss(Losses.mse())
              .seed(seed)
              .build();
      Predictor predictor = network.predictor();
      for (int s = 0; s < 20; s++) {
        double[] sample = uniform(784);
        double[] expected = network.predict(sample);
        assertThat(predictor.predict(sample)).as("seed %s sample %s", seed, s).containsExactly(expected);
      }
    }
  }

  @Test
  void oddSizesDeepNetworksAndDropoutPredictTheSameBits() {
    int[][] widths = {{1, 1}, {3, 17, 1}, {33, 129, 65, 7}, {200, 513, 9}, {5, 8, 16, 64, 128, 2}};
    for (int[] w : widths) {
      NetworkBuilder builder = Network.builder().input(w[0]).weightInit(Initializers.standardNormal()).loss(Losses.mse()).seed(w.length);
      for (int i = 1; i < w.length; i++) {
        builder.dense(w[i], i % 2 == 0 ? new TestIdentity() : new TestSigmoid());
        if (i == 1) {
          builder.dropout(0.5);
        }
      }
      Network network = builder.build();
      Predictor predictor = network.predictor();
      assertThat(predictor.inputSize()).isEqualTo(w[0]);
      assertThat(predictor.outputSize()).isEqualTo(w[w.length - 1]);
      for (int s = 0; s < 10; s++) {
        double[] sample = uniform(w[0]);
        assertThat(predictor.predict(sample)).as("%s", java.util.Arrays.toString(w)).containsExactly(network.predict(sample));
      }
    }
  }

  @Test
  void theTutorialsNetworkGivesTheTutorialsValue() {
    Network network =
        Network.builder()
            .input(2)
            .dense(2, new TestSigmoid(), Initializers.values(new double[][] {{0, 1}, {0, 1}}, new double[] {0, 0}))
            .dense(1, new TestSigmoid(), Initializers.values(new double[][] {{0, 1}}, new double[] {0}))
            .loss(Losses.mse())
            .build();
    assertThat(network.predictor().predict(new double[] {2, 3})).containsExactly(0.7216325609518421);
  }

  @Test
  void isFrozenWhileTheNetworkTrainsOn() {
    Network network =
        Network.builder().input(3).dense(5, new TestSigmoid()).dense(1, new TestSigmoid()).loss(Losses.mse())
            .optimizer(new TestSgd(0.5)).seed(3).build();
    double[] sample = {0.2, -1, 0.7};
    Predictor before = network.predictor();
    double[] frozen = before.predict(sample);
    network.fit(new double[][] {{1, 0, 0}, {0, 1, 1}}, new double[][] {{1}, {0}}, FitOptions.builder().epochs(20).build());
    assertThat(network.predict(sample)).isNotEqualTo(frozen);
    assertThat(before.predict(sample)).containsExactly(frozen);
    assertThat(network.predictor().predict(sample)).containsExactly(network.predict(sample));
  }

  @Test
  void returnsANewArrayAndLeavesTheSampleAlone() {
    Network network = Network.builder().input(4).dense(4, new TestIdentity()).loss(Losses.mse()).seed(2).build();
    Predictor predictor = network.predictor();
    double[] sample = {1, 2, 3, 4};
    double[] first = predictor.predict(sample);
    first[0] = 99;
    assertThat(sample).containsExactly(1, 2, 3, 4);
    assertThat(predictor.predict(sample)).containsExactly(network.predict(sample));
  }

  @Test
  void servesManyThreadsAtOnce() throws Exception {
    Network network = Network.builder().input(50).dense(70, new TestSigmoid()).dense(3, new TestIdentity())
        .loss(Losses.mse()).seed(9).build();
    Predictor predictor = network.predictor();
    List<double[]> samples = new ArrayList<>();
    List<double[]> expected = new ArrayList<>();
    for (int s = 0; s < 200; s++) {
      samples.add(uniform(50));
      expected.add(network.predict(samples.get(s)));
    }
    ExecutorService threads = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        futures.add(threads.submit(() -> {
          for (int round = 0; round < 20; round++) {
            for (int s = 0; s < samples.size(); s++) {
              assertThat(predictor.predict(samples.get(s))).containsExactly(expected.get(s));
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
  void badSamplesGetTheNetworksErrors() {
    Network network = Network.builder().input(6).dense(2, new TestSigmoid()).loss(Losses.mse()).seed(1).build();
    Predictor predictor = network.predictor();
    assertThatThrownBy(() -> predictor.predict(new double[5]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Expected each input sample to have 6 values, got 5 in sample 0");
    assertThatThrownBy(() -> predictor.predict(new double[] {0, 0, 0, Double.NaN, 0, 0}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Expected finite input values, got NaN in sample 0, column 3");
    assertThatThrownBy(() -> predictor.predict(null)).isInstanceOf(NullPointerException.class).hasMessageContaining("sample");
  }

  @Test
  void refusesALayerWithStateThatIsNotRegisteredByName() {
    Network network = Network.builder().input(3).dense(4, new TestSigmoid()).layer(Scale::new).loss(Losses.mse()).build();
    assertThatThrownBy(network::predictor)
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessageStartingWith("Cannot copy layer Scale for serving: its type is not registered by name. Register its"
            + " LayerProvider, or override Layer.forServing(). Unknown layer type 'scale'.");
  }

  @Test
  void servesEveryRegisteredLayerWithTheNetworksBitsAndStaysFrozen() {
    Network network =
        Network.builder()
            .input(Shape.of(2, 3))
            .dense(4, new TestSigmoid())
            .layerNorm()
            .flatten()
            .dense(6, new TestSigmoid())
            .batchNorm()
            .dropout(0.3)
            .reshape(2, 3)
            .dense(2, new TestSigmoid())
            .loss(Losses.mse())
            .optimizer(new TestSgd(0.5))
            .seed(3)
            .build();
    Random random = new Random(4);
    Matrix x = TrainingFixtures.gaussian(16, 6, random);
    network.fit(x, TrainingFixtures.gaussian(16, 4, random), FitOptions.builder().epochs(3).batchSize(8).build());
    Predictor predictor = network.predictor();
    double[][] samples = x.toArray();
    double[][] expected = network.predict(samples);
    for (int i = 0; i < samples.length; i++) {
      assertThat(predictor.predict(samples[i])).isEqualTo(expected[i]).isEqualTo(network.predict(samples[i]));
    }
    // Training on changes the network's running statistics and weights, not the predictor's.
    network.fit(x, TrainingFixtures.gaussian(16, 4, random), FitOptions.builder().epochs(2).batchSize(8).build());
    assertThat(network.predict(samples[0])).isNotEqualTo(expected[0]);
    assertThat(predictor.predict(samples[0])).isEqualTo(expected[0]);
  }

  @Test
  void aPredictorThatAnsweredCanStillBeCollected() {
    assertThat(dev.nn4j.core.testing.Collected.eventually(predictOnceAndForget()))
        .as("the predictor, no longer referenced but by this thread's buffers")
        .isTrue();
  }

  private static java.lang.ref.WeakReference<Predictor> predictOnceAndForget() {
    Predictor predictor = Network.builder().input(2).dense(3, new TestSigmoid()).loss(Losses.mse()).seed(4).build().predictor();
    predictor.predict(new double[] {1, 2});
    return new java.lang.ref.WeakReference<>(predictor);
  }

  private double[] uniform(int n) {
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = random.nextDouble();
    }
    return x;
  }

  /** Softmax by rows, an activation that is not elementwise; only forward is needed here. */
  private static final class TestSoftmax implements Activation {
    @Override
    public String name() {
      return "test_softmax";
    }

    @Override
    public void forward(Matrix z, Matrix out) {
      for (int r = 0; r < z.rows(); r++) {
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < z.cols(); c++) {
          max = Math.max(max, z.get(r, c));
        }
        double sum = 0;
        for (int c = 0; c < z.cols(); c++) {
          out.set(r, c, Math.exp(z.get(r, c) - max));
          sum += out.get(r, c);
        }
        for (int c = 0; c < z.cols(); c++) {
          out.set(r, c, out.get(r, c) / sum);
        }
      }
    }

    @Override
    public void backward(Matrix z, Matrix a, Matrix gradOut, Matrix gradIn) {
      throw new UnsupportedOperationException("not needed for prediction");
    }
  }

  /** A layer with a parameter of its own, {@code y = s ⊙ x}, not registered by name. */
  private static final class Scale implements Layer {
    private final Shape shape;
    private final Parameter scale;

    Scale(Shape shape) {
      this.shape = shape;
      this.scale = new Parameter("scale", shape);
    }

    @Override
    public String type() {
      return "scale";
    }

    @Override
    public LayerConfig config() {
      return LayerConfig.empty();
    }

    @Override
    public Shape inputShape() {
      return shape;
    }

    @Override
    public Shape outputShape() {
      return shape;
    }

    @Override
    public List<Parameter> parameters() {
      return List.of(scale);
    }

    @Override
    public Matrix forward(Matrix input, Pass pass) {
      return input;
    }

    @Override
    public Matrix backward(Matrix outputGradient, Pass pass) {
      return outputGradient;
    }

    @Override
    public String toString() {
      return "Scale";
    }
  }
}
