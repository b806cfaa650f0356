package dev.nn4j.core.math;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nn4j.core.Activation;
import dev.nn4j.core.Network;
import dev.nn4j.core.Shape;
import dev.nn4j.core.StateDict;
import dev.nn4j.core.losses.Losses;
import dev.nn4j.core.testing.TestSgd;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A convolutional network trains to the same bits on backends of one, two or three threads: its dense products
 * are split between the backend's threads (large enough here to be), each output element still computed in one
 * fixed order. Its convolutions share nn4j's loop threads, whatever the backend's; {@link ConvolutionGroupsTest}
 * checks their bits against any split into groups and tasks.
 */
class ConvolutionThreadsTest {

  @Test
  void trainingIsIdenticalBitForBitWhateverTheThreadCount() {
    Random random = new Random(3);
    Matrix x = new Matrix(64, 3 * 16 * 16);
    Arrays.setAll(x.data(), i -> random.nextGaussian());
    Matrix y = new Matrix(64, 4);
    Arrays.setAll(y.data(), i -> random.nextDouble());
    List<StateDict> results = new ArrayList<>();
    List<Matrix> predictions = new ArrayList<>();
    ComputeBackend previous = Backends.current();
    try {
      for (int threads = 1; threads <= 3; threads++) {
        Backends.use(new JavaBackend(threads));
        Activation tanh = Activation.named("golden_tanh");
        Network network =
            Network.builder()
                .input(Shape.of(3, 16, 16))
                .conv2d(16, 3, "same", tanh)
                .maxPool2d(2)
                .conv2d(32, 3, tanh)
                .globalAvgPool2d()
                .dense(4, tanh)
                .loss(Losses.mse())
                .optimizer(new TestSgd(0.1))
                .seed(9)
                .build();
        for (int step = 0; step < 3; step++) {
          network.trainer().step(x, y);
        }
        results.add(network.stateDict());
        predictions.add(network.predict(x));
      }
    } finally {
      Backends.use(previous);
    }
    assertThat(results.get(1)).isEqualTo(results.get(0));
    assertThat(results.get(2)).isEqualTo(results.get(0));
    assertThat(predictions.get(1)).isEqualTo(predictions.get(0));
    assertThat(predictions.get(2)).isEqualTo(predictions.get(0));
  }
}
