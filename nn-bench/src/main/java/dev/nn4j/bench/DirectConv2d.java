package dev.nn4j.bench;

import dev.nn4j.core.ActivatedLayer;
import dev.nn4j.core.Activation;
import dev.nn4j.core.InitContext;
import dev.nn4j.core.LayerConfig;
import dev.nn4j.core.Parameter;
import dev.nn4j.core.Pass;
import dev.nn4j.core.Shape;
import dev.nn4j.core.init.Initializers;
import dev.nn4j.core.math.Matrix;
import dev.nn4j.core.math.Window2d;
import java.util.List;

/**
 * The reference W4 is measured against: the same convolution as nn4j's {@code conv2d} (stride, padding and
 * dilation of a {@link Window2d}, weights {@code [out, in, kh, kw]}, bias), computed the plain way, seven
 * nested loops per pass, no unfolding and no products on a backend.
 */
final class DirectConv2d implements ActivatedLayer {
  private final Shape inputShape;
  private final Shape outputShape;
  private final Window2d window;
  private final int channels;
  private final int height;
  private final int width;
  private final int outChannels;
  private final int outHeight;
  private final int outWidth;
  private final Activation activation;
  private final Parameter weight;
  private final Parameter bias;

  DirectConv2d(Shape inputShape, int outChannels, Window2d window, Activation activation) {
    this.inputShape = inputShape;
    this.window = window;
    this.channels = inputShape.dim(0);
    this.height = inputShape.dim(1);
    this.width = inputShape.dim(2);
    this.outChannels = outChannels;
    this.outHeight = window.outputHeight(height);
    this.outWidth = window.outputWidth(width);
    this.outputShape = Shape.of(outChannels, outHeight, outWidth);
    this.activation = activation;
    this.weight = new Parameter("weight", Shape.of(outChannels, channels, window.kernelHeight(), window.kernelWidth()));
    this.bias = new Parameter("bias", Shape.of(outChannels));
  }

  @Override
  public String type() {
    return "direct_conv2d";
  }

  @Override
  public LayerConfig config() {
    return LayerConfig.empty();
  }

  @Override
  public Shape inputShape() {
    return inputShape;
  }

  @Override
  public Shape outputShape() {
    return outputShape;
  }

  @Override
  public Activation activation() {
    return activation;
  }

  @Override
  public List<Parameter> parameters() {
    return List.of(weight, bias);
  }

  @Override
  public void initialize(InitContext context) {
    Initializers.heUniform().initialize(weight.value(), bias.value(), context.random());
  }

  @Override
  public Matrix forward(Matrix input, Pass pass) {
    int n = input.rows();
    Matrix z = pass.buffer(this, "z", n, outputShape.size());
    Matrix a = pass.buffer(this, "a", n, outputShape.size());
    double[] x = input.data();
    double[] w = weight.value().data();
    double[] b = bias.value().data();
    double[] out = z.data();
    for (int s = 0; s < n; s++) {
      for (int o = 0; o < outChannels; o++) {
        for (int oy = 0; oy < outHeight; oy++) {
          for (int ox = 0; ox < outWidth; ox++) {
            double sum = b[o];
            for (int c = 0; c < channels; c++) {
              for (int i = 0; i < window.kernelHeight(); i++) {
                int iy = oy * window.strideHeight() - window.padTop() + i * window.dilationHeight();
                for (int j = 0; j < window.kernelWidth(); j++) {
                  int ix = ox * window.strideWidth() - window.padLeft() + j * window.dilationWidth();
                  if (iy >= 0 && iy < height && ix >= 0 && ix < width) {
                    sum += w[((o * channels + c) * window.kernelHeight() + i) * window.kernelWidth() + j]
                        * x[((s * channels + c) * height + iy) * width + ix];
                  }
                }
              }
            }
            out[((s * outChannels + o) * outHeight + oy) * outWidth + ox] = sum;
          }
        }
      }
    }
    activation.forward(z, a);
    pass.keep(this, "x", input);
    return a;
  }

  /** Serves itself: the benchmark does not train a network while it serves it. */
  @Override
  public dev.nn4j.core.Layer forServing() {
    return this;
  }

  @Override
  public Matrix preActivation(Pass pass) {
    return pass.kept(this, "z");
  }

  @Override
  public Matrix backward(Matrix outputGradient, Pass pass) {
    Matrix input = pass.kept(this, "x");
    int n = input.rows();
    Matrix delta = outputGradient;
    if (!pass.isFusedOutput(this)) {
      delta = pass.buffer(this, "delta", n, outputShape.size());
      activation.backward(pass.kept(this, "z"), pass.kept(this, "a"), outputGradient, delta);
    }
    boolean inputGradient = pass.needsInputGradient(this);
    Matrix dx = inputGradient ? pass.buffer(this, "dx", n, inputShape.size()) : null;
    if (dx != null) {
      dx.fill(0.0);
    }
    double[] x = input.data();
    double[] w = weight.value().data();
    double[] dw = weight.gradient().data();
    double[] db = bias.gradient().data();
    double[] d = delta.data();
    for (int s = 0; s < n; s++) {
      for (int o = 0; o < outChannels; o++) {
        for (int oy = 0; oy < outHeight; oy++) {
          for (int ox = 0; ox < outWidth; ox++) {
            double g = d[((s * outChannels + o) * outHeight + oy) * outWidth + ox];
            db[o] += g;
            for (int c = 0; c < channels; c++) {
              for (int i = 0; i < window.kernelHeight(); i++) {
                int iy = oy * window.strideHeight() - window.padTop() + i * window.dilationHeight();
                for (int j = 0; j < window.kernelWidth(); j++) {
                  int ix = ox * window.strideWidth() - window.padLeft() + j * window.dilationWidth();
                  if (iy >= 0 && iy < height && ix >= 0 && ix < width) {
                    int wi = ((o * channels + c) * window.kernelHeight() + i) * window.kernelWidth() + j;
                    int xi = ((s * channels + c) * height + iy) * width + ix;
                    dw[wi] += g * x[xi];
                    if (dx != null) {
                      dx.data()[xi] += g * w[wi];
                    }
                  }
                }
              }
            }
          }
        }
      }
    }
    return dx;
  }
}
