package dev.nn4j.core.data;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.nn4j.core.math.Matrix;
import java.util.List;

/**
 * Data sets of sequences of different lengths, padded for you: each sample is a sequence of steps (a {@code
 * double[T][F]}, or token ids {@code int[T]}), padded with zeros at the end to {@code maxSteps}, with its
 * real length kept in {@link DataSet#lengths()} so that the network ignores the padding. Targets are one
 * per sequence ({@code [K]}, such as a class) or one per step ({@code [T, K]}, padded too).
 *
 * <pre>{@code
 * List<double[][]> readings = ...;                      // each [steps][3], of 5 to 40 steps
 * DataSet data = Sequences.ofClasses(readings, labels, 4, 40);   // samples [40, 3], one-hot labels [4]
 * Network network = Network.builder().input(Shape.of(data.sampleShape())) ... ;
 * }</pre>
 *
 * <p>The sample shape is {@code [maxSteps, F]} for steps of {@code F} values and {@code [maxSteps]} for token
 * ids (an embedding's input); per-step targets are {@code [maxSteps, K]}. Every input is checked first: an
 * empty sequence, one longer than {@code maxSteps}, steps of different widths, or per-step targets whose
 * length differs from their sequence's are refused with an {@link IllegalArgumentException} naming the sample
 * index, the expected and the actual value. The arrays given are copied.
 */
public final class Sequences {
  private Sequences() {}

  /**
   * Sequences of steps with one target row per sequence.
   *
   * @param sequences the samples, each {@code [steps][F]}, of 1 to {@code maxSteps} steps
   * @param targets one target row per sequence, all of the same length {@code K}
   * @param maxSteps {@code T}, the steps every sample is padded to
   * @return the data set: samples {@code [T, F]}, labels {@code [K]}
   */
  public static DataSet of(List<double[][]> sequences, double[][] targets, int maxSteps) {
    checkNotNull(targets, "targets");
    checkArgument(
        targets.length == sequences.size(),
        "Expected one target per sequence: %s sequences but %s targets",
        sequences.size(),
        targets.length);
    int[] lengths = lengths(sequences, maxSteps);
    return DataSet.ofPadded(padSteps(sequences, maxSteps, "sequence"), Matrix.of(targets), new int[] {maxSteps, width(sequences, "sequence")}, lengths);
  }

  /**
   * Sequences of steps with one class per sequence, one-hot encoded.
   *
   * @param sequences the samples, each {@code [steps][F]}, of 1 to {@code maxSteps} steps
   * @param classes the class of each sequence, in {@code [0, classCount)}
   * @param classCount the number of classes
   * @param maxSteps {@code T}, the steps every sample is padded to
   * @return the data set: samples {@code [T, F]}, one-hot labels {@code [classCount]}
   */
  public static DataSet ofClasses(List<double[][]> sequences, int[] classes, int classCount, int maxSteps) {
    checkNotNull(classes, "classes");
    checkArgument(
        classes.length == sequences.size(),
        "Expected one class per sequence: %s sequences but %s classes",
        sequences.size(),
        classes.length);
    int[] lengths = lengths(sequences, maxSteps);
    return DataSet.ofPadded(
        padSteps(sequences, maxSteps, "sequence"), OneHot.encode(classes, classCount), new int[] {maxSteps, width(sequences, "sequence")}, lengths);
  }

  /**
   * Sequences of steps with a target row at every step (a tag per step, or the next value of a time series).
   *
   * @param sequences the samples, each {@code [steps][F]}, of 1 to {@code maxSteps} steps
   * @param stepTargets the targets of each sequence, {@code [steps][K]}, as many steps as its sequence
   * @param maxSteps {@code T}, the steps every sample and its targets are padded to
   * @return the data set: samples {@code [T, F]}, labels {@code [T, K]}
   */
  public static DataSet ofSteps(List<double[][]> sequences, List<double[][]> stepTargets, int maxSteps) {
    checkNotNull(stepTargets, "stepTargets");
    int[] lengths = lengths(sequences, maxSteps);
    checkStepTargets(stepTargets, lengths);
    return DataSet.ofPadded(
        padSteps(sequences, maxSteps, "sequence"), padSteps(stepTargets, maxSteps, "step target"),
        new int[] {maxSteps, width(sequences, "sequence")}, lengths);
  }

  /**
   * Sequences of token ids (for an embedding) with one class per sequence, one-hot encoded.
   *
   * @param sequences the token ids of each sample, of 1 to {@code maxSteps} ids
   * @param classes the class of each sequence, in {@code [0, classCount)}
   * @param classCount the number of classes
   * @param maxSteps {@code T}, the steps every sample is padded to (with id 0, which the network ignores)
   * @return the data set: samples {@code [T]}, one-hot labels {@code [classCount]}
   */
  public static DataSet ofTokenClasses(List<int[]> sequences, int[] classes, int classCount, int maxSteps) {
    checkNotNull(classes, "classes");
    List<double[][]> steps = asSteps(sequences);
    checkArgument(
        classes.length == steps.size(), "Expected one class per sequence: %s sequences but %s classes", steps.size(), classes.length);
    int[] lengths = lengths(steps, maxSteps);
    return DataSet.ofPadded(padSteps(steps, maxSteps, "sequence"), OneHot.encode(classes, classCount), new int[] {maxSteps}, lengths);
  }

  /**
   * Sequences of token ids with a class at every step, one-hot encoded: a language model's inputs and the
   * next token at each step ({@code CharTokenizer} ids, say).
   *
   * @param sequences the token ids of each sample, of 1 to {@code maxSteps} ids
   * @param stepClasses the class of each step of each sequence, as many as its sequence has ids, each in
   *     {@code [0, classCount)}
   * @param classCount the number of classes
   * @param maxSteps {@code T}, the steps every sample and its targets are padded to
   * @return the data set: samples {@code [T]}, labels {@code [T, classCount]}
   */
  public static DataSet ofTokenSteps(List<int[]> sequences, List<int[]> stepClasses, int classCount, int maxSteps) {
    checkNotNull(stepClasses, "stepClasses");
    List<double[][]> steps = asSteps(sequences);
    int[] lengths = lengths(steps, maxSteps);
    checkArgument(
        stepClasses.size() == steps.size(),
        "Expected step targets for each sequence: %s sequences but %s step targets",
        steps.size(),
        stepClasses.size());
    List<double[][]> oneHot = new java.util.ArrayList<>(stepClasses.size());
    for (int i = 0; i < stepClasses.size(); i++) {
      int[] classes = checkNotNull(stepClasses.get(i), "step targets of sequence %s", i);
      checkArgument(
          classes.length == lengths[i],
          "Expected the step targets of sequence %s to have %s steps, as the sequence, got %s",
          i,
          lengths[i],
          classes.length);
      try {
        oneHot.add(OneHot.encode(classes, classCount).toArray());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("Step targets of sequence " + i + ": " + e.getMessage(), e);
      }
    }
    return DataSet.ofPadded(padSteps(steps, maxSteps, "sequence"), padSteps(oneHot, maxSteps, "step target"), new int[] {maxSteps}, lengths);
  }

  /** Token ids as steps of one value each. */
  private static List<double[][]> asSteps(List<int[]> sequences) {
    checkNotNull(sequences, "sequences");
    List<double[][]> steps = new java.util.ArrayList<>(sequences.size());
    for (int i = 0; i < sequences.size(); i++) {
      int[] ids = checkNotNull(sequences.get(i), "sequence %s is null", i);
      double[][] s = new double[ids.length][1];
      for (int t = 0; t < ids.length; t++) {
        s[t][0] = ids[t];
      }
      steps.add(s);
    }
    return steps;
  }

  /** The length of each sequence, after checking each is between 1 and maxSteps. */
  private static int[] lengths(List<double[][]> sequences, int maxSteps) {
    checkNotNull(sequences, "sequences");
    checkArgument(maxSteps >= 1, "Expected a maximum of at least 1 step, got maxSteps=%s", maxSteps);
    checkArgument(!sequences.isEmpty(), "Expected at least one sequence, got none");
    int[] lengths = new int[sequences.size()];
    for (int i = 0; i < lengths.length; i++) {
      double[][] s = checkNotNull(sequences.get(i), "sequence %s is null", i);
      checkArgument(s.length >= 1, "Expected sequences of at least 1 step, got an empty sequence at index %s", i);
      checkArgument(
          s.length <= maxSteps,
          "Expected sequences of at most %s steps (maxSteps), got %s steps in sequence %s",
          maxSteps,
          s.length,
          i);
      lengths[i] = s.length;
    }
    return lengths;
  }

  private static void checkStepTargets(List<double[][]> stepTargets, int[] lengths) {
    checkArgument(
        stepTargets.size() == lengths.length,
        "Expected step targets for each sequence: %s sequences but %s step targets",
        lengths.length,
        stepTargets.size());
    for (int i = 0; i < lengths.length; i++) {
      double[][] t = checkNotNull(stepTargets.get(i), "step targets of sequence %s are null", i);
      checkArgument(
          t.length == lengths[i],
          "Expected the step targets of sequence %s to have %s steps, as the sequence, got %s",
          i,
          lengths[i],
          t.length);
    }
  }

  /** The values of a step: those of sequence 0's first step, which every step must have. */
  private static int width(List<double[][]> sequences, String what) {
    double[] first = checkNotNull(sequences.get(0)[0], "%s 0, step 0 is null", what);
    checkArgument(first.length >= 1, "Expected steps of at least one value, got none in %s 0, step 0", what);
    return first.length;
  }

  /** {@code [n, maxSteps·F]}, each sequence's steps then zeros; checks every step has F values. */
  private static Matrix padSteps(List<double[][]> sequences, int maxSteps, String what) {
    int width = width(sequences, what);
    Matrix out = new Matrix(sequences.size(), Math.multiplyExact(maxSteps, width));
    double[] data = out.data();
    for (int i = 0; i < sequences.size(); i++) {
      double[][] s = sequences.get(i);
      for (int t = 0; t < s.length; t++) {
        checkNotNull(s[t], "%s %s, step %s is null", what, i, t);
        if (s[t].length != width) {
          throw new IllegalArgumentException(
              "Expected steps of " + width + " values (as step 0 of " + what + " 0), got " + s[t].length + " in " + what + " " + i
                  + ", step " + t);
        }
        System.arraycopy(s[t], 0, data, i * out.cols() + t * width, width);
      }
    }
    return out;
  }
}
