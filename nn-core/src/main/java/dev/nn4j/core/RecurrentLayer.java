package dev.nn4j.core;

import dev.nn4j.core.math.Matrix;
import dev.nn4j.core.math.RecurrentCell;

/**
 * A layer that carries a state from one step of a sequence to the next (a recurrent layer), seen from the
 * root package: what a {@link PredictionStream} needs to feed it a few steps at a time and carry its state
 * between calls. The states are laid out as PyTorch's {@code h_n}: one row per sequence, a block of {@code H}
 * values per stacked layer and direction.
 */
public interface RecurrentLayer extends Layer {
  /**
   * The cell's equations, which say whether there is a cell state besides {@code h}.
   *
   * @return the cell
   */
  RecurrentCell cell();

  /**
   * Sets the initial states of the next {@link #forward} with {@code pass} (zeros otherwise); kept in the
   * pass, not copied.
   *
   * @param pass the pass of the next forward
   * @param h0 the initial {@code h}, one row per sequence
   * @param c0 the initial cell state of an LSTM, same shape, or null
   */
  void setInitialState(Pass pass, Matrix h0, Matrix c0);

  /**
   * The final states {@code h_n} of the last forward with {@code pass}.
   *
   * @param pass the pass of a forward
   * @return the states, one row per sequence, owned by the pass
   */
  Matrix finalState(Pass pass);

  /**
   * The final cell states {@code c_n} of an LSTM's last forward with {@code pass}.
   *
   * @param pass the pass of a forward
   * @return the cell states, one row per sequence, owned by the pass
   * @throws IllegalStateException if the cell has no cell state
   */
  Matrix finalCellState(Pass pass);
}
