package dev.nn4j.core.metrics;

import static com.google.common.base.Preconditions.checkArgument;

import dev.nn4j.core.math.Matrix;
import java.util.function.IntFunction;
import java.util.function.ToDoubleFunction;

/**
 * The metrics that come with nn4j, by the names the {@code History} records them under:
 *
 * <table>
 *   <caption>Metrics and their names</caption>
 *   <tr><th>Factory</th><th>Name</th><th>Over an epoch</th></tr>
 *   <tr><td>{@link #accuracy()}</td><td>{@code accuracy}</td><td>mean over samples</td></tr>
 *   <tr><td>{@link #topKAccuracy(int) topKAccuracy(5)}</td><td>{@code top_5_accuracy}</td><td>mean over samples</td></tr>
 *   <tr><td>{@link #precision()}, {@link #recall()}, {@link #f1()}</td><td>{@code precision}, {@code recall},
 *       {@code f1}</td><td>macro average, from the epoch's confusion counts</td></tr>
 *   <tr><td>{@link #precisionOfClass(int) precisionOfClass(3)}, {@link #recallOfClass(int) recallOfClass(3)},
 *       {@link #f1OfClass(int) f1OfClass(3)}</td><td>{@code precision_class_3}, {@code recall_class_3}, {@code
 *       f1_class_3}</td><td>class 3, from the epoch's confusion counts</td></tr>
 * </table>
 *
 * <p>Classes are read as {@link #accuracy()} reads them: the column of the largest output (one output per
 * class, one-hot targets), or, for a network with one output, class 1 when the output is at least 0.5 and
 * class 0 otherwise. Per-class names carry the class's index, never its name: class names can hold any
 * character (Fashion-MNIST's {@code "T-shirt/top"}) and keys go into CSV headers and charts; {@code
 * DataSet.classNames().get(3)} names class 3. With validation data each is recorded again as {@code "val_"}
 * and its name.
 *
 * <p><b>Precision, recall and F1</b> are those of scikit-learn and Keras, from the confusion counts of
 * class {@code c}: {@code precision = TP / (TP + FP)}, {@code recall = TP / (TP + FN)}, {@code F1 = 2·TP /
 * (2·TP + FP + FN)}. A ratio whose denominator is 0 (a class never predicted has no precision, a class with
 * no samples no recall) is 0, as scikit-learn's {@code zero_division=0}. The macro average is the
 * unweighted mean over all the classes of the network's output (scikit-learn's {@code average='macro'}
 * given {@code labels=range(classes)}; Keras' {@code F1Score(average='macro')}), so a class absent from the
 * data counts as 0; macro F1 is the mean of the classes' F1, not the F1 of macro precision and recall. For a
 * yes/no classifier, scikit-learn's default binary precision is {@link #precisionOfClass(int)
 * precisionOfClass(1)}. Over an epoch these are computed once from the counts of all its batches, not
 * averaged over batches: see {@link Metric#accumulator()}.
 */
public final class Metrics {
  private static final Metric ACCURACY = new Accuracy();
  private static final Metric PRECISION = new ConfusionMetric("precision", -1, ConfusionMatrix::macroPrecision);
  private static final Metric RECALL = new ConfusionMetric("recall", -1, ConfusionMatrix::macroRecall);
  private static final Metric F1 = new ConfusionMetric("f1", -1, ConfusionMatrix::macroF1);

  private Metrics() {}

  /**
   * The fraction of samples classified correctly. With several outputs (one per class, one-hot targets) a
   * sample is correct when its largest output is at its target's largest entry; with one output (a yes/no
   * classifier) when the output and the target fall on the same side of 0.5.
   *
   * @return the accuracy metric, named {@code "accuracy"}
   */
  public static Metric accuracy() {
    return ACCURACY;
  }

  /**
   * The fraction of samples whose true class is among the {@code k} largest outputs (Keras' {@code
   * top_k_categorical_accuracy}), for networks with one output per class. On ties, a sample counts when
   * fewer than {@code k} classes score strictly higher than its true class (TensorFlow's {@code in_top_k}):
   * classes tied at the boundary are all in the top {@code k}. So {@code topKAccuracy(1)} is {@link
   * #accuracy()} except where the true class ties for the largest output; {@code k} at least the number of
   * classes gives 1.
   *
   * @param k how many of the largest outputs may hold the true class, at least 1
   * @return the metric, named {@code "top_<k>_accuracy"}, such as {@code "top_5_accuracy"}
   * @throws IllegalArgumentException if {@code k < 1}; measuring a network with one output throws too
   */
  public static Metric topKAccuracy(int k) {
    return new TopKAccuracy(k);
  }

  /**
   * Precision averaged over the classes (macro): see the class comment for the definition.
   *
   * @return the metric, named {@code "precision"}
   */
  public static Metric precision() {
    return PRECISION;
  }

  /**
   * Recall averaged over the classes (macro): see the class comment for the definition.
   *
   * @return the metric, named {@code "recall"}
   */
  public static Metric recall() {
    return RECALL;
  }

  /**
   * The F1 score averaged over the classes (macro): the mean of the classes' F1 scores.
   *
   * @return the metric, named {@code "f1"}
   */
  public static Metric f1() {
    return F1;
  }

  /**
   * The precision of one class: of the samples predicted as {@code classIndex}, the fraction that are.
   *
   * @param classIndex the class, from 0
   * @return the metric, named {@code "precision_class_<classIndex>"}
   * @throws IllegalArgumentException if {@code classIndex < 0}; measuring predictions with no such class
   *     throws too
   */
  public static Metric precisionOfClass(int classIndex) {
    return ofClass("precision", classIndex, c -> c.precision(classIndex));
  }

  /**
   * The recall of one class: of its samples, the fraction predicted as it.
   *
   * @param classIndex the class, from 0
   * @return the metric, named {@code "recall_class_<classIndex>"}
   * @throws IllegalArgumentException if {@code classIndex < 0}
   */
  public static Metric recallOfClass(int classIndex) {
    return ofClass("recall", classIndex, c -> c.recall(classIndex));
  }

  /**
   * The F1 score of one class, {@code 2·TP / (2·TP + FP + FN)}.
   *
   * @param classIndex the class, from 0
   * @return the metric, named {@code "f1_class_<classIndex>"}
   * @throws IllegalArgumentException if {@code classIndex < 0}
   */
  public static Metric f1OfClass(int classIndex) {
    return ofClass("f1", classIndex, c -> c.f1(classIndex));
  }

  /**
   * {@link #precisionOfClass(int)} of each class, to pass to {@code FitOptions.Builder.metrics}.
   *
   * @param classes the number of classes: the network's outputs, or 2 for a network with one output
   * @return the metrics of classes 0 to {@code classes - 1}, in order
   * @throws IllegalArgumentException if {@code classes < 2}
   */
  public static Metric[] precisionPerClass(int classes) {
    return perClass(classes, Metrics::precisionOfClass);
  }

  /**
   * {@link #recallOfClass(int)} of each class.
   *
   * @param classes the number of classes: the network's outputs, or 2 for a network with one output
   * @return the metrics of classes 0 to {@code classes - 1}, in order
   * @throws IllegalArgumentException if {@code classes < 2}
   */
  public static Metric[] recallPerClass(int classes) {
    return perClass(classes, Metrics::recallOfClass);
  }

  /**
   * {@link #f1OfClass(int)} of each class.
   *
   * @param classes the number of classes: the network's outputs, or 2 for a network with one output
   * @return the metrics of classes 0 to {@code classes - 1}, in order
   * @throws IllegalArgumentException if {@code classes < 2}
   */
  public static Metric[] f1PerClass(int classes) {
    return perClass(classes, Metrics::f1OfClass);
  }

  private static Metric ofClass(String measure, int classIndex, ToDoubleFunction<ConfusionMatrix> value) {
    checkArgument(classIndex >= 0, "Expected a class index of 0 or more for %s, got %s", measure, classIndex);
    return new ConfusionMetric(measure + "_class_" + classIndex, classIndex, value);
  }

  private static Metric[] perClass(int classes, IntFunction<Metric> ofClass) {
    checkArgument(
        classes >= 2,
        "Expected 2 or more classes (a network with one output has 2), got classes=%s",
        classes);
    Metric[] metrics = new Metric[classes];
    for (int c = 0; c < classes; c++) {
      metrics[c] = ofClass.apply(c);
    }
    return metrics;
  }

  /**
   * The class a row of outputs stands for: the index of its largest value (the first, on ties).
   *
   * @param m outputs or one-hot targets, one sample per row
   * @param row the row
   * @return the column of the row's largest value
   */
  public static int argmax(Matrix m, int row) {
    int best = 0;
    for (int c = 1; c < m.cols(); c++) {
      if (m.get(row, c) > m.get(row, best)) {
        best = c;
      }
    }
    return best;
  }

  /** The class of one row as {@link #accuracy()} sees it: argmax, or 0/1 around 0.5 for one output. */
  static int classOf(Matrix m, int row) {
    return m.cols() == 1 ? (m.get(row, 0) >= 0.5 ? 1 : 0) : argmax(m, row);
  }

  private static final class Accuracy implements Metric {
    @Override
    public String name() {
      return "accuracy";
    }

    @Override
    public double value(Matrix prediction, Matrix target) {
      prediction.requireSameShape(target, "targets");
      int correct = 0;
      for (int r = 0; r < prediction.rows(); r++) {
        if (classOf(prediction, r) == classOf(target, r)) {
          correct++;
        }
      }
      return (double) correct / prediction.rows();
    }

    @Override
    public String toString() {
      return name();
    }
  }
}
