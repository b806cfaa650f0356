package dev.nn4j.core;

import dev.nn4j.core.math.Kernels;
import dev.nn4j.core.math.Matrix;
import java.util.List;
import java.util.Random;

/** Test-only components, since nn-core cannot depend on nn-activations or nn-optim. */
final class TrainingFixtures {
  private TrainingFixtures() {}

  static Activation sigmoid() {
    return new ElementwiseActivation("sigmoid") {
      @Override
      public double value(double x) {
        return 1 / (1 + Math.exp(-x));
      }

      @Override
      public double derivative(double x, double y) {
        return y * (1 - y);
      }

      @Override
      public Outputs outputs() {
        return Outputs.SIGMOID;
      }
    };
  }

  static Activation tanh() {
    return new ElementwiseActivation("tanh") {
      @Override
      public double value(double x) {
        return Math.tanh(x);
      }

      @Override
      public double derivative(double x, double y) {
        return 1 - y * y;
      }

      @Override
      public Outputs outputs() {
        return Outputs.REAL;
      }
    };
  }

  static Activation identity() {
    return new ElementwiseActivation("identity") {
      @Override
      public double value(double x) {
        return x;
      }

      @Override
      public double derivative(double x, double y) {
        return 1;
      }

      @Override
      public Outputs outputs() {
        return Outputs.REAL;
      }
    };
  }

  static Activation softmax() {
    return new Activation() {
      @Override
      public String name() {
        return "softmax";
      }

      @Override
      public void forward(Matrix z, Matrix out) {
        Kernels.softmaxRows(z, out);
      }

      @Override
      public void backward(Matrix z, Matrix a, Matrix gradOut, Matrix gradIn) {
        Kernels.softmaxRowsBackward(a, gradOut, gradIn);
      }

      @Override
      public Outputs outputs() {
        return Outputs.SOFTMAX;
      }
    };
  }

  static Optimizer sgd(double learningRate) {
    return new Optimizer() {
      @Override
      public String name() {
        return "sgd";
      }

      @Override
      public Updater start(java.util.Map<String, Parameter> parameters) {
        return () -> parameters.values().forEach(p -> Kernels.addScaled(p.value(), -learningRate, p.gradient()));
      }

      @Override
      public String toString() {
        return "sgd(learningRate=" + learningRate + ")";
      }
    };
  }

  static Matrix gaussian(int rows, int cols, Random random) {
    Matrix m = new Matrix(rows, cols);
    for (int i = 0; i < m.size(); i++) {
      m.data()[i] = random.nextGaussian();
    }
    return m;
  }

  /** One-hot rows for random classes. */
  static Matrix oneHot(int rows, int classes, Random random) {
    Matrix m = new Matrix(rows, classes);
    for (int r = 0; r < rows; r++) {
      m.set(r, random.nextInt(classes), 1.0);
    }
    return m;
  }
}
