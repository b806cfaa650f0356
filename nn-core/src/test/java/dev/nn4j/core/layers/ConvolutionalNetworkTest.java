package dev.nn4j.core.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nn4j.core.Activation;
import dev.nn4j.core.LayerConfig;
import dev.nn4j.core.Network;
import dev.nn4j.core.Predictor;
import dev.nn4j.core.Shape;
import dev.nn4j.core.losses.Losses;
import dev.nn4j.core.math.Matrix;
import dev.nn4j.core.testing.TestSgd;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Convolutional networks as users build them: by the builder and by name, saved and loaded with the same
 * outputs, served by a thread-safe predictor, trained; and bad shapes and configurations refused with
 * messages that name what was expected and what was given.
 */
class ConvolutionalNetworkTest {
  @TempDir Path folder;

  private static Network cnn() {
    Activation tanh = Activation.named("golden_tanh");
    return Network.builder()
        .input(Shape.of(2, 9, 8))
        .conv2d(4, 3, "same", tanh)
        .batchNorm()
        .maxPool2d(2)
        .layer(
            "conv2d",
            LayerConfig.builder()
                .set("out_channels", 5)
                .set("kernel_size", "2,3")
                .set("stride", "1,2")
                .set("padding", "1")
                .set("dilation", 1)
                .set("bias", false)
                .set("activation", tanh)
                .build())
        .layer("avg_pool2d", LayerConfig.builder().set("kernel_size", 2).set("stride", 1).set("count_include_pad", false).build())
        .globalAvgPool2d()
        .dense(3, tanh)
        .loss(Losses.mse())
        .optimizer(new TestSgd(0.05))
        .seed(7)
        .build();
  }

  private static Matrix images(int n, long seed) {
    Random random = new Random(seed);
    Matrix m = new Matrix(n, 2 * 9 * 8);
    Arrays.setAll(m.data(), i -> random.nextGaussian());
    return m;
  }

  @Test
  void theBuilderThreadsShapesThroughConvolutionAndPooling() {
    Network network = cnn();
    assertThat(network.layers().get(0).outputShape()).isEqualTo(Shape.of(4, 9, 8));
    assertThat(network.layers().get(2).outputShape()).isEqualTo(Shape.of(4, 4, 4));
    assertThat(network.layers().get(3).outputShape()).isEqualTo(Shape.of(5, 5, 2));
    assertThat(network.layers().get(4).outputShape()).isEqualTo(Shape.of(5, 4, 1));
    assertThat(network.layers().get(5).outputShape()).isEqualTo(Shape.of(5));
    assertThat(network.stateDict().names())
        .containsExactly(
            "layers.0.weight", "layers.0.bias", "layers.1.weight", "layers.1.bias", "layers.1.running_mean",
            "layers.1.running_var", "layers.1.num_batches_tracked", "layers.3.weight", "layers.6.weight", "layers.6.bias");
    assertThat(network.stateDict().get("layers.3.weight").shape()).isEqualTo(Shape.of(5, 4, 2, 3));
  }

  @Test
  void aTrainedCnnSavesAndLoadsWithTheSameOutputs() throws Exception {
    Network network = cnn();
    Matrix x = images(16, 1);
    Matrix y = new Matrix(16, 3);
    Arrays.setAll(y.data(), i -> Math.sin(i));
    double before = network.loss(x, y);
    for (int step = 0; step < 20; step++) {
      network.trainer().step(x, y);
    }
    assertThat(network.loss(x, y)).isLessThan(before);
    Path file = folder.resolve("cnn.safetensors");
    network.save(file);
    Network loaded = Network.load(file);
    Matrix test = images(5, 2);
    assertThat(loaded.predict(test)).isEqualTo(network.predict(test));
    assertThat(loaded.layers().get(3).config()).isEqualTo(network.layers().get(3).config());
  }

  @Test
  void thePredictorServesACnnFromManyThreadsWithTheBitsOfPredict() throws Exception {
    Network network = cnn();
    network.trainer().step(images(8, 3), new Matrix(8, 3));
    Predictor predictor = network.predictor();
    Matrix test = images(40, 4);
    Matrix expected = network.predict(test);
    ExecutorService threads = Executors.newFixedThreadPool(4);
    try {
      List<Future<Boolean>> checks = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        checks.add(threads.submit(() -> {
          for (int round = 0; round < 50; round++) {
            for (int i = 0; i < test.rows(); i++) {
              if (!Arrays.equals(predictor.predict(test.row(i)), expected.row(i))) {
                return false;
              }
            }
          }
          return true;
        }));
      }
      for (Future<Boolean> check : checks) {
        assertThat(check.get()).isTrue();
      }
    } finally {
      threads.shutdownNow();
    }
    // Frozen: training the network further does not change what the predictor serves.
    network.trainer().step(images(8, 5), new Matrix(8, 3));
    assertThat(predictor.predict(test.row(0))).isEqualTo(expected.row(0));
  }

  /**
   * A large input is inferred a chunk of rows at a time (here 70 images whose first layer's outputs take
   * 262,144 values each: chunks of 2), with the bits of one image at a time, and the loss of the whole set.
   */
  @Test
  void largeInputsAreInferredInChunksWithTheSameBits() {
    Activation tanh = Activation.named("golden_tanh");
    Network network =
        Network.builder()
            .input(Shape.of(1, 64, 64))
            .conv2d(64, 3, "same", tanh)
            .globalAvgPool2d()
            .dense(2, tanh)
            .loss(Losses.mse())
            .seed(3)
            .build();
    Random random = new Random(5);
    Matrix x = new Matrix(70, 64 * 64);
    Arrays.setAll(x.data(), i -> random.nextGaussian());
    Matrix y = new Matrix(70, 2);
    Arrays.setAll(y.data(), i -> random.nextGaussian());
    Matrix all = network.predict(x);
    double sum = 0;
    for (int i = 0; i < x.rows(); i++) {
      Matrix one = Matrix.wrap(1, x.cols(), x.row(i));
      assertThat(network.predict(one).row(0)).isEqualTo(all.row(i));
      sum += network.loss(one, Matrix.wrap(1, 2, y.row(i)));
    }
    assertThat(network.loss(x, y)).isCloseTo(sum / x.rows(), org.assertj.core.api.Assertions.within(1e-12));
  }

  @Test
  void badShapesAndConfigurationsAreRefusedNamingWhatWasExpected() {
    Activation tanh = Activation.named("golden_tanh");
    assertThatThrownBy(() -> Network.builder().input(784).conv2d(8, 3, tanh).loss(Losses.mse()).build())
        .hasMessageContaining("needs samples of shape [channels, height, width], got [784]");
    assertThatThrownBy(() -> Network.builder().input(Shape.of(1, 4, 4)).conv2d(8, 5, tanh).loss(Losses.mse()).build())
        .hasMessageContaining("The window spans 5 rows (kernel 5, dilation 1), more than the padded input's 4 (4 + padding 0)");
    assertThatThrownBy(() -> Network.builder().input(Shape.of(1, 4, 4))
            .layer("conv2d", LayerConfig.builder().set("out_channels", 2).set("kernel_size", 3).set("stride", 0)
                .set("activation", tanh).build()))
        .hasMessageContaining("Expected 'stride' of layer 'conv2d' to be at least 1, got '0'");
    assertThatThrownBy(() -> Network.builder().input(Shape.of(1, 4, 4))
            .layer("conv2d", LayerConfig.builder().set("out_channels", 2).set("kernel_size", 3).set("stride", 2)
                .set("padding", "same").set("activation", tanh).build()))
        .hasMessageContaining("Padding 'same' needs a stride of 1");
    assertThatThrownBy(() -> Network.builder().input(Shape.of(1, 4, 4))
            .layer("conv2d", LayerConfig.builder().set("out_channels", 2).set("kernel_size", 3).set("padding", "full")
                .set("activation", tanh).build()))
        .hasMessageContaining("Expected one integer or two separated by a comma for 'padding'");
    assertThatThrownBy(() -> Network.builder().input(Shape.of(1, 6, 6))
            .layer("max_pool2d", LayerConfig.builder().set("kernel_size", 2).set("padding", 2).build())
            .loss(Losses.mse()).build())
        .hasMessageContaining("at most half its kernel");
    assertThatThrownBy(() -> Network.builder().input(Shape.of(1, 6, 6)).maxPool2d(0))
        .hasMessageContaining("Expected 'kernel_size' of layer 'max_pool2d' to be at least 1");

    Network shaped = cnn();
    Matrix x = images(4, 9);
    Matrix y = new Matrix(4, 3);
    dev.nn4j.core.FitOptions once = dev.nn4j.core.FitOptions.builder().epochs(1).batchSize(4).build();
    assertThatThrownBy(() -> shaped.fit(dev.nn4j.core.data.DataSet.wrap(x, y).withSampleShape(8, 9, 2), once))
        .hasMessageContaining("The training samples have shape [8, 9, 2], but the network's input is [2, 9, 8]");
    // Flat samples of the right size, as a CSV file gives them, are taken as the input's shape.
    assertThat(shaped.fit(dev.nn4j.core.data.DataSet.wrap(x, y), once).epochs()).isEqualTo(1);

    Network network = cnn();
    assertThatThrownBy(() -> network.predict(new Matrix(2, 100)))
        .hasMessageContaining("144")
        .hasMessageContaining("100");
  }

  /**
   * Steady training steps of a small convolutional network of the W4 shape (convolution, max pooling,
   * flatten, dropout, dense softmax, categorical cross-entropy) allocate little on the training thread once
   * the first steps have made their buffers, at batches of 32 and 160 (past the cached boxed integers):
   * checking the targets, the batch and the layers allocates only to report a failure. The least of a few rounds
   * counts: after the other convolution tests in one JVM, the Vector API kernels' tiles were recompiled during the
   * first rounds here (1 to 3 MB a step, their boxed vectors), then steps allocated 0 to 70 bytes.
   */
  @Test
  void steadyTrainingStepsOfACnnAllocateLittleAndNothingPerSample() {
    long small = bytesPerSteadyStep(32);
    long large = bytesPerSteadyStep(160);
    assertThat(small).as("bytes allocated per step at a batch of 32").isLessThan(4096);
    assertThat(large).as("bytes allocated per step at a batch of 160").isLessThan(4096);
  }

  private static long bytesPerSteadyStep(int batch) {
    Activation tanh = Activation.named("golden_tanh");
    Network network =
        Network.builder()
            .input(Shape.of(1, 12, 12))
            .conv2d(8, 3, tanh)
            .maxPool2d(2)
            .conv2d(16, 3, tanh)
            .maxPool2d(2)
            .flatten()
            .dropout(0.5)
            .dense(3, Fixtures.softmax())
            .loss(Losses.categoricalCrossEntropy())
            .optimizer(new TestSgd(0.05))
            .seed(5)
            .build();
    Matrix x = images(batch, 6); // 144 values a sample, as 1 x 12 x 12
    Matrix y = new Matrix(batch, 3);
    for (int i = 0; i < batch; i++) {
      y.set(i, i % 3, 1.0);
    }
    var threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    // The first steps make the buffers; with the Vector API, its product kernel also boxes its vectors until
    // C2 has compiled it, which takes more steps: warm until a step allocates little (at most 500 steps).
    for (int step = 0, quiet = 0; step < 500 && quiet < 3; step++) {
      long start = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
      network.trainer().step(x, y);
      quiet = threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - start < 4096 && step >= 2 ? quiet + 1 : 0;
    }
    // Rounds of 20 steps, up to 30, the least of them: the JIT may still recompile a method it had compiled
    // under other tests' shapes, and the Vector API kernels box their vectors until it has (megabytes a step;
    // after ConvolutionGroupsTest's shapes that lasted 140 to 200 steps, JFR: VectorGemm's and NarrowGemm's tiles).
    long least = Long.MAX_VALUE;
    for (int round = 0; round < 30 && least >= 4096; round++) {
      long before = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
      for (int step = 0; step < 20; step++) {
        network.trainer().step(x, y);
      }
      least = Math.min(least, (threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - before) / 20);
    }
    return least;
  }
}
