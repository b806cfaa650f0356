package dev.nn4j.core.listeners;

import static dev.nn4j.core.listeners.Scripts.epochs;
import static dev.nn4j.core.listeners.Scripts.options;
import static dev.nn4j.core.listeners.Scripts.trainer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import dev.nn4j.core.FitOptions;
import dev.nn4j.core.History;
import dev.nn4j.core.ScriptedEpochs;
import dev.nn4j.core.StateDict;
import dev.nn4j.core.Trainer;
import dev.nn4j.core.testing.LogCapture;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

/** Keras' rule: training stops after the epoch at which {@code patience} epochs in a row did not improve. */
class EarlyStoppingTest {

  @Test
  void patienceTwoStopsAfterTheSecondEpochWithoutImprovement() {
    EarlyStopping stopping = EarlyStopping.monitoring("val_loss", 2, 0.0, false);
    History history =
        ScriptedEpochs.run(trainer(0.1), options(stopping), epochs("val_loss", 0.5, 0.4, 0.45, 0.42, 0.3, 0.2));
    assertThat(history.epochs()).isEqualTo(4);
    assertThat(stopping.stoppedEpoch()).isEqualTo(4);
    assertThat(stopping.bestEpoch()).isEqualTo(2);
    assertThat(stopping.best()).isEqualTo(0.4);
  }

  @Test
  void patienceZeroStopsAfterTheFirstEpochWithoutImprovement() {
    EarlyStopping stopping = EarlyStopping.monitoring("val_loss", 0, 0.0, false);
    History history = ScriptedEpochs.run(trainer(0.1), options(stopping), epochs("val_loss", 0.5, 0.4, 0.4, 0.3));
    assertThat(history.epochs()).isEqualTo(3);
    assertThat(stopping.stoppedEpoch()).isEqualTo(3);
  }

  @Test
  void anImprovementStartsTheCountAgain() {
    EarlyStopping stopping = EarlyStopping.monitoring("val_loss", 2, 0.0, false);
    History history =
        ScriptedEpochs.run(trainer(0.1), options(stopping), epochs("val_loss", 1.0, 1.1, 0.9, 1.0, 1.2, 0.1, 0.1));
    assertThat(history.epochs()).isEqualTo(5);
    assertThat(stopping.bestEpoch()).isEqualTo(3);
  }

  @Test
  void aChangeOfMinDeltaOrLessIsNoImprovement() {
    EarlyStopping stopping = EarlyStopping.monitoring("val_loss", 2, 0.1, false);
    // 0.95 and then 0.9 are within 0.1 of the best, 1.0: no improvement, so training stops after epoch 3.
    History history = ScriptedEpochs.run(trainer(0.1), options(stopping), epochs("val_loss", 1.0, 0.95, 0.9, 0.5));
    assertThat(history.epochs()).isEqualTo(3);
    assertThat(stopping.best()).isEqualTo(1.0);
  }

  @Test
  void higherIsBetterForAnythingButALoss() {
    EarlyStopping stopping = EarlyStopping.monitoring("val_accuracy", 1, 0.0, false);
    History history =
        ScriptedEpochs.run(trainer(0.1), options(stopping), epochs("val_accuracy", 0.5, 0.6, 0.6, 0.7));
    assertThat(history.epochs()).isEqualTo(3);
    assertThat(stopping.bestEpoch()).isEqualTo(2);
  }

  @Test
  void runningOutOfEpochsIsNoStop() {
    EarlyStopping stopping = EarlyStopping.monitoring("val_loss", 2, 0.0, false);
    History history = ScriptedEpochs.run(trainer(0.1), options(stopping), epochs("val_loss", 0.5, 0.6, 0.4));
    assertThat(history.epochs()).isEqualTo(3);
    assertThat(stopping.stoppedEpoch()).isZero();
  }

  @Test
  void theStopMessageFollowsTheLastEpochsLineWhateverTheListenersOrder() {
    Trainer trainer = trainer(0.1);
    EarlyStopping stopping = EarlyStopping.onValidationLoss(2);
    try (LogCapture logs = LogCapture.of(Logger.ROOT_LOGGER_NAME, Level.INFO)) {
      // The early stopping listener comes first, so it decides before the epoch's line is logged.
      ScriptedEpochs.run(
          trainer, options(stopping, new LoggingListener()), epochs("val_loss", 0.5, 0.4, 0.45, 0.42, 0.3));
      assertThat(logs.messages())
          .containsExactly(
              "epoch 1/5 - 0.0 s - val_loss 0.5000",
              "epoch 2/5 - 0.0 s - val_loss 0.4000",
              "epoch 3/5 - 0.0 s - val_loss 0.4500",
              "epoch 4/5 - 0.0 s - val_loss 0.4200",
              "Epoch 4: early stopping: val_loss has not improved on 0.4 (epoch 2) for 2 epochs",
              "Restoring the parameters and buffers of epoch 2 (val_loss = 0.4)");
    }
  }

  @Test
  void restoresTheParametersOfTheBestEpoch() {
    Trainer trainer = trainer(0.1);
    List<StateDict> afterEachEpoch = new ArrayList<>();
    EarlyStopping stopping = EarlyStopping.onValidationLoss(1);
    FitOptions options =
        options(
            e -> {
              // Each epoch leaves other parameters: the listener tells which epoch's are put back.
              e.network().parameters().values().forEach(p -> p.value().data()[0] += 1.0);
              afterEachEpoch.add(e.network().stateDict());
            },
            stopping);
    ScriptedEpochs.run(trainer, options, epochs("val_loss", 0.5, 0.3, 0.4, 0.6));
    assertThat(stopping.stoppedEpoch()).isEqualTo(3);
    assertThat(trainer.network().stateDict()).isEqualTo(afterEachEpoch.get(1)).isNotEqualTo(afterEachEpoch.get(2));
  }

  @Test
  void refusesToMonitorAValidationValueWithoutValidationData() {
    EarlyStopping stopping = EarlyStopping.onValidationLoss(3);
    FitOptions noValidation = FitOptions.builder().listener(stopping).build();
    assertThatThrownBy(() -> ScriptedEpochs.run(trainer(0.1), noValidation, epochs("loss", 1.0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "EarlyStopping{monitor=val_loss, patience=3, minDelta=0.0, restoreBest=true} monitors val_loss, but fit"
                + " was given no validation data: add FitOptions.Builder.validation(...), or monitor \"loss\"");
  }

  @Test
  void refusesANegativePatience() {
    assertThatThrownBy(() -> EarlyStopping.onValidationLoss(-1))
        .hasMessage("Expected a patience of 0 or more epochs, got patience=-1");
  }
}
