package dev.nn4j.core.math;

import static dev.nn4j.core.math.Exponentials.sigmoid;
import static dev.nn4j.core.math.Exponentials.tanh;

/**
 * The elementwise loops of one step of a recurrent layer, forward and backward (the products around them go
 * through {@link Kernels} and the {@link ComputeBackend}).
 *
 * <p>Layouts: a batch of {@code n} sequences of {@code T} steps is {@code n·T} rows, row {@code i·T + t}
 * holding step {@code t} of sequence {@code i} (sample-major, as the batch itself). The state {@code h} (and
 * {@code c}) being carried is {@code [n, H]}; the product of one step with {@code W_hh} is {@code [n,
 * gates·H]}. A step {@code t} is real for sequence {@code i} when {@code t < lengths[i]} (every step is when
 * {@code lengths} is null); a padded step leaves the state unchanged, outputs zeros and gets no gradient.
 *
 * <p>Every value is computed by one thread in a fixed order, so results do not depend on threads.
 */
public final class RecurrentKernels {
  private RecurrentKernels() {}

  /**
   * One step forward for every sequence: reads the input projection {@code W_ih x} of step {@code t} and the
   * recurrent product {@code h·W_hhᵀ}, adds the biases as {@code ((W_ih x + b_ih) + h·W_hhᵀ) + b_hh},
   * updates the state of every sequence for which the step is real, writes {@code h'} (or zeros for
   * padding) into {@code output}'s columns from {@code outputOffset}, and records the step for the backward
   * pass (unless the records are null: an inference pass keeps nothing that only the backward pass reads).
   *
   * @param cell the cell's equations
   * @param steps {@code T}
   * @param t the step, {@code 0 <= t < T}
   * @param lengths the real steps of each sequence, or null if all are real
   * @param projection {@code W_ih x} of every step, {@code [n·T, gates·H]}
   * @param recurrent {@code h·W_hhᵀ} for this step, {@code [n, gates·H]}
   * @param biasIh {@code b_ih}, {@code [1, gates·H]}, or null without bias
   * @param biasHh {@code b_hh}, {@code [1, gates·H]}, or null without bias
   * @param state {@code h}, {@code [n, H]}, updated in place
   * @param cellState {@code c}, {@code [n, H]}, updated in place (LSTM only, else null)
   * @param previousStates records {@code h} entering each step, {@code [n·T, H]}; null when nothing is
   *     recorded (inference: the four records are then all null)
   * @param previousCells records {@code c} entering each step, {@code [n·T, H]} (LSTM only, else null)
   * @param gates records the activated gates of each step, {@code [n·T, storedBlocks·H]} (or null)
   * @param cells records {@code c} leaving each step, {@code [n·T, H]} (LSTM only, else null)
   * @param output {@code [n·T, width]}, receives {@code h'} of this step
   * @param outputOffset the first column of {@code output} to write
   * @param workspace the step's scratch arrays, {@link Workspace#of} {@code H} (one per thread)
   */
  public static void forwardStep(
      RecurrentCell cell,
      int steps,
      int t,
      int[] lengths,
      Matrix projection,
      Matrix recurrent,
      Matrix biasIh,
      Matrix biasHh,
      Matrix state,
      Matrix cellState,
      Matrix previousStates,
      Matrix previousCells,
      Matrix gates,
      Matrix cells,
      Matrix output,
      int outputOffset,
      Workspace workspace) {
    int n = state.rows();
    int hidden = state.cols();
    double[] h = state.data();
    double[] y = output.data();
    int yCols = output.cols();
    boolean record = previousStates != null;
    double[] hPrev = record ? previousStates.data() : null;
    double[] g = record ? gates.data() : null;
    for (int i = 0; i < n; i++) {
      int rt = i * steps + t;
      int yAt = rt * yCols + outputOffset;
      if (record) {
        // Recorded for padded steps too (it is the unchanged state), so that the product of W_hh's gradient
        // never reads values of an earlier batch.
        System.arraycopy(h, i * hidden, hPrev, rt * hidden, hidden);
      }
      if (lengths != null && t >= lengths[i]) {
        java.util.Arrays.fill(y, yAt, yAt + hidden, 0.0);
        continue;
      }
      switch (cell) {
        case RNN_TANH, RNN_RELU -> rnnRow(cell == RecurrentCell.RNN_RELU, i, rt, hidden, projection, recurrent, biasIh, biasHh, state, g);
        case LSTM -> lstmRow(i, rt, hidden, projection, recurrent, biasIh, biasHh, state, cellState,
            record ? previousCells.data() : null, g, record ? cells.data() : null, workspace);
        case GRU -> gruRow(i, rt, hidden, projection, recurrent, biasIh, biasHh, state, g);
      }
      System.arraycopy(h, i * hidden, y, yAt, hidden);
    }
  }

  private static void rnnRow(
      boolean relu, int i, int rt, int hidden, Matrix projection, Matrix recurrent, Matrix biasIh, Matrix biasHh, Matrix state,
      double[] g) {
    double[] p = projection.data();
    double[] r = recurrent.data();
    double[] bi = biasIh == null ? null : biasIh.data();
    double[] b = biasHh == null ? null : biasHh.data();
    double[] h = state.data();
    for (int j = 0; j < hidden; j++) {
      double z = pre(p, r, bi, b, rt * hidden, i * hidden, j);
      double a = relu ? Math.max(0.0, z) : tanh(z);
      h[i * hidden + j] = a;
      if (g != null) {
        g[rt * hidden + j] = a;
      }
    }
  }

  /**
   * One LSTM row. The gates' pre-activations {@code ((W_ih x + b_ih) + h·W_hhᵀ) + b_hh} are summed in the
   * workspace, into which this row's projection and recurrent product are copied first: C2 vectorizes a
   * loop only over arrays it sees indexed alike, and the biases are already at index 0 of theirs.
   */
  private static void lstmRow(
      int i, int rt, int hidden, Matrix projection, Matrix recurrent, Matrix biasIh, Matrix biasHh, Matrix state,
      Matrix cellState, double[] cPrev, double[] g, double[] cells, Workspace w) {
    int width = 4 * hidden;
    int pAt = rt * width;
    System.arraycopy(projection.data(), pAt, w.gates, 0, width);
    System.arraycopy(recurrent.data(), i * width, w.recurrent, 0, width);
    System.arraycopy(cellState.data(), i * hidden, w.cell, 0, hidden);
    if (g != null) {
      System.arraycopy(w.cell, 0, cPrev, rt * hidden, hidden);
    }
    lstmCell(w, biasIh == null ? null : biasIh.data(), biasHh == null ? null : biasHh.data());
    System.arraycopy(w.cell, 0, cellState.data(), i * hidden, hidden);
    System.arraycopy(w.hidden, 0, state.data(), i * hidden, hidden);
    if (g != null) {
      System.arraycopy(w.gates, 0, g, pAt, width);
      System.arraycopy(w.cell, 0, cells, rt * hidden, hidden);
    }
  }

  /**
   * The LSTM cell on the workspace, for {@code H = w.size()}: from the projection {@code W_ih x} in {@code
   * w.gates}, the recurrent product in {@code w.recurrent} and {@code c} in {@code w.cell}, leaves the
   * activated gates (PyTorch's order: input, forget, candidate, output) in {@code w.gates}, {@code c'} in
   * {@code w.cell} and {@code h'} in {@code w.hidden}. Every array is indexed from 0, so C2 vectorizes each
   * loop, and the input and forget sigmoids are one pass.
   *
   * @param w the workspace holding the inputs, receiving the results
   * @param biasIh {@code b_ih}, {@code 4·H} values from index 0, or null without biases
   * @param biasHh {@code b_hh}, likewise
   */
  static void lstmCell(Workspace w, double[] biasIh, double[] biasHh) {
    int hidden = w.size;
    int width = 4 * hidden;
    double[] z = w.gates;
    if (biasHh == null) {
      add(z, w.recurrent, width);
    } else {
      add(z, biasIh, w.recurrent, biasHh, width);
    }
    Exponentials.sigmoid(z, 0, 2 * hidden, w.polynomials, w.exponents);
    Exponentials.tanh(z, z, 2 * hidden, 3 * hidden, w.polynomials, w.exponents);
    Exponentials.sigmoid(z, 3 * hidden, width, w.polynomials, w.exponents);
    double[] in = w.in;
    double[] forget = w.forget;
    double[] candidate = w.candidate;
    double[] out = w.out;
    double[] c = w.cell;
    double[] h = w.hidden;
    System.arraycopy(z, 0, in, 0, hidden);
    System.arraycopy(z, hidden, forget, 0, hidden);
    System.arraycopy(z, 2 * hidden, candidate, 0, hidden);
    System.arraycopy(z, 3 * hidden, out, 0, hidden);
    for (int j = 0; j < hidden; j++) {
      c[j] = forget[j] * c[j] + in[j] * candidate[j];
    }
    Exponentials.tanh(c, h, 0, hidden, w.polynomials, w.exponents);
    for (int j = 0; j < hidden; j++) {
      h[j] = out[j] * h[j];
    }
  }

  private static void add(double[] z, double[] x, int n) {
    for (int j = 0; j < n; j++) {
      z[j] = z[j] + x[j];
    }
  }

  private static void add(double[] z, double[] x, double[] y, double[] w, int n) {
    for (int j = 0; j < n; j++) {
      z[j] = z[j] + x[j] + y[j] + w[j];
    }
  }

  private static void gruRow(
      int i, int rt, int hidden, Matrix projection, Matrix recurrent, Matrix biasIh, Matrix biasHh, Matrix state,
      double[] g) {
    int width = 3 * hidden;
    double[] p = projection.data();
    double[] r = recurrent.data();
    double[] bi = biasIh == null ? null : biasIh.data();
    double[] b = biasHh == null ? null : biasHh.data();
    double[] h = state.data();
    int pAt = rt * width;
    int rAt = i * width;
    int gAt = rt * 4 * hidden;
    for (int j = 0; j < hidden; j++) {
      double reset = sigmoid(pre(p, r, bi, b, pAt, rAt, j));
      double update = sigmoid(pre(p, r, bi, b, pAt, rAt, j + hidden));
      double hn = r[rAt + j + 2 * hidden] + (b == null ? 0.0 : b[j + 2 * hidden]);
      double candidate = tanh(p[pAt + j + 2 * hidden] + (bi == null ? 0.0 : bi[j + 2 * hidden]) + reset * hn);
      double previous = h[i * hidden + j];
      h[i * hidden + j] = (1.0 - update) * candidate + update * previous;
      if (g != null) {
        g[gAt + j] = reset;
        g[gAt + j + hidden] = update;
        g[gAt + j + 2 * hidden] = candidate;
        g[gAt + j + 3 * hidden] = hn;
      }
    }
  }

  /**
   * One step backward for every sequence, in the reverse order of the forward steps. For each sequence
   * whose step {@code t} is real: adds {@code dL/dh'} from the output ({@code outputGradient}, if any) to the
   * carried {@code dh}, writes the gradients of the gates' pre-activations on the input side into {@code
   * projectionGradient}'s row {@code i·T + t} and on the recurrent side into {@code recurrentGradient}'s row
   * {@code i} and {@code recurrentGradients}' row {@code i·T + t}, and leaves in {@code dh} (and {@code dc})
   * the part of {@code dL/dh} (and {@code dL/dc}) that does not go through {@code W_hh}: the caller then adds
   * {@code recurrentGradient · W_hh} to {@code dh}. Padded steps write zeros and pass {@code dh} and {@code
   * dc} through unchanged.
   *
   * @param cell the cell's equations
   * @param steps {@code T}
   * @param t the step
   * @param lengths the real steps of each sequence, or null if all are real
   * @param previousStates {@code h} entering each step, as the forward pass recorded it
   * @param previousCells {@code c} entering each step (LSTM only, else null)
   * @param gates the activated gates of each step
   * @param cells {@code c} leaving each step (LSTM only, else null)
   * @param outputGradient {@code dL/d(output)}, {@code [n·T, width]}, or null if the output of every step
   *     is unused
   * @param outputOffset the first column of {@code outputGradient} that belongs to this direction
   * @param dh {@code dL/dh'} carried from the later steps, {@code [n, H]}, updated in place
   * @param dc {@code dL/dc'} carried (LSTM only, else null), updated in place
   * @param projectionGradient receives the input side's gradients, {@code [n·T, gates·H]}
   * @param recurrentGradient receives the recurrent side's gradients of this step, {@code [n, gates·H]}
   * @param recurrentGradients receives the same in row {@code i·T + t}, {@code [n·T, gates·H]}
   */
  public static void backwardStep(
      RecurrentCell cell,
      int steps,
      int t,
      int[] lengths,
      Matrix previousStates,
      Matrix previousCells,
      Matrix gates,
      Matrix cells,
      Matrix outputGradient,
      int outputOffset,
      Matrix dh,
      Matrix dc,
      Matrix projectionGradient,
      Matrix recurrentGradient,
      Matrix recurrentGradients) {
    int n = dh.rows();
    int hidden = dh.cols();
    int width = cell.gates() * hidden;
    double[] dhd = dh.data();
    double[] dp = projectionGradient.data();
    double[] dr = recurrentGradient.data();
    double[] drAll = recurrentGradients.data();
    for (int i = 0; i < n; i++) {
      int rt = i * steps + t;
      if (lengths != null && t >= lengths[i]) {
        java.util.Arrays.fill(dp, rt * width, (rt + 1) * width, 0.0);
        java.util.Arrays.fill(dr, i * width, (i + 1) * width, 0.0);
        java.util.Arrays.fill(drAll, rt * width, (rt + 1) * width, 0.0);
        continue;
      }
      if (outputGradient != null) {
        double[] gy = outputGradient.data();
        int gyAt = rt * outputGradient.cols() + outputOffset;
        for (int j = 0; j < hidden; j++) {
          dhd[i * hidden + j] += gy[gyAt + j];
        }
      }
      switch (cell) {
        case RNN_TANH, RNN_RELU -> rnnRowBackward(cell == RecurrentCell.RNN_RELU, i, rt, hidden, gates.data(), dhd, dp, dr);
        case LSTM -> lstmRowBackward(i, rt, hidden, gates.data(), previousCells.data(), cells.data(), dhd, dc.data(), dp, dr);
        case GRU -> gruRowBackward(i, rt, hidden, gates.data(), previousStates.data(), dhd, dp, dr);
      }
      System.arraycopy(dr, i * width, drAll, rt * width, width);
    }
  }

  private static void rnnRowBackward(boolean relu, int i, int rt, int hidden, double[] g, double[] dh, double[] dp, double[] dr) {
    for (int j = 0; j < hidden; j++) {
      double a = g[rt * hidden + j];
      double grad = dh[i * hidden + j];
      double dz = relu ? (a > 0.0 ? grad : 0.0) : grad * (1.0 - a * a);
      dp[rt * hidden + j] = dz;
      dr[i * hidden + j] = dz;
      dh[i * hidden + j] = 0.0;
    }
  }

  private static void lstmRowBackward(
      int i, int rt, int hidden, double[] g, double[] cPrev, double[] cells, double[] dh, double[] dc, double[] dp, double[] dr) {
    int width = 4 * hidden;
    int at = rt * width;
    for (int j = 0; j < hidden; j++) {
      double in = g[at + j];
      double forget = g[at + j + hidden];
      double candidate = g[at + j + 2 * hidden];
      double out = g[at + j + 3 * hidden];
      double tanhC = tanh(cells[rt * hidden + j]);
      double gradH = dh[i * hidden + j];
      double gradC = dc[i * hidden + j] + gradH * out * (1.0 - tanhC * tanhC);
      double dIn = gradC * candidate * in * (1.0 - in);
      double dForget = gradC * cPrev[rt * hidden + j] * forget * (1.0 - forget);
      double dCandidate = gradC * in * (1.0 - candidate * candidate);
      double dOut = gradH * tanhC * out * (1.0 - out);
      dp[at + j] = dIn;
      dp[at + j + hidden] = dForget;
      dp[at + j + 2 * hidden] = dCandidate;
      dp[at + j + 3 * hidden] = dOut;
      int rAt = i * width;
      dr[rAt + j] = dIn;
      dr[rAt + j + hidden] = dForget;
      dr[rAt + j + 2 * hidden] = dCandidate;
      dr[rAt + j + 3 * hidden] = dOut;
      dc[i * hidden + j] = gradC * forget;
      dh[i * hidden + j] = 0.0;
    }
  }

  private static void gruRowBackward(int i, int rt, int hidden, double[] g, double[] hPrev, double[] dh, double[] dp, double[] dr) {
    int width = 3 * hidden;
    int gAt = rt * 4 * hidden;
    int pAt = rt * width;
    int rAt = i * width;
    for (int j = 0; j < hidden; j++) {
      double reset = g[gAt + j];
      double update = g[gAt + j + hidden];
      double candidate = g[gAt + j + 2 * hidden];
      double hn = g[gAt + j + 3 * hidden];
      double previous = hPrev[rt * hidden + j];
      double gradH = dh[i * hidden + j];
      double dCandidate = gradH * (1.0 - update) * (1.0 - candidate * candidate);
      double dUpdate = gradH * (previous - candidate) * update * (1.0 - update);
      double dReset = dCandidate * hn * reset * (1.0 - reset);
      dp[pAt + j] = dReset;
      dp[pAt + j + hidden] = dUpdate;
      dp[pAt + j + 2 * hidden] = dCandidate;
      dr[rAt + j] = dReset;
      dr[rAt + j + hidden] = dUpdate;
      dr[rAt + j + 2 * hidden] = dCandidate * reset;
      dh[i * hidden + j] = gradH * update;
    }
  }

  /**
   * {@code out += a · b}, for {@code a: [n, k]}, {@code b: [k, m]}, {@code out: [n, m]}, through the compute
   * backend, each sum continuing from {@code out}'s value.
   *
   * @param a the left factor, {@code [n, k]}
   * @param b the right factor, {@code [k, m]}
   * @param out the sum to add to, {@code [n, m]}
   */
  public static void addProduct(Matrix a, Matrix b, Matrix out) {
    if (a.cols() != b.rows() || out.rows() != a.rows() || out.cols() != b.cols()) {
      throw new IllegalArgumentException(
          "Cannot add " + a.shape() + " times " + b.shape() + " to " + out.shape() + ": sizes differ");
    }
    Backends.current().gemm(false, false, a.rows(), b.cols(), a.cols(), a.data(), b.data(), out.data(), true);
  }

  /** {@code ((W_ih x + b_ih) + h·W_hhᵀ) + b_hh} of gate row {@code j}, the biases 0 when absent. */
  private static double pre(double[] projection, double[] recurrent, double[] biasIh, double[] biasHh, int pAt, int rAt, int j) {
    return projection[pAt + j] + (biasIh == null ? 0.0 : biasIh[j]) + recurrent[rAt + j] + (biasHh == null ? 0.0 : biasHh[j]);
  }

  /**
   * The scratch arrays of one thread's {@link #forwardStep}s for a hidden size {@code H}: kept in a {@link
   * dev.nn4j.core.Pass} workspace, so that a step allocates nothing.
   */
  public static final class Workspace {
    private final int size;
    private final double[] gates;
    private final double[] recurrent;
    private final double[] polynomials;
    private final double[] exponents;
    private final double[] in;
    private final double[] forget;
    private final double[] candidate;
    private final double[] out;
    private final double[] cell;
    private final double[] hidden;

    private Workspace(int size) {
      this.size = size;
      gates = new double[4 * size];
      recurrent = new double[4 * size];
      polynomials = new double[4 * size];
      exponents = new double[4 * size];
      in = new double[size];
      forget = new double[size];
      candidate = new double[size];
      out = new double[size];
      cell = new double[size];
      hidden = new double[size];
    }

    /**
     * A workspace for hidden size {@code hidden}.
     *
     * @param hidden {@code H}
     * @return a new workspace
     */
    public static Workspace of(int hidden) {
      return new Workspace(hidden);
    }

    /**
     * The hidden size this workspace serves.
     *
     * @return {@code H}
     */
    public int size() {
      return size;
    }

    /** The gates: {@code W_ih x} before {@link #lstmCell}, the activated gates after; {@code 4·H} values. */
    double[] gates() {
      return gates;
    }

    /** The recurrent product {@code h·W_hhᵀ} for {@link #lstmCell}, {@code 4·H} values. */
    double[] recurrent() {
      return recurrent;
    }

    /** {@code c} before {@link #lstmCell}, {@code c'} after. */
    double[] cell() {
      return cell;
    }

    /** {@code h'} after {@link #lstmCell}. */
    double[] hidden() {
      return hidden;
    }
  }
}
