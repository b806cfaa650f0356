package dev.nn4j.core.math;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * The loops of batch and layer normalization, beside {@link Kernels}: both standardize groups of values,
 * {@code x̂ = (x − μ) / √(σ² + ε)}, then scale and shift them, {@code y = γ·x̂ + β}; they differ in which
 * values form a group.
 *
 * <ul>
 *   <li><b>Batch normalization</b> over channels: a sample is {@code [C, S]} (channel first, {@code S} values
 *       per channel, 1 for plain features), and channel {@code c}'s group is its {@code m = n·S} values over
 *       the whole batch. {@code γ}, {@code β} have one value per channel.
 *   <li><b>Layer normalization</b>: each sample is cut into consecutive groups of {@code G} values (its last
 *       dimensions), each normalized on its own. {@code γ}, {@code β} have one value per position in a group.
 * </ul>
 *
 * <p>The variance is the biased one, {@code σ² = Σ(x − μ)² / m}, computed in two passes. Backward, for a
 * group of {@code m} values normalized by its own statistics, with {@code g = dL/dx̂}: {@code dL/dx = (1 /
 * (m·√(σ² + ε))) · (m·g − Σg − x̂·Σ(g·x̂))}; when the statistics are constants (inference), {@code dL/dx =
 * g / √(σ² + ε)}. Parameter gradients are added to what is there. Arrays of statistics are the caller's.
 */
public final class NormalizationKernels {
  private NormalizationKernels() {}

  /**
   * The mean and biased variance of each channel of a batch of {@code [channels, S]} samples.
   *
   * @param x the batch, {@code [n, channels·S]}
   * @param channels the number of channels {@code C}
   * @param mean receives the {@code C} means
   * @param variance receives the {@code C} biased variances
   */
  public static void channelMoments(Matrix x, int channels, double[] mean, double[] variance) {
    int spatial = spatial(x, channels);
    double[] xd = x.data();
    int rows = x.rows();
    double count = (double) rows * spatial;
    for (int c = 0; c < channels; c++) {
      double sum = 0.0;
      for (int r = 0; r < rows; r++) {
        int at = r * x.cols() + c * spatial;
        for (int s = 0; s < spatial; s++) {
          sum += xd[at + s];
        }
      }
      double mu = sum / count;
      double squares = 0.0;
      for (int r = 0; r < rows; r++) {
        int at = r * x.cols() + c * spatial;
        for (int s = 0; s < spatial; s++) {
          double d = xd[at + s] - mu;
          squares += d * d;
        }
      }
      mean[c] = mu;
      variance[c] = squares / count;
    }
  }

  /**
   * {@code invStd[c] = 1 / √(variance[c] + eps)}.
   *
   * @param variance the variances
   * @param eps {@code ε}, added for stability
   * @param invStd receives the inverse standard deviations, as long as {@code variance}
   */
  public static void inverseStandardDeviations(double[] variance, double eps, double[] invStd) {
    for (int c = 0; c < variance.length; c++) {
      invStd[c] = 1.0 / Math.sqrt(variance[c] + eps);
    }
  }

  /**
   * {@code x̂ = (x − mean[c])·invStd[c]}, {@code y = γ[c]·x̂ + β[c]} for each value of channel {@code c}.
   *
   * @param x the batch, {@code [n, channels·S]}
   * @param channels the number of channels
   * @param mean the mean of each channel
   * @param invStd the inverse standard deviation of each channel
   * @param gamma {@code γ}, {@code [1, channels]}, or null for none (then {@code y = x̂})
   * @param beta {@code β}, {@code [1, channels]}, or null
   * @param normalized receives {@code x̂}, the shape of {@code x}
   * @param y receives {@code y}, the shape of {@code x}
   */
  public static void normalizeChannels(
      Matrix x, int channels, double[] mean, double[] invStd, Matrix gamma, Matrix beta, Matrix normalized, Matrix y) {
    int spatial = spatial(x, channels);
    x.requireSameShape(normalized, "normalized values");
    x.requireSameShape(y, "normalization output");
    double[] xd = x.data();
    double[] hd = normalized.data();
    double[] yd = y.data();
    for (int r = 0; r < x.rows(); r++) {
      for (int c = 0; c < channels; c++) {
        int at = r * x.cols() + c * spatial;
        double mu = mean[c];
        double inv = invStd[c];
        double scale = gamma == null ? 1.0 : gamma.data()[c];
        double shift = beta == null ? 0.0 : beta.data()[c];
        for (int s = at; s < at + spatial; s++) {
          double h = (xd[s] - mu) * inv;
          hd[s] = h;
          yd[s] = gamma == null ? h : scale * h + shift;
        }
      }
    }
  }

  /**
   * The backward pass of {@link #normalizeChannels}: adds {@code dL/dγ = Σ dy·x̂} and {@code dL/dβ = Σ dy}
   * per channel, and writes {@code dL/dx}, through the batch statistics when {@code batchStatistics} (the
   * training form), else through constant ones.
   *
   * @param dy {@code dL/dy}, {@code [n, channels·S]}
   * @param normalized {@code x̂} of the forward pass
   * @param channels the number of channels
   * @param invStd the inverse standard deviations of the forward pass
   * @param gamma {@code γ}, or null
   * @param batchStatistics whether the forward pass normalized by the batch's own statistics
   * @param dx receives {@code dL/dx}; null if not needed
   * @param dGamma the gradient of {@code γ} to add to, or null
   * @param dBeta the gradient of {@code β} to add to, or null
   */
  public static void normalizeChannelsBackward(
      Matrix dy,
      Matrix normalized,
      int channels,
      double[] invStd,
      Matrix gamma,
      boolean batchStatistics,
      Matrix dx,
      Matrix dGamma,
      Matrix dBeta) {
    int spatial = spatial(dy, channels);
    dy.requireSameShape(normalized, "normalized values");
    double[] gd = dy.data();
    double[] hd = normalized.data();
    int rows = dy.rows();
    int width = dy.cols();
    double count = (double) rows * spatial;
    for (int c = 0; c < channels; c++) {
      double sumDy = 0.0;
      double sumDyH = 0.0;
      for (int r = 0; r < rows; r++) {
        int at = r * width + c * spatial;
        for (int s = at; s < at + spatial; s++) {
          sumDy += gd[s];
          sumDyH += gd[s] * hd[s];
        }
      }
      if (dGamma != null) {
        dGamma.data()[c] += sumDyH;
      }
      if (dBeta != null) {
        dBeta.data()[c] += sumDy;
      }
      if (dx == null) {
        continue;
      }
      double scale = (gamma == null ? 1.0 : gamma.data()[c]) * invStd[c];
      double[] od = dx.data();
      for (int r = 0; r < rows; r++) {
        int at = r * width + c * spatial;
        for (int s = at; s < at + spatial; s++) {
          od[s] = batchStatistics ? scale / count * (count * gd[s] - sumDy - hd[s] * sumDyH) : scale * gd[s];
        }
      }
    }
  }

  /**
   * {@code running = (1 − momentum)·running + momentum·factor·batch}, PyTorch's update of a running
   * statistic ({@code factor} turns a biased variance into the unbiased one).
   *
   * @param running the running values, updated in place
   * @param batch the batch's values
   * @param momentum the weight of the batch
   * @param factor multiplies the batch's values
   */
  public static void updateRunning(double[] running, double[] batch, double momentum, double factor) {
    for (int c = 0; c < running.length; c++) {
      running[c] = momentum * (batch[c] * factor) + (1 - momentum) * running[c];
    }
  }

  /**
   * Layer normalization: each consecutive group of {@code groupSize} values of every row is standardized by
   * its own mean and biased variance, then {@code y = γ[j]·x̂ + β[j]} for position {@code j} in the group.
   *
   * @param x the batch, {@code [n, P·groupSize]}
   * @param groupSize the values normalized together, {@code G}
   * @param eps {@code ε}
   * @param gamma {@code γ}, {@code [1, G]}, or null for none
   * @param beta {@code β}, {@code [1, G]}, or null
   * @param invStd receives each group's {@code 1 / √(σ² + ε)}, {@code n·P} of them
   * @param normalized receives {@code x̂}
   * @param y receives {@code y}
   */
  public static void layerNorm(
      Matrix x, int groupSize, double eps, Matrix gamma, Matrix beta, double[] invStd, Matrix normalized, Matrix y) {
    checkArgument(x.cols() % groupSize == 0, "Cannot cut rows of %s values into groups of %s", x.cols(), groupSize);
    x.requireSameShape(normalized, "normalized values");
    x.requireSameShape(y, "normalization output");
    double[] xd = x.data();
    double[] hd = normalized.data();
    double[] yd = y.data();
    double[] g = gamma == null ? null : gamma.data();
    double[] b = beta == null ? null : beta.data();
    int groups = xd.length / groupSize;
    for (int q = 0; q < groups; q++) {
      int at = q * groupSize;
      double sum = 0.0;
      for (int j = 0; j < groupSize; j++) {
        sum += xd[at + j];
      }
      double mu = sum / groupSize;
      double squares = 0.0;
      for (int j = 0; j < groupSize; j++) {
        double d = xd[at + j] - mu;
        squares += d * d;
      }
      double inv = 1.0 / Math.sqrt(squares / groupSize + eps);
      invStd[q] = inv;
      for (int j = 0; j < groupSize; j++) {
        double h = (xd[at + j] - mu) * inv;
        hd[at + j] = h;
        yd[at + j] = g == null ? h : g[j] * h + b[j];
      }
    }
  }

  /**
   * The backward pass of {@link #layerNorm}: adds {@code dL/dγ[j] = Σ dy·x̂} and {@code dL/dβ[j] = Σ dy} over
   * every group, and writes {@code dL/dx}.
   *
   * @param dy {@code dL/dy}
   * @param normalized {@code x̂} of the forward pass
   * @param groupSize {@code G}
   * @param invStd each group's inverse standard deviation from the forward pass
   * @param gamma {@code γ}, or null
   * @param dx receives {@code dL/dx}; null if not needed
   * @param dGamma the gradient of {@code γ} to add to, or null
   * @param dBeta the gradient of {@code β} to add to, or null
   */
  public static void layerNormBackward(
      Matrix dy, Matrix normalized, int groupSize, double[] invStd, Matrix gamma, Matrix dx, Matrix dGamma, Matrix dBeta) {
    dy.requireSameShape(normalized, "normalized values");
    double[] gd = dy.data();
    double[] hd = normalized.data();
    double[] g = gamma == null ? null : gamma.data();
    int groups = gd.length / groupSize;
    for (int q = 0; q < groups; q++) {
      int at = q * groupSize;
      double sumG = 0.0;
      double sumGH = 0.0;
      for (int j = 0; j < groupSize; j++) {
        double gradH = g == null ? gd[at + j] : gd[at + j] * g[j];
        sumG += gradH;
        sumGH += gradH * hd[at + j];
      }
      if (dGamma != null) {
        double[] dg = dGamma.data();
        double[] db = dBeta.data();
        for (int j = 0; j < groupSize; j++) {
          dg[j] += gd[at + j] * hd[at + j];
          db[j] += gd[at + j];
        }
      }
      if (dx != null) {
        double[] od = dx.data();
        double scale = invStd[q] / groupSize;
        for (int j = 0; j < groupSize; j++) {
          double gradH = g == null ? gd[at + j] : gd[at + j] * g[j];
          od[at + j] = scale * (groupSize * gradH - sumG - hd[at + j] * sumGH);
        }
      }
    }
  }

  /** The values per channel of {@code x}'s samples. */
  private static int spatial(Matrix x, int channels) {
    checkArgument(
        channels > 0 && x.cols() % channels == 0, "Cannot split samples of %s values into %s channels", x.cols(), channels);
    return x.cols() / channels;
  }
}
