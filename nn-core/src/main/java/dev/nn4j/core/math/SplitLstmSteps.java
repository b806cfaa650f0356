package dev.nn4j.core.math;

import static com.google.common.base.Preconditions.checkNotNull;


/**
 * The steps of one LSTM sequence served by a predictor, shared by the calling thread and one helper thread:
 * the latency-bound case, where a step's product {@code h·W_hhᵀ} streams all of {@code W_hh} (512 KiB for
 * 128 units) from the cache. Each thread owns half of the hidden units, so each streams half of {@code
 * W_hh} from its own core's cache, and computes those units' gates.
 *
 * <p>Each value is the arithmetic of {@link RecurrentKernels#forwardStep}: the same chain of fused
 * multiply-adds over the same row of {@code W_hh} ({@link FrozenWeights} of each half's rows), the same
 * pre-activation sums and the same {@link RecurrentKernels#lstmCell}, so the bits do not depend on the
 * split, nor on which thread computes a half.
 *
 * <p>The second half of each step goes to the {@link HelperThread}, which the caller waits for at most as
 * long as its own half took; after one half the helper was late for, the sequence finishes alone. So a
 * descheduled helper (a loaded machine) costs at most one half's time in a sequence. A sequence that finds
 * the helper busy with other work runs without it.
 *
 * <p>Immutable and thread-safe; each calling thread brings its own {@link Buffers}.
 */
public final class SplitLstmSteps {
  /** Below this many hidden units, a step is too short to share. */
  public static final int MIN_HIDDEN = 64;
  private static final HelperThread HELPER = HelperThread.INSTANCE;

  private final int hidden;
  private final int[] from;
  private final int[] units;
  private final FrozenWeights[] halves = new FrozenWeights[2];
  private final double[][] biasIh = new double[2][];
  private final double[][] biasHh = new double[2][];

  private SplitLstmSteps(Matrix weightHh, Matrix biasIh, Matrix biasHh) {
    hidden = weightHh.cols();
    int middle = hidden / 2;
    from = new int[] {0, middle};
    units = new int[] {middle, hidden - middle};
    for (int part = 0; part < 2; part++) {
      halves[part] = FrozenWeights.of(Matrix.wrap(4 * units[part], hidden, gateRows(weightHh.data(), part, hidden)));
      this.biasIh[part] = biasIh == null ? null : gateRows(biasIh.data(), part, 1);
      this.biasHh[part] = biasHh == null ? null : gateRows(biasHh.data(), part, 1);
    }
  }

  /**
   * The split steps of an LSTM direction, or null where they would not pay: fewer than two threads
   * ({@value JavaBackend#THREADS_PROPERTY}), or fewer than {@link #MIN_HIDDEN} hidden units.
   *
   * @param weightHh {@code W_hh}, {@code [4·H, H]}
   * @param biasIh {@code b_ih}, {@code [1, 4·H]}, or null without biases
   * @param biasHh {@code b_hh}, {@code [1, 4·H]}, or null without biases
   * @return the split steps, or null
   * @throws IllegalArgumentException if {@code W_hh} is not {@code [4·H, H]} or a bias not {@code 4·H} values
   */
  public static SplitLstmSteps of(Matrix weightHh, Matrix biasIh, Matrix biasHh) {
    checkNotNull(weightHh, "weightHh");
    int hidden = weightHh.cols();
    if (weightHh.rows() != 4 * hidden) {
      throw new IllegalArgumentException(
          "Expected an LSTM's W_hh of shape [" + 4 * hidden + ", " + hidden + "], got " + weightHh.shape());
    }
    for (Matrix bias : new Matrix[] {biasIh, biasHh}) {
      if (bias != null && bias.size() != 4 * hidden) {
        throw new IllegalArgumentException(
            "Expected an LSTM bias of " + 4 * hidden + " values, got shape " + bias.shape());
      }
    }
    if (JavaBackend.configuredThreads() < 2 || hidden < MIN_HIDDEN) {
      return null;
    }
    return new SplitLstmSteps(weightHh, biasIh, biasHh);
  }

  /** The rows (of {@code width} values) of {@code part}'s units in each of the four gates, gate by gate. */
  private double[] gateRows(double[] values, int part, int width) {
    double[] rows = new double[4 * units[part] * width];
    for (int gate = 0; gate < 4; gate++) {
      System.arraycopy(values, (gate * hidden + from[part]) * width, rows, gate * units[part] * width, units[part] * width);
    }
    return rows;
  }

  /**
   * A calling thread's buffers for {@link #run}: keep one per thread (a pass's workspace), so that a
   * sequence allocates nothing.
   *
   * @return new buffers
   */
  public Buffers newBuffers() {
    return new Buffers(this);
  }

  /**
   * Runs the steps of one sequence (a batch of one, nothing recorded for a backward pass) as {@link
   * RecurrentKernels#forwardStep} would, unless the helper is serving another sequence: then nothing is done
   * and the caller runs the steps itself.
   *
   * @param buffers the calling thread's buffers, from {@link #newBuffers()} of this instance
   * @param steps {@code T}
   * @param reverse whether the steps run from {@code T − 1} down to 0
   * @param length the real steps: step {@code t >= length} is padding, which leaves the state unchanged and
   *     outputs zeros
   * @param projection {@code W_ih x} of every step, {@code [T, 4·H]}
   * @param state {@code h}, {@code [1, H]}, updated
   * @param cellState {@code c}, {@code [1, H]}, updated
   * @param output {@code [T, width]}, receives {@code h'} of each step from column {@code outputOffset}
   * @param outputOffset the first column of {@code output} to write
   * @return whether the steps ran; false if the helper was busy
   * @throws IllegalArgumentException if the buffers belong to other split steps, or a matrix has the wrong
   *     shape
   */
  public boolean run(Buffers buffers, int steps, boolean reverse, int length, Matrix projection, Matrix state,
      Matrix cellState, Matrix output, int outputOffset) {
    if (buffers.split != this) {
      throw new IllegalArgumentException("These buffers belong to other split steps");
    }
    if (state.size() != hidden || cellState.size() != hidden || projection.size() < steps * 4 * hidden
        || output.rows() < steps || outputOffset < 0 || outputOffset + hidden > output.cols()) {
      throw new IllegalArgumentException("Expected a state and a cell state of " + hidden + " values, a projection of "
          + steps + " rows of " + 4 * hidden + " and an output of " + steps + " rows with " + hidden
          + " columns from column " + outputOffset + ", got " + state.shape() + ", " + cellState.shape() + ", "
          + projection.shape() + " and " + output.shape());
    }
    if (!HELPER.acquire(buffers.halves)) {
      return false;
    }
    try {
      double[] y = output.data();
      int yCols = output.cols();
      buffers.projection = projection.data();
      buffers.state = state.data();
      buffers.cellState = cellState.data();
      boolean shared = true;
      for (int k = 0; k < steps; k++) {
        int t = reverse ? steps - 1 - k : k;
        int yAt = t * yCols + outputOffset;
        if (t >= length) {
          java.util.Arrays.fill(y, yAt, yAt + hidden, 0.0);
          continue;
        }
        buffers.projectionAt = t * 4 * hidden;
        RecurrentKernels.Workspace second = buffers.second;
        if (shared) {
          // After one half the helper was late for (off the processor: a loaded machine), the rest of the
          // sequence does better without it.
          int where = HELPER.share(buffers.halves);
          shared = where != HelperThread.Shared.ABANDONED;
          second = where == HelperThread.Shared.HELPER ? buffers.helpers : buffers.second;
        } else {
          buffers.halves.first();
          buffers.halves.second(false);
        }
        commit(0, buffers.first, buffers);
        commit(1, second, buffers);
        System.arraycopy(buffers.state, 0, y, yAt, hidden);
      }
    } finally {
      HELPER.release();
    }
    return true;
  }

  /** The halves the helper thread has computed since the JVM started (whether or not their results were used). */
  static long helperHalves() {
    return HELPER.halvesDone();
  }

  /** Computes {@code part}'s units of the current step into {@code w}, reading only the shared inputs. */
  void half(int part, Buffers b, RecurrentKernels.Workspace w) {
    int n = units[part];
    double[] gates = w.gates();
    for (int gate = 0; gate < 4; gate++) {
      System.arraycopy(b.projection, b.projectionAt + gate * hidden + from[part], gates, gate * n, n);
    }
    halves[part].multiply(b.state, w.recurrent());
    System.arraycopy(b.cellState, from[part], w.cell(), 0, n);
    RecurrentKernels.lstmCell(w, biasIh[part], biasHh[part]);
  }

  private void commit(int part, RecurrentKernels.Workspace w, Buffers b) {
    System.arraycopy(w.cell(), 0, b.cellState, from[part], units[part]);
    System.arraycopy(w.hidden(), 0, b.state, from[part], units[part]);
  }

  /**
   * One calling thread's scratch space for {@link #run}: the workspace of each half on the caller, the one
   * the helper writes its half into, and the inputs of the current step, which the helper reads.
   */
  public static final class Buffers {
    private final SplitLstmSteps split;
    private final RecurrentKernels.Workspace first;
    private final RecurrentKernels.Workspace second;
    private final RecurrentKernels.Workspace helpers;
    private double[] projection;
    private int projectionAt;
    private double[] state;
    private double[] cellState;

    private Buffers(SplitLstmSteps split) {
      this.split = split;
      first = RecurrentKernels.Workspace.of(split.units[0]);
      second = RecurrentKernels.Workspace.of(split.units[1]);
      helpers = RecurrentKernels.Workspace.of(split.units[1]);
    }

    /** The step's two halves, as the helper thread shares them. */
    private final HelperThread.Shared halves = new HelperThread.Shared() {
      @Override
      public void first() {
        split.half(0, Buffers.this, first);
      }

      @Override
      public void second(boolean onHelper) {
        split.half(1, Buffers.this, onHelper ? helpers : second);
      }
    };
  }
}
