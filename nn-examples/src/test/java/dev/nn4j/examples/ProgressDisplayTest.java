package dev.nn4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.nn4j.activations.Activations;
import dev.nn4j.core.FitOptions;
import dev.nn4j.core.Network;
import dev.nn4j.core.listeners.LoggingListener;
import dev.nn4j.core.losses.Losses;
import dev.nn4j.optim.Optimizers;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class ProgressDisplayTest {
  private static final double[][] X = {{0, 0}, {0, 1}, {1, 0}, {1, 1}, {0.5, 0.5}};
  private static final double[][] Y = {{0}, {1}, {1}, {0}, {1}};

  private static Network network() {
    return Network.builder().input(2).dense(3, Activations.tanh()).dense(1, Activations.sigmoid())
        .loss(Losses.binaryCrossEntropy()).optimizer(Optimizers.sgd(0.1)).seed(1).build();
  }

  @Test
  void inALogPrintsOnePlainLinePerEpochWithLossAndRate() {
    CapturedOutput out = new CapturedOutput();
    network().fit(X, Y, FitOptions.builder().epochs(3).batchSize(2).listener(new ProgressDisplay(out.stream(), false)).build());
    String[] lines = out.text().split("\n");
    assertThat(lines).hasSize(3);
    assertThat(lines[0]).startsWith("Epoch 1/3 - ").contains(" - loss ").contains("samples/s").contains("ETA");
    assertThat(lines[2]).startsWith("Epoch 3/3 - ").endsWith("ETA 0:00");
    assertThat(out.text()).doesNotContain("\r").doesNotContain("[");
  }

  @Test
  void inALogShowsAboutTwentyEpochsOfLongRuns() {
    CapturedOutput out = new CapturedOutput();
    network().fit(X, Y, FitOptions.builder().epochs(100).batchSize(5).listener(new ProgressDisplay(out.stream(), false)).build());
    String[] lines = out.text().split("\n");
    assertThat(lines).hasSize(21); // epochs 1, 6, ..., 96, and the last
    assertThat(lines[1]).startsWith("Epoch 6/100");
    assertThat(lines[20]).startsWith("Epoch 100/100");
  }

  @Test
  void onATerminalRedrawsABarInPlace() {
    CapturedOutput out = new CapturedOutput();
    FitOptions options = FitOptions.builder().epochs(1).batchSize(1).listener(new ProgressDisplay(out.stream(), true)).build();
    network().fit(X, Y, options);
    assertThat(out.text()).startsWith("\rEpoch 1/1 [").contains("] 1/5 - loss ").contains("\rEpoch 1/1 - ");
  }

  @Test
  void clockShowsMinutesAndHours() {
    assertThat(ProgressDisplay.clock(5)).isEqualTo("0:05");
    assertThat(ProgressDisplay.clock(125.4)).isEqualTo("2:05");
    assertThat(ProgressDisplay.clock(3725)).isEqualTo("1:02:05");
  }

  @Test
  void loggingListenerLogsEachEpochThroughSlf4j() {
    Logger logger = (Logger) LoggerFactory.getLogger("dev.nn4j.training");
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    logger.addAppender(appender);
    try {
      network().fit(X, Y, FitOptions.builder().epochs(2).listener(new LoggingListener()).build());
    } finally {
      logger.detachAppender(appender);
    }
    assertThat(appender.list).hasSize(2);
    assertThat(appender.list.get(0).getFormattedMessage()).startsWith("epoch 1/2 - ").contains(" - loss ");
    assertThat(appender.list.get(1).getFormattedMessage()).startsWith("epoch 2/2 - ");
  }
}
