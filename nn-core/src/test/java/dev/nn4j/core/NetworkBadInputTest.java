package dev.nn4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nn4j.core.init.Initializers;
import dev.nn4j.core.losses.Losses;
import dev.nn4j.core.math.Matrix;
import dev.nn4j.core.testing.TestSgd;
import dev.nn4j.core.testing.TestSigmoid;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Bad input is rejected up front with an {@link IllegalArgumentException} that names the expected and the
 * given value, and leaves the network exactly as it was: same weights, same biases, same predictions.
 */
class NetworkBadInputTest {
  /** The tutorial's four people: weight − 135 lb, height − 66 in; 1 for female. */
  private static final double[][] PEOPLE = {{-2, -1}, {25, 6}, {17, 4}, {-15, -6}};

  private static final double[][] GENDERS = {{1}, {0}, {0}, {1}};
  private static final FitOptions ONE_EPOCH = FitOptions.builder().epochs(1).batchSize(1).shuffle(false).build();

  private Network network;
  private Snapshot before;

  /** Everything observable about a network's parameters: every weight, every bias, and predictions. */
  private record Snapshot(List<double[][]> weights, List<double[]> biases, double[][] predictions) {
    static Snapshot of(Network network) {
      List<double[][]> weights = new ArrayList<>();
      List<double[]> biases = new ArrayList<>();
      for (int layer = 0; layer < network.layers().size(); layer++) {
        weights.add(network.weights(layer));
        biases.add(network.bias(layer));
      }
      return new Snapshot(weights, biases, network.predict(PEOPLE));
    }
  }

  @BeforeEach
  void buildTheTutorialsNetwork() {
    network =
        Network.builder()
            .input(2)
            .dense(2, new TestSigmoid())
            .dense(1, new TestSigmoid())
            .weightInit(Initializers.standardNormal())
            .loss(Losses.mse())
            .optimizer(new TestSgd(0.1))
            .seed(3)
            .build();
    before = Snapshot.of(network);
  }

  /** Asserts that {@code call} throws an IllegalArgumentException containing every part, and changes nothing. */
  private void assertRejectedUnchanged(ThrowingCallable call, String... messageParts) {
    assertThatThrownBy(call).isInstanceOf(IllegalArgumentException.class).hasMessageContainingAll(messageParts);
    Snapshot after = Snapshot.of(network);
    for (int layer = 0; layer < network.layers().size(); layer++) {
      assertThat(after.weights().get(layer)).as("weights of layer %s", layer).isEqualTo(before.weights().get(layer));
      assertThat(after.biases().get(layer)).as("biases of layer %s", layer).isEqualTo(before.biases().get(layer));
    }
    assertThat(after.predictions()).as("predictions").isEqualTo(before.predictions());
  }

  /** The tutorial's data with one value of the last sample replaced by {@code value}. */
  private static double[][] withLast(double[][] data, int column, double value) {
    double[][] copy = new double[data.length][];
    for (int i = 0; i < data.length; i++) {
      copy[i] = data[i].clone();
    }
    copy[data.length - 1][column] = value;
    return copy;
  }

  // ------------------------------------------------------------------ width of a sample

  @Test
  void predictingThreeValuesWithATwoInputNetworkNamesTwoAndThree() {
    assertRejectedUnchanged(() -> network.predict(new double[] {1, 2, 3}), "2 values", "got 3");
    assertRejectedUnchanged(() -> network.predict(new double[][] {{1, 2}, {1, 2, 3}}), "2 values", "got 3", "sample 1");
    assertRejectedUnchanged(() -> network.predict(new Matrix(4, 3)), "2 values", "got 3", "[4, 3]");
    assertRejectedUnchanged(() -> network.layerOutputs(new double[] {1, 2, 3}), "2 values", "got 3");
  }

  @Test
  void predictingOneValueWithATwoInputNetworkNamesTwoAndOne() {
    assertRejectedUnchanged(() -> network.predict(new double[] {1}), "2 values", "got 1");
  }

  @Test
  void inputsOfTheWrongWidthAreRejectedByLossGradientsAndFit() {
    double[][] threeWide = {{1, 2, 3}, {4, 5, 6}, {7, 8, 9}, {1, 1, 1}};
    assertRejectedUnchanged(() -> network.loss(threeWide, GENDERS), "2 values", "got 3");
    assertRejectedUnchanged(() -> network.gradients(threeWide, GENDERS), "2 values", "got 3");
    assertRejectedUnchanged(() -> network.fit(threeWide, GENDERS, ONE_EPOCH), "2 values", "got 3");
  }

  @Test
  void targetsOfTheWrongWidthAreRejectedNamingOneAndTwo() {
    double[][] twoWide = {{1, 0}, {0, 1}, {0, 1}, {1, 0}};
    assertRejectedUnchanged(() -> network.loss(PEOPLE, twoWide), "target", "1 values", "got 2");
    assertRejectedUnchanged(() -> network.gradients(PEOPLE, twoWide), "target", "1 values", "got 2");
    assertRejectedUnchanged(() -> network.fit(PEOPLE, twoWide, ONE_EPOCH), "target", "1 values", "got 2");
  }

  // ------------------------------------------------------------------ values that are not finite

  @Test
  void nanOrInfiniteInputsAreRejectedByPredict() {
    assertRejectedUnchanged(() -> network.predict(new double[] {1, Double.NaN}), "finite", "NaN", "column 1");
    assertRejectedUnchanged(() -> network.predict(new double[] {Double.POSITIVE_INFINITY, 1}), "finite", "Infinity");
    assertRejectedUnchanged(() -> network.predict(withLast(PEOPLE, 0, Double.NEGATIVE_INFINITY)), "-Infinity", "sample 3");
    assertRejectedUnchanged(() -> network.predict(Matrix.of(withLast(PEOPLE, 1, Double.NaN))), "NaN", "sample 3");
  }

  @Test
  void nanOrInfiniteInputsAreRejectedByLossGradientsAndFit() {
    for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
      double[][] inputs = withLast(PEOPLE, 1, bad);
      String given = String.valueOf(bad);
      assertRejectedUnchanged(() -> network.loss(inputs, GENDERS), "finite input", given, "sample 3");
      assertRejectedUnchanged(() -> network.gradients(inputs, GENDERS), "finite input", given, "sample 3");
      // the bad value is in the last sample: fit must check everything before its first step
      assertRejectedUnchanged(() -> network.fit(inputs, GENDERS, ONE_EPOCH), "finite input", given, "sample 3");
    }
  }

  @Test
  void nanOrInfiniteTargetsAreRejectedByLossGradientsAndFit() {
    for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
      double[][] targets = withLast(GENDERS, 0, bad);
      String given = String.valueOf(bad);
      assertRejectedUnchanged(() -> network.loss(PEOPLE, targets), "finite target", given, "sample 3");
      assertRejectedUnchanged(() -> network.gradients(PEOPLE, targets), "finite target", given, "sample 3");
      assertRejectedUnchanged(() -> network.fit(PEOPLE, targets, ONE_EPOCH), "finite target", given, "sample 3");
      assertRejectedUnchanged(
          () -> network.fit(Matrix.of(PEOPLE), Matrix.of(targets), ONE_EPOCH), "finite target", given, "sample 3");
    }
  }

  // ------------------------------------------------------------------ counts

  @Test
  void inputsAndTargetsOfDifferentCountsAreRejectedNamingBothCounts() {
    double[][] threeTargets = {{1}, {0}, {0}};
    assertRejectedUnchanged(() -> network.loss(PEOPLE, threeTargets), "4 inputs", "3 targets");
    assertRejectedUnchanged(() -> network.gradients(PEOPLE, threeTargets), "4 inputs", "3 targets");
    assertRejectedUnchanged(() -> network.fit(PEOPLE, threeTargets, ONE_EPOCH), "4 inputs", "3 targets");
    assertRejectedUnchanged(
        () -> network.fit(Matrix.of(PEOPLE), Matrix.of(threeTargets), ONE_EPOCH), "4 inputs", "3 targets");
  }

  @Test
  void fittingNoSamplesIsRejected() {
    assertRejectedUnchanged(() -> network.fit(new double[0][], new double[0][], ONE_EPOCH), "at least one", "none");
  }

  @Test
  void lossAndGradientsOfNoSamplesAreRejected() {
    assertRejectedUnchanged(() -> network.loss(new double[0][], new double[0][]), "at least one");
    assertRejectedUnchanged(() -> network.gradients(new double[0][], new double[0][]), "at least one");
  }

  @Test
  void fittingWithoutAnOptimizerIsAnIllegalStateAndChangesNothing() {
    Network untrainable =
        Network.builder().input(2).dense(1, new TestSigmoid()).loss(Losses.mse()).seed(1).build();
    double[][] weights = untrainable.weights(0);
    assertThatThrownBy(() -> untrainable.fit(PEOPLE, GENDERS, ONE_EPOCH))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("optimizer");
    assertThat(untrainable.weights(0)).isEqualTo(weights);
  }

  // ------------------------------------------------------------------ builder

  @Test
  void builderWithoutAnInputSizeIsRejected() {
    assertThatThrownBy(() -> Network.builder().dense(1, new TestSigmoid()).loss(Losses.mse()).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("input(n)");
  }

  @Test
  void inputSizeOfZeroIsRejectedNamingIt() {
    assertThatThrownBy(() -> Network.builder().input(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContainingAll("positive input size", "input=0");
  }

  @Test
  void layerOfZeroUnitsIsRejectedNamingIt() {
    NetworkBuilder builder = Network.builder().input(2).dense(2, new TestSigmoid());
    assertThatThrownBy(() -> builder.dense(0, new TestSigmoid()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContainingAll("positive number of units", "layer 1", "units=0");
    assertThatThrownBy(() -> builder.dense(-3, new TestSigmoid()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("units=-3");
    // the builder is as it was before the rejected calls
    Network built = builder.dense(1, new TestSigmoid()).loss(Losses.mse()).build();
    assertThat(built.layers()).hasSize(2);
    assertThat(built.outputSize()).isEqualTo(1);
  }

  @Test
  void builderWithoutALossIsRejected() {
    assertThatThrownBy(() -> Network.builder().input(2).dense(1, new TestSigmoid()).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no loss");
  }

  @Test
  void builderWithoutLayersIsRejected() {
    assertThatThrownBy(() -> Network.builder().input(2).loss(Losses.mse()).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no layers");
  }

  @Test
  void explicitWeightsOfTheWrongShapeNameBothShapesAndTheLayer() {
    double[][] twoByThree = {{1, 2, 3}, {4, 5, 6}};
    assertThatThrownBy(
            () ->
                Network.builder()
                    .input(2)
                    .dense(2, new TestSigmoid(), Initializers.values(twoByThree, new double[] {0, 0}))
                    .loss(Losses.mse())
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContainingAll("Layer 0", "[2, 2]", "[2, 3]");
  }

  @Test
  void explicitBiasesOfTheWrongCountNameBothCounts() {
    assertThatThrownBy(
            () ->
                Network.builder()
                    .input(2)
                    .dense(2, new TestSigmoid())
                    .dense(1, new TestSigmoid(), Initializers.values(new double[][] {{1, 1}}, new double[] {0, 0}))
                    .loss(Losses.mse())
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContainingAll("Layer 1", "1 explicit bias", "got 2");
  }

  // ------------------------------------------------------------------ fit options

  @Test
  void fitOptionsWithZeroEpochsAreRejectedNamingTheValue() {
    assertThatThrownBy(() -> FitOptions.builder().epochs(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContainingAll("positive number of epochs", "epochs=0");
  }

  @Test
  void fitOptionsWithZeroBatchSizeAreRejectedNamingTheValue() {
    assertThatThrownBy(() -> FitOptions.builder().batchSize(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContainingAll("positive batch size", "batchSize=0");
    assertThatThrownBy(() -> FitOptions.builder().batchSize(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("batchSize=-1");
  }

  @Test
  void rejectedInputLeavesTheNetworkTrainableAsBefore() {
    // a network that saw bad input trains exactly like an untouched twin
    Network twin =
        Network.builder()
            .input(2)
            .dense(2, new TestSigmoid())
            .dense(1, new TestSigmoid())
            .weightInit(Initializers.standardNormal())
            .loss(Losses.mse())
            .optimizer(new TestSgd(0.1))
            .seed(3)
            .build();
    assertThatThrownBy(() -> network.fit(withLast(PEOPLE, 0, Double.NaN), GENDERS, ONE_EPOCH))
        .isInstanceOf(IllegalArgumentException.class);
    network.fit(PEOPLE, GENDERS, ONE_EPOCH);
    twin.fit(PEOPLE, GENDERS, ONE_EPOCH);
    for (int layer = 0; layer < 2; layer++) {
      assertThat(network.weights(layer)).isEqualTo(twin.weights(layer));
      assertThat(network.bias(layer)).isEqualTo(twin.bias(layer));
    }
  }
}
