package dev.nn4j.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nn4j.activations.Activations;
import dev.nn4j.core.FitOptions;
import dev.nn4j.core.Network;
import dev.nn4j.core.Optimizer;
import dev.nn4j.core.TrainingState;
import dev.nn4j.core.losses.Losses;
import dev.nn4j.core.math.Matrix;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Training resumed from a {@link TrainingState} continues exactly as an unbroken run. */
class ResumeTrainingTest {
  private static final Random DATA = new Random(3);
  private static final Matrix X = random(50, 4);
  private static final Matrix Y = oneHot(50, 3);

  private static Network network(Optimizer optimizer) {
    return Network.builder()
        .input(4)
        .dense(8, Activations.relu())
        .dropout(0.25)
        .dense(3, Activations.softmax())
        .loss(Losses.categoricalCrossEntropy())
        .optimizer(optimizer)
        .seed(77)
        .build();
  }

  private static FitOptions epochs(int n) {
    return FitOptions.builder().epochs(n).batchSize(8).shuffle(true).build();
  }

  @Test
  void fourEpochsEqualTwoPlusTwoAfterARestoreBitForBit() {
    for (Optimizer optimizer :
        new Optimizer[] {
          Optimizers.adam(0.01).withSchedule(Schedules.cosine(30)),
          Optimizers.sgd(0.05).withMomentum(0.9, true),
          Optimizers.rmsProp(0.01),
          Optimizers.adagrad(0.1)
        }) {
      Network straight = network(optimizer);
      straight.fit(X, Y, epochs(4));

      Network first = network(optimizer);
      first.fit(X, Y, epochs(2));
      TrainingState state = first.trainingState();
      Network resumed = network(optimizer);
      resumed.restoreTrainingState(state);
      resumed.fit(X, Y, epochs(2));

      assertThat(resumed.parameterValues()).as("%s", optimizer).isEqualTo(straight.parameterValues());
      assertThat(resumed.epochsTrained()).isEqualTo(4);
      assertThat(resumed.stepsTaken()).isEqualTo(straight.stepsTaken()).isEqualTo(4 * 7);
    }
  }

  @Test
  void withoutTheOptimizerStateTheRunWouldDiffer() {
    Optimizer adam = Optimizers.adam(0.01);
    Network straight = network(adam);
    straight.fit(X, Y, epochs(4));
    Network first = network(adam);
    first.fit(X, Y, epochs(2));
    Network weightsOnly = network(adam);
    weightsOnly.setParameterValues(first.parameterValues());
    weightsOnly.fit(X, Y, epochs(2));
    assertThat(weightsOnly.parameterValues()).isNotEqualTo(straight.parameterValues());
  }

  @Test
  void aStateThatDoesNotFitIsRejectedAndChangesNothing() {
    Network trained = network(Optimizers.adam(0.01));
    trained.fit(X, Y, epochs(1));
    Network sgd = network(Optimizers.sgd(0.1).withMomentum(0.9, false));
    var before = sgd.parameterValues();
    assertThatThrownBy(() -> sgd.restoreTrainingState(trained.trainingState()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("exp_avg");
    assertThat(sgd.parameterValues()).isEqualTo(before);
    assertThat(sgd.epochsTrained()).isZero();
  }

  private static Matrix random(int rows, int cols) {
    Matrix m = new Matrix(rows, cols);
    for (int i = 0; i < m.size(); i++) {
      m.data()[i] = DATA.nextGaussian();
    }
    return m;
  }

  private static Matrix oneHot(int rows, int classes) {
    Matrix m = new Matrix(rows, classes);
    for (int r = 0; r < rows; r++) {
      m.set(r, DATA.nextInt(classes), 1.0);
    }
    return m;
  }
}
