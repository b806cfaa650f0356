package dev.nn4j.core.listeners;

import static dev.nn4j.core.listeners.Scripts.epochs;
import static dev.nn4j.core.listeners.Scripts.options;
import static dev.nn4j.core.listeners.Scripts.trainer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import dev.nn4j.core.Network;
import dev.nn4j.core.Optimizer;
import dev.nn4j.core.Parameter;
import dev.nn4j.core.ScriptedEpochs;
import dev.nn4j.core.Trainer;
import dev.nn4j.core.TrainingListener;
import dev.nn4j.core.testing.LogCapture;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Keras' {@code ReduceLROnPlateau}, on scripted values: when it reduces, to what, and what it logs. */
class ReduceLROnPlateauTest {

  /** Records the trainer's learning rate once the listeners before it have handled each epoch. */
  private static TrainingListener rates(List<Double> rates) {
    return e -> rates.add(e.trainer().learningRate());
  }

  @Test
  void reducesAfterPatienceEpochsWithoutImprovementDownToTheFloor() {
    Trainer trainer = trainer(0.1);
    ReduceLROnPlateau plateau =
        ReduceLROnPlateau.builder().factor(0.5).patience(2).cooldown(2).minLearningRate(0.02).build();
    List<Double> rates = new ArrayList<>();
    try (LogCapture logs = LogCapture.of(ReduceLROnPlateau.class.getName(), Level.INFO)) {
      ScriptedEpochs.run(
          trainer,
          options(plateau, rates(rates)),
          epochs("val_loss", 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0));
      // Epochs 2 and 3 do not improve on epoch 1: reduced after epoch 3. Cooldown 2, counted as Keras counts
      // it: epoch 4 is skipped, epoch 5 (where the cooldown ends) counts again, so epochs 5 and 6 reduce it
      // after epoch 6, then after epoch 9, to the floor 0.02 (not 0.0125); after that it stays.
      assertThat(rates).containsExactly(0.1, 0.1, 0.05, 0.05, 0.05, 0.025, 0.025, 0.025, 0.02, 0.02, 0.02, 0.02, 0.02);
      assertThat(logs.messages())
          .containsExactly(
              "Epoch 3: ReduceLROnPlateau reducing the learning rate from 0.1 to 0.05 (val_loss has not improved on"
                  + " 1.0 for 2 epochs)",
              "Epoch 6: ReduceLROnPlateau reducing the learning rate from 0.05 to 0.025 (val_loss has not improved"
                  + " on 1.0 for 2 epochs)",
              "Epoch 9: ReduceLROnPlateau reducing the learning rate from 0.025 to 0.02 (val_loss has not improved"
                  + " on 1.0 for 2 epochs)");
    }
  }

  @Test
  void anImprovementOfMoreThanMinDeltaStartsTheCountAgain() {
    Trainer trainer = trainer(1.0);
    ReduceLROnPlateau plateau = ReduceLROnPlateau.builder().factor(0.25).patience(2).minDelta(0.01).build();
    List<Double> rates = new ArrayList<>();
    // 0.995 is within minDelta of 1.0, so no improvement; 0.9 is one.
    ScriptedEpochs.run(trainer, options(plateau, rates(rates)), epochs("val_loss", 1.0, 0.995, 0.9, 0.95, 0.9, 0.9));
    assertThat(rates).containsExactly(1.0, 1.0, 1.0, 1.0, 0.25, 0.25);
  }

  @Test
  void watchesAnAccuracyUpwards() {
    Trainer trainer = trainer(0.1);
    ReduceLROnPlateau plateau = ReduceLROnPlateau.builder().monitor("val_accuracy").factor(0.5).patience(1).build();
    List<Double> rates = new ArrayList<>();
    ScriptedEpochs.run(trainer, options(plateau, rates(rates)), epochs("val_accuracy", 0.5, 0.8, 0.7, 0.9));
    assertThat(rates).containsExactly(0.1, 0.1, 0.05, 0.05);
  }

  @Test
  void aDirectionCanBeGiven() {
    Trainer trainer = trainer(0.1);
    ReduceLROnPlateau plateau =
        ReduceLROnPlateau.builder().monitor("val_mae").lowerIsBetter(true).factor(0.5).patience(1).build();
    List<Double> rates = new ArrayList<>();
    ScriptedEpochs.run(trainer, options(plateau, rates(rates)), epochs("val_mae", 0.5, 0.4, 0.6));
    assertThat(rates).containsExactly(0.1, 0.1, 0.05);
  }

  @Test
  void kerasDefaults() {
    assertThat(ReduceLROnPlateau.builder().build())
        .hasToString(
            "ReduceLROnPlateau{monitor=val_loss (lower is better), factor=0.1, patience=10, minDelta=1.0E-4,"
                + " cooldown=0, minLearningRate=0.0}");
  }

  @Test
  void refusesFactorsOutsideZeroToOne() {
    assertThatThrownBy(() -> ReduceLROnPlateau.builder().factor(1.0))
        .hasMessage("Expected a factor between 0 and 1 (exclusive), got factor=1.0");
    assertThatThrownBy(() -> ReduceLROnPlateau.builder().factor(0.0))
        .hasMessage("Expected a factor between 0 and 1 (exclusive), got factor=0.0");
    assertThatThrownBy(() -> ReduceLROnPlateau.builder().minDelta(-1).build())
        .hasMessage("Expected a minDelta of 0 or more, got minDelta=-1.0");
    assertThatThrownBy(() -> ReduceLROnPlateau.builder().minLearningRate(-1e-3))
        .hasMessage("Expected a minLearningRate of 0 or more, got minLearningRate=-0.001");
  }

  @Test
  void refusesAnOptimizerWithoutALearningRate() {
    Network network = trainer(0.1).network();
    Optimizer rateless =
        new Optimizer() {
          @Override
          public String name() {
            return "rateless";
          }

          @Override
          public Updater start(Map<String, Parameter> parameters) {
            return () -> {};
          }

          @Override
          public String toString() {
            return "rateless()";
          }
        };
    ReduceLROnPlateau plateau = ReduceLROnPlateau.builder().build();
    assertThatThrownBy(() -> ScriptedEpochs.run(Trainer.of(network, rateless), options(plateau), epochs("val_loss", 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("changes the optimizer's learning rate, but rateless() has none");
  }
}
