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
  void columnsFromWhatSttySizePrints() {
    assertThat(TerminalWidth.fromSttySize("50 120\n")).hasValue(120);
    assertThat(TerminalWidth.fromSttySize(" 24   80 ")).hasValue(80);
    assertThat(TerminalWidth.fromSttySize("0 0")).isEmpty();
    assertThat(TerminalWidth.fromSttySize("stty: 'standard input': Inappropriate ioctl for device")).isEmpty();
    assertThat(TerminalWidth.fromSttySize("")).isEmpty();
  }

  @Test
  void underTheTestRunnerStandardOutputIsNoTerminal() {
    // Surefire's fork writes to a pipe, as a CI run or a redirect to a file does.
    assertThat(TerminalWidth.ofStandardOutput()).isEmpty();
  }
}
