package dev.nn4j.core.math;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

/**
 * The Vector API kernel against the plain one in the same JVM. Runs only in the surefire executions that
 * enable {@code jdk.incubator.vector} (and fails, rather than skips, if the module is missing there); the
 * condition keeps a {@code -Dtest=} selection from running it in the execution without the module.
 */
@DisabledIfSystemProperty(
    named = "nn4j.test.vectorApi",
    matches = "disabled",
    disabledReason = "this surefire execution runs without jdk.incubator.vector; the other executions run it")
class VectorRowKernelTest {
  private final Random random = new Random(11);

  @Test
  void runsWithTheVectorApiEnabled() {
    assertThat(ModuleLayer.boot().findModule("jdk.incubator.vector")).isPresent();
    assertThat(new VectorRowKernel().name()).matches("vector-api-\\d+bit");
  }

  @Test
  void givesTheBitsOfThePlainKernelForEveryShape() {
    VectorRowKernel vector = new VectorRowKernel();
    for (int n : FrozenWeightsTest.OUTPUTS) {
      for (int k : FrozenWeightsTest.INPUTS) {
        Matrix w = new Matrix(n, k);
        double[] x = new double[k];
        for (int i = 0; i < w.size(); i++) {
          // Mixed magnitudes, so that a different order of the additions would show in the bits.
          w.data()[i] = random.nextGaussian() * Math.pow(10, random.nextInt(7) - 3);
        }
        for (int p = 0; p < k; p++) {
          x[p] = random.nextGaussian();
        }
        double[] plain = new double[n];
        double[] vectorised = new double[n];
        new FrozenWeights(w, new JavaRowKernel()).multiply(x, plain);
        new FrozenWeights(w, vector).multiply(x, vectorised);
        assertThat(vectorised).as("n=%s k=%s", n, k).containsExactly(plain);
        assertThat(vectorised).as("n=%s k=%s", n, k).containsExactly(FrozenWeightsTest.fmaChain(x, w));
      }
    }
  }

}
