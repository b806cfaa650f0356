package dev.nn4j.core.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nn4j.core.Activation;
import dev.nn4j.core.Parameter;
import dev.nn4j.core.Pass;
import dev.nn4j.core.Shape;
import dev.nn4j.core.math.Matrix;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A convolution whose activation's derivative is a function of its output keeps no pre-activations: it applies
 * the activation as it lays out its outputs, and its backward takes the derivative from them. Outputs and every
 * gradient have the bits of the same layer keeping {@code z}; and {@code z} is kept where something reads it.
 */
class ConvolutionPreActivationsTest {

  @Test
  void withoutPreActivationsTheOutputsAndGradientsAreTheSameBits() {
    Random random = new Random(7);
    Conv2d.Spec[] specs = {
      Conv2d.Spec.of(5, 3), Conv2d.Spec.of(3, 2, 3).withStride(2, 1).withPadding(1, 0), Conv2d.Spec.of(4, 3).withBias(false)
    };
    for (Conv2d.Spec spec : specs) {
      for (int budget : new int[] {1, 300, Conv2d.GROUP_VALUES}) {
        Shape input = Shape.of(2, 7, 6);
        Conv2d fromOutput = new Conv2d(input, spec, Fixtures.tanh(), budget);
        Conv2d fromInput = new Conv2d(input, spec, Fixtures.tanhFromInput(), budget);
        for (int i = 0; i < fromOutput.parameters().size(); i++) {
          fill(fromOutput.parameters().get(i).value(), random);
          System.arraycopy(
              fromOutput.parameters().get(i).value().data(), 0, fromInput.parameters().get(i).value().data(), 0,
              fromInput.parameters().get(i).size());
        }
        Matrix x = new Matrix(9, input.size());
        fill(x, random);
        Matrix g = new Matrix(9, fromOutput.outputSize());
        fill(g, random);

        Pass without = Pass.forTraining(new Random(1));
        Pass with = Pass.forTraining(new Random(1));
        String what = spec + " in groups of " + budget;
        assertThat(fromOutput.forward(x, without).data()).as(what).isEqualTo(fromInput.forward(x, with).data());
        assertThat(without.holds(fromOutput, "z")).as(what + ": z kept").isFalse();
        assertThat(with.holds(fromInput, "z")).as(what + ": z kept").isTrue();
        assertThat(fromOutput.backward(g, without).data()).as(what + ": dx").isEqualTo(fromInput.backward(g, with).data());
        for (int i = 0; i < fromOutput.parameters().size(); i++) {
          Parameter p = fromOutput.parameters().get(i);
          assertThat(p.gradient().data()).as(what + ": d" + p.name()).isEqualTo(fromInput.parameters().get(i).gradient().data());
        }
        assertThatThrownBy(() -> fromOutput.preActivation(without))
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("kept no pre-activations");
      }
    }
  }

  @Test
  void aPredictionKeepsNoPreActivationsWhateverTheActivation() {
    Random random = new Random(8);
    for (Activation activation : new Activation[] {Fixtures.tanh(), Fixtures.tanhFromInput(), Fixtures.relu()}) {
      Conv2d layer = new Conv2d(Shape.of(1, 5, 5), Conv2d.Spec.of(2, 3), activation);
      fill(layer.weight().value(), random);
      Matrix x = new Matrix(3, 25);
      fill(x, random);
      Pass inference = Pass.forInference();
      Pass prediction = Pass.forPrediction();
      Matrix expected = layer.forward(x, inference).copy();
      assertThat(layer.forward(x, prediction).data()).as("%s", activation).isEqualTo(expected.data());
      assertThat(prediction.holds(layer, "z")).as("%s: z kept in a prediction", activation).isFalse();
      assertThat(inference.holds(layer, "z")).as("%s: z kept before a backward", activation)
          .isEqualTo(!activation.derivativeFromOutput());
    }
  }

  private static void fill(Matrix m, Random random) {
    for (int i = 0; i < m.size(); i++) {
      m.data()[i] = random.nextGaussian();
    }
  }
}
