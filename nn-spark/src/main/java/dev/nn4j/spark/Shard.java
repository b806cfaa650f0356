package dev.nn4j.spark;

import java.io.Serializable;

/**
 * The rows of one partition, as the training steps read them: features and targets row-major, validated when
 * the shard was made (see {@link Shards}). Made once per fit and cached by Spark; never changed.
 */
final class Shard implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The partition's index. */
  final int partition;
  /** The number of rows; 0 for an empty partition, which contributes nothing. */
  final int rows;
  final int featureCount;
  final int targetCount;
  /** {@code rows * featureCount} values, row-major. */
  final double[] features;
  /** {@code rows * targetCount} values, row-major. */
  final double[] targets;

  Shard(int partition, int rows, int featureCount, int targetCount, double[] features, double[] targets) {
    this.partition = partition;
    this.rows = rows;
    this.featureCount = featureCount;
    this.targetCount = targetCount;
    this.features = features;
    this.targets = targets;
  }

  /**
   * Copies the rows of this shard that a step's batch takes, in the batch's order, into {@code inputs} and
   * {@code outputs}.
   *
   * @param batch the global index of each sample of the step's batch
   * @param firstIndex the global index of this shard's first row
   * @return the local rows taken, in the batch's order
   */
  int[] rowsOf(int[] batch, long firstIndex) {
    int count = 0;
    for (int index : batch) {
      if (index >= firstIndex && index < firstIndex + rows) {
        count++;
      }
    }
    int[] local = new int[count];
    int k = 0;
    for (int index : batch) {
      if (index >= firstIndex && index < firstIndex + rows) {
        local[k++] = (int) (index - firstIndex);
      }
    }
    return local;
  }

  /** The features of {@code local} rows, one row each. */
  dev.nn4j.core.math.Matrix features(int[] local) {
    return gather(features, featureCount, local);
  }

  /** The targets of {@code local} rows, one row each. */
  dev.nn4j.core.math.Matrix targets(int[] local) {
    return gather(targets, targetCount, local);
  }

  private static dev.nn4j.core.math.Matrix gather(double[] values, int width, int[] local) {
    double[] out = new double[local.length * width];
    for (int i = 0; i < local.length; i++) {
      System.arraycopy(values, local[i] * width, out, i * width, width);
    }
    return dev.nn4j.core.math.Matrix.wrap(local.length, width, out);
  }
}
