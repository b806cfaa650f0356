package dev.nn4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.nn4j.core.data.OneHot;
import dev.nn4j.core.losses.Losses;
import dev.nn4j.core.math.Matrix;
import dev.nn4j.core.metrics.Metric;
import dev.nn4j.core.metrics.Metrics;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Metrics over a fit's epochs: a network that outputs its input unchanged (identity weights, learning rate
 * 0) predicts during training exactly the scores it is given, so each epoch's metrics can be computed by
 * hand.
 */
class EpochMetricsTest {
  /** True classes and predicted classes of eight samples (ClassificationMetricsTest works them out). */
  private static final int[] TRUE = {0, 0, 0, 1, 1, 2, 2, 2};

  private static final int[] PREDICTED = {0, 0, 1, 1, 0, 2, 0, 2};

  /** The network's outputs, its inputs: 0.8 at the predicted class, 0.1 elsewhere. */
  private static double[][] scores() {
    double[][] scores = new double[PREDICTED.length][3];
    for (int r = 0; r < scores.length; r++) {
      for (int c = 0; c < 3; c++) {
        scores[r][c] = c == PREDICTED[r] ? 0.8 : 0.1;
      }
    }
    return scores;
  }

  /** A network whose output is its input: weights the identity, bias 0, never updated (learning rate 0). */
  private static Network identityNetwork() {
    Network network =
        Network.builder()
            .input(3)
            .dense(3, TrainingFixtures.identity())
            .loss(Losses.mse())
            .optimizer(TrainingFixtures.sgd(0.0))
            .seed(1)
            .build();
    network.loadStateDict(
        StateDict.of(
            Map.of(
                "layers.0.weight", Tensor.of(Shape.of(3, 3), 1, 0, 0, 0, 1, 0, 0, 0, 1),
                "layers.0.bias", Tensor.of(Shape.of(3), 0, 0, 0))));
    return network;
  }

  @Test
  void anEpochsF1IsTheF1OfAllItsPredictionsNotTheMeanOfTheBatches() {
    Network network = identityNetwork();
    double[][] inputs = scores();
    List<Double> batchF1 = new ArrayList<>();
    Metric f1 = Metrics.f1();
    FitOptions options =
        FitOptions.builder()
            .epochs(2)
            .batchSize(4)
            .shuffle(false)
            .metrics(Metrics.accuracy(), Metrics.precision(), Metrics.recall(), f1)
            .metrics(Metrics.f1PerClass(3))
            .metrics(Metrics.topKAccuracy(2))
            .validation(Matrix.of(inputs), OneHot.encode(TRUE, 3))
            .build();
    History history = network.fit(inputs, TRUE, options);

    // Batches of 4 in order. Batch 1: true [0, 0, 0, 1], predicted [0, 0, 1, 1]: F1 of classes 0, 1, 2 are
    // 2·2/(2 + 3) = 4/5, 2·1/(2 + 1) = 2/3 and 0 (absent): macro 22/45. Batch 2: true [1, 2, 2, 2],
    // predicted [0, 2, 0, 2]: F1 0, 0 and 2·2/(2 + 3) = 4/5: macro 4/15. Their mean is 17/45 = 0.378, but
    // the epoch's counts give 131/210 = 0.624 (see ClassificationMetricsTest), which fit must record.
    for (int from = 0; from < 8; from += 4) {
      Matrix batch = Matrix.of(Arrays.copyOfRange(inputs, from, from + 4));
      batchF1.add(f1.value(network.predict(batch), OneHot.encode(Arrays.copyOfRange(TRUE, from, from + 4), 3)));
    }
    assertThat(batchF1.get(0)).isCloseTo(22.0 / 45, within(1e-15));
    assertThat(batchF1.get(1)).isCloseTo(4.0 / 15, within(1e-15));
    assertThat(history.get("f1")).allSatisfy(v -> assertThat(v).isCloseTo(131.0 / 210, within(1e-15)));
    assertThat(history.get("precision")).allSatisfy(v -> assertThat(v).isCloseTo(2.0 / 3, within(1e-15)));
    assertThat(history.get("recall")).allSatisfy(v -> assertThat(v).isCloseTo(11.0 / 18, within(1e-15)));
    assertThat(history.get("accuracy")).containsExactly(5.0 / 8, 5.0 / 8);
    assertThat(history.get("f1_class_0").get(1)).isCloseTo(4.0 / 7, within(1e-15));
    assertThat(history.get("f1_class_1").get(1)).isEqualTo(0.5);
    assertThat(history.get("f1_class_2").get(1)).isCloseTo(4.0 / 5, within(1e-15));
    // Top-2: the true class has 0.8 (first) or 0.1 tied with another 0.1 behind the 0.8: always inside.
    assertThat(history.get("top_2_accuracy")).containsExactly(1.0, 1.0);
    // Validation measures the whole set at once: the same figures, under "val_".
    assertThat(history.get("val_f1").get(1)).isEqualTo(history.get("f1").get(1));
    assertThat(history.get("val_f1_class_2").get(0)).isEqualTo(history.get("f1_class_2").get(0));
    assertThat(history.names())
        .containsExactly(
            "loss", "accuracy", "precision", "recall", "f1", "f1_class_0", "f1_class_1", "f1_class_2", "top_2_accuracy",
            "val_loss", "val_accuracy", "val_precision", "val_recall", "val_f1", "val_f1_class_0", "val_f1_class_1",
            "val_f1_class_2", "val_top_2_accuracy");
    // evaluate gives the whole set's figures too.
    Map<String, Double> evaluated = network.evaluate(inputs, TRUE, List.of(Metrics.f1(), Metrics.recallOfClass(0)));
    assertThat(evaluated.get("f1")).isCloseTo(131.0 / 210, within(1e-15));
    assertThat(evaluated.get("recall_class_0")).isCloseTo(2.0 / 3, within(1e-15));
  }

  @Test
  void aMetricWithOnlyNameAndValueIsStillTheSizeWeightedMeanOfItsBatches() {
    Network network = identityNetwork();
    // The mean of the first output over a batch; batches of 5 and 3 samples.
    Metric firstOutput =
        new Metric() {
          @Override
          public String name() {
            return "first_output";
          }

          @Override
          public double value(Matrix prediction, Matrix target) {
            double sum = 0;
            for (int r = 0; r < prediction.rows(); r++) {
              sum += prediction.get(r, 0);
            }
            return sum / prediction.rows();
          }
        };
    History history =
        network.fit(
            scores(), TRUE, FitOptions.builder().batchSize(5).shuffle(false).metrics(firstOutput).build());
    // First outputs: 0.8 0.8 0.1 0.1 0.8 | 0.1 0.8 0.1, as the old contract computed it: (5·m1 + 3·m2) / 8.
    double first = (0.8 + 0.8 + 0.1 + 0.1 + 0.8) / 5;
    double second = (0.1 + 0.8 + 0.1) / 3;
    assertThat(history.get("first_output")).containsExactly((5 * first + 3 * second) / 8);
  }

  @Test
  void metricNamesAreTheHistorysKeysSoTheyMustBeDistinct() {
    FitOptions.Builder builder = FitOptions.builder().metrics(Metrics.f1(), Metrics.f1OfClass(2));
    assertThatThrownBy(() -> builder.metrics(Metrics.f1PerClass(3)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Metric 'f1_class_2' was given twice (f1_class_2, then f1_class_2): the history records one value per name");
    assertThat(builder.build().metrics()).containsExactly(Metrics.f1(), Metrics.f1OfClass(2));
    Metric namedLoss =
        new Metric() {
          @Override
          public String name() {
            return "loss";
          }

          @Override
          public double value(Matrix prediction, Matrix target) {
            return 0;
          }

          @Override
          public String toString() {
            return "my loss metric";
          }
        };
    assertThatThrownBy(() -> FitOptions.builder().metrics(namedLoss))
        .hasMessage("A metric may not be named 'loss', the loss's key in the history: my loss metric");
  }
}
