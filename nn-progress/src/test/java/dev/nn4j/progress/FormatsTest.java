package dev.nn4j.progress;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FormatsTest {
  @Test
  void clockShowsMinutesAndHours() {
    assertThat(Formats.clock(5)).isEqualTo("0:05");
    assertThat(Formats.clock(125.4)).isEqualTo("2:05");
    assertThat(Formats.clock(3725)).isEqualTo("1:02:05");
    assertThat(Formats.clock(-3)).isEqualTo("0:00");
  }

  @Test
  void durationIsInTenthsOfASecondBelowAMinute() {
    assertThat(Formats.duration(3.04)).isEqualTo("3.0 s");
    assertThat(Formats.duration(59.9)).isEqualTo("59.9 s");
    assertThat(Formats.duration(59.97)).isEqualTo("1:00");
    assertThat(Formats.duration(75)).isEqualTo("1:15");
  }

  @Test
  void rateHasThousandsSeparatorsWhateverTheLocale() {
    assertThat(Formats.rate(3200)).isEqualTo("3,200 samples/s");
    assertThat(Formats.rate(1_234_567.8)).isEqualTo("1,234,568 samples/s");
    assertThat(Formats.rate(2.54)).isEqualTo("2.5 samples/s");
  }

  @Test
  void valuesAsKerasPrintsThem() {
    assertThat(Formats.value(0.31204)).isEqualTo("0.3120");
    assertThat(Formats.value(0)).isEqualTo("0.0000");
    assertThat(Formats.value(1.23456e-4)).isEqualTo("1.2346e-04");
    assertThat(Formats.value(Double.NaN)).isEqualTo("NaN");
  }
}
