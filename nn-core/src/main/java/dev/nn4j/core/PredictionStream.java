package dev.nn4j.core;

import dev.nn4j.core.math.Matrix;
import java.util.List;

/**
 * One sequence fed to a {@link Predictor} a step (or a few steps) at a time, made by {@link
 * Predictor#stream()}: the state of one conversation or one sensor, carried from call to call, so that each
 * call costs the new steps only. Its outputs are the bits of {@link Predictor#predict(double[])} on the whole
 * sequence (with the {@code java} backend):
 *
 * <ul>
 *   <li>a network that outputs every step (recurrent layers returning every step, then layers acting on each
 *       step such as dense) returns each fed step's output, the row of that step in the whole sequence's
 *       output;
 *   <li>a network with a recurrent layer returning its last output returns, after each call, the output for
 *       the steps fed so far: the network's output on that prefix of the sequence.
 * </ul>
 *
 * <p>What streams: unidirectional recurrent layers ({@code lstm}, {@code gru}, {@code rnn}, stacked or not),
 * layers acting on each step between them (dense, dropout, activations; a layer that mixes steps other than a
 * recurrent one would be fed one step as if it were the whole sequence), and any layers after a recurrent
 * layer that returns its last output. A bidirectional layer cannot stream (its backward direction starts at
 * the last step): {@link Predictor#stream()} refuses it. A stream takes at most the network's {@code T}
 * steps, its configured sequence length.
 *
 * <p>Not thread-safe: one stream is one caller's state. Make one stream per sequence; the predictor that
 * makes them stays safe to share between threads, and many streams can run at once.
 */
public final class PredictionStream {
  private final StreamPlan plan;
  private final Pass pass = Pass.forInference();
  private final Matrix input;
  private final Matrix[] states;
  private final Matrix[] cellStates;
  private int steps;

  PredictionStream(StreamPlan plan) {
    plan.checkStreamable();
    this.plan = plan;
    this.input = new Matrix(1, plan.stepInputSize);
    int layers = plan.recurrent.size();
    this.states = new Matrix[layers];
    this.cellStates = new Matrix[layers];
    for (int i = 0; i < layers; i++) {
      RecurrentLayer layer = plan.recurrent.get(i);
      int width = stateWidth(layer);
      states[i] = new Matrix(1, width);
      cellStates[i] = layer.cell().hasCellState() ? new Matrix(1, width) : null;
    }
  }

  private int stateWidth(RecurrentLayer layer) {
    // The width of h_n, found by a forward of zeros: the layer alone knows its stacking.
    Matrix zeros = new Matrix(1, layer.inputShape().size());
    Pass probe = Pass.forInference();
    layer.forward(zeros, probe);
    return layer.finalState(probe).cols();
  }

  /**
   * The values of one step.
   *
   * @return the number of values of each step, {@code F}
   */
  public int stepSize() {
    return plan.stepInputSize;
  }

  /**
   * The steps fed so far.
   *
   * @return the number of steps fed since the stream began (or was reset)
   */
  public int steps() {
    return steps;
  }

  /**
   * The most steps this stream takes: the network's sequence length {@code T}.
   *
   * @return {@code T}
   */
  public int maxSteps() {
    return plan.maxSteps;
  }

  /**
   * Whether each fed step has an output of its own (the network outputs every step), or the stream outputs
   * the network's output after the steps fed so far (a recurrent layer returns its last output).
   *
   * @return true for an output per step
   */
  public boolean outputsEveryStep() {
    return plan.everyStep;
  }

  /**
   * The values of one output: of one step when {@link #outputsEveryStep()}, else the network's output.
   *
   * @return the size of one output
   */
  public int outputSize() {
    return plan.stepOutputSize;
  }

  /**
   * Feeds {@code values}, one or more steps of {@link #stepSize()} values one after the other, and carries
   * the state on.
   *
   * @param values {@code k · stepSize()} values, {@code k ≥ 1}, the next {@code k} steps
   * @return when {@link #outputsEveryStep()}, the outputs of the {@code k} steps one after the other ({@code k
   *     · outputSize()} values); else the network's output after the last of them; in a new array
   * @throws IllegalArgumentException if {@code values} is not a positive multiple of {@link #stepSize()} or
   *     is not finite (nothing is fed then)
   * @throws IllegalStateException if the stream would go past {@link #maxSteps()} steps (nothing is fed then)
   */
  public double[] feed(double[] values) {
    java.util.Objects.requireNonNull(values, "values");
    int width = plan.stepInputSize;
    if (values.length == 0 || values.length % width != 0) {
      throw new IllegalArgumentException("Expected one or more steps of " + width + " values each, got "
          + values.length + " values");
    }
    int k = values.length / width;
    for (int i = 0; i < values.length; i++) {
      if (!Double.isFinite(values[i])) {
        throw new IllegalArgumentException(
            "Expected finite input values, got " + values[i] + " in step " + (steps + i / width) + ", column " + i % width);
      }
    }
    if (steps + k > plan.maxSteps) {
      throw new IllegalStateException("Expected at most " + plan.maxSteps + " steps in a stream (the network's"
          + " sequences have " + plan.maxSteps + " steps), got " + (steps + k) + " after feeding " + k + " more to the "
          + steps + " fed so far; start a new stream or reset() this one");
    }
    double[] result = new double[plan.everyStep ? k * plan.stepOutputSize : plan.stepOutputSize];
    for (int s = 0; s < k; s++) {
      System.arraycopy(values, s * width, input.data(), 0, width);
      Matrix a = step();
      if (plan.everyStep) {
        System.arraycopy(a.data(), 0, result, s * plan.stepOutputSize, plan.stepOutputSize);
      } else if (s == k - 1) {
        for (Layer layer : plan.afterSteps) {
          a = layer.forward(a, pass);
        }
        System.arraycopy(a.data(), 0, result, 0, plan.stepOutputSize);
      }
    }
    return result;
  }

  /** One step through the step layers, from the carried states to the next ones. */
  private Matrix step() {
    List<RecurrentLayer> recurrent = plan.recurrent;
    for (int i = 0; i < recurrent.size(); i++) {
      recurrent.get(i).setInitialState(pass, states[i], cellStates[i]);
    }
    Matrix a = input;
    for (Layer layer : plan.stepLayers) {
      a = layer.forward(a, pass);
    }
    for (int i = 0; i < recurrent.size(); i++) {
      RecurrentLayer layer = recurrent.get(i);
      copy(layer.finalState(pass), states[i]);
      if (cellStates[i] != null) {
        copy(layer.finalCellState(pass), cellStates[i]);
      }
    }
    steps++;
    return a;
  }

  private static void copy(Matrix from, Matrix to) {
    System.arraycopy(from.data(), 0, to.data(), 0, to.size());
  }

  /** Starts the sequence again: zero states, no step fed. */
  public void reset() {
    for (int i = 0; i < states.length; i++) {
      states[i].fill(0.0);
      if (cellStates[i] != null) {
        cellStates[i].fill(0.0);
      }
    }
    steps = 0;
  }

  @Override
  public String toString() {
    return "PredictionStream(" + steps + " of " + plan.maxSteps + " steps fed, steps of " + plan.stepInputSize
        + " values, " + (plan.everyStep ? "an output per step" : "the output so far") + " of " + plan.stepOutputSize
        + " values)";
  }
}
