package dev.nn4j.progress;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.collect.ImmutableMap;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class EpochLineTest {
  private static final Map<String, Double> METRICS =
      ImmutableMap.of("loss", 0.312, "accuracy", 0.88712, "val_loss", 0.33441, "val_accuracy", 0.879);

  @Test
  void endsWithTheMetricsInTheirOrder() {
    assertThat(EpochLine.render(3, 10, 12.44, OptionalDouble.of(4839.2), OptionalDouble.of(87), METRICS))
        .isEqualTo(
            "Epoch 3/10 - 12.4 s - 4,839 samples/s - ETA 1:27 - loss 0.3120 - accuracy 0.8871 - val_loss 0.3344"
                + " - val_accuracy 0.8790");
  }

  @Test
  void theLastEpochHasNoTimeLeftAndAnUnknownRateIsLeftOut() {
    assertThat(EpochLine.render(10, 10, 75, OptionalDouble.empty(), OptionalDouble.of(0), Map.of("loss", 2e-5)))
        .isEqualTo("Epoch 10/10 - 1:15 - loss 2.0000e-05");
  }

  @Test
  void wrapsAtItsSeparatorsShorterThanTheWidth() {
    String line = EpochLine.render(3, 10, 12.44, OptionalDouble.of(4839.2), OptionalDouble.of(87), METRICS);
    assertThat(EpochLine.wrap(line, 80))
        .containsExactly(
            "Epoch 3/10 - 12.4 s - 4,839 samples/s - ETA 1:27 - loss 0.3120",
            "    accuracy 0.8871 - val_loss 0.3344 - val_accuracy 0.8790");
    assertThat(EpochLine.wrap(line, 40))
        .containsExactly(
            "Epoch 3/10 - 12.4 s - 4,839 samples/s",
            "    ETA 1:27 - loss 0.3120",
            "    accuracy 0.8871 - val_loss 0.3344",
            "    val_accuracy 0.8790");
    assertThat(EpochLine.wrap(line, 140)).containsExactly(line);
    assertThat(EpochLine.wrap(line, 12)).allSatisfy(l -> assertThat(l.length()).isLessThan(12));
  }
}
