package dev.nn4j.blas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.ludovic.netlib.blas.JavaBLAS;
import dev.nn4j.core.Activation;
import dev.nn4j.core.ElementwiseActivation;
import dev.nn4j.core.FitOptions;
import dev.nn4j.core.Network;
import dev.nn4j.core.Shape;
import dev.nn4j.core.losses.Losses;
import dev.nn4j.core.math.Backends;
import dev.nn4j.core.math.ComputeBackend;
import dev.nn4j.core.math.JavaBackend;
import dev.nn4j.core.math.Matrix;
import dev.nn4j.optim.Optimizers;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * A network predicts the same with nn4j's pure-Java backend and with the BLAS one (OpenBLAS when installed,
 * else netlib's Java BLAS), before and after training, to rounding: a dense network, and a small CNN, whose
 * convolutions multiply on their threads' Java kernel, and on the backend itself for a single image.
 */
class NetworkOnBlasTest {

  /** A tanh written here, since nn-blas does not depend on nn-activations. */
  private static final class TestTanh extends ElementwiseActivation {
    TestTanh() {
      super("test_tanh");
    }

    @Override
    public double value(double x) {
      return Math.tanh(x);
    }

    @Override
    public double derivative(double x, double y) {
      return 1 - y * y;
    }
  }

  private static ComputeBackend blasBackend() {
    return new OpenBlasProvider()
        .create()
        .orElseGet(() -> new BlasBackend("netlib-java", JavaBLAS.getInstance()));
  }

  private static Network network() {
    Activation tanh = new TestTanh();
    return Network.builder()
        .input(13)
        .dense(17, tanh)
        .dense(9, tanh)
        .dense(3, tanh)
        .loss(Losses.mse())
        .optimizer(Optimizers.sgd(0.05))
        .seed(7)
        .build();
  }

  private static Matrix random(int rows, int cols, Random random) {
    Matrix m = new Matrix(rows, cols);
    for (int i = 0; i < m.size(); i++) {
      m.data()[i] = 2 * random.nextDouble() - 1;
    }
    return m;
  }

  private static Network cnn() {
    Activation tanh = new TestTanh();
    return Network.builder()
        .input(Shape.of(1, 12, 12))
        .conv2d(8, 3, tanh)
        .maxPool2d(2)
        .conv2d(8, 3, tanh)
        .flatten()
        .dense(3, tanh)
        .loss(Losses.mse())
        .optimizer(Optimizers.sgd(0.05))
        .seed(7)
        .build();
  }

  /**
   * Trains a fresh network made by {@code make} with {@code backend} and returns its predictions of {@code queries}
   * before and after, and of one more sample alone.
   */
  private static Matrix[] trainAndPredict(
      ComputeBackend backend, Supplier<Network> make, Matrix inputs, Matrix targets, Matrix queries) {
    ComputeBackend previous = Backends.use(backend);
    try {
      Network network = make.get();
      Matrix before = network.predict(queries);
      network.fit(inputs, targets, FitOptions.builder().epochs(20).batchSize(8).build());
      Matrix after = network.predict(queries);
      // One query alone: a single image convolves as one group, its products on the backend itself.
      Matrix single = network.predict(random(1, queries.cols(), new Random(3)));
      return new Matrix[] {before, after, single};
    } finally {
      Backends.use(previous);
    }
  }

  @Test
  void predictsTheSameWithBothBackends() {
    Random random = new Random(11);
    Matrix inputs = random(100, 13, random);
    Matrix targets = random(100, 3, random);
    Matrix queries = random(25, 13, random);
    ComputeBackend blas = blasBackend();

    Matrix[] java = trainAndPredict(new JavaBackend(), NetworkOnBlasTest::network, inputs, targets, queries);
    Matrix[] onBlas = trainAndPredict(blas, NetworkOnBlasTest::network, inputs, targets, queries);

    assertThat(java[1]).as("training changes the predictions").isNotEqualTo(java[0]);
    assertClose(onBlas, java, 2, 1e-12, blas);
  }

  /** The first {@code stages} predictions on BLAS equal those on Java to {@code tolerance}, value by value. */
  private static void assertClose(Matrix[] onBlas, Matrix[] java, int stages, double tolerance, ComputeBackend blas) {
    String[] names = {"untrained", "trained", "one image"};
    for (int stage = 0; stage < stages; stage++) {
      for (int i = 0; i < java[stage].size(); i++) {
        assertThat(onBlas[stage].data()[i])
            .as("%s, %s, value %s", blas, names[stage], i)
            .isCloseTo(java[stage].data()[i], within(tolerance));
      }
    }
  }

  @Test
  void aConvolutionalNetworkPredictsTheSameWithBothBackends() {
    Random random = new Random(13);
    Matrix inputs = random(64, 144, random);
    Matrix targets = random(64, 3, random);
    Matrix queries = random(20, 144, random);
    ComputeBackend blas = blasBackend();

    Matrix[] java = trainAndPredict(new JavaBackend(), NetworkOnBlasTest::cnn, inputs, targets, queries);
    Matrix[] onBlas = trainAndPredict(blas, NetworkOnBlasTest::cnn, inputs, targets, queries);

    assertThat(java[1]).as("training changes the predictions").isNotEqualTo(java[0]);
    assertClose(onBlas, java, 3, 1e-11, blas);
  }
}
