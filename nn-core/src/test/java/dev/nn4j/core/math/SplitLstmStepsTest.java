package dev.nn4j.core.math;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link SplitLstmSteps} against {@link RecurrentKernels#forwardStep} on the same inputs: the same bits for
 * every step's state and output, forward and reversed, with padding, while the helper thread computes some
 * of the halves (the test checks that it did).
 */
class SplitLstmStepsTest {
  private static final int H = 66;
  private static final int T = 9;
  private final Random random = new Random(11);

  private Matrix random(int rows, int cols, double scale) {
    Matrix m = new Matrix(rows, cols);
    for (int i = 0; i < m.size(); i++) {
      m.data()[i] = scale * random.nextGaussian();
    }
    return m;
  }

  @Test
  void splitStepsGiveTheBitsOfTheStepKernel() {
    assumeTrue(JavaBackend.configuredThreads() >= 2, "one thread configured: LSTM steps are not split");
    Matrix weightHh = random(4 * H, H, 0.2);
    Matrix biasIh = random(1, 4 * H, 0.3);
    Matrix biasHh = random(1, 4 * H, 0.3);
    SplitLstmSteps split = SplitLstmSteps.of(weightHh, biasIh, biasHh);
    SplitLstmSteps.Buffers buffers = split.newBuffers();
    RecurrentKernels.Workspace workspace = RecurrentKernels.Workspace.of(H);
    Matrix recurrent = new Matrix(1, 4 * H);
    long helped = SplitLstmSteps.helperHalves();
    for (int round = 0; round < 300; round++) {
      boolean reverse = round % 2 == 1;
      int length = round % 3 == 0 ? T - 3 : T;
      Matrix projection = random(T, 4 * H, 1.0);
      Matrix h0 = random(1, H, 0.5);
      Matrix c0 = random(1, H, 0.5);

      Matrix h = h0.copy();
      Matrix c = c0.copy();
      Matrix y = new Matrix(T, H + 3);
      assertThat(split.run(buffers, T, reverse, length, projection, h, c, y, 2)).isTrue();

      Matrix hSerial = h0.copy();
      Matrix cSerial = c0.copy();
      Matrix ySerial = new Matrix(T, H + 3);
      for (int k = 0; k < T; k++) {
        Kernels.multiplyTransposeB(hSerial, weightHh, recurrent);
        RecurrentKernels.forwardStep(RecurrentCell.LSTM, T, reverse ? T - 1 - k : k, new int[] {length}, projection,
            recurrent, biasIh, biasHh, hSerial, cSerial, null, null, null, null, ySerial, 2, workspace);
      }
      assertThat(h.data()).as("round %s", round).containsExactly(hSerial.data());
      assertThat(c.data()).as("round %s", round).containsExactly(cSerial.data());
      assertThat(y.data()).as("round %s", round).containsExactly(ySerial.data());
    }
    assertThat(SplitLstmSteps.helperHalves()).as("halves the helper thread computed").isGreaterThan(helped);
  }

  @Test
  void badWeightsAndForeignBuffersAreClearErrors() {
    assertThatThrownBy(() -> SplitLstmSteps.of(new Matrix(4 * H, H + 1), null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[" + 4 * (H + 1) + ", " + (H + 1) + "]")
        .hasMessageContaining("[" + 4 * H + ", " + (H + 1) + "]");
    assertThatThrownBy(() -> SplitLstmSteps.of(new Matrix(4 * H, H), new Matrix(1, 4 * H - 1), null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(4 * H + " values");
    assumeTrue(JavaBackend.configuredThreads() >= 2, "one thread configured: LSTM steps are not split");
    SplitLstmSteps one = SplitLstmSteps.of(new Matrix(4 * H, H), null, null);
    SplitLstmSteps other = SplitLstmSteps.of(new Matrix(4 * H, H), null, null);
    Matrix h = new Matrix(1, H);
    assertThatThrownBy(() -> one.run(other.newBuffers(), T, false, T, new Matrix(T, 4 * H), h, new Matrix(1, H),
            new Matrix(T, H), 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("other split steps");
    assertThatThrownBy(() -> one.run(one.newBuffers(), T, false, T, new Matrix(T, 4 * H), new Matrix(2, H),
            new Matrix(1, H), new Matrix(T, H), 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a state and a cell state of " + H + " values")
        .hasMessageContaining("[2, " + H + "]");
    assertThatThrownBy(() -> one.run(one.newBuffers(), T, false, T, new Matrix(T - 1, 4 * H), h, new Matrix(1, H),
            new Matrix(T, H), 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[" + (T - 1) + ", " + 4 * H + "]");
  }

  @Test
  void theHelperStillHelpsAfterARefusedCall() {
    assumeTrue(JavaBackend.configuredThreads() >= 2, "one thread configured: LSTM steps are not split");
    SplitLstmSteps split = SplitLstmSteps.of(random(4 * H, H, 0.2), null, null);
    SplitLstmSteps.Buffers buffers = split.newBuffers();
    for (int i = 0; i < 20; i++) {
      assertThatThrownBy(() -> split.run(buffers, T, false, T, new Matrix(T, 4 * H), new Matrix(1, H + 1),
              new Matrix(1, H), new Matrix(T, H), 0))
          .isInstanceOf(IllegalArgumentException.class);
    }
    long helped = SplitLstmSteps.helperHalves();
    for (int round = 0; round < 300; round++) {
      assertThat(split.run(buffers, T, false, T, random(T, 4 * H, 1.0), new Matrix(1, H), new Matrix(1, H),
          new Matrix(T, H), 0)).isTrue();
    }
    assertThat(SplitLstmSteps.helperHalves()).isGreaterThan(helped);
  }
}
