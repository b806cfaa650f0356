package dev.nn4j.core.math;

import java.util.Arrays;

/**
 * The plain-Java {@link RowKernel}: the weights transposed into one array per input ({@code k} rows of
 * {@code n}), which is the packed panel of {@link BlockedGemm} for the whole product, so its one-row loop
 * does the work: each pass over the outputs adds four inputs' terms, in order, in the form that C2
 * vectorizes, the outputs loaded and stored once per four inputs.
 */
final class JavaRowKernel implements RowKernel {
  @Override
  public String name() {
    return "java";
  }

  @Override
  public Product pack(double[] w, int n, int k) {
    double[] t = RowKernel.transpose(w, n, k);
    double[][] rows = new double[k][];
    for (int p = 0; p < k; p++) {
      rows[p] = Arrays.copyOfRange(t, p * n, p * n + n);
    }
    return (x, y) -> multiply(x, rows, n, y);
  }

  private static void multiply(double[] x, double[][] rows, int n, double[] y) {
    Arrays.fill(y, 0, n, 0.0);
    BlockedGemm.rows1(rows.length, n, x, 0, 1, rows, y);
  }
}
