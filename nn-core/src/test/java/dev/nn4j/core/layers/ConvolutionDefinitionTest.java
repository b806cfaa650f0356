package dev.nn4j.core.layers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nn4j.core.Parameter;
import dev.nn4j.core.Pass;
import dev.nn4j.core.Shape;
import dev.nn4j.core.math.Matrix;
import dev.nn4j.core.math.Window2d;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A convolution computes its definition, {@code z[o, y, x] = b[o] + Σ W[o, c, i, j] · x[c, y·s + i·d − p, x·s +
 * j·d − p]}, and its gradients, written here as the plainest loops, for hundreds of random shapes: strides and
 * dilations of 1 to 3, valid, same and explicit padding (different on each side), kernels that reach past the
 * image, outputs one column wide, batches of 0 to 8 samples convolved in groups of random budgets; and in the ways
 * a pass may be used: a forward of another input or batch size first, and a backward run twice. The fixtures
 * of {@link ConvolutionFixtureTest} check PyTorch's numbers on chosen shapes; this checks the unfolding's index
 * arithmetic everywhere.
 */
class ConvolutionDefinitionTest {
  private static final int TRIALS = 800;

  @Test
  void randomShapesComputeTheDefinitionAndItsGradients() {
    Random random = new Random(20261202L);
    int checked = 0;
    for (int trial = 0; trial < TRIALS; trial++) {
      Case c = Case.random(random, trial % 40 == 0);
      if (c == null) {
        continue; // the kernel does not fit the padded image
      }
      checked++;
      Conv2d layer = new Conv2d(Shape.of(c.channels, c.height, c.width), c.spec, Fixtures.identity(), c.budget);
      fill(layer.weight().value(), random);
      Parameter bias = c.spec.bias() ? layer.parameters().get(1) : null;
      if (bias != null) {
        fill(bias.value(), random);
      }
      Matrix x = new Matrix(c.samples, c.channels * c.height * c.width);
      fill(x, random);
      Matrix g = new Matrix(c.samples, layer.outputShape().size());
      fill(g, random);
      Reference expected = Reference.of(c, layer, bias, x, g);

      Pass pass = Pass.forInference();
      int scenario = trial % 3;
      if (scenario == 1) {
        Matrix other = new Matrix(c.samples + 3, x.cols());
        fill(other, random);
        layer.forward(other, pass); // another input and batch size first: backward must not use its unfolding
      }
      Matrix z = layer.forward(x, pass).copy();
      layer.weight().zeroGradient();
      if (bias != null) {
        bias.zeroGradient();
      }
      Matrix dx = layer.backward(g, pass).copy();
      double times = 1;
      if (scenario == 2) {
        dx = layer.backward(g, pass).copy(); // the forward's unfolding is not there any more: unfolded again
        times = 2;
      }
      String what = c.toString();
      assertClose(z.data(), expected.z, 1, what + ": z");
      assertClose(dx.data(), expected.dx, 1, what + ": dx");
      assertClose(layer.weight().gradient().data(), expected.dw, times, what + ": dW");
      if (bias != null) {
        assertClose(bias.gradient().data(), expected.db, times, what + ": db");
      }
    }
    assertThat(checked).as("random shapes that fit").isGreaterThan(TRIALS / 2);
  }

  /** One random convolution: the image, the specification, the batch and the budget of a group of samples. */
  private record Case(int channels, int height, int width, Conv2d.Spec spec, int samples, int budget) {
    static Case random(Random r, boolean large) {
      int channels = 1 + r.nextInt(3);
      int height = 1 + r.nextInt(large ? 30 : 9);
      int width = 1 + r.nextInt(large ? 30 : 9);
      Conv2d.Spec spec = Conv2d.Spec.of(1 + r.nextInt(large ? 12 : 4), 1 + r.nextInt(4), 1 + r.nextInt(4))
          .withDilation(1 + r.nextInt(3), 1 + r.nextInt(3))
          .withBias(r.nextBoolean());
      switch (r.nextInt(3)) {
        case 0 -> spec = spec.withStride(1 + r.nextInt(3), 1 + r.nextInt(3)).withPadding(r.nextInt(4), r.nextInt(4));
        case 1 -> spec = spec.withSamePadding();
        default -> spec = spec.withStride(1 + r.nextInt(3), 1 + r.nextInt(3));
      }
      Window2d window = spec.window();
      int positions;
      try {
        positions = window.outputHeight(height) * window.outputWidth(width);
      } catch (IllegalArgumentException tooLarge) {
        return null;
      }
      int samples = r.nextInt(10) == 0 ? 0 : 1 + r.nextInt(8);
      int perSample = (channels * window.kernelHeight() * window.kernelWidth() + spec.outChannels()) * positions;
      // The default budget, or one to three samples' worth, give or take: groups of every size.
      int budget = r.nextBoolean()
          ? Conv2d.GROUP_VALUES
          : Math.max(1, perSample * (1 + r.nextInt(3)) + r.nextInt(perSample + 1) - r.nextInt(2));
      return new Case(channels, height, width, spec, samples, budget);
    }
  }

  /** The definition's outputs and gradients, by the plainest loops over every output and tap. */
  private record Reference(double[] z, double[] dx, double[] dw, double[] db) {
    static Reference of(Case c, Conv2d layer, Parameter bias, Matrix x, Matrix g) {
      Window2d w = c.spec.window();
      int outH = w.outputHeight(c.height);
      int outW = w.outputWidth(c.width);
      int positions = outH * outW;
      int outChannels = c.spec.outChannels();
      int taps = c.channels * w.kernelHeight() * w.kernelWidth();
      int sampleSize = c.channels * c.height * c.width;
      double[] weights = layer.weight().value().data();
      double[] z = new double[c.samples * outChannels * positions];
      double[] dx = new double[x.size()];
      double[] dw = new double[weights.length];
      double[] db = new double[outChannels];
      for (int s = 0; s < c.samples; s++) {
        for (int o = 0; o < outChannels; o++) {
          for (int oy = 0; oy < outH; oy++) {
            for (int ox = 0; ox < outW; ox++) {
              int out = (s * outChannels + o) * positions + oy * outW + ox;
              double sum = bias == null ? 0.0 : bias.value().data()[o];
              double gradient = g.data()[out];
              db[o] += gradient;
              for (int ch = 0; ch < c.channels; ch++) {
                for (int i = 0; i < w.kernelHeight(); i++) {
                  for (int j = 0; j < w.kernelWidth(); j++) {
                    int iy = oy * w.strideHeight() + i * w.dilationHeight() - w.padTop();
                    int ix = ox * w.strideWidth() + j * w.dilationWidth() - w.padLeft();
                    if (iy < 0 || iy >= c.height || ix < 0 || ix >= c.width) {
                      continue;
                    }
                    int in = s * sampleSize + (ch * c.height + iy) * c.width + ix;
                    int tap = o * taps + (ch * w.kernelHeight() + i) * w.kernelWidth() + j;
                    sum += weights[tap] * x.data()[in];
                    dw[tap] += gradient * x.data()[in];
                    dx[in] += gradient * weights[tap];
                  }
                }
              }
              z[out] = sum;
            }
          }
        }
      }
      return new Reference(z, dx, dw, db);
    }
  }

  private static void assertClose(double[] actual, double[] expected, double times, String what) {
    assertThat(actual).as(what).hasSize(expected.length);
    for (int i = 0; i < expected.length; i++) {
      double e = expected[i] * times;
      assertThat(Math.abs(actual[i] - e)).as("%s[%s]: %s against %s", what, i, actual[i], e)
          .isLessThanOrEqualTo(1e-11 + 1e-10 * Math.abs(e));
    }
  }

  private static void fill(Matrix m, Random random) {
    double[] d = m.data();
    for (int i = 0; i < d.length; i++) {
      d[i] = random.nextGaussian();
    }
  }
}
