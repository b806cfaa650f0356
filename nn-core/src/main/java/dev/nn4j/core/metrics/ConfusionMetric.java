package dev.nn4j.core.metrics;

import static com.google.common.base.Preconditions.checkArgument;

import dev.nn4j.core.math.Matrix;
import java.util.function.ToDoubleFunction;

/**
 * A metric read from the {@link ConfusionMatrix} of all the samples measured (precision, recall, F1):
 * over an epoch it counts every batch's answers and computes the ratio once from the epoch's counts, which
 * the mean of the batches' ratios is not. Immutable; two are equal when their names are (a name says the
 * measure and the class, as {@code "recall_class_3"}).
 */
final class ConfusionMetric implements Metric {
  private final String name;
  /** The class a per-class metric reads, checked against the predictions' classes; -1 for a macro average. */
  private final int classIndex;
  private final ToDoubleFunction<ConfusionMatrix> measure;

  ConfusionMetric(String name, int classIndex, ToDoubleFunction<ConfusionMatrix> measure) {
    this.name = name;
    this.classIndex = classIndex;
    this.measure = measure;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public double value(Matrix prediction, Matrix target) {
    ConfusionMatrix counts = ConfusionMatrix.of(prediction, target);
    checkClass(counts.classes());
    return measure.applyAsDouble(counts);
  }

  @Override
  public Accumulator accumulator() {
    return new Counts();
  }

  private void checkClass(int classes) {
    checkArgument(
        classIndex < classes,
        "Metric %s reads class %s, but the predictions have %s classes (0 to %s)",
        name,
        classIndex,
        classes,
        classes - 1);
  }

  /** The epoch's confusion counts, added to batch after batch. */
  private final class Counts implements Accumulator {
    private int[][] counts;
    private int total;

    @Override
    public void update(Matrix prediction, Matrix target) {
      prediction.requireSameShape(target, "targets");
      int classes = ConfusionMatrix.classesOf(prediction);
      if (counts == null) {
        checkClass(classes);
        counts = new int[classes][classes];
      }
      checkArgument(
          classes == counts.length,
          "Metric %s counted %s classes in earlier batches, but this batch's predictions have %s (shape %s)",
          name,
          counts.length,
          classes,
          prediction.shape());
      total += ConfusionMatrix.tally(prediction, target, counts);
    }

    @Override
    public double result() {
      return counts == null ? 0.0 : measure.applyAsDouble(ConfusionMatrix.copyOf(counts, total));
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ConfusionMetric m && name.equals(m.name);
  }

  @Override
  public int hashCode() {
    return name.hashCode();
  }

  @Override
  public String toString() {
    return name;
  }
}
