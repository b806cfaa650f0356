package dev.nn4j.progress;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TerminalWidthTest {
  @Test
  void columnsVariableOrEighty() {
    assertThat(TerminalWidth.fromEnvironment("132")).isEqualTo(132);
    assertThat(TerminalWidth.fromEnvironment(" 100 ")).isEqualTo(100);
    assertThat(TerminalWidth.fromEnvironment(null)).isEqualTo(80);
    assertThat(TerminalWidth.fromEnvironment("wide")).isEqualTo(80);
    assertThat(TerminalWidth.fromEnvironment("0")).isEqualTo(80);
  }

  @Test
  void underTheTestRunnerStandardOutputIsNoTerminal() {
    // Surefire's fork writes to a pipe, as a CI run or a redirect to a file does.
    assertThat(TerminalWidth.ofStandardOutput()).isEmpty();
  }
}
