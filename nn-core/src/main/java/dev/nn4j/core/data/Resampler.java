package dev.nn4j.core.data;

/**
 * The weights that resize one dimension of an image from {@code inSize} to {@code outSize} pixels by
 * bilinear interpolation with antialiasing: Pillow's {@code Image.resize(size, Image.BILINEAR)}, which is
 * also what torchvision's {@code Resize} does to PIL images and to tensors with {@code antialias=True}.
 *
 * <p>Output pixel {@code o} is centred at {@code c = (o + 0.5) * s} in input coordinates, {@code s = inSize
 * / outSize}. It is the weighted mean of the input pixels {@code i} within the triangle filter's support
 * {@code r = max(s, 1)} of it, weighing each by {@code tri((i + 0.5 - c) / max(s, 1))}, {@code tri(t) =
 * max(0, 1 - |t|)}, the weights normalized to sum to 1. Enlarging ({@code s <= 1}) this is plain bilinear
 * interpolation between the two nearest pixel centres (at the border, the nearest pixel); shrinking, the
 * triangle widens to cover every input pixel that falls within the output pixel, so that nothing is
 * skipped (aliasing). The bounds are computed as Pillow's {@code precompute_coeffs} computes them ({@code
 * Resample.c}); unlike Pillow, which rounds to 8 bits between the horizontal and the vertical pass, the
 * passes here keep doubles, so values can differ from Pillow's by up to about 1/255.
 *
 * <p>Immutable; the same sizes always give the same weights.
 */
final class Resampler {
  /** The first input pixel of each output pixel. */
  private final int[] first;
  /** The number of input pixels of each output pixel, from {@link #first}. */
  private final int[] count;
  /** The normalized weights, {@link #window} per output pixel, of which the first {@link #count} are used. */
  private final double[] weights;

  private final int window;

  Resampler(int inSize, int outSize) {
    double scale = (double) inSize / outSize;
    double filterScale = Math.max(scale, 1.0);
    double support = filterScale; // the triangle's support, 1, widened when shrinking
    double inverseFilterScale = 1.0 / filterScale;
    this.window = (int) Math.ceil(support) * 2 + 1;
    this.first = new int[outSize];
    this.count = new int[outSize];
    this.weights = new double[outSize * window];
    for (int o = 0; o < outSize; o++) {
      double center = (o + 0.5) * scale;
      // (int) truncates toward zero, as the C cast in Pillow does; the bounds are then clamped.
      int min = Math.max((int) (center - support + 0.5), 0);
      int max = Math.min((int) (center + support + 0.5), inSize);
      double sum = 0.0;
      for (int i = min; i < max; i++) {
        double w = triangle((i - center + 0.5) * inverseFilterScale);
        weights[o * window + i - min] = w;
        sum += w;
      }
      if (sum != 0.0) {
        for (int i = min; i < max; i++) {
          weights[o * window + i - min] /= sum;
        }
      }
      first[o] = min;
      count[o] = max - min;
    }
  }

  private static double triangle(double t) {
    double a = Math.abs(t);
    return a < 1.0 ? 1.0 - a : 0.0;
  }

  /** The number of output pixels. */
  int outSize() {
    return first.length;
  }

  /** The first input pixel that output pixel {@code o} takes. */
  int first(int o) {
    return first[o];
  }

  /** The end (exclusive) of the input pixels that output pixel {@code o} takes. */
  int end(int o) {
    return first[o] + count[o];
  }

  /** The weight of input pixel {@code i}, in {@code [first(o), end(o))}, in output pixel {@code o}. */
  double weight(int o, int i) {
    return weights[o * window + i - first[o]];
  }

  /**
   * Resamples one line: {@code out[o] = sum over i of weight(o, i) * in[i]}, the sum taken in the order of
   * {@code i}.
   */
  void apply(double[] in, double[] out) {
    for (int o = 0; o < first.length; o++) {
      double sum = 0.0;
      int w = o * window;
      for (int k = 0; k < count[o]; k++) {
        sum += weights[w + k] * in[first[o] + k];
      }
      out[o] = sum;
    }
  }
}
