package dev.nn4j.core.math;

import java.util.Arrays;

/**
 * The plain-Java {@link RowKernel}: the weights transposed into one array per input ({@code k} rows of
 * {@code n}), and each pass over the outputs adds four inputs' terms, in order, to every output. The loop
 * has the form that C2 vectorizes (see {@link BlockedGemm}), and the four steps per pass cut the loads and
 * stores of the outputs to a quarter of a pass per input.
 */
final class JavaRowKernel implements RowKernel {
  @Override
  public String name() {
    return "java";
  }

  @Override
  public Product pack(double[] w, int n, int k) {
    double[][] rows = new double[k][n];
    for (int j = 0; j < n; j++) {
      for (int p = 0; p < k; p++) {
        rows[p][j] = w[j * k + p];
      }
    }
    return (x, y) -> multiply(x, rows, n, y);
  }

  private static void multiply(double[] x, double[][] rows, int n, double[] y) {
    Arrays.fill(y, 0, n, 0.0);
    int k = rows.length;
    int p = 0;
    for (; p + 3 < k; p += 4) {
      double a0 = x[p];
      double a1 = x[p + 1];
      double a2 = x[p + 2];
      double a3 = x[p + 3];
      double[] b0 = rows[p];
      double[] b1 = rows[p + 1];
      double[] b2 = rows[p + 2];
      double[] b3 = rows[p + 3];
      for (int j = 0; j < n; j++) {
        y[j] = Math.fma(a3, b3[j], Math.fma(a2, b2[j], Math.fma(a1, b1[j], Math.fma(a0, b0[j], y[j]))));
      }
    }
    for (; p < k; p++) {
      double a0 = x[p];
      double[] b0 = rows[p];
      for (int j = 0; j < n; j++) {
        y[j] = Math.fma(a0, b0[j], y[j]);
      }
    }
  }
}
