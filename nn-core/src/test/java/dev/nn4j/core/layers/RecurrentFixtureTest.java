package dev.nn4j.core.layers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nn4j.core.Network;
import dev.nn4j.core.Optimizer;
import dev.nn4j.core.Parameter;
import dev.nn4j.core.Pass;
import dev.nn4j.core.Shape;
import dev.nn4j.core.StateDict;
import dev.nn4j.core.Tensor;
import dev.nn4j.core.Trainer;
import dev.nn4j.core.losses.Losses;
import dev.nn4j.core.math.Matrix;
import dev.nn4j.core.math.RecurrentCell;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The recurrent layers equal PyTorch 1.13's {@code nn.RNN} (tanh and ReLU), {@code nn.LSTM} and {@code
 * nn.GRU} in float64, to 1e-10 relative: every step's output or the last, the final states, the input
 * gradient and every parameter gradient, for one and two layers, one direction and both, with and without
 * biases, sequences of different lengths (packed in PyTorch) and given initial states. The reference values
 * come from {@code src/test/python/recurrent_fixtures.py}, committed as {@code fixtures/recurrent.safetensors};
 * an LSTM classifier trained six Adam steps follows PyTorch's trajectory to 1e-9.
 */
class RecurrentFixtureTest {
  private static final Fixtures FIXTURES = Fixtures.read("recurrent.safetensors");
  private static final Shape SAMPLE = Shape.of(5, 3);
  private static final int[] LENGTHS = {5, 2, 4};
  private static final String[] KINDS = {"rnn_tanh", "rnn_relu", "lstm", "gru"};
  private static final String[] SHAPES = {
    "l1_seq", "l1_last", "l1_seq_nobias", "l2_seq", "l1_bi_seq", "l1_bi_last", "l2_bi_seq", "l2_bi_last", "l2_bi_last_h0"
  };

  static List<String> cases() {
    List<String> names = new ArrayList<>();
    for (String kind : KINDS) {
      for (String shape : SHAPES) {
        names.add(kind + "_" + shape);
      }
    }
    return names;
  }

  /** The layer the script configured for case {@code name}. */
  private static Recurrent layer(String name) {
    RecurrentCell cell =
        name.startsWith("rnn_tanh") ? RecurrentCell.RNN_TANH
            : name.startsWith("rnn_relu") ? RecurrentCell.RNN_RELU
            : name.startsWith("lstm") ? RecurrentCell.LSTM
            : RecurrentCell.GRU;
    RecurrentSpec spec = RecurrentSpec.of(4)
        .withLayers(name.contains("_l2") ? 2 : 1)
        .withBidirectional(name.contains("_bi"))
        .withReturnSequences(name.contains("_seq"))
        .withBias(!name.contains("nobias"));
    return new Recurrent(SAMPLE, cell, spec);
  }

  @ParameterizedTest
  @MethodSource("cases")
  void equalsPyTorch(String name) {
    Recurrent layer = layer(name);
    FIXTURES.setParameters(layer, name);
    assertThat(layer.outputShape()).isEqualTo(FIXTURES.tensors().get(name + ".y").shape().from(1));
    boolean initial = name.endsWith("_h0");
    for (Pass pass : new Pass[] {Pass.forTraining(new Random(1)), Pass.forInference()}) {
      layer.parameters().forEach(Parameter::zeroGradient);
      if (initial) {
        layer.setInitialState(
            pass,
            FIXTURES.matrix(name + ".h0"),
            layer.cell() == RecurrentCell.LSTM ? FIXTURES.matrix(name + ".c0") : null);
      } else {
        pass.setLengths(LENGTHS);
      }
      FIXTURES.assertClose(name + ".y", layer.forward(FIXTURES.matrix(name + ".x"), pass), 1e-10);
      FIXTURES.assertClose(name + ".h_n", layer.finalState(pass), 1e-10);
      if (layer.cell() == RecurrentCell.LSTM) {
        FIXTURES.assertClose(name + ".c_n", layer.finalCellState(pass), 1e-10);
      }
      FIXTURES.assertClose(name + ".dx", layer.backward(FIXTURES.matrix(name + ".g"), pass), 1e-10);
      for (Parameter p : layer.parameters()) {
        assertClose(name + ".d" + p.name(), p.gradient());
      }
    }
  }

  /**
   * An LSTM sequence classifier (LSTM 4 → 6, last output, dense 3 softmax, categorical cross-entropy) trained
   * six Adam steps follows PyTorch's trajectory to 1e-9: the loss of each step, the final state dict (under
   * PyTorch's names) and the trained network's outputs.
   */
  @Test
  void anLstmClassifierFollowsPyTorchsAdamTrajectory() {
    Network network =
        Network.builder()
            .input(Shape.of(5, 4))
            .lstm(6, false)
            .dense(3, Fixtures.softmax())
            .loss(Losses.categoricalCrossEntropy())
            .seed(1)
            .build();
    StateDict fixtures = FIXTURES.tensors();
    network.loadStateDict(fixtures.filter("seq.initial.", true));
    Trainer trainer = Trainer.of(network, new Adam(0.01, 0.9, 0.999, 1e-8));
    Tensor losses = fixtures.get("seq.loss");
    for (int step = 0; step < 6; step++) {
      double loss = trainer.step(FIXTURES.matrix("seq.x." + step), FIXTURES.matrix("seq.y." + step));
      assertThat(Fixtures.relativeError(loss, losses.get(step))).as("loss of step %s", step).isLessThan(1e-9);
    }
    StateDict expected = fixtures.filter("seq.final.", true);
    StateDict actual = network.stateDict();
    assertThat(actual.names()).containsExactlyElementsOf(expected.names());
    for (String name : expected.names()) {
      FIXTURES.assertClose("seq.final." + name, Matrix.rowVector(actual.get(name).values()), 1e-9);
    }
    FIXTURES.assertClose("seq.eval_y", network.predict(FIXTURES.matrix("seq.x.0")), 1e-9);
  }

  /**
   * PyTorch's Adam (nn-optim's is not on nn-core's class path): {@code m ← β1·m + (1 − β1)·g}, {@code v ← β2·v +
   * (1 − β2)·g²}, {@code θ ← θ − γ/(1 − β1ᵗ) · m / (√v / √(1 − β2ᵗ) + ε)}.
   */
  private record Adam(double learningRate, double beta1, double beta2, double eps) implements Optimizer {
    @Override
    public String name() {
      return "adam";
    }

    @Override
    public Updater start(Map<String, Parameter> parameters) {
      List<Parameter> params = List.copyOf(parameters.values());
      double[][] m = new double[params.size()][];
      double[][] v = new double[params.size()][];
      int[] step = {0};
      return () -> {
        step[0]++;
        double correction1 = 1 - Math.pow(beta1, step[0]);
        double correction2 = Math.sqrt(1 - Math.pow(beta2, step[0]));
        for (int p = 0; p < params.size(); p++) {
          double[] g = params.get(p).gradient().data();
          double[] theta = params.get(p).value().data();
          if (m[p] == null) {
            m[p] = new double[g.length];
            v[p] = new double[g.length];
          }
          for (int i = 0; i < g.length; i++) {
            m[p][i] = beta1 * m[p][i] + (1 - beta1) * g[i];
            v[p][i] = beta2 * v[p][i] + (1 - beta2) * g[i] * g[i];
            theta[i] -= learningRate / correction1 * m[p][i] / (Math.sqrt(v[p][i]) / correction2 + eps);
          }
        }
      };
    }
  }

  /**
   * As {@link Fixtures#assertClose} to 1e-10, and exactly zero where PyTorch's values all are (a gradient of
   * ReLU units that never fire, whose relative error would be 0/0).
   */
  private static void assertClose(String fixture, Matrix actual) {
    double[] expected = FIXTURES.tensors().get(fixture).values();
    if (java.util.Arrays.stream(expected).allMatch(v -> v == 0.0)) {
      assertThat(actual.data()).as(fixture).containsOnly(0.0);
    } else {
      FIXTURES.assertClose(fixture, actual, 1e-10);
    }
  }
}
