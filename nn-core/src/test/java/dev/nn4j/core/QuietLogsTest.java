package dev.nn4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.nn4j.core.init.Initializers;
import dev.nn4j.core.listeners.Checkpoints;
import dev.nn4j.core.listeners.EarlyStopping;
import dev.nn4j.core.losses.Losses;
import dev.nn4j.core.math.Matrix;
import dev.nn4j.core.testing.ForkedJvm;
import dev.nn4j.core.testing.LogCapture;
import dev.nn4j.core.testing.TestSgd;
import dev.nn4j.core.testing.UnconfiguredLogbackFit;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;

/**
 * nn4j logs nothing per epoch, step or save by itself: an application that adds logback-classic and no
 * configuration (so that every logger logs at DEBUG) sees at most a line or two from a long {@code fit}.
 */
class QuietLogsTest {
  private static final double[][] PEOPLE = {{-2, -1}, {25, 6}, {17, 4}, {-15, -6}};
  private static final double[][] FEMALE = {{1}, {0}, {0}, {1}};
  /** The one line nn4j may log once per process at DEBUG: which compute backend it chose. */
  private static final String BACKENDS = "dev.nn4j.core.math.Backends";

  @Test
  void aThousandEpochFitPrintsAtMostALineWithLogbackUnconfigured(@TempDir Path folder) throws Exception {
    ForkedJvm.Run run = ForkedJvm.run(List.of(), UnconfiguredLogbackFit.class, folder.toString());
    assertThat(run.exitCode()).as(run.output()).isZero();
    List<String> lines = run.output().lines().toList();
    // Before this change: 1,000 lines of "Epoch n/1000" at DEBUG, plus "No seed given" and "Saved".
    assertThat(lines).as(run.output()).hasSizeLessThanOrEqualTo(1);
    assertThat(lines).allMatch(line -> line.contains(BACKENDS + " -- nn4j compute backend: "));
  }

  @Test
  void buildingTrainingSavingAndLoadingLogNothingAtDebug(@TempDir Path folder) throws Exception {
    try (LogCapture logs = LogCapture.of(Logger.ROOT_LOGGER_NAME, Level.DEBUG)) {
      Network network = unseededNetwork();
      network.fit(PEOPLE, FEMALE, FitOptions.builder().epochs(1000).batchSize(1).shuffle(false).build());
      network.save(folder.resolve("model.safetensors"));
      Network.load(folder.resolve("model.safetensors"));
      network.trainer().saveCheckpoint(folder.resolve("checkpoint.safetensors"));
      Trainer.resume(folder.resolve("checkpoint.safetensors"));
      List<ILoggingEvent> logged = notBackends(logs.events());
      assertThat(logged).as(describe(logged)).isEmpty();
    }
  }

  @Test
  void listenersLogOnlyWhatTheyAreFor(@TempDir Path folder) {
    Network network = unseededNetwork();
    // Validation targets opposite to the training targets: as training improves, val_loss worsens.
    Matrix flipped = Matrix.of(new double[][] {{0}, {1}, {1}, {0}});
    try (LogCapture logs = LogCapture.of(Logger.ROOT_LOGGER_NAME, Level.DEBUG)) {
      network.fit(
          PEOPLE,
          FEMALE,
          FitOptions.builder()
              .epochs(1000)
              .batchSize(1)
              .validation(Matrix.of(PEOPLE), flipped)
              .listener(Checkpoints.every(1, folder))
              .listener(EarlyStopping.onValidationLoss(5))
              .build());
      // Checkpoints write every epoch silently; early stopping says that it stopped and what it restored.
      List<ILoggingEvent> logged = notBackends(logs.events());
      assertThat(logged)
          .as(describe(logged))
          .extracting(ILoggingEvent::getLoggerName, ILoggingEvent::getLevel)
          .containsExactly(
              tuple(EarlyStopping.class.getName(), Level.INFO),
              tuple(EarlyStopping.class.getName(), Level.INFO));
    }
  }

  private static List<ILoggingEvent> notBackends(List<ILoggingEvent> events) {
    return events.stream().filter(e -> !e.getLoggerName().equals(BACKENDS)).toList();
  }

  private static String describe(List<ILoggingEvent> events) {
    return events.stream()
        .map(e -> e.getLevel() + " " + e.getLoggerName() + " - " + e.getFormattedMessage())
        .toList()
        .toString();
  }

  private static Network unseededNetwork() {
    return Network.builder()
        .input(2)
        .dense(2, Activation.named("golden_tanh"))
        .dense(1, Activation.named("golden_tanh"))
        .weightInit(Initializers.standardNormal())
        .loss(Losses.mse())
        .optimizer(new TestSgd(0.1))
        .build();
  }
}
