package dev.nn4j.progress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nn4j.core.History;
import dev.nn4j.optim.Optimizers;
import dev.nn4j.optim.Schedules;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProgressTest {
  /** The three epochs of {@link Training} as a log shows them, a batch taking 250 ms and validation 500 ms. */
  private static final List<String> THREE_EPOCHS =
      List.of(
          "Epoch 1/3 - 3.0 s - 128 samples/s - ETA 0:06 - loss 0.5562 - accuracy 0.8500 - val_loss 0.4540 - val_accuracy 0.9375",
          "Epoch 2/3 - 3.0 s - 128 samples/s - ETA 0:03 - loss 0.4065 - accuracy 0.9406 - val_loss 0.3380 - val_accuracy 0.9688",
          "Epoch 3/3 - 3.0 s - 128 samples/s - loss 0.3150 - accuracy 0.9625 - val_loss 0.2871 - val_accuracy 0.9375");

  @Test
  void inALogWritesExactlyOnePlainLinePerEpochEndingWithTheMetrics() {
    StringWriter out = new StringWriter();
    FakeClock clock = FakeClock.millisPerBatch(250, 500);
    Training.fit(3, clock, Progress.builder().output(out).ticker(clock).build());
    assertThat(out.toString()).isEqualTo(String.join(System.lineSeparator(), THREE_EPOCHS) + System.lineSeparator());
  }

  @Test
  void showsTheLearningRateFromTheFirstEpochThatChangedIt() {
    StringWriter out = new StringWriter();
    FakeClock clock = FakeClock.millisPerBatch(250, 500);
    // 10 batches an epoch: the rate halves every 15 steps, so epoch 2 ends at a rate other than epoch 1's.
    History history =
        Training.fit(4, Training.SAMPLES, clock, Progress.builder().output(out).ticker(clock).build(),
            Optimizers.sgd(0.5).withSchedule(Schedules.step(15, 0.5)));
    List<Double> rates = history.get(History.LEARNING_RATE);
    assertThat(rates).containsExactly(0.5, 0.25, 0.25, 0.125);
    List<String> lines = out.toString().lines().toList();
    assertThat(lines.get(0)).doesNotContain("learning_rate");
    assertThat(lines.get(1)).endsWith(" - learning_rate 0.2500");
    assertThat(lines.get(2)).endsWith(" - learning_rate 0.2500");
    assertThat(lines.get(3)).endsWith(" - learning_rate 0.1250");
  }

  @Test
  void aPrintStreamOtherThanStandardOutputGetsTheSameLines() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    FakeClock clock = FakeClock.millisPerBatch(250, 500);
    PrintStream stream = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    Training.fit(3, clock, Progress.builder().output(stream).ticker(clock).build());
    assertThat(bytes.toString(StandardCharsets.UTF_8).lines()).containsExactlyElementsOf(THREE_EPOCHS);
  }

  @Test
  void toConsoleWritesLinesWhenStandardOutputIsNoTerminal() {
    // Under the test runner standard output is a pipe, as in a CI run or `java ... > log.txt`.
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream original = System.out;
    FakeClock clock = FakeClock.millisPerBatch(250, 500);
    try {
      System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
      Progress progress = Progress.builder().ticker(clock).build();
      assertThat(progress).hasToString("Progress{a bar on a terminal, else lines to System.out}");
      Training.fit(3, clock, progress);
    } finally {
      System.setOut(original);
    }
    assertThat(bytes.toString(StandardCharsets.UTF_8).lines()).containsExactlyElementsOf(THREE_EPOCHS);
  }

  @Test
  void writesNothingButToItsOwnOutput() {
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    PrintStream originalOut = System.out;
    PrintStream originalErr = System.err;
    StringWriter log = new StringWriter();
    StringWriter bar = new StringWriter();
    try {
      System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
      FakeClock clock = FakeClock.millisPerBatch(10, 0);
      Training.fit(2, clock, Progress.builder().output(log).ticker(clock).build());
      Training.fit(2, clock, Progress.builder().output(bar).bar(80).ticker(clock).build());
    } finally {
      System.setOut(originalOut);
      System.setErr(originalErr);
    }
    assertThat(log.toString().lines()).hasSize(2);
    assertThat(bar.toString()).contains("\rEpoch 2/2 - ");
    assertThat(stdout.toString(StandardCharsets.UTF_8)).isEmpty();
    assertThat(stderr.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  @Test
  void firstRedrawShowsTheFirstBatchsRateNotBillions() {
    // 32 samples in the 10 ms since the epoch began: 3,200 samples/s (the old display showed billions here).
    StringWriter out = new StringWriter();
    FakeClock clock = FakeClock.millisPerBatch(10, 0);
    Training.fit(2, clock, Progress.builder().output(out).bar(100).ticker(clock).build());
    List<String> draws = draws(out.toString());
    assertThat(draws.get(0)).isEqualTo("Epoch 1/2 [==>...........................]  1/10 - ETA 0:00 - loss 0.6525 - 3,200 samples/s");
    String secondEpoch = draws.stream().filter(d -> d.startsWith("Epoch 2/2 [")).findFirst().orElseThrow();
    assertThat(secondEpoch).endsWith(" - 3,200 samples/s");
  }

  @Test
  void noRateBeforeAMillisecondHasPassed() {
    StringWriter out = new StringWriter();
    FakeClock clock = new FakeClock(999_999, 0);
    Training.fit(1, clock, Progress.builder().output(out).bar(100).ticker(clock).build());
    List<String> draws = draws(out.toString());
    assertThat(draws.get(0)).isEqualTo("Epoch 1/1 [==>...........................]  1/10 - loss 0.6525");
    assertThat(draws.get(1)).endsWith(" - 32,000 samples/s");
  }

  @Test
  void oneEstimateOfTheTimeLeftInTheRun() {
    // A batch takes 1 s and validation 2 s: 3 epochs of 12 s.
    StringWriter out = new StringWriter();
    FakeClock clock = FakeClock.millisPerBatch(1000, 2000);
    Training.fit(3, clock, Progress.builder().output(out).bar(120).ticker(clock).redrawInterval(Duration.ZERO).build());
    List<String> draws = draws(out.toString());
    // 5 of 30 batches in 5 s: 25 s left.
    assertThat(draws.get(4)).isEqualTo("Epoch 1/3 [==============>...............]  5/10 - ETA 0:25 - loss 0.6067 - 32 samples/s");
    // One epoch of three in 12 s: 24 s left.
    assertThat(draws.get(10)).startsWith("Epoch 1/3 - 12.0 s - 32 samples/s - ETA 0:24 - loss 0.5562 - ");
    // 11 of 30 batches in 13 s: 13 * 19 / 11 = 22.45 s left.
    assertThat(draws.get(11)).startsWith("Epoch 2/3 [==>...........................]  1/10 - ETA 0:22 - loss ");
    // Training is over, validation still to run; the epoch's line then has no time left.
    assertThat(draws.get(draws.size() - 2)).isEqualTo("Epoch 3/3 [==============================] 10/10 - ETA 0:00 - loss 0.3150 - 32 samples/s");
    assertThat(draws.get(draws.size() - 1)).startsWith("Epoch 3/3 - 12.0 s - 32 samples/s - loss 0.3150 - ");
  }

  @Test
  void redrawsAtMostEvery50msAndAtEachEpochsFirstAndLastBatch() {
    // 100 batches of 10 ms an epoch: batches 1, 6, 11, ..., 96 (50 ms apart) and 100, so 21 draws an epoch.
    StringWriter out = new StringWriter();
    FakeClock clock = FakeClock.millisPerBatch(10, 0);
    Training.fit(3, 3200, clock, Progress.builder().output(out).bar(100).ticker(clock).build());
    List<String> bars = draws(out.toString()).stream().filter(d -> d.contains("[")).toList();
    assertThat(bars).hasSize(63);
    assertThat(bars.get(0)).contains("   1/100 ");
    assertThat(bars.get(1)).contains("   6/100 ");
    assertThat(bars.get(20)).contains(" 100/100 ");
    assertThat(bars.get(21)).startsWith("Epoch 2/3 [").contains("   1/100 ");
    assertThat(out.toString().split("\r", -1)).hasSize(63 + 3 + 1);
  }

  @ParameterizedTest
  @ValueSource(ints = {40, 80, 120})
  void noLineReachesTheTerminalsLastColumn(int columns) {
    StringWriter out = new StringWriter();
    FakeClock clock = FakeClock.millisPerBatch(10, 5);
    Training.fit(12, 3200, clock, Progress.builder().output(out).bar(columns).ticker(clock).build());
    List<String> draws = draws(out.toString());
    assertThat(draws).hasSizeGreaterThan(12 * 21);
    assertThat(segments(out.toString())).allSatisfy(d -> assertThat(d.length()).isLessThan(columns));
    // Every epoch's line is there, wrapped at its separators.
    assertThat(draws.stream().filter(d -> d.startsWith("Epoch 12/12 - "))).hasSize(1);
    assertThat(String.join(" - ", draws.subList(draws.size() - lastLines(draws), draws.size())).replace(" -     ", " - "))
        .matches("Epoch 12/12 - 1\\.0 s - 3,200 samples/s - loss \\d\\.\\d{4} - accuracy \\d\\.\\d{4}"
            + " - val_loss \\d\\.\\d{4} - val_accuracy \\d\\.\\d{4}");
  }

  @Test
  void followsAResizedTerminal() {
    AtomicInteger columns = new AtomicInteger(120);
    StringWriter out = new StringWriter();
    FakeClock clock = FakeClock.millisPerBatch(10, 0);
    Progress progress =
        Progress.builder().output(out).bar(() -> clock.read() > 1_000_050_000_000L ? 40 : columns.get()).ticker(clock).build();
    Training.fit(1, clock, progress);
    List<String> draws = draws(out.toString());
    assertThat(draws.get(0)).hasSize(91);
    // Narrowed after 50 ms: the redraws that follow fit 40 columns, blanking only up to its edge.
    List<String> segments = segments(out.toString());
    assertThat(segments.subList(2, segments.size())).allSatisfy(d -> assertThat(d.length()).isLessThan(40));
  }

  @Test
  void aListenerCanFollowOneFitAfterAnother() {
    StringWriter out = new StringWriter();
    FakeClock clock = FakeClock.millisPerBatch(250, 500);
    Progress progress = Progress.builder().output(out).ticker(clock).build();
    Training.fit(3, clock, progress);
    Training.fit(1, clock, progress);
    List<String> lines = out.toString().lines().toList();
    assertThat(lines).hasSize(4);
    assertThat(lines.get(3)).startsWith("Epoch 1/1 - 3.0 s - 128 samples/s - loss 0.5562 - ");
  }

  @Test
  void aWriterThatFailsStopsTrainingWithTheCause() {
    Writer broken =
        new Writer() {
          @Override
          public void write(char[] buffer, int offset, int length) throws IOException {
            throw new IOException("disk full");
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    FakeClock clock = FakeClock.millisPerBatch(10, 0);
    assertThatThrownBy(() -> Training.fit(2, clock, Progress.builder().output(broken).ticker(clock).build()))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessage("The progress display could not write to its Writer")
        .hasRootCauseMessage("disk full");
  }

  @Test
  void refusesBadSettingsNamingWhatItGot() {
    assertThatThrownBy(() -> Progress.builder().bar(10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Expected a terminal width of at least 20 columns, got columns=10");
    assertThatThrownBy(() -> Progress.builder().redrawInterval(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Expected a redraw interval of zero or more, got PT-0.001S");
    assertThatThrownBy(() -> Progress.to((PrintStream) null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("Expected a PrintStream to write progress to, got null");
  }

  @Test
  void printsItsConfiguration() {
    assertThat(Progress.to(new StringWriter())).hasToString("Progress{lines to a Writer}");
    assertThat(Progress.builder().bar(100).build()).hasToString("Progress{a bar 100 wide to System.out}");
    assertThat(Progress.builder().bar(100).lines().build()).hasToString("Progress{lines to System.out}");
  }

  /** What each write drew: the output cut at each carriage return and line end, blank padding removed. */
  private static List<String> draws(String output) {
    return Arrays.stream(output.split("[\r\n]+")).map(String::stripTrailing).filter(s -> !s.isEmpty()).toList();
  }

  /** The output cut at each carriage return and line end, blank padding kept: what each write put on a line. */
  private static List<String> segments(String output) {
    return Arrays.asList(output.split("[\r\n]"));
  }

  /** How many lines the last epoch's line was wrapped into. */
  private static int lastLines(List<String> draws) {
    int n = 1;
    while (draws.get(draws.size() - n).startsWith("    ")) {
      n++;
    }
    return n;
  }
}
