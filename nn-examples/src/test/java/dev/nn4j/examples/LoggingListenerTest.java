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

/** nn-core's LoggingListener under the examples' logging backend (moved here from the old ProgressDisplayTest). */
class LoggingListenerTest {
  private static final double[][] X = {{0, 0}, {0, 1}, {1, 0}, {1, 1}, {0.5, 0.5}};
  private static final double[][] Y = {{0}, {1}, {1}, {0}, {1}};

  @Test
  void loggingListenerLogsEachEpochThroughSlf4j() {
    Network network =
        Network.builder().input(2).dense(3, Activations.tanh()).dense(1, Activations.sigmoid())
            .loss(Losses.binaryCrossEntropy()).optimizer(Optimizers.sgd(0.1)).seed(1).build();
    Logger logger = (Logger) LoggerFactory.getLogger("dev.nn4j.training");
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    logger.addAppender(appender);
    try {
      network.fit(X, Y, FitOptions.builder().epochs(2).listener(new LoggingListener()).build());
    } finally {
      logger.detachAppender(appender);
    }
    assertThat(appender.list).hasSize(2);
    assertThat(appender.list.get(0).getFormattedMessage()).startsWith("epoch 1/2 - ").contains(" - loss ");
    assertThat(appender.list.get(1).getFormattedMessage()).startsWith("epoch 2/2 - ");
  }
}
