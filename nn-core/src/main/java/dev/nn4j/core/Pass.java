package dev.nn4j.core;

import dev.nn4j.core.math.Matrix;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The scratch space of one forward (and backward) pass through a network.
 *
 * <p>Layers keep no per-call state in their fields: whatever a layer's backward pass needs from its
 * forward pass (its input, pre-activations, outputs) it stores here, under its own identity. That makes
 * prediction safe from many threads at once, each call with its own pass, and lets training reuse one
 * pass, and so every buffer in it, for all batches of the same size.
 *
 * <p>A pass is used by one thread at a time.
 */
public final class Pass {
  private final boolean training;
  private final Map<Layer, Map<String, Matrix>> slots = new IdentityHashMap<>();

  /**
   * A new, empty pass.
   *
   * @param training true while fitting (layers such as dropout behave differently), false for prediction
   */
  public Pass(boolean training) {
    this.training = training;
  }

  /** True while fitting, false while predicting. */
  public boolean training() {
    return training;
  }

  /**
   * A buffer of shape {@code [rows, cols]} owned by {@code layer} under {@code name}; the same matrix is
   * returned on later calls with the same shape, so its contents are whatever was last written to it.
   */
  public Matrix buffer(Layer layer, String name, int rows, int cols) {
    Map<String, Matrix> slot = slot(layer);
    Matrix m = slot.get(name);
    if (m == null || m.rows() != rows || m.cols() != cols) {
      m = new Matrix(rows, cols);
      slot.put(name, m);
    }
    return m;
  }

  /** Remembers {@code matrix} (not copied) for {@code layer}'s backward pass. */
  public void keep(Layer layer, String name, Matrix matrix) {
    slot(layer).put(name, matrix);
  }

  /**
   * What {@code layer} stored under {@code name} with {@link #keep} or {@link #buffer}.
   *
   * @throws IllegalStateException if nothing was stored, which means backward ran before forward
   */
  public Matrix kept(Layer layer, String name) {
    Matrix m = slot(layer).get(name);
    if (m == null) {
      throw new IllegalStateException(
          "No '" + name + "' stored for " + layer + ": call forward before backward with the same pass");
    }
    return m;
  }

  private Map<String, Matrix> slot(Layer layer) {
    return slots.computeIfAbsent(layer, l -> new HashMap<>());
  }
}
