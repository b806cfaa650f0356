package dev.nn4j.core.math;

/**
 * The cell of a recurrent layer: the function of one step, as PyTorch defines it, and how many gate blocks
 * of {@code H} values its weights stack ({@code weight_ih} is {@code [gates·H, F]}).
 *
 * <ul>
 *   <li>{@link #RNN_TANH}, {@link #RNN_RELU}: {@code h' = f(W_ih x + b_ih + W_hh h + b_hh)}.
 *   <li>{@link #LSTM}, gates in the order {@code i, f, g, o}: {@code i = σ(..)}, {@code f = σ(..)}, {@code g =
 *       tanh(..)}, {@code o = σ(..)} each of {@code W_i* x + b_i* + W_h* h + b_h*}; {@code c' = f·c + i·g},
 *       {@code h' = o·tanh(c')}.
 *   <li>{@link #GRU}, gates in the order {@code r, z, n}: {@code r = σ(W_ir x + b_ir + W_hr h + b_hr)}, {@code
 *       z} likewise, {@code n = tanh(W_in x + b_in + r·(W_hn h + b_hn))} (the reset gate applied after the
 *       product), {@code h' = (1 − z)·n + z·h}.
 * </ul>
 */
public enum RecurrentCell {
  /** A simple recurrent cell with {@code tanh}. */
  RNN_TANH(1, 1),
  /** A simple recurrent cell with ReLU. */
  RNN_RELU(1, 1),
  /** Long short-term memory. */
  LSTM(4, 4),
  /** Gated recurrent unit. */
  GRU(3, 4);

  private final int gates;
  private final int stored;

  RecurrentCell(int gates, int stored) {
    this.gates = gates;
    this.stored = stored;
  }

  /**
   * The gate blocks of {@code H} rows stacked in {@code weight_ih} and {@code weight_hh}.
   *
   * @return 1, 4 or 3
   */
  public int gates() {
    return gates;
  }

  /**
   * The blocks of {@code H} values the forward pass records per step for the backward pass: the activated
   * gates, and for the GRU also {@code W_hn h + b_hn}.
   *
   * @return 1 for the simple cells, 4 for the LSTM and GRU
   */
  public int storedBlocks() {
    return stored;
  }

  /**
   * Whether the cell carries a cell state {@code c} besides {@code h}.
   *
   * @return true for the LSTM
   */
  public boolean hasCellState() {
    return this == LSTM;
  }
}
