package dev.nn4j.core.math;

/**
 * The loops over the steps of sequences: embedding lookups and their gradient, and the gathering of a
 * padded batch's real steps into a compact matrix and back, which masked losses use.
 *
 * <p>A batch of sequences is a {@code [n, T·F]} matrix, each row a sample {@code [T, F]} with its steps
 * outermost; {@code lengths[r]} says how many of row {@code r}'s first steps are real (null: all {@code T}).
 * Every loop runs rows in order and steps in order within a row, so results are the same bits on every run.
 */
public final class SequenceKernels {
  private SequenceKernels() {}

  /**
   * The number of real steps of a batch: {@code Σ lengths}, or {@code rows · steps} when {@code lengths} is
   * null.
   *
   * @param rows the number of sequences
   * @param steps {@code T}, the steps of each row
   * @param lengths the real steps of each row, or null
   * @return the number of real steps
   */
  public static int realSteps(int rows, int steps, int[] lengths) {
    if (lengths == null) {
      return rows * steps;
    }
    long sum = 0;
    for (int length : lengths) {
      sum += length;
    }
    return Math.toIntExact(sum);
  }

  /**
   * Looks up the embedding of every real step: row {@code ids[r, t]} of {@code table} is copied to step
   * {@code t} of row {@code r} of {@code out}; padded steps get zeros. Stops at the first id that is not a
   * whole number in {@code [0, table.rows())}.
   *
   * @param table the embeddings, {@code [num, dim]}
   * @param ids the token ids, {@code [n, T]}, whole numbers stored as doubles
   * @param lengths the real steps of each row, or null for all
   * @param out receives the embeddings, {@code [n, T·dim]}
   * @return the flat index in {@code ids} of the first bad id, or -1 if every real id was good
   */
  public static int embed(Matrix table, Matrix ids, int[] lengths, Matrix out) {
    int steps = ids.cols();
    int dim = table.cols();
    int num = table.rows();
    checkBatch(ids.rows(), lengths);
    if (out.rows() != ids.rows() || out.cols() != steps * dim) {
      throw new IllegalArgumentException(
          "Expected an embedding output of shape [" + ids.rows() + ", " + steps * dim + "], got " + out.shape());
    }
    double[] id = ids.data();
    double[] weights = table.data();
    double[] o = out.data();
    for (int r = 0; r < ids.rows(); r++) {
      int real = lengths == null ? steps : lengths[r];
      for (int t = 0; t < steps; t++) {
        int at = (r * steps + t) * dim;
        if (t >= real) {
          java.util.Arrays.fill(o, at, at + dim, 0.0);
          continue;
        }
        double value = id[r * steps + t];
        if (!(value >= 0 && value < num && value == Math.rint(value))) {
          return r * steps + t;
        }
        System.arraycopy(weights, (int) value * dim, o, at, dim);
      }
    }
    return -1;
  }

  /**
   * Adds each real step's output gradient to the gradient row of its id, rows in order and steps in order
   * (so the sums are the same bits on every run), skipping the steps whose id is {@code skippedId}.
   *
   * @param ids the token ids of the forward pass, {@code [n, T]}, already checked by {@link #embed}
   * @param lengths the real steps of each row, or null for all
   * @param outputGradient {@code dL/d(output)}, {@code [n, T·dim]}
   * @param skippedId an id whose row gets no gradient (the padding index), or -1 for none
   * @param gradient the embeddings' gradient, {@code [num, dim]}, added to
   */
  public static void addEmbeddingGradient(Matrix ids, int[] lengths, Matrix outputGradient, int skippedId, Matrix gradient) {
    int steps = ids.cols();
    int dim = gradient.cols();
    checkBatch(ids.rows(), lengths);
    double[] id = ids.data();
    double[] dy = outputGradient.data();
    double[] g = gradient.data();
    for (int r = 0; r < ids.rows(); r++) {
      int real = lengths == null ? steps : lengths[r];
      for (int t = 0; t < real; t++) {
        int row = (int) id[r * steps + t];
        if (row == skippedId) {
          continue;
        }
        int from = (r * steps + t) * dim;
        int to = row * dim;
        for (int j = 0; j < dim; j++) {
          g[to + j] += dy[from + j];
        }
      }
    }
  }

  /**
   * Copies the real steps of a padded batch into consecutive rows of {@code compact}: row {@code r}'s steps
   * {@code 0 .. lengths[r]-1}, then row {@code r+1}'s.
   *
   * @param batch the padded batch, {@code [n, T·width]}
   * @param width the values of one step
   * @param lengths the real steps of each row, each in {@code [1, T]}
   * @param compact receives the real steps, {@code [Σ lengths, width]}
   */
  public static void gatherSteps(Matrix batch, int width, int[] lengths, Matrix compact) {
    checkBatch(batch.rows(), lengths);
    int rowWidth = batch.cols();
    int at = 0;
    for (int r = 0; r < batch.rows(); r++) {
      int count = lengths[r] * width;
      System.arraycopy(batch.data(), r * rowWidth, compact.data(), at, count);
      at += count;
    }
  }

  /**
   * The inverse of {@link #gatherSteps}: writes the rows of {@code compact} back to the real steps of {@code
   * batch}, and zeros to its padded steps.
   *
   * @param compact the real steps, {@code [Σ lengths, width]}
   * @param width the values of one step
   * @param lengths the real steps of each row, each in {@code [1, T]}
   * @param batch overwritten: the padded batch, {@code [n, T·width]}
   */
  public static void scatterSteps(Matrix compact, int width, int[] lengths, Matrix batch) {
    checkBatch(batch.rows(), lengths);
    int rowWidth = batch.cols();
    int at = 0;
    double[] b = batch.data();
    for (int r = 0; r < batch.rows(); r++) {
      int count = lengths[r] * width;
      System.arraycopy(compact.data(), at, b, r * rowWidth, count);
      java.util.Arrays.fill(b, r * rowWidth + count, (r + 1) * rowWidth, 0.0);
      at += count;
    }
  }

  private static void checkBatch(int rows, int[] lengths) {
    if (lengths != null && lengths.length != rows) {
      throw new IllegalArgumentException(
          "Expected one length per row of the batch, " + rows + ", got " + lengths.length + " lengths");
    }
  }
}
