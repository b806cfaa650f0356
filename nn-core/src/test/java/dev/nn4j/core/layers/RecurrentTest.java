package dev.nn4j.core.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nn4j.core.Layer;
import dev.nn4j.core.LayerConfig;
import dev.nn4j.core.LayerFactory;
import dev.nn4j.core.Network;
import dev.nn4j.core.Parameter;
import dev.nn4j.core.Pass;
import dev.nn4j.core.Shape;
import dev.nn4j.core.check.GradientCheck;
import dev.nn4j.core.losses.Losses;
import dev.nn4j.core.math.Matrix;
import dev.nn4j.core.math.RecurrentCell;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The recurrent layers: the one-call gradient check with and without padded sequences; a padded batch gives
 * the bits of its sequences run one by one unpadded; registry, builder and state-dict names as PyTorch's;
 * clear errors for lengths and states that do not fit; no allocation in a steady step.
 */
class RecurrentTest {
  private static final RecurrentCell[] CELLS = RecurrentCell.values();

  static Stream<Arguments> layers() {
    List<Arguments> cases = new ArrayList<>();
    for (RecurrentCell cell : CELLS) {
      cases.add(Arguments.of(cell, RecurrentSpec.of(3)));
      cases.add(Arguments.of(cell, RecurrentSpec.of(2).withReturnSequences(false).withBias(false)));
      cases.add(Arguments.of(cell, RecurrentSpec.of(2).withLayers(2).withBidirectional(true).withReturnSequences(false)));
      cases.add(Arguments.of(cell, RecurrentSpec.of(2).withLayers(2).withBidirectional(true)));
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("layers")
  void passesTheGradientCheck(RecurrentCell cell, RecurrentSpec spec) {
    GradientCheck.Result result = GradientCheck.check(in -> new Recurrent(in, cell, spec), Shape.of(4, 3)).assertWithin(1e-6);
    assertThat(result.checked()).isGreaterThan(50);
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("layers")
  void passesTheGradientCheckWithPaddedSequences(RecurrentCell cell, RecurrentSpec spec) {
    GradientCheck.Result result =
        GradientCheck.check(in -> new WithLengths(new Recurrent(in, cell, spec)), Shape.of(4, 3)).assertWithin(1e-6);
    assertThat(result.checked()).isGreaterThan(50);
  }

  /** A padded batch's outputs, input gradients and summed parameter gradients are those of its sequences one by one. */
  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("layers")
  void aPaddedBatchGivesTheBitsOfItsSequencesOneByOne(RecurrentCell cell, RecurrentSpec spec) {
    int steps = 6;
    int features = 3;
    int[] lengths = {6, 2, 5, 1, 4};
    int n = lengths.length;
    Random random = new Random(42);
    Recurrent batchLayer = new Recurrent(Shape.of(steps, features), cell, spec);
    for (Parameter p : batchLayer.parameters()) {
      fill(p.value(), random);
    }
    Matrix x = new Matrix(n, steps * features);
    fill(x, random);
    for (int i = 0; i < n; i++) {
      for (int v = lengths[i] * features; v < steps * features; v++) {
        x.set(i, v, 1e3 * (v + 1)); // padding with values that would show if they were read
      }
    }
    Matrix g = new Matrix(n, batchLayer.outputSize());
    fill(g, random);

    Pass pass = Pass.forTraining(new Random(1));
    pass.setLengths(lengths);
    batchLayer.parameters().forEach(Parameter::zeroGradient);
    Matrix y = batchLayer.forward(x, pass).copy();
    Matrix dx = batchLayer.backward(g, pass).copy();

    List<Parameter> previous = null;
    for (int i = 0; i < n; i++) {
      int length = lengths[i];
      Recurrent single = new Recurrent(Shape.of(length, features), cell, spec);
      List<Parameter> params = single.parameters();
      for (int p = 0; p < params.size(); p++) {
        params.get(p).value().copyFrom(batchLayer.parameters().get(p).value());
        // Continue the sums of the sequences before: the batch adds sequence after sequence.
        params.get(p).gradient().copyFrom(previous == null ? new Matrix(params.get(p).gradient().rows(),
            params.get(p).gradient().cols()) : previous.get(p).gradient());
      }
      Matrix xi = Matrix.wrap(1, length * features, java.util.Arrays.copyOf(x.row(i), length * features));
      Pass own = Pass.forTraining(new Random(1));
      Matrix yi = single.forward(xi, own);
      int width = single.outputSize();
      Matrix gi = Matrix.wrap(1, width, java.util.Arrays.copyOf(g.row(i), width));
      Matrix dxi = single.backward(gi, own);
      double[] yRow = y.row(i);
      double[] dxRow = dx.row(i);
      for (int v = 0; v < y.cols(); v++) {
        double expected = v < width ? yi.data()[v] : 0.0;
        assertThat(yRow[v]).as("output %s of sequence %s", v, i).isEqualTo(expected);
      }
      for (int v = 0; v < dx.cols(); v++) {
        double expected = v < length * features ? dxi.data()[v] : 0.0;
        assertThat(dxRow[v]).as("input gradient %s of sequence %s", v, i).isEqualTo(expected);
      }
      previous = params;
    }
    for (int p = 0; p < previous.size(); p++) {
      assertThat(batchLayer.parameters().get(p).gradient().data())
          .as("gradient of %s", previous.get(p).name())
          .containsExactly(previous.get(p).gradient().data());
    }
  }

  @Test
  void registeredByNameWithPyTorchsStateDictNames() throws Exception {
    Network network =
        Network.builder()
            .input(Shape.of(5, 3))
            .layer("gru", LayerConfig.builder().set("hidden_size", 4).set("num_layers", 2).set("bidirectional", true).build())
            .lstm(3, true)
            .rnn(2, false)
            .loss(Losses.mse())
            .seed(7)
            .build();
    assertThat(network.layers().get(0).outputShape()).isEqualTo(Shape.of(5, 8));
    assertThat(network.layers().get(1).outputShape()).isEqualTo(Shape.of(5, 3));
    assertThat(network.layers().get(2).outputShape()).isEqualTo(Shape.of(2));
    assertThat(network.stateDict().names())
        .startsWith(
            "layers.0.weight_ih_l0", "layers.0.weight_hh_l0", "layers.0.bias_ih_l0", "layers.0.bias_hh_l0",
            "layers.0.weight_ih_l0_reverse", "layers.0.weight_hh_l0_reverse", "layers.0.bias_ih_l0_reverse",
            "layers.0.bias_hh_l0_reverse", "layers.0.weight_ih_l1")
        .contains("layers.0.weight_ih_l1_reverse", "layers.1.weight_ih_l0", "layers.2.bias_hh_l0");
    assertThat(network.stateDict().get("layers.0.weight_ih_l1").shape()).isEqualTo(Shape.of(12, 8));
    assertThat(network.stateDict().get("layers.1.weight_hh_l0").shape()).isEqualTo(Shape.of(12, 3));
    assertThat(network.stateDict().get("layers.1.bias_ih_l0").shape()).isEqualTo(Shape.of(12));
    // PyTorch's initialization: every value within 1/sqrt(H).
    for (double v : network.stateDict().get("layers.0.weight_hh_l0").values()) {
      assertThat(Math.abs(v)).isLessThanOrEqualTo(0.5);
    }

    Matrix x = new Matrix(2, 15);
    fill(x, new Random(3));
    Network loaded = Network.fromBytes(network.toBytes());
    assertThat(loaded.layers().get(0).config()).isEqualTo(network.layers().get(0).config());
    assertThat(loaded.predict(x)).isEqualTo(network.predict(x));
    assertThat(network.predictor().predict(x.row(1))).containsExactly(network.predict(x).row(1));
  }

  @Test
  void relu() {
    Layer layer = LayerFactory.named("rnn", LayerConfig.builder().set("hidden_size", 2).set("nonlinearity", "relu").build())
        .create(Shape.of(3, 2));
    assertThat(((Recurrent) layer).cell()).isEqualTo(RecurrentCell.RNN_RELU);
    assertThat(layer.config().toStrings()).containsEntry("nonlinearity", "relu");
    assertThatThrownBy(() -> LayerFactory.named("rnn", LayerConfig.builder().set("hidden_size", 2).set("nonlinearity", "sigmoid").build()))
        .hasMessageContaining("[tanh, relu]").hasMessageContaining("sigmoid");
  }

  @Test
  void lengthsThatDoNotFitTheBatchAreRefused() {
    Recurrent layer = new Recurrent(Shape.of(4, 2), RecurrentCell.LSTM, RecurrentSpec.of(3));
    Matrix x = new Matrix(3, 8);
    Pass pass = Pass.forInference();
    pass.setLengths(new int[] {4, 2});
    assertThatThrownBy(() -> layer.forward(x, pass))
        .hasMessageContaining("Expected one length per sequence of the batch, 3").hasMessageContaining("got 2 lengths");
    pass.setLengths(new int[] {4, 5, 1});
    assertThatThrownBy(() -> layer.forward(x, pass))
        .hasMessageContaining("between 1 and the layer's 4 steps").hasMessageContaining("got length 5 for sequence 1");
    assertThatThrownBy(() -> pass.setLengths(new int[] {4, 0, 1})).hasMessageContaining("got length 0 at row 1");
    assertThatThrownBy(() -> new Recurrent(Shape.of(8), RecurrentCell.GRU, RecurrentSpec.of(3)))
        .hasMessageContaining("Expected sequences [steps, features]").hasMessageContaining("[8]");
    assertThatThrownBy(() -> RecurrentSpec.of(0)).hasMessageContaining("hidden_size=0");
  }

  @Test
  void initialStatesAreCheckedAndCarryOver() {
    Recurrent layer = new Recurrent(Shape.of(4, 2), RecurrentCell.LSTM, RecurrentSpec.of(3).withLayers(2));
    Random random = new Random(5);
    layer.parameters().forEach(p -> fill(p.value(), random));
    assertThatThrownBy(() -> layer.setInitialState(Pass.forInference(), new Matrix(2, 3), null))
        .hasMessageContaining("Expected initial states of 6 values per sequence").hasMessageContaining("[2, 3]");
    Recurrent gru = new Recurrent(Shape.of(4, 2), RecurrentCell.GRU, RecurrentSpec.of(3));
    assertThatThrownBy(() -> gru.setInitialState(Pass.forInference(), new Matrix(2, 3), new Matrix(2, 3)))
        .hasMessageContaining("Only an LSTM has a cell state");

    // Two halves of a sequence, the second started from the first's final states, give the whole sequence's outputs.
    Matrix x = new Matrix(2, 8);
    fill(x, random);
    Pass whole = Pass.forInference();
    Matrix expected = layer.forward(x, whole).copy();
    Recurrent half = new Recurrent(Shape.of(2, 2), RecurrentCell.LSTM, RecurrentSpec.of(3).withLayers(2));
    for (int p = 0; p < half.parameters().size(); p++) {
      half.parameters().get(p).value().copyFrom(layer.parameters().get(p).value());
    }
    Pass first = Pass.forInference();
    Matrix a = half.forward(Matrix.wrap(2, 4, new double[] {x.get(0, 0), x.get(0, 1), x.get(0, 2), x.get(0, 3),
        x.get(1, 0), x.get(1, 1), x.get(1, 2), x.get(1, 3)}), first).copy();
    Pass second = Pass.forInference();
    half.setInitialState(second, half.finalState(first).copy(), half.finalCellState(first).copy());
    assertThatThrownBy(() -> half.forward(new Matrix(3, 4), second)).hasMessageContaining("Expected h0 of shape [3, 6]");
    Matrix b = half.forward(Matrix.wrap(2, 4, new double[] {x.get(0, 4), x.get(0, 5), x.get(0, 6), x.get(0, 7),
        x.get(1, 4), x.get(1, 5), x.get(1, 6), x.get(1, 7)}), second);
    for (int i = 0; i < 2; i++) {
      for (int v = 0; v < 6; v++) {
        assertThat(a.get(i, v)).isEqualTo(expected.get(i, v));
        assertThat(b.get(i, v)).isEqualTo(expected.get(i, 6 + v));
      }
    }
    assertThat(half.finalState(second)).isEqualTo(layer.finalState(whole));
  }

  /**
   * The serving copy gives the training layer's bits, for one sequence (through its frozen {@code W_hh}) and
   * for a batch; an inference pass records nothing that only the backward pass reads; training the original
   * afterwards leaves the copy as it was.
   */
  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("layers")
  void theServingCopyGivesTheBitsOfTheLayerAndRecordsNothingForBackward(RecurrentCell cell, RecurrentSpec spec) {
    Recurrent layer = new Recurrent(Shape.of(5, 3), cell, spec);
    Random random = new Random(11);
    layer.parameters().forEach(p -> fill(p.value(), random));
    Layer copy = layer.forServing();
    assertThat(copy).isInstanceOf(Recurrent.class).isNotSameAs(layer);
    for (int n : new int[] {1, 3}) {
      Matrix x = new Matrix(n, 15);
      fill(x, random);
      Pass training = Pass.forTraining(new Random(1));
      Matrix expected = layer.forward(x, training).copy();
      Pass inference = Pass.forInference();
      Matrix served = copy.forward(x, inference);
      assertThat(served.data()).isEqualTo(expected.data());
      assertThat(((Recurrent) copy).finalState(inference).data()).isEqualTo(layer.finalState(training).data());
      assertThat(training.holds(layer, "0.gates")).isTrue();
      assertThat(inference.holds(copy, "0.gates")).isFalse();
      assertThat(inference.holds(copy, "0.previous h")).isFalse();
      Pass prediction = Pass.forPrediction();
      assertThat(layer.forward(x, prediction).data()).isEqualTo(expected.data());
      assertThat(prediction.holds(layer, "0.gates")).isFalse();
      Pass checking = Pass.forInference();
      assertThat(layer.forward(x, checking).data()).isEqualTo(expected.data());
      assertThat(checking.holds(layer, "0.gates")).isTrue();
    }
    Matrix x = new Matrix(1, 15);
    fill(x, random);
    Matrix before = copy.forward(x, Pass.forInference()).copy();
    layer.parameters().forEach(p -> fill(p.value(), random));
    assertThat(copy.forward(x, Pass.forInference()).data()).isEqualTo(before.data());
  }

  @Test
  void aSteadyStepAllocatesNothing() {
    Recurrent layer = new Recurrent(Shape.of(8, 5), RecurrentCell.LSTM, RecurrentSpec.of(6).withLayers(2).withBidirectional(true));
    Random random = new Random(9);
    layer.parameters().forEach(p -> fill(p.value(), random));
    Matrix x = new Matrix(4, 40);
    fill(x, random);
    Matrix g = new Matrix(4, layer.outputSize());
    fill(g, random);
    Pass pass = Pass.forTraining(new Random(1));
    pass.setLengths(new int[] {8, 3, 5, 1});
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    for (int i = 0; i < 300; i++) {
      layer.forward(x, pass);
      layer.backward(g, pass);
    }
    long before = threads.getCurrentThreadAllocatedBytes();
    for (int i = 0; i < 100; i++) {
      layer.forward(x, pass);
      layer.backward(g, pass);
    }
    long allocated = threads.getCurrentThreadAllocatedBytes() - before;
    assertThat(allocated).isLessThan(1024);
  }

  private static void fill(Matrix m, Random random) {
    double[] d = m.data();
    for (int i = 0; i < d.length; i++) {
      d[i] = random.nextGaussian() * 0.5;
    }
  }

  /** A recurrent layer in a batch whose row {@code i} is {@code 1 + (3i + 1) mod T} steps long, set in the pass. */
  private static final class WithLengths implements Layer {
    private final Recurrent layer;

    WithLengths(Recurrent layer) {
      this.layer = layer;
    }

    @Override
    public String type() {
      return layer.type();
    }

    @Override
    public LayerConfig config() {
      return layer.config();
    }

    @Override
    public Shape inputShape() {
      return layer.inputShape();
    }

    @Override
    public Shape outputShape() {
      return layer.outputShape();
    }

    @Override
    public List<Parameter> parameters() {
      return layer.parameters();
    }

    @Override
    public void initialize(dev.nn4j.core.InitContext context) {
      layer.initialize(context);
    }

    @Override
    public Matrix forward(Matrix input, Pass pass) {
      int steps = layer.inputShape().dim(0);
      int[] lengths = new int[input.rows()];
      for (int i = 0; i < lengths.length; i++) {
        lengths[i] = 1 + (3 * i + 1) % steps;
      }
      pass.setLengths(lengths);
      return layer.forward(input, pass);
    }

    @Override
    public Matrix backward(Matrix outputGradient, Pass pass) {
      return layer.backward(outputGradient, pass);
    }
  }
}
