package dev.nn4j.core;

import dev.nn4j.core.math.Matrix;
import dev.nn4j.core.math.SequenceKernels;

/**
 * The rows a network's loss and metrics see. For most networks, one row per sample. For a network whose
 * output is one row per step of its input sequence (input {@code [T, F]} or {@code [T]}, output {@code [T, K]}),
 * one row per step: the {@code [n, T·K]} batch seen as {@code [n·T, K]}, or, when the pass carries lengths
 * ({@link Pass#setLengths}), the real steps alone gathered into {@code [Σ lengths, K]}. Any {@link Loss} then
 * takes its mean over the real steps (as PyTorch's losses on packed sequences, or cross-entropy with an
 * ignored padding class), and its gradient is scattered back with zeros at the padded steps, so padding
 * changes neither the loss nor any gradient.
 */
final class LossRows {
  private final boolean perStep;
  private final int steps;
  private final int width;

  private LossRows(boolean perStep, int steps, int width) {
    this.perStep = perStep;
    this.steps = steps;
    this.width = width;
  }

  /** The rows of a network of these input and output shapes: per step when the output is {@code [T, K]}. */
  static LossRows of(Shape input, Shape output) {
    boolean perStep = output.rank() == 2 && input.rank() <= 2 && output.dim(0) == input.dim(0);
    return perStep ? new LossRows(true, output.dim(0), output.dim(1)) : new LossRows(false, 1, output.size());
  }

  /** True if the loss sees one row per step. */
  boolean perStep() {
    return perStep;
  }

  /** The number of rows the loss sees for a batch of {@code rows} samples with these lengths (or null). */
  int count(int rows, int[] lengths) {
    return perStep() ? SequenceKernels.realSteps(rows, steps, lengths) : rows;
  }

  /**
   * {@code batch} as the loss sees it: itself, a view of one row per step, or its real steps gathered into a
   * buffer of {@code pass} owned by {@code owner} under {@code name}.
   */
  Matrix rows(Matrix batch, int[] lengths, Pass pass, Layer owner, String name) {
    if (!perStep()) {
      return batch;
    }
    if (lengths == null) {
      return pass.view(owner, name, batch, batch.rows() * steps, width);
    }
    Matrix compact = pass.buffer(owner, name, SequenceKernels.realSteps(batch.rows(), steps, lengths), width);
    SequenceKernels.gatherSteps(batch, width, lengths, compact);
    return compact;
  }

  /** {@code batch} as the loss sees it, in a new matrix or a view: for whole data sets outside a pass. */
  Matrix rows(Matrix batch, int[] lengths) {
    if (!perStep()) {
      return batch;
    }
    if (lengths == null) {
      return Matrix.wrap(batch.rows() * steps, width, batch.data());
    }
    Matrix compact = new Matrix(SequenceKernels.realSteps(batch.rows(), steps, lengths), width);
    SequenceKernels.gatherSteps(batch, width, lengths, compact);
    return compact;
  }

  /**
   * Writes the gradient the loss computed over its rows ({@code rows}, what {@link #rows} gave for {@code
   * gradient}) into the batch's {@code gradient}: nothing to do for a view, a scatter with zeros at the padded
   * steps for gathered steps.
   */
  void scatter(Matrix rows, int[] lengths, Matrix gradient) {
    if (perStep() && lengths != null) {
      SequenceKernels.scatterSteps(rows, width, lengths, gradient);
    }
  }
}
