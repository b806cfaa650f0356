package dev.nn4j.core;

import java.util.ArrayList;
import java.util.List;

/**
 * How a {@link Predictor} feeds a sequence a step at a time, worked out once when it is made: the layers
 * that act on steps (the recurrent layers and the per-step layers around them) rebuilt for samples of one
 * step, and the layers after a recurrent layer that returns its last output, as served. Holds no per-call
 * state, so every {@link PredictionStream} of a predictor shares it; or, when the network cannot stream, the
 * reason, given to whoever asks for a stream.
 */
final class StreamPlan {
  final int maxSteps;
  final int stepInputSize;
  final int stepOutputSize;
  final boolean everyStep;
  final List<Layer> stepLayers;
  final List<RecurrentLayer> recurrent;
  final List<Layer> afterSteps;
  private final String refusal;

  private StreamPlan(
      int maxSteps, int stepInputSize, int stepOutputSize, boolean everyStep, List<Layer> stepLayers, List<Layer> afterSteps) {
    this.maxSteps = maxSteps;
    this.stepInputSize = stepInputSize;
    this.stepOutputSize = stepOutputSize;
    this.everyStep = everyStep;
    this.stepLayers = List.copyOf(stepLayers);
    List<RecurrentLayer> stateful = new ArrayList<>();
    for (Layer layer : stepLayers) {
      if (layer instanceof RecurrentLayer r) {
        stateful.add(r);
      }
    }
    this.recurrent = List.copyOf(stateful);
    this.afterSteps = List.copyOf(afterSteps);
    this.refusal = null;
  }

  private StreamPlan(String refusal) {
    this.maxSteps = 0;
    this.stepInputSize = 0;
    this.stepOutputSize = 0;
    this.everyStep = false;
    this.stepLayers = List.of();
    this.recurrent = List.of();
    this.afterSteps = List.of();
    this.refusal = refusal;
  }

  /**
   * The plan of a network of {@code layers} (the network's own, whose state is copied) served as {@code
   * served}, or a refusal saying why it cannot stream.
   */
  static StreamPlan of(List<Layer> layers, List<Layer> served, Shape inputShape) {
    if (layers.stream().noneMatch(l -> l instanceof RecurrentLayer)) {
      return new StreamPlan("Cannot stream a network without a recurrent layer (lstm, gru, rnn): its input " + inputShape
          + " is not fed step by step; call predict with the whole sample");
    }
    int steps = inputShape.dim(0);
    Shape stepShape = withFirst(inputShape, 1);
    int stepInputSize = stepShape.size();
    List<Layer> stepLayers = new ArrayList<>();
    for (int i = 0; i < layers.size(); i++) {
      Layer layer = layers.get(i);
      if (layer instanceof RecurrentLayer && "true".equals(layer.config().toStrings().get("bidirectional"))) {
        return new StreamPlan("Cannot stream through the bidirectional layer " + layer + ": its backward direction"
            + " reads the sequence from its last step, which a stream has not seen yet; use a unidirectional layer,"
            + " or call predict with the whole sequence");
      }
      Layer step;
      try {
        step = ServingCopy.rebuild(layer, stepShape).forServing();
      } catch (RuntimeException e) {
        return new StreamPlan("Cannot stream through layer " + layer + ": it cannot be rebuilt for one step " + stepShape
            + ": " + e.getMessage());
      }
      if (layer instanceof RecurrentLayer && !(step instanceof RecurrentLayer)) {
        return new StreamPlan("Cannot stream through layer " + layer + ": its serving form " + step
            + " does not give its states (RecurrentLayer), so they cannot be carried from one step to the next");
      }
      stepLayers.add(step);
      Shape out = layer.outputShape();
      Shape stepOut = step.outputShape();
      if (layer instanceof RecurrentLayer && out.equals(stepOut)) {
        // The last output of a recurrent layer: the layers after it see what they see in the network.
        int outputSize = layers.get(layers.size() - 1).outputShape().size();
        return new StreamPlan(steps, stepInputSize, outputSize, false, stepLayers, served.subList(i + 1, served.size()));
      }
      if (out.rank() == 0 || out.dim(0) != steps || !withFirst(out, 1).equals(stepOut)) {
        return new StreamPlan("Cannot stream through layer " + layer + ": it does not act on each of the " + steps
            + " steps (output " + out + " for the whole sequence, " + stepOut + " for one step " + stepShape
            + "); a stream can go through recurrent layers and layers that act on each step (dense, dropout,"
            + " activations), up to a recurrent layer that returns its last output");
      }
      stepShape = stepOut;
    }
    return new StreamPlan(steps, stepInputSize, stepShape.size(), true, stepLayers, List.of());
  }

  /** Throws the reason this network cannot stream, if it cannot. */
  void checkStreamable() {
    if (refusal != null) {
      throw new UnsupportedOperationException(refusal);
    }
  }

  private static Shape withFirst(Shape shape, int first) {
    int[] dims = shape.dims();
    dims[0] = first;
    return Shape.of(dims);
  }
}
