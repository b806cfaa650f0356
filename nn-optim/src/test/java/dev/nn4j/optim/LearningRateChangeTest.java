package dev.nn4j.optim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nn4j.activations.Activations;
import dev.nn4j.core.BatchEnd;
import dev.nn4j.core.EpochEnd;
import dev.nn4j.core.FitOptions;
import dev.nn4j.core.History;
import dev.nn4j.core.Network;
import dev.nn4j.core.Optimizer;
import dev.nn4j.core.Parameter;
import dev.nn4j.core.Trainer;
import dev.nn4j.core.TrainingListener;
import dev.nn4j.core.TrainingState;
import dev.nn4j.core.listeners.ReduceLROnPlateau;
import dev.nn4j.core.losses.Losses;
import dev.nn4j.core.math.Matrix;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The learning rate changed between epochs ({@link Trainer#setLearningRate}, as {@link ReduceLROnPlateau}
 * does): the next steps use it, the optimizer's state carries on as PyTorch's does when a parameter group's
 * {@code lr} changes, a checkpoint keeps it, and the history records the rate of each epoch.
 */
class LearningRateChangeTest {
  private static final Matrix PEOPLE = Matrix.of(new double[][] {{-2, -1}, {25, 6}, {17, 4}, {-15, -6}});
  private static final Matrix FEMALE = Matrix.of(new double[][] {{1}, {0}, {0}, {1}});

  @TempDir Path folder;

  private static Network network(Optimizer optimizer) {
    return Network.builder()
        .input(2)
        .dense(2, Activations.sigmoid())
        .dense(1, Activations.sigmoid())
        .loss(Losses.mse())
        .optimizer(optimizer)
        .seed(42)
        .build();
  }

  /** Every parameter's values, copied. */
  private static List<double[]> values(Network network) {
    return network.parameters().values().stream().map(p -> p.value().data().clone()).toList();
  }

  @Test
  void theHistoryRecordsTheRateOfEachEpochsLastStep() {
    // Four steps an epoch; the step schedule halves the rate every four steps: epoch e ends at 0.1 / 2^(e-1).
    Network network = network(Optimizers.sgd(0.1).withSchedule(Schedules.step(4, 0.5)));
    History history = network.fit(PEOPLE, FEMALE, FitOptions.builder().epochs(3).batchSize(1).shuffle(false).build());
    assertThat(history.names()).containsExactly("loss", History.LEARNING_RATE);
    assertThat(history.get(History.LEARNING_RATE)).containsExactly(0.1, 0.05, 0.025);
  }

  @Test
  void afterAReductionEachSgdStepMovesEveryWeightByTheReducedRateTimesItsGradient() {
    Network network = network(Optimizers.sgd(0.1));
    // minDelta so large that nothing improves on epoch 1: with patience 1 the rate halves after each later epoch.
    ReduceLROnPlateau plateau =
        ReduceLROnPlateau.builder().monitor("loss").factor(0.5).patience(1).minDelta(1e9).build();
    List<Double> usedRates = new ArrayList<>();
    TrainingListener updateChecker =
        new TrainingListener() {
          private List<double[]> before;

          @Override
          public void onTrainBegin(Trainer trainer, FitOptions options) {
            before = values(trainer.network());
          }

          @Override
          public void onBatchEnd(BatchEnd batch) {
            // One batch an epoch: the step just taken used rate r if θ_after = θ_before − r·g, bit for bit.
            double rate = network.trainer().learningRate();
            List<Parameter> parameters = List.copyOf(network.parameters().values());
            for (int p = 0; p < parameters.size(); p++) {
              double[] theta = parameters.get(p).value().data();
              double[] g = parameters.get(p).gradient().data();
              for (int i = 0; i < theta.length; i++) {
                assertThat(theta[i]).isEqualTo(before.get(p)[i] - rate * g[i]);
              }
            }
            usedRates.add(rate);
            before = values(network);
          }

          @Override
          public void onEpochEnd(EpochEnd epoch) {}
        };
    History history =
        network.fit(
            PEOPLE,
            FEMALE,
            FitOptions.builder().epochs(5).batchSize(4).shuffle(false).listener(updateChecker).listener(plateau).build());
    assertThat(usedRates).containsExactly(0.1, 0.1, 0.05, 0.025, 0.0125);
    assertThat(history.get(History.LEARNING_RATE)).isEqualTo(usedRates);
    assertThat(network.trainer().learningRate()).isEqualTo(0.00625);
    assertThat(network.trainer().optimizer()).isEqualTo(Optimizers.sgd(0.00625));
  }

  @Test
  void theOptimizersStateCarriesOverAsWhenPyTorchChangesAGroupsLearningRate() {
    for (BaseOptimizer<?> optimizer :
        List.<BaseOptimizer<?>>of(
            Optimizers.sgd(0.1).withMomentum(0.9), Optimizers.adam(0.05), Optimizers.rmsProp(0.01).withMomentum(0.5))) {
      // Three steps at the first rate, then three at a tenth of it, in one session...
      Network changed = network(optimizer);
      Trainer trainer = changed.trainer();
      steps(trainer, 3);
      TrainingState atTheChange = trainer.state();
      trainer.setLearningRate(optimizer.learningRate() / 10);
      assertThat(trainer.state().optimizer()).isEqualTo(atTheChange.optimizer());
      steps(trainer, 3);

      // ... equal a session of the lower rate continuing from the state (momentum, moments, t) at the change.
      Network reference = network(optimizer.withLearningRate(optimizer.learningRate() / 10));
      reference.trainer().restore(atTheChange);
      steps(reference.trainer(), 3);
      assertThat(changed.stateDict()).as("%s", optimizer).isEqualTo(reference.stateDict());
      assertThat(trainer.state().optimizer()).isEqualTo(reference.trainer().state().optimizer());
    }
  }

  private static void steps(Trainer trainer, int n) {
    for (int i = 0; i < n; i++) {
      trainer.step(PEOPLE, FEMALE);
    }
  }

  @Test
  void aCheckpointKeepsTheReducedRate() throws IOException {
    Network network = network(Optimizers.sgd(0.1).withMomentum(0.9));
    Trainer trainer = network.trainer();
    steps(trainer, 2);
    trainer.setLearningRate(0.02);
    Path checkpoint = folder.resolve("run.safetensors");
    trainer.saveCheckpoint(checkpoint);

    Trainer resumed = Trainer.resume(checkpoint);
    assertThat(resumed.learningRate()).isEqualTo(0.02);
    assertThat(resumed.optimizer()).isEqualTo(Optimizers.sgd(0.02).withMomentum(0.9));
    History continued = trainer.fit(PEOPLE, FEMALE, FitOptions.builder().epochs(2).batchSize(2).build());
    History fromFile = resumed.fit(PEOPLE, FEMALE, FitOptions.builder().epochs(2).batchSize(2).build());
    assertThat(resumed.network().stateDict()).isEqualTo(network.stateDict());
    assertThat(fromFile.get(History.LEARNING_RATE)).isEqualTo(continued.get(History.LEARNING_RATE)).containsExactly(0.02, 0.02);
  }

  @Test
  void aScheduleAppliesToTheNewBaseRate() {
    Network network = network(Optimizers.sgd(0.1).withSchedule(Schedules.step(4, 0.5)));
    Trainer trainer = network.trainer();
    steps(trainer, 5);
    trainer.setLearningRate(0.02);
    // Step 6 reads the schedule's clock at 5: 0.02 · 0.5^(5 / 4 rounded down).
    Map<String, Double> epoch =
        trainer.fit(PEOPLE, FEMALE, FitOptions.builder().epochs(1).batchSize(4).build()).epoch(1);
    assertThat(epoch.get(History.LEARNING_RATE)).isEqualTo(0.01);
  }
}
