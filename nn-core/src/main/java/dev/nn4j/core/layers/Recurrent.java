package dev.nn4j.core.layers;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.nn4j.core.ComponentConfig;
import dev.nn4j.core.InitContext;
import dev.nn4j.core.Layer;
import dev.nn4j.core.LayerConfig;
import dev.nn4j.core.LayerFactory;
import dev.nn4j.core.LayerProvider;
import dev.nn4j.core.Parameter;
import dev.nn4j.core.Pass;
import dev.nn4j.core.RecurrentLayer;
import dev.nn4j.core.Shape;
import dev.nn4j.core.math.FrozenWeights;
import dev.nn4j.core.math.Kernels;
import dev.nn4j.core.math.Matrix;
import dev.nn4j.core.math.RecurrentCell;
import dev.nn4j.core.math.RecurrentKernels;
import dev.nn4j.core.math.SplitLstmSteps;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

/**
 * A recurrent layer over sequences {@code [T, F]}, as PyTorch's {@code nn.RNN}, {@code nn.LSTM} and {@code
 * nn.GRU} with {@code batch_first=True} compute it: the equations, gate order and two bias vectors of its
 * {@link RecurrentCell}, stacked {@code num_layers} deep, in one direction or both.
 *
 * <p><b>Parameters</b>, PyTorch's names and shapes, so a state dict loads into the PyTorch module by name:
 * for each layer {@code k} and direction (suffix {@code _reverse} for the backward one), {@code
 * weight_ih_lk [gates·H, F_k]}, {@code weight_hh_lk [gates·H, H]}, {@code bias_ih_lk [gates·H]}, {@code
 * bias_hh_lk [gates·H]} (the biases unless left out), where {@code F_0 = F} and {@code F_k = H·dirs} above.
 * All start uniform in {@code [−1/√H, 1/√H]}, as PyTorch's.
 *
 * <p><b>Output.</b> Every step's {@code h} ({@code [T, H·dirs]}, the two directions side by side per step,
 * forward first), or only the last ({@code [H·dirs]}, Keras' {@code return_sequences=False}): the final
 * state {@code h_n} of each direction of the top layer, that is the forward direction at each sequence's
 * last real step and the backward direction at step 0, as PyTorch's {@code h_n}.
 *
 * <p><b>Lengths.</b> When the pass carries lengths ({@link Pass#setLengths}), steps past a sequence's length
 * are padding: they output zeros (as {@code pad_packed_sequence}), leave the state unchanged and get no
 * gradient; the backward direction starts at each sequence's last real step (as packed sequences do). A
 * padded batch gives the bits of its sequences run one by one unpadded.
 *
 * <p><b>States.</b> The initial states are zeros unless given for a pass with {@link #setInitialState}; the
 * final states of a pass are read with {@link #finalState} and {@link #finalCellState}, laid out as
 * PyTorch's {@code h_n} per sequence: one row per sequence, blocks of {@code H} for layer 0 forward, layer 0
 * backward, layer 1 forward... (a streaming predictor carries them from one call to the next).
 *
 * <p><b>Cost.</b> Each direction of each layer projects the inputs of all steps in one product ({@code [n·T,
 * F] · W_ihᵀ}), then one product {@code h · W_hhᵀ} per step; the gates are elementwise loops in {@link
 * RecurrentKernels}; every buffer lives in the pass.
 *
 * <p>Configuration keys: {@code hidden_size} (required), {@code num_layers} (1), {@code bidirectional}
 * (false), {@code return_sequences} (true), {@code bias} (true), and for {@code "rnn"} {@code nonlinearity}
 * ({@code tanh} or {@code relu}).
 */
public final class Recurrent implements RecurrentLayer {
  /** The simple recurrent layer's type name. */
  public static final String RNN = "rnn";
  /** The LSTM's type name. */
  public static final String LSTM = "lstm";
  /** The GRU's type name. */
  public static final String GRU = "gru";

  private static final String H0 = "h0";
  private static final String C0 = "c0";
  private static final String H_N = "h_n";
  private static final String C_N = "c_n";

  private final RecurrentCell cell;
  private final RecurrentSpec spec;
  private final Shape inputShape;
  private final Shape outputShape;
  private final int steps;
  private final int features;
  private final int hidden;
  private final int directions;
  private final List<Direction> runs = new ArrayList<>();
  private final List<Parameter> parameters;
  private final String[] outputNames;
  private final String[] inputGradientNames;
  /** Per direction, {@code W_hh} laid out for one-sequence products: in a serving copy only, else null. */
  private final FrozenWeights[] frozenHh;
  /**
   * Per direction, an LSTM's steps shared by two threads for one sequence (in a serving copy, with two
   * threads and enough units), else null; and what makes each thread's buffers for them.
   */
  private final SplitLstmSteps[] splitSteps;
  private final List<Supplier<SplitLstmSteps.Buffers>> newSplitBuffers = new ArrayList<>();
  /** Makes the scratch arrays of a pass's steps (a field, so that a forward pass allocates no lambda). */
  private final Supplier<RecurrentKernels.Workspace> newWorkspace;

  /**
   * A recurrent layer of {@code cell} over input samples {@code [T, F]}.
   *
   * @param inputShape the shape of each sample, {@code [T, F]}
   * @param cell the cell's equations
   * @param spec hidden size, layers, directions, output and bias
   * @throws IllegalArgumentException if the input is not {@code [T, F]}
   */
  public Recurrent(Shape inputShape, RecurrentCell cell, RecurrentSpec spec) {
    this(inputShape, cell, spec, null);
  }

  /** A layer, or with {@code source} a serving copy of {@code source} ({@link #forServing()}). */
  private Recurrent(Shape inputShape, RecurrentCell cell, RecurrentSpec spec, Recurrent source) {
    this.cell = checkNotNull(cell, "cell");
    this.spec = checkNotNull(spec, "spec");
    checkNotNull(inputShape, "inputShape");
    checkArgument(
        inputShape.rank() == 2,
        "Expected sequences [steps, features] as the input of layer '%s', got samples of shape %s",
        typeOf(cell),
        inputShape);
    this.inputShape = inputShape;
    this.steps = inputShape.dim(0);
    this.features = inputShape.dim(1);
    this.hidden = spec.hiddenSize();
    int size = hidden;
    this.newWorkspace = () -> RecurrentKernels.Workspace.of(size);
    this.directions = spec.bidirectional() ? 2 : 1;
    this.outputShape = spec.returnSequences() ? Shape.of(steps, hidden * directions) : Shape.of(hidden * directions);
    int gates = cell.gates() * hidden;
    List<Parameter> all = new ArrayList<>();
    for (int layer = 0; layer < spec.numLayers(); layer++) {
      int width = layer == 0 ? features : hidden * directions;
      for (int d = 0; d < directions; d++) {
        Direction run = new Direction(runs.size(), layer, d == 1, gates, width, hidden, spec.bias());
        runs.add(run);
        all.add(run.weightIh);
        all.add(run.weightHh);
        if (spec.bias()) {
          all.add(run.biasIh);
          all.add(run.biasHh);
        }
      }
    }
    parameters = List.copyOf(all);
    outputNames = new String[spec.numLayers()];
    inputGradientNames = new String[spec.numLayers()];
    for (int layer = 0; layer < spec.numLayers(); layer++) {
      outputNames[layer] = "y" + layer;
      inputGradientNames[layer] = "dx" + layer;
    }
    if (source == null) {
      frozenHh = null;
      splitSteps = null;
    } else {
      for (int i = 0; i < parameters.size(); i++) {
        double[] from = source.parameters.get(i).value().data();
        System.arraycopy(from, 0, parameters.get(i).value().data(), 0, from.length);
      }
      frozenHh = new FrozenWeights[runs.size()];
      splitSteps = new SplitLstmSteps[runs.size()];
      for (Direction run : runs) {
        frozenHh[run.index] = FrozenWeights.of(run.weightHh.value());
        SplitLstmSteps split = cell != RecurrentCell.LSTM ? null
            : SplitLstmSteps.of(run.weightHh.value(), run.biasIh == null ? null : run.biasIh.value(),
                run.biasHh == null ? null : run.biasHh.value());
        splitSteps[run.index] = split;
        newSplitBuffers.add(split == null ? null : split::newBuffers);
      }
    }
  }

  /**
   * A copy for {@link dev.nn4j.core.Network#predictor()}: the same parameters, copied, and each {@code W_hh}
   * also laid out for one-sequence products ({@link FrozenWeights}), which a single sequence's steps go
   * through (the bits are those of the backend's product). The copy's parameters must not be changed: its
   * frozen {@code W_hh} would not follow.
   *
   * @return the serving copy
   */
  @Override
  public Layer forServing() {
    return new Recurrent(inputShape, cell, spec, this);
  }

  private static String typeOf(RecurrentCell cell) {
    return switch (cell) {
      case RNN_TANH, RNN_RELU -> RNN;
      case LSTM -> LSTM;
      case GRU -> GRU;
    };
  }

  /**
   * The cell's equations.
   *
   * @return the cell
   */
  public RecurrentCell cell() {
    return cell;
  }

  /**
   * The layer's specification.
   *
   * @return hidden size, layers, directions, output and bias
   */
  public RecurrentSpec spec() {
    return spec;
  }

  @Override
  public String type() {
    return typeOf(cell);
  }

  @Override
  public LayerConfig config() {
    LayerConfig.Builder b = LayerConfig.builder()
        .set("hidden_size", hidden)
        .set("num_layers", spec.numLayers())
        .set("bidirectional", spec.bidirectional())
        .set("return_sequences", spec.returnSequences())
        .set("bias", spec.bias());
    if (cell == RecurrentCell.RNN_TANH || cell == RecurrentCell.RNN_RELU) {
      b.set("nonlinearity", cell == RecurrentCell.RNN_RELU ? "relu" : "tanh");
    }
    return b.build();
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
  public List<Parameter> parameters() {
    return parameters;
  }

  @Override
  public void initialize(InitContext context) {
    // PyTorch: every parameter uniform in [-1/sqrt(H), 1/sqrt(H)], in the order of its state dict.
    double bound = 1.0 / Math.sqrt(hidden);
    Random random = context.random();
    for (Parameter p : parameters) {
      double[] values = p.value().data();
      for (int i = 0; i < values.length; i++) {
        values[i] = (2.0 * random.nextDouble() - 1.0) * bound;
      }
    }
  }

  /**
   * Sets the initial states of the next {@link #forward} with {@code pass} (zeros otherwise), laid out as
   * {@link #finalState}: one row per sequence, a block of {@code H} per layer and direction. Kept in the
   * pass, not copied.
   *
   * @param pass the pass of the next forward
   * @param h0 the initial {@code h}, {@code [n, layers·dirs·H]}
   * @param c0 the initial {@code c} of an LSTM, same shape, or null for zeros (must be null for others)
   */
  public void setInitialState(Pass pass, Matrix h0, Matrix c0) {
    checkNotNull(pass, "pass");
    checkNotNull(h0, "h0");
    checkArgument(
        h0.cols() == stateWidth(),
        "Expected initial states of %s values per sequence (%s layers x %s directions x %s hidden) for %s, got %s",
        stateWidth(),
        spec.numLayers(),
        directions,
        hidden,
        this,
        h0.shape());
    checkArgument(c0 == null || cell.hasCellState(), "Only an LSTM has a cell state; got c0 for %s", this);
    checkArgument(c0 == null || c0.sameShape(h0), "Expected c0 of the shape of h0 %s, got %s", h0.shape(), c0 == null ? null : c0.shape());
    pass.keep(this, H0, h0);
    if (c0 != null) {
      pass.keep(this, C0, c0);
    }
  }

  /**
   * The final states {@code h_n} of the last forward with {@code pass}: one row per sequence, a block of
   * {@code H} per layer and direction (layer 0 forward, layer 0 backward, layer 1 forward...), each the
   * state after the direction's last real step.
   *
   * @param pass the pass of a forward
   * @return {@code [n, layers·dirs·H]}, owned by the pass
   */
  public Matrix finalState(Pass pass) {
    return pass.kept(this, H_N);
  }

  /**
   * The final cell states {@code c_n} of an LSTM, laid out as {@link #finalState}.
   *
   * @param pass the pass of a forward
   * @return {@code [n, layers·dirs·H]}, owned by the pass
   * @throws IllegalStateException if this is not an LSTM
   */
  public Matrix finalCellState(Pass pass) {
    if (!cell.hasCellState()) {
      throw new IllegalStateException("Only an LSTM has a cell state, not " + this);
    }
    return pass.kept(this, C_N);
  }

  private int stateWidth() {
    return spec.numLayers() * directions * hidden;
  }

  @Override
  public Matrix forward(Matrix input, Pass pass) {
    Reshape.checkWidth(this, input);
    int n = input.rows();
    int[] lengths = checkLengths(pass.lengths(), n);
    Matrix h0 = pass.holds(this, H0) ? checkedState(pass.kept(this, H0), n, H0) : null;
    Matrix c0 = cell.hasCellState() && pass.holds(this, C0) ? checkedState(pass.kept(this, C0), n, C0) : null;
    Matrix hn = pass.buffer(this, H_N, n, stateWidth());
    Matrix cn = cell.hasCellState() ? pass.buffer(this, C_N, n, stateWidth()) : null;
    // The input's rows as n·T rows of F: a copy into a buffer of this pass, not a view, which would be a new
    // object for each new batch array (a training step would allocate); it costs 0.1 % of a W5 step.
    Matrix x = pass.buffer(this, "x", n * steps, features);
    System.arraycopy(input.data(), 0, x.data(), 0, input.size());
    for (int layer = 0; layer < spec.numLayers(); layer++) {
      Matrix y = pass.buffer(this, outputNames[layer], n * steps, hidden * directions);
      for (int d = 0; d < directions; d++) {
        Direction run = runs.get(layer * directions + d);
        run.forward(x, y, d * hidden, lengths, h0, c0, hn, cn, pass);
      }
      x = y;
    }
    if (spec.returnSequences()) {
      return pass.view(this, "output", x, n, outputShape.size());
    }
    Matrix last = pass.buffer(this, "last", n, hidden * directions);
    int top = (spec.numLayers() - 1) * directions * hidden;
    for (int i = 0; i < n; i++) {
      System.arraycopy(hn.data(), i * hn.cols() + top, last.data(), i * last.cols(), hidden * directions);
    }
    return last;
  }

  @Override
  public Matrix backward(Matrix outputGradient, Pass pass) {
    Matrix x0 = pass.kept(this, "x");
    int rows = x0.rows();
    int n = rows / steps;
    if (outputGradient.rows() != n || outputGradient.cols() != outputShape.size()) {
      throw new IllegalArgumentException("Expected an output gradient of shape [" + n + ", " + outputShape.size()
          + "] for " + this + ", got " + outputGradient.shape());
    }
    int[] lengths = checkLengths(pass.lengths(), n);
    Matrix dy = spec.returnSequences() ? pass.view(this, "d output", outputGradient, rows, hidden * directions) : null;
    Matrix dLast = spec.returnSequences() ? null : outputGradient;
    Matrix dx = null;
    for (int layer = spec.numLayers() - 1; layer >= 0; layer--) {
      Matrix x = layer == 0 ? x0 : pass.kept(this, outputNames[layer - 1]);
      dx = layer == 0 && !pass.needsInputGradient(this) ? null : pass.buffer(this, inputGradientNames[layer], rows, x.cols());
      for (int d = 0; d < directions; d++) {
        Matrix last = layer == spec.numLayers() - 1 ? dLast : null;
        runs.get(layer * directions + d).backward(x, dy, d * hidden, last, lengths, dx, d == 0, pass);
      }
      dy = dx;
    }
    return dx == null ? null : pass.view(this, "d input", dx, n, inputShape.size());
  }

  private Matrix checkedState(Matrix state, int n, String name) {
    if (state.rows() != n || state.cols() != stateWidth()) {
      throw new IllegalArgumentException("Expected " + name + " of shape [" + n + ", " + stateWidth()
          + "] for a batch of " + n + " sequences in " + this + ", got " + state.shape());
    }
    return state;
  }

  /**
   * Checks the lengths of a batch of {@code n} sequences against this layer's {@code T}.
   *
   * @return {@code lengths}, or null when every step of every sequence is real
   */
  private int[] checkLengths(int[] lengths, int n) {
    if (lengths == null) {
      return null;
    }
    // Plain checks, not Preconditions with many arguments: those box and allocate at every call.
    if (lengths.length != n) {
      throw new IllegalArgumentException("Expected one length per sequence of the batch, " + n + ", for " + this
          + ", got " + lengths.length + " lengths");
    }
    boolean padded = false;
    for (int i = 0; i < n; i++) {
      if (lengths[i] < 1 || lengths[i] > steps) {
        throw new IllegalArgumentException("Expected each length between 1 and the layer's " + steps + " steps for "
            + this + ", got length " + lengths[i] + " for sequence " + i);
      }
      padded |= lengths[i] < steps;
    }
    return padded ? lengths : null;
  }

  @Override
  public String toString() {
    return type() + "(" + inputShape + " -> " + outputShape + ", " + spec + ")";
  }

  /** One direction of one layer of the stack: its parameters and the names of its buffers in a pass. */
  private final class Direction {
    final int index;
    final boolean reverse;
    final Parameter weightIh;
    final Parameter weightHh;
    final Parameter biasIh;
    final Parameter biasHh;
    final String projection;
    final String recurrent;
    final String state;
    final String cellState;
    final String previousStates;
    final String previousCells;
    final String gates;
    final String cells;
    final String projectionGradient;
    final String recurrentGradient;
    final String recurrentGradients;
    final String stateGradient;
    final String cellGradient;
    final String splitBuffers;

    Direction(int index, int layer, boolean reverse, int gateRows, int inputWidth, int hiddenSize, boolean bias) {
      this.index = index;
      this.reverse = reverse;
      String suffix = "_l" + layer + (reverse ? "_reverse" : "");
      weightIh = new Parameter("weight_ih" + suffix, gateRows, inputWidth);
      weightHh = new Parameter("weight_hh" + suffix, gateRows, hiddenSize);
      biasIh = bias ? new Parameter("bias_ih" + suffix, Shape.of(gateRows)) : null;
      biasHh = bias ? new Parameter("bias_hh" + suffix, Shape.of(gateRows)) : null;
      String p = index + ".";
      projection = p + "projection";
      recurrent = p + "recurrent";
      state = p + "h";
      cellState = p + "c";
      previousStates = p + "previous h";
      previousCells = p + "previous c";
      gates = p + "gates";
      cells = p + "cells";
      projectionGradient = p + "d projection";
      recurrentGradient = p + "d recurrent";
      recurrentGradients = p + "d recurrent steps";
      stateGradient = p + "dh";
      cellGradient = p + "dc";
      splitBuffers = p + "split steps";
    }

    /**
     * {@code h · W_hhᵀ}: through the frozen copy of {@code W_hh} when this layer serves a predictor and the
     * batch is one sequence (the latency-bound case), else one product through the backend. Both give each value as the same chain of fused multiply-adds, so the bits are the same.
     */
    private void recurrentProduct(Matrix h, Matrix rec) {
      FrozenWeights frozen = frozenHh == null ? null : frozenHh[index];
      if (frozen != null && h.rows() == 1) {
        frozen.multiply(h.data(), rec.data());
      } else {
        Kernels.multiplyTransposeB(h, weightHh.value(), rec);
      }
    }

    int stepAt(int k) {
      return reverse ? steps - 1 - k : k;
    }

    void forward(
        Matrix x, Matrix y, int offset, int[] lengths, Matrix h0, Matrix c0, Matrix hn, Matrix cn, Pass pass) {
      int rows = x.rows();
      int n = rows / steps;
      int width = weightIh.value().rows();
      Matrix proj = pass.buffer(Recurrent.this, projection, rows, width);
      Kernels.multiplyTransposeB(x, weightIh.value(), proj);
      // b_ih is added in each step's loop, ((W_ih x + b_ih) + h·W_hhᵀ) + b_hh, where it costs a vectorized
      // add instead of a pass of its own over every step's projection (which C2 leaves scalar).
      Matrix h = pass.buffer(Recurrent.this, state, n, hidden);
      initialState(h, h0);
      Matrix c = null;
      if (cell.hasCellState()) {
        c = pass.buffer(Recurrent.this, cellState, n, hidden);
        initialState(c, c0);
      }
      Matrix rec = pass.buffer(Recurrent.this, recurrent, n, width);
      Recurrent self = Recurrent.this;
      // What only the backward pass reads is not recorded when no backward pass follows (a prediction pass,
      // a serving copy).
      boolean record = pass.recordsForBackward() && frozenHh == null;
      Matrix hPrev = record ? pass.buffer(self, previousStates, rows, hidden) : null;
      Matrix cPrev = record && cell.hasCellState() ? pass.buffer(self, previousCells, rows, hidden) : null;
      Matrix stored = record ? pass.buffer(self, gates, rows, cell.storedBlocks() * hidden) : null;
      Matrix cellsOut = record && cell.hasCellState() ? pass.buffer(self, cells, rows, hidden) : null;
      SplitLstmSteps split = splitSteps == null ? null : splitSteps[index];
      if (split != null && n == 1 && !record) {
        // One sequence in a serving copy: the same values, each step shared by two threads.
        SplitLstmSteps.Buffers buffers =
            pass.workspace(self, splitBuffers, SplitLstmSteps.Buffers.class, newSplitBuffers.get(index));
        if (split.run(buffers, steps, reverse, lengths == null ? steps : lengths[0], proj, h, c, y, offset)) {
          copyColumns(h, hn, index * hidden);
          copyColumns(c, cn, index * hidden);
          return;
        }
      }
      Matrix inputBias = biasIh == null ? null : biasIh.value();
      Matrix bias = biasHh == null ? null : biasHh.value();
      RecurrentKernels.Workspace workspace =
          pass.workspace(self, "step workspace", RecurrentKernels.Workspace.class, newWorkspace);
      for (int k = 0; k < steps; k++) {
        recurrentProduct(h, rec);
        RecurrentKernels.forwardStep(
            cell, steps, stepAt(k), lengths, proj, rec, inputBias, bias, h, c, hPrev, cPrev, stored, cellsOut, y, offset, workspace);
      }
      copyColumns(h, hn, index * hidden);
      if (c != null) {
        copyColumns(c, cn, index * hidden);
      }
    }

    /**
     * Backpropagates through this direction: {@code dy} is {@code dL/d(output)} of every step (null if only
     * the final state is used), {@code dLast} {@code dL/dh_n} (null if it is not used); adds the parameters'
     * gradients and writes (when {@code first}) or adds {@code dL/dx} into {@code dx} (unless null).
     */
    void backward(Matrix x, Matrix dy, int offset, Matrix dLast, int[] lengths, Matrix dx, boolean first, Pass pass) {
      int rows = x.rows();
      int n = rows / steps;
      int width = weightIh.value().rows();
      Recurrent self = Recurrent.this;
      Matrix dh = pass.buffer(self, stateGradient, n, hidden);
      if (dLast == null) {
        dh.fill(0.0);
      } else {
        for (int i = 0; i < n; i++) {
          System.arraycopy(dLast.data(), i * dLast.cols() + offset, dh.data(), i * hidden, hidden);
        }
      }
      Matrix dc = null;
      if (cell.hasCellState()) {
        dc = pass.buffer(self, cellGradient, n, hidden);
        dc.fill(0.0);
      }
      Matrix dProjection = pass.buffer(self, projectionGradient, rows, width);
      Matrix dRecurrent = pass.buffer(self, recurrentGradient, n, width);
      Matrix dRecurrentSteps = pass.buffer(self, recurrentGradients, rows, width);
      Matrix hPrev = pass.kept(self, previousStates);
      Matrix cPrev = cell.hasCellState() ? pass.kept(self, previousCells) : null;
      Matrix stored = pass.kept(self, gates);
      Matrix cellsOut = cell.hasCellState() ? pass.kept(self, cells) : null;
      for (int k = steps - 1; k >= 0; k--) {
        RecurrentKernels.backwardStep(cell, steps, stepAt(k), lengths, hPrev, cPrev, stored, cellsOut, dy, offset, dh, dc,
            dProjection, dRecurrent, dRecurrentSteps);
        if (k > 0) {
          // dL/dh of the step before: what the cell passed on directly plus the path through W_hh.
          RecurrentKernels.addProduct(dRecurrent, weightHh.value(), dh);
        }
      }
      weightIh.accumulateGradient(dProjection, x);
      weightHh.accumulateGradient(dRecurrentSteps, hPrev);
      if (biasIh != null) {
        biasIh.accumulateGradientSums(dProjection);
        biasHh.accumulateGradientSums(dRecurrentSteps);
      }
      if (dx != null) {
        if (first) {
          Kernels.multiply(dProjection, weightIh.value(), dx);
        } else {
          RecurrentKernels.addProduct(dProjection, weightIh.value(), dx);
        }
      }
    }

    private void initialState(Matrix target, Matrix given) {
      if (given == null) {
        target.fill(0.0);
        return;
      }
      int n = target.rows();
      for (int i = 0; i < n; i++) {
        System.arraycopy(given.data(), i * given.cols() + index * hidden, target.data(), i * hidden, hidden);
      }
    }

    private void copyColumns(Matrix source, Matrix target, int offset) {
      int n = source.rows();
      for (int i = 0; i < n; i++) {
        System.arraycopy(source.data(), i * hidden, target.data(), i * target.cols() + offset, hidden);
      }
    }
  }

  private static LayerFactory factory(String type, LayerConfig config, boolean simple) {
    String[] keys = simple
        ? new String[] {"hidden_size", "num_layers", "bidirectional", "return_sequences", "bias", "nonlinearity"}
        : new String[] {"hidden_size", "num_layers", "bidirectional", "return_sequences", "bias"};
    ComponentConfig c = config.reader("layer '" + type + "'", keys);
    RecurrentSpec spec = RecurrentSpec.fromConfig(c);
    RecurrentCell cell = switch (type) {
      case LSTM -> RecurrentCell.LSTM;
      case GRU -> RecurrentCell.GRU;
      default -> c.choice("nonlinearity", "tanh", "tanh", "relu").equals("relu") ? RecurrentCell.RNN_RELU : RecurrentCell.RNN_TANH;
    };
    return input -> new Recurrent(input, cell, spec);
  }

  /** Registers {@code "rnn"}, a simple recurrent layer: see the class comment for its configuration. */
  public static final class RnnProvider implements LayerProvider {
    /** Called by {@link java.util.ServiceLoader}. */
    public RnnProvider() {}

    @Override
    public String name() {
      return RNN;
    }

    @Override
    public LayerFactory create(LayerConfig config) {
      return factory(RNN, config, true);
    }
  }

  /** Registers {@code "lstm"}: see the class comment for its configuration. */
  public static final class LstmProvider implements LayerProvider {
    /** Called by {@link java.util.ServiceLoader}. */
    public LstmProvider() {}

    @Override
    public String name() {
      return LSTM;
    }

    @Override
    public LayerFactory create(LayerConfig config) {
      return factory(LSTM, config, false);
    }
  }

  /** Registers {@code "gru"}: see the class comment for its configuration. */
  public static final class GruProvider implements LayerProvider {
    /** Called by {@link java.util.ServiceLoader}. */
    public GruProvider() {}

    @Override
    public String name() {
      return GRU;
    }

    @Override
    public LayerFactory create(LayerConfig config) {
      return factory(GRU, config, false);
    }
  }
}
