package dev.nn4j.core.math;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;

/**
 * {@link ConvolutionKernels#maxPool} and {@link ConvolutionKernels#maxPoolBackward} against the plain loop of
 * PyTorch's semantics written here: every window tap in order, padding skipped (minus infinity), a larger
 * value or the first NaN taking the place. Outputs, indices and gradients must match to the bit, on inputs
 * full of ties, NaNs, signed zeros and infinities, for the fast 2 x 2 halving and for every other window.
 */
class MaxPoolKernelsTest {

  /** The values inputs are drawn from: few distinct ones, so that windows tie often; the last three not finite. */
  private static final double[] SPECIAL = {
    0.0, -0.0, 0.0, -0.0, 1.0, 1.0, -1.0, 2.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY
  };

  @Test
  void halvingMatchesReferenceOnTiesNansSignedZerosAndInfinities() {
    Random random = new Random(11);
    Window2d halving = Window2d.of(2, 2, 2, 2, 0, 0);
    for (int trial = 0; trial < 300; trial++) {
      int height = 2 + random.nextInt(9);
      int width = 2 + random.nextInt(9);
      checkAgainstReference(random, 1 + random.nextInt(5), 1 + random.nextInt(3), height, width, halving, values(random, trial));
    }
  }

  @Test
  void halvingMatchesReferenceOnW4ShapesWithRareNans() {
    Random random = new Random(12);
    Window2d halving = Window2d.of(2, 2, 2, 2, 0, 0);
    // A NaN in about one input in 5000: most rows take the fast path, a few are redone by the exact loop.
    DoubleSupplier reluWithRareNans = () -> random.nextInt(5000) == 0 ? Double.NaN : Math.max(0.0, random.nextGaussian());
    checkAgainstReference(random, 5, 32, 26, 26, halving, reluWithRareNans);
    checkAgainstReference(random, 5, 64, 11, 11, halving, reluWithRareNans);
  }

  @Test
  void everyWindowMatchesReferenceWithPaddingAndStrides() {
    Random random = new Random(13);
    for (int kernelHeight = 1; kernelHeight <= 3; kernelHeight++) {
      for (int kernelWidth = 1; kernelWidth <= 3; kernelWidth++) {
        for (int stride = 1; stride <= 3; stride++) {
          for (int trial = 0; trial < 12; trial++) {
            int padHeight = random.nextInt(kernelHeight / 2 + 1);
            int padWidth = random.nextInt(kernelWidth / 2 + 1);
            Window2d window = Window2d.of(kernelHeight, kernelWidth, stride, random.nextBoolean() ? stride : 1 + random.nextInt(3), padHeight, padWidth);
            int height = kernelHeight + random.nextInt(7);
            int width = kernelWidth + random.nextInt(7);
            checkAgainstReference(random, 1 + random.nextInt(5), 1 + random.nextInt(3), height, width, window, values(random, trial));
          }
        }
      }
    }
  }

  @Test
  void throughAnActivationTheBitsOfTheGradientThenItsBackward() {
    Random random = new Random(14);
    DoubleBinaryOperator relu = (z, a) -> Math.ceil(Math.min(a, 1.0));
    DoubleBinaryOperator tanh = (z, a) -> 1 - a * a;
    for (int trial = 0; trial < 200; trial++) {
      int kernel = 1 + random.nextInt(3);
      int stride = kernel + random.nextInt(2);
      Window2d window = Window2d.of(kernel, kernel, stride, stride, random.nextInt(kernel / 2 + 1), random.nextInt(kernel / 2 + 1));
      int channels = 1 + random.nextInt(3);
      int height = kernel + random.nextInt(8);
      int width = kernel + random.nextInt(8);
      int samples = 1 + random.nextInt(4);
      boolean isRelu = trial % 2 == 0;
      // Outputs the activation can give, with their signed zeros and limits.
      DoubleSupplier outputs = isRelu
          ? () -> random.nextInt(8) == 0 ? (random.nextBoolean() ? 0.0 : Double.POSITIVE_INFINITY) : Math.max(0.0, random.nextGaussian())
          : () -> random.nextInt(8) == 0 ? SPECIAL[random.nextInt(6)] : Math.tanh(random.nextGaussian());
      Matrix x = new Matrix(samples, channels * height * width);
      Arrays.setAll(x.data(), i -> outputs.getAsDouble());
      int pooled = channels * window.outputHeight(height) * window.outputWidth(width);
      Matrix y = new Matrix(samples, pooled);
      Matrix argmax = new Matrix(samples, pooled);
      ConvolutionKernels.maxPool(x, channels, height, width, window, y, argmax);
      Matrix dy = new Matrix(samples, pooled);
      Arrays.setAll(dy.data(), i -> random.nextInt(4) == 0 ? SPECIAL[random.nextInt(6)] : random.nextGaussian());

      DoubleBinaryOperator derivative = isRelu ? relu : tanh;
      Matrix gradient = new Matrix(samples, x.cols());
      ConvolutionKernels.maxPoolBackward(dy, argmax, gradient);
      Matrix expected = new Matrix(samples, x.cols());
      Kernels.chainElementwise(x, x, gradient, derivative, expected);
      Matrix dz = new Matrix(samples, x.cols());
      Arrays.fill(dz.data(), 7.0);
      ConvolutionKernels.MaxPoolGradientPlanes planes =
          new ConvolutionKernels.MaxPoolGradientPlanes().set(dy, argmax, y, derivative, channels, height, width, window);
      int planeSize = height * width;
      for (int s = samples - 1; s >= 0; s--) {
        for (int c = 0; c < channels; c++) {
          planes.plane(s, c, dz.data(), s * x.cols() + c * planeSize);
        }
      }
      assertThat(bits(dz.data())).as("trial %s, %s", trial, window).containsExactly(bits(expected.data()));
      // Anywhere in another array: a plane is written from the offset given.
      double[] one = new double[planeSize + 3];
      planes.plane(samples - 1, channels - 1, one, 3);
      int last = (samples - 1) * x.cols() + (channels - 1) * planeSize;
      assertThat(bits(Arrays.copyOfRange(one, 3, 3 + planeSize)))
          .containsExactly(bits(Arrays.copyOfRange(expected.data(), last, last + planeSize)));
    }
  }

  @Test
  void referenceTakesTheFirstNanAndTheFirstOfTiedZeros() {
    // The oracle itself, on windows worked out by hand (one 2 x 2 window, one sample, one channel).
    double nanA = Double.longBitsToDouble(0x7ff8000000000001L);
    double nanB = Double.longBitsToDouble(0x7ff8000000000002L);
    Window2d halving = Window2d.of(2, 2, 2, 2, 0, 0);
    assertThat(referenceArgmax(new double[] {-0.0, 0.0, 0.0, -0.0}, 1, 2, 2, halving)).containsExactly(0);
    assertThat(referenceArgmax(new double[] {1.0, nanA, 5.0, nanB}, 1, 2, 2, halving)).containsExactly(1);
    assertThat(referenceArgmax(new double[] {1.0, 3.0, 3.0, 2.0}, 1, 2, 2, halving)).containsExactly(1);
    Matrix x = Matrix.wrap(1, 4, new double[] {1.0, nanA, 5.0, nanB});
    Matrix y = new Matrix(1, 1);
    Matrix argmax = new Matrix(1, 1);
    ConvolutionKernels.maxPool(x, 1, 2, 2, halving, y, argmax);
    assertThat(Double.doubleToRawLongBits(y.get(0, 0))).isEqualTo(0x7ff8000000000001L);
    assertThat(argmax.get(0, 0)).isEqualTo(1.0);
  }

  /** Values for a trial: the special values only, or mixed with Gaussians, with or without NaNs. */
  private static DoubleSupplier values(Random random, int trial) {
    return switch (trial % 4) {
      case 0 -> () -> SPECIAL[random.nextInt(SPECIAL.length)];
      case 1 -> () -> random.nextBoolean() ? SPECIAL[random.nextInt(SPECIAL.length)] : random.nextGaussian();
      case 2 -> () -> SPECIAL[random.nextInt(SPECIAL.length - 3)];
      default -> () -> Math.max(random.nextBoolean() ? -0.0 : 0.0, random.nextGaussian());
    };
  }

  private static void checkAgainstReference(
      Random random, int samples, int channels, int height, int width, Window2d window, DoubleSupplier values) {
    Matrix x = new Matrix(samples, channels * height * width);
    Arrays.setAll(x.data(), i -> values.getAsDouble());
    int outputs = channels * window.outputHeight(height) * window.outputWidth(width);
    Matrix y = new Matrix(samples, outputs);
    Matrix argmax = new Matrix(samples, outputs);
    Arrays.fill(y.data(), 7.0);
    Arrays.fill(argmax.data(), -1.0);
    ConvolutionKernels.maxPool(x, channels, height, width, window, y, argmax);

    int[] expectedArgmax = referenceArgmax(x.data(), channels, height, width, window);
    double[] expectedY = new double[samples * outputs];
    double[] expectedArgmaxValues = new double[samples * outputs];
    for (int k = 0; k < expectedY.length; k++) {
      expectedY[k] = x.data()[k / outputs * x.cols() + expectedArgmax[k]];
      expectedArgmaxValues[k] = expectedArgmax[k];
    }
    String where = String.format("%s samples of %s x %s x %s, %s", samples, channels, height, width, window);
    assertThat(bits(y.data())).as("maxima, %s", where).containsExactly(bits(expectedY));
    assertThat(argmax.data()).as("argmax, %s", where).containsExactly(expectedArgmaxValues);

    Matrix dy = new Matrix(samples, outputs);
    Arrays.setAll(dy.data(), i -> random.nextInt(4) == 0 ? values.getAsDouble() : random.nextGaussian());
    Matrix dx = new Matrix(samples, x.cols());
    Arrays.fill(dx.data(), 7.0);
    ConvolutionKernels.maxPoolBackward(dy, argmax, dx);
    double[] expectedDx = new double[dx.data().length];
    for (int k = 0; k < expectedY.length; k++) {
      expectedDx[k / outputs * x.cols() + expectedArgmax[k]] += dy.data()[k];
    }
    assertThat(bits(dx.data())).as("input gradients, %s", where).containsExactly(bits(expectedDx));
  }

  /** PyTorch's loop: each window's taps in order, skipping padding, from minus infinity. */
  private static int[] referenceArgmax(double[] x, int channels, int height, int width, Window2d window) {
    int outHeight = window.outputHeight(height);
    int outWidth = window.outputWidth(width);
    int sampleSize = channels * height * width;
    int samples = x.length / sampleSize;
    int[] argmax = new int[samples * channels * outHeight * outWidth];
    int k = 0;
    for (int s = 0; s < samples; s++) {
      for (int c = 0; c < channels; c++) {
        for (int oy = 0; oy < outHeight; oy++) {
          for (int ox = 0; ox < outWidth; ox++, k++) {
            double max = Double.NEGATIVE_INFINITY;
            int best = -1;
            for (int i = 0; i < window.kernelHeight(); i++) {
              for (int j = 0; j < window.kernelWidth(); j++) {
                int iy = oy * window.strideHeight() - window.padTop() + i;
                int ix = ox * window.strideWidth() - window.padLeft() + j;
                if (iy < 0 || iy >= height || ix < 0 || ix >= width) {
                  continue;
                }
                int index = (c * height + iy) * width + ix;
                double v = x[s * sampleSize + index];
                if (best < 0 || v > max || (Double.isNaN(v) && !Double.isNaN(max))) {
                  max = v;
                  best = index;
                }
              }
            }
            argmax[k] = best;
          }
        }
      }
    }
    return argmax;
  }

  private static long[] bits(double[] values) {
    return Arrays.stream(values).mapToLong(Double::doubleToRawLongBits).toArray();
  }
}
