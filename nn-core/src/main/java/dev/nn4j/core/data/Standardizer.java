package dev.nn4j.core.data;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.nn4j.core.math.Matrix;
import java.util.Arrays;

/**
 * Standardization of features: each column {@code j} is shifted and scaled to mean 0 and standard
 * deviation 1, {@code x'[i][j] = (x[i][j] - mean[j]) / std[j]}, so that features measured in different
 * units (wine's magnesium in the hundreds next to its hue near 1) reach the first layer on the same
 * scale and no weight has to learn the units.
 *
 * <p>{@code mean[j]} is the column mean and {@code std[j] = sqrt(mean_i((x[i][j] - mean[j])^2))} the
 * population standard deviation (dividing by {@code n}, as scikit-learn's {@code StandardScaler}). A
 * constant column has {@code std[j] = 0}; it keeps {@code std[j] = 1} instead, so it becomes all zeros
 * rather than a division by zero.
 *
 * <p><b>Fit on the training data only, then apply the same standardizer to everything else.</b> The
 * validation and test sets stand for data the network has never seen; computing the mean and deviation
 * from them would leak their statistics into training and make the measured accuracy optimistic. And
 * every set must go through the same transformation, or the same raw value would mean different things
 * to the network in training and in use: keep the fitted standardizer (its {@link #mean()} and {@link
 * #std()}) with the model.
 *
 * <pre>{@code
 * Split split = data.split(0.8, 42);
 * Standardizer standardizer = Standardizer.fit(split.train().features());
 * DataSet train = standardizer.apply(split.train());
 * DataSet validation = standardizer.apply(split.validation());
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class Standardizer {
  private final double[] mean;
  private final double[] std;

  private Standardizer(double[] mean, double[] std) {
    this.mean = mean;
    this.std = std;
  }

  /**
   * Computes the per-column mean and population standard deviation of {@code trainFeatures}.
   *
   * @param trainFeatures the training features, one sample per row
   * @return the fitted standardizer
   * @throws IllegalArgumentException if there are no rows or a value is NaN or infinite
   */
  public static Standardizer fit(Matrix trainFeatures) {
    checkNotNull(trainFeatures, "trainFeatures");
    int n = trainFeatures.rows();
    int cols = trainFeatures.cols();
    checkArgument(n >= 1, "Expected at least one sample to fit a standardizer on, got shape %s",
        trainFeatures.shape());
    checkArgument(trainFeatures.isFinite(), "Expected finite features to fit a standardizer on, found NaN or"
        + " infinity in a %s matrix", trainFeatures.shape());
    double[] data = trainFeatures.data();
    double[] mean = new double[cols];
    double[] min = new double[cols];
    double[] max = new double[cols];
    Arrays.fill(min, Double.POSITIVE_INFINITY);
    Arrays.fill(max, Double.NEGATIVE_INFINITY);
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < cols; j++) {
        double v = data[i * cols + j];
        mean[j] += v;
        min[j] = Math.min(min[j], v);
        max[j] = Math.max(max[j], v);
      }
    }
    for (int j = 0; j < cols; j++) {
      mean[j] /= n;
    }
    // Two passes (mean, then squared deviations from it) rather than E[x^2] - E[x]^2, which cancels badly
    // when the mean is large next to the spread.
    double[] variance = new double[cols];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < cols; j++) {
        double d = data[i * cols + j] - mean[j];
        variance[j] += d * d;
      }
    }
    double[] std = new double[cols];
    for (int j = 0; j < cols; j++) {
      if (min[j] == max[j]) {
        // Constant column: the summed mean can be off by an ulp, which would leave tiny non-zero values
        // after centring; the value itself is the exact mean.
        mean[j] = min[j];
        std[j] = 1.0;
      } else {
        std[j] = Math.sqrt(variance[j] / n);
      }
    }
    return new Standardizer(mean, std);
  }

  /**
   * A standardizer with the given statistics, for example those of a standardizer fitted earlier and
   * saved with the model ({@link #mean()}, {@link #std()}). The arrays are copied.
   *
   * @param mean the mean of each column
   * @param std the standard deviation of each column, positive
   * @return the standardizer
   * @throws IllegalArgumentException if the lengths differ, a mean is not finite, or a deviation is not
   *     finite and positive
   */
  public static Standardizer of(double[] mean, double[] std) {
    checkNotNull(mean, "mean");
    checkNotNull(std, "std");
    checkArgument(
        mean.length == std.length,
        "Expected one standard deviation per mean: %s means but %s deviations",
        mean.length,
        std.length);
    for (int j = 0; j < mean.length; j++) {
      checkArgument(
          Double.isFinite(mean[j]),
          "Expected a finite mean for column %s, got %s",
          j,
          Double.valueOf(mean[j]));
      checkArgument(
          Double.isFinite(std[j]) && std[j] > 0.0,
          "Expected a finite, positive standard deviation for column %s, got %s",
          j,
          Double.valueOf(std[j]));
    }
    return new Standardizer(mean.clone(), std.clone());
  }

  /**
   * A new matrix {@code (x - mean) / std}, column by column; {@code features} is not changed.
   *
   * @param features samples with the fitted number of columns
   * @return the standardized features, a new matrix
   * @throws IllegalArgumentException if {@code features} does not have the fitted number of columns
   */
  public Matrix apply(Matrix features) {
    checkNotNull(features, "features");
    int cols = mean.length;
    checkArgument(
        features.cols() == cols,
        "Expected features with %s columns, as the standardizer was fitted on, got shape %s",
        cols,
        features.shape());
    Matrix out = new Matrix(features.rows(), cols);
    double[] from = features.data();
    double[] to = out.data();
    for (int i = 0; i < features.rows(); i++) {
      for (int j = 0; j < cols; j++) {
        to[i * cols + j] = (from[i * cols + j] - mean[j]) / std[j];
      }
    }
    return out;
  }

  /**
   * A data set with {@link #apply(Matrix) standardized} features and the same labels, class names and
   * sample shape.
   *
   * @param data the data set to standardize
   * @return a new data set with standardized features
   */
  public DataSet apply(DataSet data) {
    checkNotNull(data, "data");
    return data.withFeatures(apply(data.features()));
  }

  /**
   * Number of feature columns this standardizer was fitted on.
   *
   * @return the number of columns
   */
  public int featureCount() {
    return mean.length;
  }

  /**
   * The fitted mean of each column (a copy).
   *
   * @return the means, one per column
   */
  public double[] mean() {
    return mean.clone();
  }

  /**
   * The fitted population standard deviation of each column, 1 for constant columns (a copy).
   *
   * @return the deviations, one per column
   */
  public double[] std() {
    return std.clone();
  }

  /** Standardizers are equal when their means and deviations are. */
  @Override
  public boolean equals(Object o) {
    return o instanceof Standardizer s && Arrays.equals(mean, s.mean) && Arrays.equals(std, s.std);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(mean) + Arrays.hashCode(std);
  }

  @Override
  public String toString() {
    return "Standardizer{mean=" + Arrays.toString(mean) + ", std=" + Arrays.toString(std) + "}";
  }
}
