package dev.nn4j.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.nn4j.core.data.OneHot;
import dev.nn4j.core.math.Matrix;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Precision, recall, F1 and top-k accuracy against figures computed by hand from the confusion matrix,
 * with scikit-learn's definitions ({@code precision_score(y_true, y_pred, average=None or 'macro',
 * labels=range(k), zero_division=0)}); the fractions were also checked with a few lines of Python applying
 * those formulas (scikit-learn itself was not installed).
 */
class ClassificationMetricsTest {
  /** Eight samples of three classes: true classes, and the classes predicted. */
  static final int[] TRUE = {0, 0, 0, 1, 1, 2, 2, 2};

  static final int[] PREDICTED = {0, 0, 1, 1, 0, 2, 0, 2};

  /*
   * Confusion matrix, [actual][predicted]:      column sums (predicted): 4, 2, 2
   *   0: 2 1 0   (3 samples)
   *   1: 1 1 0   (2 samples)
   *   2: 1 0 2   (3 samples)
   * class 0: TP 2, precision 2/4 = 1/2, recall 2/3, F1 = 2·2/(4 + 3) = 4/7
   * class 1: TP 1, precision 1/2,       recall 1/2, F1 = 2·1/(2 + 2) = 1/2
   * class 2: TP 2, precision 2/2 = 1,   recall 2/3, F1 = 2·2/(2 + 3) = 4/5
   * macro precision (1/2 + 1/2 + 1)/3 = 2/3; macro recall (2/3 + 1/2 + 2/3)/3 = 11/18;
   * macro F1 (4/7 + 1/2 + 4/5)/3 = (40 + 35 + 56)/210 = 131/210; accuracy 5/8.
   */
  static final double MACRO_PRECISION = 2.0 / 3;
  static final double MACRO_RECALL = 11.0 / 18;
  static final double MACRO_F1 = 131.0 / 210;

  /** Scores whose largest entry is the predicted class: 0.8 there, 0.1 elsewhere. */
  static Matrix scores(int[] predicted, int classes) {
    Matrix m = new Matrix(predicted.length, classes);
    for (int r = 0; r < predicted.length; r++) {
      for (int c = 0; c < classes; c++) {
        m.set(r, c, c == predicted[r] ? 0.8 : 0.1);
      }
    }
    return m;
  }

  private static final Matrix PREDICTIONS = scores(PREDICTED, 3);
  private static final Matrix TARGETS = OneHot.encode(TRUE, 3);

  @Test
  void perClassAndMacroValuesMatchTheHandComputedFigures() {
    ConfusionMatrix cm = ConfusionMatrix.of(PREDICTIONS, TARGETS);
    assertThat(new double[] {cm.precision(0), cm.precision(1), cm.precision(2)})
        .containsExactly(new double[] {1.0 / 2, 1.0 / 2, 1.0}, within(1e-15));
    assertThat(new double[] {cm.recall(0), cm.recall(1), cm.recall(2)})
        .containsExactly(new double[] {2.0 / 3, 1.0 / 2, 2.0 / 3}, within(1e-15));
    assertThat(new double[] {cm.f1(0), cm.f1(1), cm.f1(2)})
        .containsExactly(new double[] {4.0 / 7, 1.0 / 2, 4.0 / 5}, within(1e-15));
    assertThat(cm.macroPrecision()).isCloseTo(MACRO_PRECISION, within(1e-15));
    assertThat(cm.macroRecall()).isCloseTo(MACRO_RECALL, within(1e-15));
    assertThat(cm.macroF1()).isCloseTo(MACRO_F1, within(1e-15));

    assertThat(Metrics.precision().value(PREDICTIONS, TARGETS)).isEqualTo(cm.macroPrecision());
    assertThat(Metrics.recall().value(PREDICTIONS, TARGETS)).isEqualTo(cm.macroRecall());
    assertThat(Metrics.f1().value(PREDICTIONS, TARGETS)).isEqualTo(cm.macroF1());
    assertThat(Metrics.precisionOfClass(2).value(PREDICTIONS, TARGETS)).isEqualTo(1.0);
    assertThat(Metrics.recallOfClass(0).value(PREDICTIONS, TARGETS)).isCloseTo(2.0 / 3, within(1e-15));
    assertThat(Metrics.f1OfClass(0).value(PREDICTIONS, TARGETS)).isCloseTo(4.0 / 7, within(1e-15));
    // Macro F1 is the mean of the classes' F1, not the harmonic mean of macro precision and recall.
    double harmonic = 2 * MACRO_PRECISION * MACRO_RECALL / (MACRO_PRECISION + MACRO_RECALL);
    assertThat(Math.abs(cm.macroF1() - harmonic)).isGreaterThan(1e-3);
  }

  @Test
  void aClassNeverPredictedOrNeverPresentCountsAsZero() {
    // true [0, 0, 1, 1], predicted [0, 2, 0, 0], three classes:
    //   class 0: TP 1, predicted 3, actual 2: precision 1/3, recall 1/2, F1 2/(3 + 2) = 2/5
    //   class 1: never predicted: precision 0/0 -> 0 (zero_division=0); recall 0/2 = 0; F1 0/(0 + 2) = 0
    //   class 2: never present: precision 0/1 = 0; recall 0/0 -> 0; F1 0/(1 + 0) = 0
    //   macro precision 1/9, recall 1/6, F1 2/15
    Matrix predictions = scores(new int[] {0, 2, 0, 0}, 3);
    Matrix targets = OneHot.encode(new int[] {0, 0, 1, 1}, 3);
    ConfusionMatrix cm = ConfusionMatrix.of(predictions, targets);
    assertThat(cm.precision(1)).isZero();
    assertThat(cm.recall(2)).isZero();
    assertThat(cm.f1(1)).isZero();
    assertThat(cm.f1(2)).isZero();
    assertThat(cm.macroPrecision()).isCloseTo(1.0 / 9, within(1e-15));
    assertThat(cm.macroRecall()).isCloseTo(1.0 / 6, within(1e-15));
    assertThat(cm.macroF1()).isCloseTo(2.0 / 15, within(1e-15));
    // A fourth output that no sample has and none is predicted as: F1 0/0 -> 0, and the macro average
    // is over the four classes of the output, so it drops to (2/5)/4.
    Matrix wider = scores(new int[] {0, 2, 0, 0}, 4);
    assertThat(Metrics.f1OfClass(3).value(wider, OneHot.encode(new int[] {0, 0, 1, 1}, 4))).isZero();
    assertThat(Metrics.f1().value(wider, OneHot.encode(new int[] {0, 0, 1, 1}, 4))).isCloseTo(0.1, within(1e-15));
  }

  @Test
  void aYesNoClassifierHasTwoClassesAroundOneHalf() {
    // One output: class 1 from 0.5. Outputs 0.9, 0.4, 0.6, 0.2 are classes 1, 0, 1, 0; truth 1, 1, 0, 0.
    // Class 1: TP 1, predicted 2, actual 2: precision 1/2 (scikit-learn's default binary precision),
    // recall 1/2; class 0: TP 1, predicted 2, actual 2: 1/2 and 1/2.
    Matrix outputs = Matrix.columnVector(0.9, 0.4, 0.6, 0.2);
    Matrix truth = Matrix.columnVector(1, 1, 0, 0);
    assertThat(Metrics.precisionOfClass(1).value(outputs, truth)).isEqualTo(0.5);
    assertThat(Metrics.recallOfClass(0).value(outputs, truth)).isEqualTo(0.5);
    assertThat(Metrics.f1().value(outputs, truth)).isEqualTo(0.5);
    assertThatThrownBy(() -> Metrics.precisionOfClass(2).value(outputs, truth))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Metric precision_class_2 reads class 2, but the predictions have 2 classes (0 to 1)");
  }

  @Test
  void anAccumulatorComputesTheRatioFromAllTheCountsNotTheMeanOfBatchRatios() {
    Metric.Accumulator f1 = Metrics.f1().accumulator();
    Metric.Accumulator precision = Metrics.precision().accumulator();
    Metric.Accumulator accuracy = Metrics.accuracy().accumulator();
    assertThat(f1.result()).isZero();
    double batchF1Sum = 0;
    for (int from = 0; from < 8; from += 4) {
      Matrix p = rows(PREDICTIONS, from, from + 4);
      Matrix t = rows(TARGETS, from, from + 4);
      f1.update(p, t);
      precision.update(p, t);
      accuracy.update(p, t);
      batchF1Sum += Metrics.f1().value(p, t);
    }
    assertThat(f1.result()).isCloseTo(MACRO_F1, within(1e-15));
    assertThat(precision.result()).isCloseTo(MACRO_PRECISION, within(1e-15));
    assertThat(accuracy.result()).isEqualTo(5.0 / 8);
    // The batches' own F1 are 22/45 and 4/15 (see EpochMetricsTest); their mean, 17/45, is not the F1.
    assertThat(batchF1Sum / 2).isCloseTo(17.0 / 45, within(1e-15));
  }

  @Test
  void anAccumulatorRefusesABatchOfAnotherWidth() {
    Metric.Accumulator f1 = Metrics.f1().accumulator();
    f1.update(PREDICTIONS, TARGETS);
    assertThatThrownBy(() -> f1.update(scores(new int[] {1}, 4), OneHot.encode(new int[] {1}, 4)))
        .hasMessage("Metric f1 counted 3 classes in earlier batches, but this batch's predictions have 4 (shape [1, 4])");
    assertThatThrownBy(() -> f1.update(PREDICTIONS, OneHot.encode(TRUE, 4)))
        .hasMessageContaining("Expected targets of shape [8, 3], got [8, 4]");
  }

  @Test
  void topKAccuracyCountsTiesAtTheBoundaryAsInside() {
    Matrix p =
        Matrix.of(
            new double[][] {
              {0.1, 0.5, 0.3, 0.1}, // true 2: one class higher -> top-2, not top-1
              {0.4, 0.2, 0.2, 0.2}, // true 3: one higher, tied with 1 and 2 -> top-2 (all tied are inside)
              {0.25, 0.25, 0.25, 0.25}, // true 1: none higher -> top-1, though argmax (first) says 0
              {0.7, 0.1, 0.1, 0.1}, // true 3: one higher -> top-2
              {0.1, 0.2, 0.3, 0.4}, // true 0: three higher -> top-4 only
            });
    Matrix t = OneHot.encode(new int[] {2, 3, 1, 3, 0}, 4);
    assertThat(Metrics.topKAccuracy(1).value(p, t)).isEqualTo(1.0 / 5);
    assertThat(Metrics.accuracy().value(p, t)).isZero();
    assertThat(Metrics.topKAccuracy(2).value(p, t)).isEqualTo(4.0 / 5);
    assertThat(Metrics.topKAccuracy(3).value(p, t)).isEqualTo(4.0 / 5);
    assertThat(Metrics.topKAccuracy(4).value(p, t)).isEqualTo(1.0);
    assertThat(Metrics.topKAccuracy(9).value(p, t)).isEqualTo(1.0);
    assertThat(Metrics.topKAccuracy(5).name()).isEqualTo("top_5_accuracy");
  }

  @Test
  void topKAccuracyRefusesBadArguments() {
    assertThatThrownBy(() -> Metrics.topKAccuracy(0)).hasMessage("Expected k >= 1 for top-k accuracy, got k=0");
    assertThatThrownBy(() -> Metrics.topKAccuracy(1).value(Matrix.columnVector(0.3), Matrix.columnVector(1)))
        .hasMessage(
            "Top-1 accuracy needs one output per class, got 1 output (a yes/no classifier): measure it with"
                + " Metrics.accuracy()");
  }

  @Test
  void namesSayTheMeasureAndTheClass() {
    assertThat(Metrics.precision().name()).isEqualTo("precision");
    assertThat(Metrics.recall().name()).isEqualTo("recall");
    assertThat(Metrics.f1().name()).isEqualTo("f1");
    assertThat(Arrays.stream(Metrics.recallPerClass(3)).map(Metric::name))
        .containsExactly("recall_class_0", "recall_class_1", "recall_class_2");
    assertThat(Arrays.stream(Metrics.precisionPerClass(2)).map(Metric::name))
        .containsExactly("precision_class_0", "precision_class_1");
    assertThat(Metrics.f1PerClass(4)[3]).isEqualTo(Metrics.f1OfClass(3)).hasToString("f1_class_3");
    assertThat(Metrics.topKAccuracy(3)).isEqualTo(Metrics.topKAccuracy(3)).isNotEqualTo(Metrics.topKAccuracy(2));
    assertThatThrownBy(() -> Metrics.f1PerClass(1))
        .hasMessage("Expected 2 or more classes (a network with one output has 2), got classes=1");
    assertThatThrownBy(() -> Metrics.recallOfClass(-1)).hasMessage("Expected a class index of 0 or more for recall, got -1");
  }

  @Test
  void aMetricWrittenWithNameAndValueOnlyAveragesOverBatchesBySize() {
    Metric firstOutputMean =
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
    Metric.Accumulator mean = firstOutputMean.accumulator();
    assertThat(mean.result()).isZero();
    mean.update(Matrix.columnVector(1, 2, 3), Matrix.columnVector(0, 0, 0)); // mean 2 over 3 samples
    assertThat(mean.result()).isEqualTo(2.0);
    mean.update(Matrix.columnVector(10), Matrix.columnVector(0)); // mean 10 over 1 sample
    assertThat(mean.result()).isEqualTo((3 * 2.0 + 10.0) / 4);
  }

  private static Matrix rows(Matrix m, int from, int to) {
    return Matrix.wrap(to - from, m.cols(), Arrays.copyOfRange(m.data(), from * m.cols(), to * m.cols()));
  }
}
