package dev.nn4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nn4j.core.data.DataSet;
import dev.nn4j.core.data.OneHot;
import dev.nn4j.core.losses.Losses;
import dev.nn4j.core.math.Matrix;
import dev.nn4j.core.metrics.Metrics;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Training and evaluating a classifier on class indices ({@code int[]} labels) instead of one-hot targets. */
class ClassLabelsTest {
  private static final int SAMPLES = 30;

  private static Network softmaxClassifier() {
    return Network.builder()
        .input(4)
        .dense(5, TrainingFixtures.tanh())
        .dense(3, TrainingFixtures.softmax())
        .loss(Losses.categoricalCrossEntropy())
        .optimizer(TrainingFixtures.sgd(0.1))
        .seed(7)
        .build();
  }

  private static Network yesNoClassifier() {
    return Network.builder()
        .input(4)
        .dense(5, TrainingFixtures.tanh())
        .dense(1, TrainingFixtures.sigmoid())
        .loss(Losses.binaryCrossEntropy())
        .optimizer(TrainingFixtures.sgd(0.1))
        .seed(7)
        .build();
  }

  private static double[][] inputs() {
    return TrainingFixtures.gaussian(SAMPLES, 4, new Random(1)).toArray();
  }

  private static int[] labels(int classes) {
    Random random = new Random(2);
    int[] labels = new int[SAMPLES];
    for (int i = 0; i < SAMPLES; i++) {
      labels[i] = random.nextInt(classes);
    }
    return labels;
  }

  private static FitOptions options() {
    return FitOptions.builder().epochs(4).batchSize(8).metrics(Metrics.accuracy(), Metrics.f1()).build();
  }

  @Test
  void fittingOnLabelsGivesTheBitsOfFittingOnOneHotTargets() {
    int[] labels = labels(3);
    Network onLabels = softmaxClassifier();
    Network onOneHot = softmaxClassifier();
    Network onDataSet = softmaxClassifier();
    History fromLabels = onLabels.fit(inputs(), labels, options());
    History fromOneHot = onOneHot.fit(inputs(), OneHot.encode(labels, 3).toArray(), options());
    History fromDataSet = onDataSet.fit(DataSet.ofClasses(inputs(), labels, 3), options());
    assertThat(onLabels.stateDict()).isEqualTo(onOneHot.stateDict()).isEqualTo(onDataSet.stateDict());
    assertThat(onLabels.stateDict()).isNotEqualTo(softmaxClassifier().stateDict()); // it did train
    assertThat(fromLabels.toString()).isEqualTo(fromOneHot.toString()).isEqualTo(fromDataSet.toString());
    assertThat(onLabels.evaluate(inputs(), labels, List.of(Metrics.accuracy(), Metrics.recall())))
        .isEqualTo(onOneHot.evaluate(Matrix.of(inputs()), OneHot.encode(labels, 3), List.of(Metrics.accuracy(), Metrics.recall())));
  }

  @Test
  void aNetworkWithOneOutputTakesLabelsZeroAndOne() {
    int[] labels = labels(2);
    Network onLabels = yesNoClassifier();
    Network onColumn = yesNoClassifier();
    double[][] column = new double[SAMPLES][];
    for (int i = 0; i < SAMPLES; i++) {
      column[i] = new double[] {labels[i]};
    }
    onLabels.fit(Matrix.of(inputs()), labels, options());
    onColumn.fit(inputs(), column, options());
    assertThat(onLabels.stateDict()).isEqualTo(onColumn.stateDict());
    assertThat(onLabels.targets(new int[] {1, 0}).toArray()).isDeepEqualTo(new double[][] {{1}, {0}});
    Map<String, Double> evaluated = onLabels.evaluate(inputs(), labels, List.of(Metrics.accuracy()));
    assertThat(evaluated.get("accuracy")).isEqualTo(Metrics.accuracy().value(onLabels.predict(Matrix.of(inputs())), Matrix.of(column)));
  }

  @Test
  void validationDataGivenAsLabelsThroughTargets() {
    int[] labels = labels(3);
    Network network = softmaxClassifier();
    History history =
        network.fit(
            inputs(),
            labels,
            FitOptions.builder()
                .metrics(Metrics.accuracy())
                .validation(Matrix.of(inputs()), network.targets(labels))
                .build());
    assertThat(history.get("val_accuracy").get(0))
        .isEqualTo(network.evaluate(inputs(), labels, List.of(Metrics.accuracy())).get("accuracy"));
  }

  @Test
  void badLabelsAreRefusedNamingExpectedAndGivenAndNothingChanges() {
    Network network = softmaxClassifier();
    StateDict before = network.stateDict();
    double[][] inputs = inputs();
    int[] tooMany = labels(4);
    int[] negative = labels(3);
    negative[5] = -1;
    assertThatThrownBy(() -> network.fit(inputs, tooMany, options()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Label 3 at row")
        .hasMessageEndingWith("is not a class of a classifier with 3 outputs: expected 0 to 2, one class per output");
    assertThatThrownBy(() -> network.fit(inputs, negative, options()))
        .hasMessage("Label -1 at row 5 is not a class of a classifier with 3 outputs: expected 0 to 2, one class per output");
    assertThatThrownBy(() -> network.fit(inputs, new int[SAMPLES - 1], options()))
        .hasMessage("Expected one label per input sample: got 30 inputs and 29 labels");
    assertThatThrownBy(() -> network.evaluate(inputs, new int[SAMPLES + 1], List.of()))
        .hasMessage("Expected one label per input sample: got 30 inputs and 31 labels");
    assertThatThrownBy(() -> network.fit(inputs, (int[]) null, options())).isInstanceOf(NullPointerException.class).hasMessage("labels");
    assertThat(network.stateDict()).isEqualTo(before);
    assertThat(network.trainer().stepsTaken()).isZero();

    Network yesNo = yesNoClassifier();
    int[] three = labels(2);
    three[4] = 2;
    assertThatThrownBy(() -> yesNo.fit(inputs, three, options()))
        .hasMessage(
            "Label 2 at row 4 is not a class of a classifier with one output: expected 0 or 1 (the output reads as"
                + " class 1 from 0.5); for more classes, give the network one output per class");
  }
}
