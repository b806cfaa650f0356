package dev.nn4j.progress;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class BarLineTest {
  private static String at(int columns) {
    return BarLine.render(3, 10, 412, 1875, OptionalDouble.of(83), 0.631, OptionalDouble.of(3200), columns);
  }

  @Test
  void aWideTerminalGetsKerasThirtyCharacterBar() {
    assertThat(at(120)).isEqualTo("Epoch 3/10 [=====>........................]  412/1875 - ETA 1:23 - loss 0.6310 - 3,200 samples/s");
  }

  @Test
  void onEightyColumnsTheBarShrinksToFitInSeventyNine() {
    String line = at(80);
    assertThat(line).isEqualTo("Epoch 3/10 [=>...........]  412/1875 - ETA 1:23 - loss 0.6310 - 3,200 samples/s");
    assertThat(line).hasSize(79);
  }

  @Test
  void onNarrowTerminalsTheRateGoesFirstThenTheLossThenTheBar() {
    assertThat(at(60)).isEqualTo("Epoch 3/10 [=>.........]  412/1875 - ETA 1:23 - loss 0.6310");
    assertThat(at(45)).isEqualTo("Epoch 3/10 [=>........]  412/1875 - ETA 1:23");
    assertThat(at(40)).isEqualTo("Epoch 3/10  412/1875 - ETA 1:23");
    assertThat(at(30)).isEqualTo("Epoch 3/10 [>.....]  412/1875");
    assertThat(at(20)).isEqualTo("Epoch 3/10  412/187");
  }

  @Test
  void neverReachesTheLastColumnOfAnyWidth() {
    for (int columns = 1; columns <= 200; columns++) {
      String line =
          BarLine.render(1000, 1000, 59_999, 60_000, OptionalDouble.of(360_000), 1.5e-5, OptionalDouble.of(1_234_567), columns);
      assertThat(line.length()).as("at %s columns: %s", columns, line).isLessThan(Math.max(columns, 1));
      if (columns >= 25) {
        assertThat(line).startsWith("Epoch 1000/1000");
      }
    }
  }

  @Test
  void drawsKerasBar() {
    assertThat(BarLine.bar(0, 10, 10)).isEqualTo("..........");
    assertThat(BarLine.bar(1, 10, 10)).isEqualTo(">.........");
    assertThat(BarLine.bar(5, 10, 10)).isEqualTo("====>.....");
    assertThat(BarLine.bar(10, 10, 10)).isEqualTo("==========");
    assertThat(BarLine.bar(1, 3, 10)).isEqualTo("==>.......");
  }
}
