package dev.nn4j.core.math;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/**
 * The grouped convolution kernels give the bits of the whole batch at once, whatever the groups and the split
 * between tasks: the outputs of one product {@code W · cols} over the batch's unfolded windows plus the bias, the
 * input gradient of {@code Wᵀ · δ} folded tap by tap into zeros, and the weight and bias gradients of one chain
 * over every sample and position in order, from their values; and the outputs with an elementwise function applied
 * as they are laid out, the bits of that function of the outputs, each plane handed on once it is written; and the
 * gradients with the deltas given plane by plane ({@link PlaneSource}) instead of as a matrix. The reference here is that formulation, unfolded by
 * the plainest loops, its products on the backend in one call each.
 */
class ConvolutionGroupsTest {
  private static final int TRIALS = 150;

  @Test
  void groupsAndTasksGiveTheBitsOfTheWholeBatch() {
    Random r = new Random(20261202L);
    int checked = 0;
    for (int trial = 0; trial < TRIALS; trial++) {
      int channels = 1 + r.nextInt(4);
      int height = 1 + r.nextInt(9);
      int width = 1 + r.nextInt(9);
      int kernelHeight = 1 + r.nextInt(3);
      int kernelWidth = 1 + r.nextInt(3);
      Window2d window;
      try {
        window = new Window2d(
            kernelHeight, kernelWidth, 1 + r.nextInt(2), 1 + r.nextInt(2), r.nextInt(2), r.nextInt(2), r.nextInt(3),
            r.nextInt(2), 1 + r.nextInt(2), 1 + r.nextInt(2));
        window.outputHeight(height);
        window.outputWidth(width);
      } catch (IllegalArgumentException tooLarge) {
        continue;
      }
      int outChannels = 1 + r.nextInt(r.nextBoolean() ? 3 : 40);
      // Up to 24 samples: groups of several samples even where the groups are shared by many threads.
      int n = r.nextInt(10) == 0 ? r.nextInt(2) : r.nextInt(25);
      int taps = channels * kernelHeight * kernelWidth;
      int positions = window.outputHeight(height) * window.outputWidth(width);
      Matrix x = random(r, n, channels * height * width);
      Matrix w = random(r, outChannels, taps);
      Matrix b = r.nextBoolean() ? random(r, 1, outChannels) : null;
      Matrix delta = random(r, n, outChannels * positions);
      Matrix dw0 = random(r, outChannels, taps);
      Matrix db0 = random(r, 1, outChannels);
      Reference expected = Reference.of(x, w, b, delta, dw0, db0, channels, height, width, window, outChannels);

      Matrix unread = new Matrix(n, outChannels * positions);
      Arrays.fill(unread.data(), Double.NaN);
      int perSample = (taps + outChannels) * positions;
      for (int groupValues : new int[] {1, perSample, 2 * perSample + 1, 1 << 17}) {
        String what = "trial " + trial + ", groups of " + groupValues + " values";
        Matrix z = new Matrix(n, outChannels * positions);
        ConvolutionKernels.convolve(x, w, b, channels, height, width, window, groupValues, z);
        assertThat(z.data()).as(what + ": z").isEqualTo(expected.z);
        Matrix a = new Matrix(n, outChannels * positions);
        double[] expectedA = Arrays.stream(expected.z).map(Math::tanh).toArray();
        // Each plane goes to the sink once, complete when it does.
        AtomicIntegerArray handed = new AtomicIntegerArray(n * outChannels);
        AtomicIntegerArray early = new AtomicIntegerArray(1);
        PlaneSink planes = (sample, channel) -> {
          int plane = (sample * outChannels + channel) * positions;
          if (!Arrays.equals(a.data(), plane, plane + positions, expectedA, plane, plane + positions)) {
            early.incrementAndGet(0);
          }
          handed.incrementAndGet(sample * outChannels + channel);
        };
        ConvolutionKernels.convolve(x, w, b, channels, height, width, window, groupValues, Math::tanh, planes, a);
        assertThat(a.data()).as(what + ": tanh(z) as laid out").isEqualTo(expectedA);
        assertThat(early.get(0)).as(what + ": planes handed on before they were written").isZero();
        for (int i = 0; i < n * outChannels; i++) {
          assertThat(handed.get(i)).as(what + ": plane %s handed on", i).isEqualTo(1);
        }
        Matrix dx = random(r, n, channels * height * width);
        ConvolutionKernels.convolutionInputGradient(delta, w, channels, height, width, window, groupValues, dx);
        assertThat(dx.data()).as(what + ": dx").isEqualTo(expected.dx);
        for (int tasks = 1; tasks <= 5; tasks += 2) {
          Matrix dw = dw0.copy();
          Matrix db = b == null ? null : db0.copy();
          ConvolutionKernels.addConvolutionWeightGradient(x, delta, null, channels, height, width, window, groupValues, dw, db, tasks);
          assertThat(dw.data()).as(what + ", " + tasks + " tasks: dW").isEqualTo(expected.dw);
          if (db != null) {
            assertThat(db.data()).as(what + ", " + tasks + " tasks: db").isEqualTo(expected.db);
          }
          // The deltas given plane by plane: the matrix's values unread.
          dw = dw0.copy();
          db = b == null ? null : db0.copy();
          ConvolutionKernels.addConvolutionWeightGradient(
              x, unread, planesOf(delta, outChannels, positions), channels, height, width, window, groupValues, dw, db, tasks);
          assertThat(dw.data()).as(what + ", " + tasks + " tasks, planes: dW").isEqualTo(expected.dw);
          if (db != null) {
            assertThat(db.data()).as(what + ", " + tasks + " tasks, planes: db").isEqualTo(expected.db);
          }
        }
        Matrix dxFromPlanes = random(r, n, channels * height * width);
        ConvolutionKernels.convolutionInputGradient(
            unread, planesOf(delta, outChannels, positions), w, channels, height, width, window, groupValues, dxFromPlanes);
        assertThat(dxFromPlanes.data()).as(what + ": dx from planes").isEqualTo(expected.dx);
      }
      checked++;
    }
    assertThat(checked).as("random shapes that fit").isGreaterThan(TRIALS / 2);
  }

  /** The planes of {@code delta}, copied where they are asked for. */
  private static PlaneSource planesOf(Matrix delta, int channels, int positions) {
    return (sample, channel, out, offset) ->
        System.arraycopy(delta.data(), (sample * channels + channel) * positions, out, offset, positions);
  }

  @Test
  void mismatchedShapesAreRejectedNamingBoth() {
    Window2d window = Window2d.of(3, 3, 1, 1, 0, 0);
    Matrix x = new Matrix(2, 2 * 5 * 5);
    assertThatThrownBy(() -> ConvolutionKernels.convolve(x, new Matrix(4, 17), null, 2, 5, 5, window, 1 << 17, new Matrix(2, 36)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[O, 18]")
        .hasMessageContaining("[4, 17]");
    assertThatThrownBy(() -> ConvolutionKernels.convolve(x, new Matrix(4, 18), new Matrix(1, 3), 2, 5, 5, window, 1 << 17, new Matrix(2, 36)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Expected 4 biases");
    assertThatThrownBy(() -> ConvolutionKernels.addConvolutionWeightGradient(x, new Matrix(2, 35), 2, 5, 5, window, 1 << 17, new Matrix(4, 18), null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("deltas [2, O·9]")
        .hasMessageContaining("[2, 35]");
    assertThatThrownBy(() -> ConvolutionKernels.convolutionInputGradient(new Matrix(2, 36), new Matrix(4, 18), 3, 5, 5, window, 1 << 17, x))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Expected samples of 75 values");
  }

  private static Matrix random(Random r, int rows, int cols) {
    Matrix m = new Matrix(rows, cols);
    for (int i = 0; i < m.data().length; i++) {
      // Some zeros and negative zeros, which a bias of +0.0 would turn positive.
      int pick = r.nextInt(20);
      m.data()[i] = pick == 0 ? 0.0 : pick == 1 ? -0.0 : r.nextGaussian();
    }
    return m;
  }

  /** The whole batch's formulation: unfolded by plain loops, one product each. */
  private record Reference(double[] z, double[] dx, double[] dw, double[] db) {
    static Reference of(
        Matrix x, Matrix w, Matrix b, Matrix delta, Matrix dw0, Matrix db0, int channels, int height, int width,
        Window2d window, int outChannels) {
      int n = x.rows();
      int outHeight = window.outputHeight(height);
      int outWidth = window.outputWidth(width);
      int positions = outHeight * outWidth;
      int taps = channels * window.kernelHeight() * window.kernelWidth();
      int columns = n * positions;
      // cols[tap, s·P + p]: the input each tap sees (0 over padding); where[...] its index in x, or -1.
      double[] cols = new double[taps * columns];
      int[] where = new int[taps * columns];
      for (int s = 0; s < n; s++) {
        for (int c = 0, tap = 0; c < channels; c++) {
          for (int i = 0; i < window.kernelHeight(); i++) {
            for (int j = 0; j < window.kernelWidth(); j++, tap++) {
              for (int oy = 0; oy < outHeight; oy++) {
                for (int ox = 0; ox < outWidth; ox++) {
                  int iy = oy * window.strideHeight() + i * window.dilationHeight() - window.padTop();
                  int ix = ox * window.strideWidth() + j * window.dilationWidth() - window.padLeft();
                  int at = tap * columns + s * positions + oy * outWidth + ox;
                  boolean inside = iy >= 0 && iy < height && ix >= 0 && ix < width;
                  where[at] = inside ? s * channels * height * width + (c * height + iy) * width + ix : -1;
                  cols[at] = inside ? x.data()[where[at]] : 0.0;
                }
              }
            }
          }
        }
      }
      ComputeBackend backend = Backends.current();
      double[] products = new double[outChannels * columns];
      backend.gemm(false, false, outChannels, columns, taps, w.data(), cols, products);
      double[] deltas = new double[outChannels * columns];
      double[] z = new double[n * outChannels * positions];
      for (int s = 0; s < n; s++) {
        for (int o = 0; o < outChannels; o++) {
          for (int p = 0; p < positions; p++) {
            z[(s * outChannels + o) * positions + p] = products[o * columns + s * positions + p] + (b == null ? 0.0 : b.data()[o]);
            deltas[o * columns + s * positions + p] = delta.data()[(s * outChannels + o) * positions + p];
          }
        }
      }
      double[] colsGradient = new double[taps * columns];
      backend.gemm(true, false, taps, columns, outChannels, w.data(), deltas, colsGradient);
      double[] dx = new double[x.data().length];
      // Sample by sample, tap by tap: each input's terms in the order of its taps.
      for (int s = 0; s < n; s++) {
        for (int tap = 0; tap < taps; tap++) {
          for (int p = 0; p < positions; p++) {
            int at = tap * columns + s * positions + p;
            if (where[at] >= 0) {
              dx[where[at]] += colsGradient[at];
            }
          }
        }
      }
      double[] dw = dw0.data().clone();
      backend.gemm(false, true, outChannels, taps, columns, deltas, cols, dw, true);
      double[] db = db0.data().clone();
      for (int o = 0; o < outChannels; o++) {
        for (int k = 0; k < columns; k++) {
          db[o] += deltas[o * columns + k];
        }
      }
      return new Reference(z, dx, dw, db);
    }
  }
}
