package dev.nn4j.activations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nn4j.core.Activation;
import dev.nn4j.core.math.Matrix;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link Activation#derivativeFromOutput()}: an activation that declares it computes, given its outputs in the
 * place of its pre-activations, the bits it computes given both (a layer then keeps only the outputs); and the
 * activations whose derivative is one of their output declare it.
 */
class DerivativeFromOutputTest {
  private static final double[] SPECIAL = {
    0.0, -0.0, 1.0, -1.0, 1e-300, -1e-300, 40.0, -40.0, 800.0, -800.0, Double.MAX_VALUE, -Double.MAX_VALUE,
    Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY
  };

  private static List<Activation> all() {
    return List.of(
        Activations.relu(), Activations.sigmoid(), Activations.tanh(), Activations.softmax(), Activations.identity(),
        Activations.leakyRelu(), Activations.leakyRelu(1.0), Activations.leakyRelu(0.0), Activations.leakyRelu(-0.5),
        Activations.leakyRelu(3.0), Activations.elu(), Activations.gelu(), Activations.geluTanh(), Activations.softplus(),
        Activations.silu());
  }

  @Test
  void theOutputInThePlaceOfTheInputGivesTheSameBits() {
    Random random = new Random(24);
    int declaring = 0;
    for (Activation activation : all()) {
      if (!activation.derivativeFromOutput()) {
        continue;
      }
      declaring++;
      for (int trial = 0; trial < 20; trial++) {
        Matrix z = new Matrix(7, 9);
        Matrix gradOut = new Matrix(7, 9);
        for (int i = 0; i < z.size(); i++) {
          z.data()[i] = random.nextInt(4) == 0 ? SPECIAL[random.nextInt(SPECIAL.length)] : 3 * random.nextGaussian();
          gradOut.data()[i] = random.nextGaussian();
        }
        Matrix a = new Matrix(7, 9);
        activation.forward(z, a);
        Matrix expected = new Matrix(7, 9);
        activation.backward(z, a, gradOut, expected);
        Matrix fromOutput = new Matrix(7, 9);
        activation.backward(a, a, gradOut, fromOutput);
        assertThat(fromOutput.data()).as("%s, trial %s", activation, trial).isEqualTo(expected.data());
      }
    }
    assertThat(declaring).isEqualTo(7);
  }

  @Test
  void theFunctionsOfTheirOutputDeclareIt() {
    List<String> declaring = new ArrayList<>();
    for (Activation activation : all()) {
      if (activation.derivativeFromOutput()) {
        declaring.add(activation.toString());
      }
    }
    assertThat(declaring)
        .containsExactly(
            "relu", "sigmoid", "tanh", "softmax", "identity", "leaky_relu{slope=0.01}", "leaky_relu{slope=1.0}");
  }
}
