package dev.nn4j.bench;

import dev.nn4j.activations.Activations;
import dev.nn4j.core.data.IdxReader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.nn4j.core.Network;
import dev.nn4j.core.layers.Dense;
import dev.nn4j.core.losses.Losses;
import dev.nn4j.core.math.Matrix;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmark's definitions (shapes, parameter and FLOP counts, options, data reading); nothing is timed. */
class WorkloadsTest {

  @Test
  void tutorialIsTheTwoTwoOneSigmoidNetwork() {
    Network network = Workloads.tutorial(42);
    assertThat(Workloads.shape(network)).isEqualTo("2-2-1");
    assertThat(network.parameterCount()).isEqualTo(9);
    assertThat(Workloads.forwardFlopsPerSample(network)).isEqualTo(2 * (2 * 2 + 2 * 1));
  }

  @Test
  void fashionMlpHas101770Parameters() {
    Network network = Workloads.fashionMlp(42);
    assertThat(Workloads.shape(network)).isEqualTo("784-128-10");
    assertThat(network.parameterCount()).isEqualTo(101_770);
    assertThat(network.lossFunction().fusesWith(((Dense) network.layers().get(1)).activation())).isTrue();
    assertThat(Workloads.forwardFlopsPerSample(network)).isEqualTo(2L * (784 * 128 + 128 * 10));
    assertThat(Workloads.trainingFlopsPerSample(network)).isEqualTo(609_792L);
  }

  @Test
  void wideMlpHas669706Parameters() {
    Network network = Workloads.wideMlp(42);
    assertThat(Workloads.shape(network)).isEqualTo("784-512-512-10");
    assertThat(network.parameterCount()).isEqualTo(669_706);
    assertThat(Workloads.trainingFlopsPerSample(network)).isEqualTo(3L * 2 * (784 * 512 + 512 * 512 + 512 * 10));
  }

  @Test
  void fashionCnnIsTheKerasMnistConvnet() {
    Network network = Workloads.fashionCnn(42);
    assertThat(network.parameterCount()).isEqualTo(32 * 9 + 32 + 64 * 32 * 9 + 64 + 1600 * 10 + 10);
    assertThat(network.layers().get(3).outputShape()).isEqualTo(dev.nn4j.core.Shape.of(64, 5, 5));
    long forward = 2L * (32 * 26 * 26 * 9 + 64 * 11 * 11 * 32 * 9 + 1600 * 10);
    assertThat(Workloads.forwardFlopsPerSample(network)).isEqualTo(forward);
    assertThat(Workloads.trainingFlopsPerSample(network)).isEqualTo(3 * forward).isBetween(14_000_000L, 15_000_000L);
    // The direct-convolution reference computes the same function: same seed, same weights, same outputs.
    Network direct = Workloads.fashionCnnDirect(42);
    direct.loadStateDict(network.stateDict());
    Matrix images = new Matrix(3, 784);
    java.util.Arrays.setAll(images.data(), i -> (i * 37 % 101) / 100.0);
    Matrix expected = network.predict(images);
    Matrix actual = direct.predict(images);
    for (int i = 0; i < expected.size(); i++) {
      assertThat(actual.data()[i]).isCloseTo(expected.data()[i], within(1e-12));
    }
  }

  @Test
  void fashionLstmReadsImagesAs28StepsOf28Pixels() {
    Network network = Workloads.fashionLstm(42);
    assertThat(network.inputShape()).isEqualTo(dev.nn4j.core.Shape.of(28, 28));
    assertThat(Workloads.shape(network)).isEqualTo("784-128-10");
    // W_ih [512, 28], W_hh [512, 128], two biases [512]; dense 128 -> 10.
    assertThat(network.parameterCount()).isEqualTo(512 * 28 + 512 * 128 + 2 * 512 + 128 * 10 + 10).isEqualTo(82_186);
    long forward = 2L * 28 * (512 * 28 + 512 * 128) + 2L * 128 * 10;
    assertThat(Workloads.forwardFlopsPerSample(network)).isEqualTo(forward).isEqualTo(4_475_392L);
    assertThat(Workloads.trainingFlopsPerSample(network)).isEqualTo(3 * forward);
    Matrix images = new Matrix(2, 784);
    java.util.Arrays.setAll(images.data(), i -> (i * 37 % 101) / 100.0);
    Matrix probabilities = network.predict(images);
    assertThat(probabilities.rows()).isEqualTo(2);
    assertThat(probabilities.row(0)).hasSize(10);
    assertThat(java.util.Arrays.stream(probabilities.row(1)).sum()).isCloseTo(1.0, within(1e-12));
  }

  @Test
  void softmaxGivesRowsOfProbabilitiesAndFusesWithCrossEntropy() {
    Matrix z = Matrix.of(new double[][] {{1, 2, 3}, {1000, 0, -1000}});
    Matrix a = new Matrix(2, 3);
    Activations.softmax().forward(z, a);
    double e = Math.exp(1) + Math.exp(2) + Math.exp(3);
    assertThat(a.row(0)).containsExactly(new double[] {Math.exp(1) / e, Math.exp(2) / e, Math.exp(3) / e}, within(1e-15));
    assertThat(a.row(1)).containsExactly(1.0, 0.0, 0.0);
    assertThat(Losses.categoricalCrossEntropy().fusesWith(Activations.softmax())).isTrue();
  }

  @Test
  void readsGzippedIdxFilesAsScaledImagesAndOneHotTargets(@TempDir Path dir) throws IOException {
    byte[] pixels = {0, (byte) 255, (byte) 128, 1, 2, 3, 4, 5};
    byte[] labels = {9, 0};
    for (String prefix : List.of("train", "t10k")) {
      writeIdx(dir.resolve(prefix + "-images-idx3-ubyte.gz"), 0x803, new int[] {2, 2, 2}, pixels);
      writeIdx(dir.resolve(prefix + "-labels-idx1-ubyte.gz"), 0x801, new int[] {2}, labels);
    }
    assertThat(FashionMnist.isComplete(dir)).isTrue();

    FashionMnist data = FashionMnist.load(dir);

    assertThat(data.trainImages().rows()).isEqualTo(2);
    assertThat(data.trainImages().row(0)).containsExactly(0.0, 1.0, 128 / 255.0, 1 / 255.0);
    assertThat(data.testTargets().row(0)).containsExactly(0, 0, 0, 0, 0, 0, 0, 0, 0, 1.0);
    assertThat(data.testTargets().row(1)).containsExactly(1.0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
  }

  @Test
  void rejectsAFileThatIsNotIdxImages(@TempDir Path dir) throws IOException {
    Path labels = dir.resolve("labels.gz");
    writeIdx(labels, 0x801, new int[] {1}, new byte[] {3});
    assertThatThrownBy(() -> IdxReader.readImages(labels)).hasMessageContaining("magic");
  }

  private static void writeIdx(Path file, int magic, int[] dimensions, byte[] values) throws IOException {
    try (OutputStream raw = Files.newOutputStream(file);
        DataOutputStream out = new DataOutputStream(new GZIPOutputStream(raw))) {
      out.writeInt(magic);
      for (int d : dimensions) {
        out.writeInt(d);
      }
      out.write(values);
    }
  }
}
