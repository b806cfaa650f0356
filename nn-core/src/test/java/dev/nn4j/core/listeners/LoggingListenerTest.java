package dev.nn4j.core.listeners;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** LoggingListener writes values as Keras' progress bar does. */
class LoggingListenerTest {

  @Test
  void writesFourDecimalsAboveAThousandthAndScientificNotationAtOrBelow() {
    assertThat(LoggingListener.format(0.31204)).isEqualTo("0.3120");
    assertThat(LoggingListener.format(12.5)).isEqualTo("12.5000");
    assertThat(LoggingListener.format(-0.5)).isEqualTo("-0.5000");
    assertThat(LoggingListener.format(0.001)).isEqualTo("1.0000e-03");
    assertThat(LoggingListener.format(1e-4)).isEqualTo("1.0000e-04");
    assertThat(LoggingListener.format(0.0)).isEqualTo("0.0000e+00");
    assertThat(LoggingListener.format(Double.NaN)).isEqualTo("NaN");
  }
}
