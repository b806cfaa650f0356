package dev.nn4j.core;

import dev.nn4j.core.math.Matrix;
import dev.nn4j.core.math.PlaneSource;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Random;
import java.util.function.DoubleBinaryOperator;
import java.util.function.Supplier;

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
  private final Random random;
  private final boolean backward;
  private final Map<Layer, Map<String, Matrix>> slots = new IdentityHashMap<>();
  private final Map<Layer, Map<String, Object>> workspaces = new IdentityHashMap<>();
  private Layer fusedOutputLayer;
  private Layer firstLayer;
  private Map<Layer, DoubleBinaryOperator> takenActivations = Map.of();
  private Map<Layer, Layer> activationTakers = Map.of();
  private final Map<Layer, PlaneSource> gradientPlanes = new IdentityHashMap<>();
  private Map<Layer, Layer> planeTakers = Map.of();
  private int[] lengths;

  private Pass(Random random, boolean backward) {
    this.random = random;
    this.backward = backward;
  }

  /**
   * A pass for prediction and gradient checks: layers behave deterministically.
   *
   * @return a new pass in which {@link #training()} is false
   */
  public static Pass forInference() {
    return new Pass(null, true);
  }

  /**
   * An inference pass that no backward pass follows: layers may skip recording what only their backward
   * pass reads (a recurrent layer's gates and states of every step).
   *
   * @return a new pass in which {@link #training()} and {@link #recordsForBackward()} are false
   */
  public static Pass forPrediction() {
    return new Pass(null, false);
  }

  /**
   * A pass for training: layers such as dropout draw from {@code random}, which the network derives from
   * its seed.
   *
   * @param random the generator for this training run
   * @return a new pass in which {@link #training()} is true
   */
  public static Pass forTraining(Random random) {
    return new Pass(java.util.Objects.requireNonNull(random, "random"), true);
  }

  /**
   * False in a pass made by {@link #forPrediction()}, where no backward pass follows the forward one.
   *
   * @return whether layers must record what their backward pass reads
   */
  public boolean recordsForBackward() {
    return backward;
  }

  /**
   * True while fitting, false while predicting.
   *
   * @return whether this is a training pass
   */
  public boolean training() {
    return random != null;
  }

  /**
   * The seeded generator of a training pass, for layers that make random choices. Draw from it on the
   * calling thread only, in order (not in a parallel loop or stream): it is not thread-safe, and the order of
   * the draws is what makes a seeded run repeat.
   *
   * @return the generator
   * @throws IllegalStateException in an inference pass, where layers must be deterministic
   */
  public Random random() {
    if (random == null) {
      throw new IllegalStateException("An inference pass has no random generator: layers must be deterministic when not training");
    }
    return random;
  }

  /**
   * Marks {@code layer}, the output layer, as fused with the loss: the gradient its {@code backward}
   * receives is already {@code dL/dz} with respect to its pre-activations (see {@link
   * Loss#fusesWith(Activation)}), so it must skip its activation's backward.
   *
   * @param layer the output layer
   */
  void fuseOutput(Layer layer) {
    this.fusedOutputLayer = layer;
  }

  /**
   * Marks {@code layer} as the network's first layer: nothing uses the gradient with respect to its input
   * (the data), so its backward need not compute it.
   *
   * @param layer the first layer
   */
  void markFirst(Layer layer) {
    this.firstLayer = layer;
  }

  /**
   * Sets which layers take the backward of the activation of the layer before them ({@link
   * Layer#takesActivationBackward}), and whose; and the layers that give it. Both immutable, made once by the
   * network.
   *
   * @param taken the derivative of each taking layer's activation to take ({@link
   *     ElementwiseActivation#derivative}), by layer
   * @param takers each taking layer, by the layer before it
   */
  void takeActivations(Map<Layer, DoubleBinaryOperator> taken, Map<Layer, Layer> takers) {
    this.takenActivations = taken;
    this.activationTakers = takers;
  }

  /**
   * The derivative {@code f'(z, a)} of the activation of the layer before {@code layer}, when {@code layer}'s backward
   * takes over that activation's backward (see {@link Layer#takesActivationBackward}): call it as {@code
   * applyAsDouble(a, a)}, with the output in the place of {@code z}, and return (or hand as planes, {@link
   * #giveGradientPlanes}) {@code dL/dz} of the layer before. Null where it takes none, as in any pass not made by
   * a network.
   *
   * @param layer a layer of the network
   * @return the derivative to take the backward through, or null
   */
  public DoubleBinaryOperator takenActivation(Layer layer) {
    return takenActivations.get(layer);
  }

  /**
   * True if the layer after {@code layer} takes {@code layer}'s activation's backward: {@code layer}'s backward
   * then receives {@code dL/dz} and must skip its activation's backward (see {@link
   * ActivatedLayer#givesActivationBackward}). False in any pass not made by a network.
   *
   * @param layer a layer of the network
   * @return whether the gradient {@code layer}'s backward receives is already {@code dL/dz}
   */
  public boolean activationGiven(Layer layer) {
    return activationTakers.containsKey(layer);
  }

  /**
   * Hands the layer before {@code taker} its {@code dL/dz} plane by plane, in this backward: called by a layer
   * that takes the activation before it ({@link #takenActivation}) instead of writing the gradient it returns,
   * whose values are then unspecified.
   *
   * @param taker the layer whose backward this is
   * @param planes gives each plane of {@code dL/dz} of the layer before, valid until the next forward
   */
  public void giveGradientPlanes(Layer taker, PlaneSource planes) {
    gradientPlanes.put(taker, planes);
  }

  /**
   * The planes of {@code dL/dz} that the layer after {@code layer} handed in this backward ({@link
   * #giveGradientPlanes}), taken once: null if it handed none, and then the gradient {@code layer} received holds
   * them.
   *
   * @param layer a layer whose activation's backward the layer after it takes ({@link #activationGiven})
   * @return the planes, or null
   */
  public PlaneSource gradientPlanes(Layer layer) {
    Layer taker = activationTakers.get(layer);
    return taker == null ? null : gradientPlanes.remove(taker);
  }

  /**
   * Whether the planes of {@code dL/dz} that the layer after {@code layer} handed are still unread: after {@code
   * layer}'s backward, a layer that did not read them (and so received an unwritten gradient).
   */
  boolean gradientPlanesUnread(Layer layer) {
    Layer taker = activationTakers.get(layer);
    return taker != null && gradientPlanes.containsKey(taker);
  }

  /**
   * Sets which layer takes the output planes of which ({@link Layer#takesOutputPlanes}): an immutable map from
   * each layer to the one after it, made once by the network.
   *
   * @param takers the taking layer, by the layer before it
   */
  void takePlanes(Map<Layer, Layer> takers) {
    this.planeTakers = takers;
  }

  /**
   * The layer after {@code layer} that takes its output planes as they are written ({@link
   * Layer#planeSink}), or null: none in a pass not made by a network.
   *
   * @param layer a layer of the network
   * @return the layer to hand the planes of the outputs to, or null
   */
  public Layer planeTaker(Layer layer) {
    return planeTakers.get(layer);
  }

  /**
   * False for the first layer of a network, whose input gradient nobody uses; its {@link Layer#backward}
   * may then skip that product and return null.
   *
   * @param layer a layer of the network
   * @return whether {@code layer}'s backward must return {@code dL/d(input)}
   */
  public boolean needsInputGradient(Layer layer) {
    return layer != firstLayer;
  }

  /**
   * True if {@code layer}'s output gradient is already taken through its activation; see {@link #fuseOutput}.
   *
   * @param layer a layer of the network
   * @return whether {@code layer} is the output layer fused with the loss
   */
  public boolean isFusedOutput(Layer layer) {
    return layer == fusedOutputLayer;
  }

  /**
   * Sets the real lengths of the sequences in this pass's batch: row {@code i} of the batch is a sequence of
   * which only the first {@code lengths[i]} steps are real, the rest padding at the end. Layers over steps
   * (recurrent layers) read it; padded steps produce no output, contribute no gradient and leave the state
   * unchanged. Null (the default) means every step of every row is real.
   *
   * @param lengths the real steps of each row, each at least 1 (not copied: the caller keeps it unchanged
   *     while the pass is in use), or null
   */
  public void setLengths(int[] lengths) {
    if (lengths != null) {
      for (int i = 0; i < lengths.length; i++) {
        if (lengths[i] < 1) {
          throw new IllegalArgumentException(
              "Expected every sequence to have at least 1 real step, got length " + lengths[i] + " at row " + i);
        }
      }
    }
    this.lengths = lengths;
  }

  /**
   * The real lengths of the batch's sequences set by {@link #setLengths}, or null when every step is real.
   *
   * @return the lengths, one per row, or null
   */
  public int[] lengths() {
    return lengths;
  }

  /**
   * A buffer of shape {@code [rows, cols]} owned by {@code layer} under {@code name}; the same matrix is
   * returned on later calls with the same shape, so its contents are whatever was last written to it.
   *
   * @param layer the owner of the buffer
   * @param name the buffer's name within the layer, such as {@code "z"}
   * @param rows the number of rows, usually the batch size
   * @param cols the number of columns
   * @return the buffer, owned by this pass
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

  /**
   * The values of {@code matrix} seen as a {@code [rows, cols]} matrix (the same array, not a copy), kept
   * under {@code name}: how a layer that acts on the last dimension of its samples (a dense layer on each
   * step of a sequence) sees a batch of {@code [T, F]} samples as {@code n·T} rows of {@code F} values. The
   * same view object is returned while the array is the same.
   *
   * @param layer the owner of the view
   * @param name the view's name within the layer
   * @param matrix the matrix whose values to see
   * @param rows the number of rows of the view
   * @param cols the number of columns; {@code rows * cols == matrix.size()}
   * @return the view, owned by this pass
   */
  public Matrix view(Layer layer, String name, Matrix matrix, int rows, int cols) {
    Map<String, Matrix> slot = slot(layer);
    Matrix m = slot.get(name);
    if (m == null || m.data() != matrix.data() || m.rows() != rows || m.cols() != cols) {
      m = Matrix.wrap(rows, cols, matrix.data());
      slot.put(name, m);
    }
    return m;
  }

  /**
   * A workspace owned by {@code layer} under {@code name}: made by {@code factory} on the first call and
   * returned by later calls while it is a {@code type}. It is the scratch space that is not one matrix,
   * such as the separate arrays in which a recurrent cell's loops run (C2 vectorizes a loop only over arrays
   * it sees indexed alike). Like a buffer, it belongs to this pass, so no two threads share it.
   *
   * @param <T> the workspace's type
   * @param layer the owner of the workspace
   * @param name the workspace's name within the layer
   * @param type the workspace's class
   * @param factory makes the workspace when there is none of that type yet
   * @return the workspace, owned by this pass
   * @throws NullPointerException if {@code factory} returns null
   */
  public <T> T workspace(Layer layer, String name, Class<T> type, Supplier<? extends T> factory) {
    Map<String, Object> slot = workspaces.computeIfAbsent(layer, l -> new HashMap<>());
    Object held = slot.get(name);
    if (!type.isInstance(held)) {
      held = java.util.Objects.requireNonNull(factory.get(), "the workspace factory returned null");
      slot.put(name, held);
    }
    return type.cast(held);
  }

  /**
   * Remembers {@code matrix} (not copied) for {@code layer}'s backward pass.
   *
   * @param layer the layer that will read it back
   * @param name the name to read it back by, such as {@code "input"}
   * @param matrix the matrix to remember
   */
  public void keep(Layer layer, String name, Matrix matrix) {
    slot(layer).put(name, matrix);
  }

  /**
   * What {@code layer} stored under {@code name} with {@link #keep} or {@link #buffer}.
   *
   * @param layer the layer that stored it
   * @param name the name it was stored under
   * @return the stored matrix
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

  /**
   * Whether {@code layer} (or a caller on its behalf, such as an initial state set before a forward) stored
   * something under {@code name}.
   *
   * @param layer the layer
   * @param name the name
   * @return whether {@link #kept} would find it
   */
  public boolean holds(Layer layer, String name) {
    Map<String, Matrix> slot = slots.get(layer);
    return slot != null && slot.containsKey(name);
  }

  private Map<String, Matrix> slot(Layer layer) {
    return slots.computeIfAbsent(layer, l -> new HashMap<>());
  }
}
