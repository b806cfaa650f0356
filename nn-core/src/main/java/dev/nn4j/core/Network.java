package dev.nn4j.core;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import dev.nn4j.core.data.DataSet;
import dev.nn4j.core.layers.Dense;
import dev.nn4j.core.math.Matrix;
import dev.nn4j.core.metrics.Metric;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A sequential neural network: layers applied one after another, a loss, and an optimizer that trains
 * it. Build one with {@link #builder()}:
 *
 * <pre>{@code
 * Network network = Network.builder()
 *     .input(2)
 *     .dense(2, sigmoid())
 *     .dense(1, sigmoid())
 *     .loss(Losses.mse())
 *     .optimizer(sgd(0.1))
 *     .seed(42)
 *     .build();
 * }</pre>
 *
 * <p>The structure is fixed when built; the parameters change only in {@link #fit}. Every method checks
 * its input first and throws {@link IllegalArgumentException} naming the expected and given values, so
 * bad input leaves the network unchanged.
 *
 * <p><b>Threads.</b> {@link #predict} may be called from many threads at once (each call has its own
 * scratch {@link Pass}), as long as no thread is training the network meanwhile. {@link #fit} and {@link
 * #gradients} are for one thread at a time.
 */
public final class Network {
  private static final Logger log = LoggerFactory.getLogger(Network.class);

  private final ImmutableList<Layer> layers;
  private final ImmutableList<Parameter> parameters;
  private final ImmutableList<String> parameterNames;
  private final Loss loss;
  private final Optimizer optimizer;
  private final long seed;
  private final long shuffleSeed;
  private final long layerSeed;
  /** Reseeded for each epoch from (shuffleSeed, epoch), so a resumed run shuffles as an unbroken one. */
  private final Random shuffleRandom = new Random();
  /** Reseeded for each step from (layerSeed, step), for the same reason. */
  private final Random layerRandom = new Random();
  private long epochsTrained;
  private long stepsTaken;
  private final boolean fusedOutput;
  private Optimizer.Updater updater;
  // The cached value must not refer to this network, or the network could never be collected while a
  // thread that predicted with it lives (a thread-local value keeps its key's owner reachable).
  private final ThreadLocal<SinglePrediction> singlePrediction =
      ThreadLocal.withInitial(() -> new SinglePrediction(inputSize(), newPass(false)));

  Network(Loss loss, Optimizer optimizer, List<Layer> layers, long seed, long shuffleSeed, long layerSeed) {
    this.layers = ImmutableList.copyOf(layers);
    this.loss = loss;
    this.optimizer = optimizer;
    this.seed = seed;
    this.shuffleSeed = shuffleSeed;
    this.layerSeed = layerSeed;
    Activation outputActivation = outputActivation(this.layers);
    this.fusedOutput = outputActivation != null && loss.fusesWith(outputActivation);
    ImmutableList.Builder<Parameter> params = ImmutableList.builder();
    ImmutableList.Builder<String> names = ImmutableList.builder();
    for (int i = 0; i < layers.size(); i++) {
      for (Parameter p : layers.get(i).parameters()) {
        params.add(p);
        names.add("layers." + i + "." + p.name());
      }
    }
    this.parameters = params.build();
    this.parameterNames = names.build();
  }

  /** The activation of the last layer if it is a dense layer, else null. */
  static Activation outputActivation(List<Layer> layers) {
    return layers.get(layers.size() - 1) instanceof Dense d ? d.activation() : null;
  }

  /** A new pass; in it, the output layer is fused with the loss when the loss asks for that. */
  private Pass newPass(boolean training) {
    Pass pass = training ? Pass.forTraining(layerRandom) : Pass.forInference();
    pass.markFirst(layers.get(0));
    if (fusedOutput) {
      pass.fuseOutput(layers.get(layers.size() - 1));
    }
    return pass;
  }

  /**
   * A builder for a new network.
   *
   * @return a builder for a new network
   */
  public static NetworkBuilder builder() {
    return new NetworkBuilder();
  }

  /**
   * The layers, first to last.
   *
   * @return the layers, first to last
   */
  public List<Layer> layers() {
    return layers;
  }

  /**
   * Width of an input sample.
   *
   * @return the width of an input sample
   */
  public int inputSize() {
    return layers.get(0).inputSize();
  }

  /**
   * Width of an output (prediction).
   *
   * @return the width of an output
   */
  public int outputSize() {
    return layers.get(layers.size() - 1).outputSize();
  }

  /**
   * The loss that {@link #fit} minimizes.
   *
   * @return the loss that {@link #fit} minimizes
   */
  public Loss lossFunction() {
    return loss;
  }

  /**
   * The seed from which the initial parameters and the shuffling order derive.
   *
   * @return the seed from which the initial parameters and the shuffling order derive
   */
  public long seed() {
    return seed;
  }

  /**
   * Total number of trainable scalars.
   *
   * @return the total number of trainable scalars
   */
  public int parameterCount() {
    return parameters.stream().mapToInt(Parameter::size).sum();
  }

  /**
   * A copy of the weights of dense layer {@code layer}, one row per neuron: {@code weights(layer)[j][i]}
   * is the weight from input {@code i} into neuron {@code j}.
   *
   * @param layer the index of the layer, counted from 0
   * @return a copy of the weights of dense layer {@code layer}, one row per neuron
   */
  public double[][] weights(int layer) {
    return dense(layer).weights().value().toArray();
  }

  /**
   * A copy of the biases of dense layer {@code layer}, one per neuron.
   *
   * @param layer the index of the layer, counted from 0
   * @return a copy of the biases of dense layer {@code layer}, one per neuron
   */
  public double[] bias(int layer) {
    return dense(layer).bias().value().row(0);
  }

  private Dense dense(int layer) {
    checkArgument(layer >= 0 && layer < layers.size(), "Layer %s does not exist; the network has %s layers", layer, layers.size());
    checkArgument(layers.get(layer) instanceof Dense, "Layer %s is a %s layer, not dense", layer, layers.get(layer).type());
    return (Dense) layers.get(layer);
  }

  // ---------------------------------------------------------------- prediction

  /**
   * The network's output for one sample.
   *
   * @param sample one input sample of {@link #inputSize()} values
   * @return the network's output for one sample
   * @throws IllegalArgumentException if {@code sample} does not have {@link #inputSize()} finite values
   */
  public double[] predict(double[] sample) {
    checkSample(sample, inputSize());
    // One sample at a time is the latency-bound case: reuse this thread's input row and pass.
    SinglePrediction single = singlePrediction.get();
    System.arraycopy(sample, 0, single.input.data(), 0, sample.length);
    return forward(single.input, single.pass).row(0);
  }

  /** Checks one input sample as {@link #predict(double[])} does, for it and {@link Predictor}. */
  static void checkSample(double[] sample, int inputSize) {
    checkNotNull(sample, "sample");
    if (sample.length != inputSize) {
      throw new IllegalArgumentException(
          "Expected each input sample to have " + inputSize + " values, got " + sample.length + " in sample 0");
    }
    checkFinite(Matrix.wrap(1, inputSize, sample), "input");
  }

  /**
   * A frozen copy of this network for serving predictions one sample at a time, faster than {@link
   * #predict(double[])}: the weights are copied once, laid out for one-sample products (see {@link
   * dev.nn4j.core.math.FrozenWeights}), fastest when the JVM runs with {@code --add-modules
   * jdk.incubator.vector}.
   * Its outputs are those of {@link #predict(double[])} at the time of the call, bit for bit (with the
   * {@code java} backend); later training does not change them. Make one after training or loading, and
   * share it between threads.
   *
   * @return the frozen copy
   * @throws UnsupportedOperationException if a layer other than a dense layer holds parameters, which this
   *     copy cannot freeze (such a network predicts with {@link #predict(double[])})
   */
  public Predictor predictor() {
    return Predictor.freeze(layers, inputSize(), outputSize());
  }

  /** A thread's reusable buffers for {@link #predict(double[])}: its input row and its pass. */
  private static final class SinglePrediction {
    final Matrix input;
    final Pass pass;

    SinglePrediction(int inputSize, Pass pass) {
      this.input = new Matrix(1, inputSize);
      this.pass = pass;
    }
  }

  /**
   * The network's outputs for a batch of samples, one row each.
   *
   * @param samples the input samples, one row each
   * @return the network's outputs for a batch of samples, one row each
   */
  public double[][] predict(double[][] samples) {
    return predict(toBatch(samples, "input", inputSize())).toArray();
  }

  /**
   * The network's outputs for a batch, {@code [n, outputSize()]}, in a new matrix.
   *
   * @param samples the input samples, one row each
   * @return the network's outputs for a batch, {@code [n, outputSize()]}, in a new matrix
   * @throws IllegalArgumentException if {@code samples} is not {@code [n, inputSize()]} or not finite
   */
  public Matrix predict(Matrix samples) {
    checkBatch(samples, "input", inputSize());
    return forward(samples, newPass(false)).copy();
  }

  /**
   * The output of every layer for one sample, first layer first: the hidden values {@code h1, h2} of the
   * tutorial's network are {@code layerOutputs(x).get(0)}, its prediction {@code layerOutputs(x).get(1)}.
   *
   * @param sample one input sample of {@link #inputSize()} values
   * @return the output of every layer for one sample, first layer first
   */
  public List<double[]> layerOutputs(double[] sample) {
    Matrix a = toBatch(new double[][] {checkNotNull(sample, "sample")}, "input", inputSize());
    Pass pass = Pass.forInference();
    List<double[]> outputs = new ArrayList<>();
    for (Layer layer : layers) {
      a = layer.forward(a, pass);
      outputs.add(a.row(0));
    }
    return outputs;
  }

  Matrix forward(Matrix input, Pass pass) {
    Matrix a = input;
    for (Layer layer : layers) {
      a = layer.forward(a, pass);
    }
    return a;
  }

  void backward(Matrix lossGradient, Pass pass) {
    Matrix g = lossGradient;
    for (int i = layers.size() - 1; i >= 0; i--) {
      g = layers.get(i).backward(g, pass);
    }
  }

  // ---------------------------------------------------------------- loss and gradients

  /**
   * The mean loss of the network's predictions for {@code inputs} against {@code targets}.
   *
   * @param inputs the input samples, one row each
   * @param targets the target of each sample, one row each
   * @return the mean loss of the network's predictions for {@code inputs} against {@code targets}
   */
  public double loss(double[][] inputs, double[][] targets) {
    Matrix x = toBatch(inputs, "input", inputSize());
    Matrix y = toBatch(targets, "target", outputSize());
    return loss(x, y);
  }

  /**
   * The mean loss for a batch given as matrices.
   *
   * @param inputs the input samples, one row each
   * @param targets the target of each sample, one row each
   * @return the mean loss for a batch given as matrices
   */
  public double loss(Matrix inputs, Matrix targets) {
    checkPairs(inputs, targets);
    Pass pass = newPass(false);
    return lossValue(forward(inputs, pass), targets, pass);
  }

  /**
   * The partial derivatives of {@link #loss(double[][], double[][])} with respect to every weight and
   * bias, computed by backpropagation. The parameter values are not changed; their gradient buffers
   * ({@link Parameter#gradient()}) are overwritten, so do not call this while {@link #fit} runs.
   *
   * @param inputs the input samples, one row each
   * @param targets the target of each sample, one row each
   * @return the partial derivatives by parameter name
   */
  public Gradients gradients(double[][] inputs, double[][] targets) {
    Matrix x = toBatch(inputs, "input", inputSize());
    Matrix y = toBatch(targets, "target", outputSize());
    return gradients(x, y);
  }

  /**
   * {@link #gradients(double[][], double[][])} for a batch given as matrices.
   *
   * @param inputs the input samples, one row each
   * @param targets the target of each sample, one row each
   * @return the partial derivatives by parameter name
   */
  public Gradients gradients(Matrix inputs, Matrix targets) {
    checkPairs(inputs, targets);
    Pass pass = newPass(false);
    Matrix prediction = forward(inputs, pass);
    Matrix lossGradient = new Matrix(prediction.rows(), prediction.cols());
    lossGradient(prediction, targets, pass, lossGradient);
    backward(lossGradient, pass);
    Map<String, Matrix> byName = new LinkedHashMap<>();
    for (int i = 0; i < parameters.size(); i++) {
      byName.put(parameterNames.get(i), parameters.get(i).gradient().copy());
    }
    return new Gradients(byName);
  }

  // ---------------------------------------------------------------- training

  /**
   * Trains the network on {@code inputs} and {@code targets} with the optimizer: for each epoch, for each
   * batch (in the given order, or shuffled with a generator derived from the seed), a forward pass, the
   * loss gradient, a backward pass and one optimizer step; then validation and the listeners.
   *
   * <p>The whole data set (and the validation data) is checked before the first step; on bad input
   * nothing changes.
   *
   * @param inputs the input samples, one row each
   * @param targets the target of each sample, one row each
   * @param options epochs, batch size, shuffling, validation, metrics and listeners
   * @return the loss and metrics of each epoch
   * @throws IllegalArgumentException on inputs or targets of the wrong width, different counts, values
   *     that are not finite, or targets the loss cannot take (such as a label out of range)
   * @throws IllegalStateException if the network was built without an optimizer
   * @throws TrainingDivergedException if the loss becomes NaN or infinite; the parameters are those from
   *     before that step
   */
  public History fit(double[][] inputs, double[][] targets, FitOptions options) {
    Matrix x = toBatch(inputs, "input", inputSize());
    Matrix y = toBatch(targets, "target", outputSize());
    return fit(x, y, options);
  }

  /**
   * {@link #fit(double[][], double[][], FitOptions)} for a {@link DataSet}.
   *
   * @param training the training data: features and labels
   * @param options epochs, batch size, shuffling, validation, metrics and listeners
   * @return the loss and metrics of each epoch
   */
  public History fit(DataSet training, FitOptions options) {
    checkNotNull(training, "training data");
    return fit(training.features(), training.labels(), options);
  }

  /**
   * {@link #fit(double[][], double[][], FitOptions)} for data given as matrices.
   *
   * @param inputs the input samples, one row each
   * @param targets the target of each sample, one row each
   * @param options epochs, batch size, shuffling, validation, metrics and listeners
   * @return the loss and metrics of each epoch
   */
  public History fit(Matrix inputs, Matrix targets, FitOptions options) {
    checkNotNull(options, "options");
    checkPairs(inputs, targets);
    loss.checkTargets(targets);
    if (options.hasValidation()) {
      checkPairs(options.validationInputs(), options.validationTargets());
      loss.checkTargets(options.validationTargets());
    }
    if (optimizer == null) {
      throw new IllegalStateException("This network has no optimizer: build it with optimizer(...) to train it");
    }
    if (updater == null) {
      updater = optimizer.start(parameters);
    }
    return new Trainer(this, inputs, targets, options).run();
  }

  /**
   * {@link #evaluate(Matrix, Matrix, List)} for a {@link DataSet}.
   *
   * @param data the data set: features and labels
   * @param metrics the metrics to measure besides the loss
   * @return the loss and each metric, by name
   */
  public Map<String, Double> evaluate(DataSet data, List<Metric> metrics) {
    checkNotNull(data, "data");
    return evaluate(data.features(), data.labels(), metrics);
  }

  /**
   * The loss and each metric on a data set, by name ({@code "loss"}, then the metrics' names), computed
   * in inference mode.
   *
   * @param inputs the input samples, one row each
   * @param targets the target of each sample, one row each
   * @param metrics the metrics to measure besides the loss
   * @return the loss and each metric, by name
   */
  public Map<String, Double> evaluate(Matrix inputs, Matrix targets, List<Metric> metrics) {
    checkNotNull(metrics, "metrics");
    checkPairs(inputs, targets);
    loss.checkTargets(targets);
    Pass pass = newPass(false);
    Matrix prediction = forward(inputs, pass);
    Map<String, Double> result = new LinkedHashMap<>();
    result.put("loss", lossValue(prediction, targets, pass));
    for (Metric m : metrics) {
      result.put(m.name(), m.value(prediction, targets));
    }
    return result;
  }

  /** The loss of a batch whose forward pass ran in {@code pass}, through the fused form when there is one. */
  double lossValue(Matrix prediction, Matrix targets, Pass pass) {
    return fusedOutput ? loss.fusedValue(outputLayer().preActivation(pass), targets) : loss.value(prediction, targets);
  }

  /** Writes the loss gradient that the output layer's backward expects (dL/dz when fused, else dL/dŷ). */
  void lossGradient(Matrix prediction, Matrix targets, Pass pass, Matrix gradient) {
    if (fusedOutput) {
      loss.fusedGradient(outputLayer().preActivation(pass), targets, gradient);
    } else {
      loss.gradient(prediction, targets, gradient);
    }
  }

  private Dense outputLayer() {
    return (Dense) layers.get(layers.size() - 1);
  }

  Optimizer optimizerOrNull() {
    return optimizer;
  }

  Optimizer.Updater updater() {
    return updater;
  }

  /** The generator that shuffles the next epoch: the same for the same seed and epoch number. */
  Random shuffleRandomForNextEpoch() {
    shuffleRandom.setSeed(mix(shuffleSeed, epochsTrained));
    return shuffleRandom;
  }

  /** Reseeds the generator of the training passes for the next step, from the seed and step number. */
  void seedLayersForNextStep() {
    layerRandom.setSeed(mix(layerSeed, stepsTaken));
  }

  void stepTaken() {
    stepsTaken++;
  }

  void epochTrained() {
    epochsTrained++;
  }

  /**
   * The number of epochs this network has been trained, over all calls of {@link #fit}: it numbers the
   * next epoch, whose shuffling order derives from it and the seed.
   *
   * @return the epochs trained so far
   */
  public long epochsTrained() {
    return epochsTrained;
  }

  /**
   * The number of optimizer steps this network has taken, over all calls of {@link #fit}.
   *
   * @return the optimizer steps taken so far
   */
  public long stepsTaken() {
    return stepsTaken;
  }

  /** SplitMix64's finalizer over {@code seed} and {@code n}: distinct, well-mixed seeds for each n. */
  private static long mix(long seed, long n) {
    long z = seed + (n + 1) * 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  Pass newTrainingPass() {
    return newPass(true);
  }

  /**
   * Writes this network (structure and parameters) to a {@code .safetensors} model file, replacing the
   * file at {@code path} only once the new one is complete; see {@link dev.nn4j.core.io.ModelFile#save}.
   *
   * @param path the model file
   * @throws IllegalArgumentException if a layer is neither dense nor dropout, or a parameter is not finite
   * @throws java.io.IOException if the file cannot be written
   */
  public void save(java.nio.file.Path path) throws java.io.IOException {
    dev.nn4j.core.io.ModelFile.save(this, path);
  }

  /**
   * Reads a network from a model file that {@link #save} wrote; it predicts exactly what the saved one did.
   * See {@link dev.nn4j.core.io.ModelFile#load}.
   *
   * @param path the model file
   * @return the network in the file, without an optimizer
   * @throws dev.nn4j.core.io.ModelFormatException if the file is malformed, written by a newer nn4j, or
   *     needs an activation that is not on the class path; the message says which
   * @throws java.io.IOException if the file cannot be read
   */
  public static Network load(java.nio.file.Path path) throws java.io.IOException {
    return dev.nn4j.core.io.ModelFile.load(path);
  }

  /**
   * Writes a checkpoint: the model and everything training continues from (optimizer state, epoch and step
   * counts). See {@link dev.nn4j.core.io.ModelFile#saveCheckpoint}.
   *
   * @param path the model file to write; a previous file there is replaced only once the new one is complete
   * @throws java.io.IOException if the file cannot be written
   */
  public void saveCheckpoint(java.nio.file.Path path) throws java.io.IOException {
    dev.nn4j.core.io.ModelFile.saveCheckpoint(this, path);
  }

  /**
   * Continues from a checkpoint: this network, built as the saved one was, takes its parameters,
   * optimizer state and counters, so the next {@link #fit} goes on exactly as the saved run would have.
   * See {@link dev.nn4j.core.io.ModelFile#resume}.
   *
   * @param path a file written by {@link #saveCheckpoint}
   * @throws java.io.IOException if the file cannot be read or is not a valid checkpoint
   */
  public void resumeFrom(java.nio.file.Path path) throws java.io.IOException {
    dev.nn4j.core.io.ModelFile.resume(this, path);
  }

  // ---------------------------------------------------------------- parameters

  /**
   * A copy of every parameter's value by name ({@code layers.<i>.weight}, {@code layers.<i>.bias}), in
   * network order: a snapshot to restore with {@link #setParameterValues}.
   *
   * @return a copy of every parameter's value by name, in network order
   */
  public Map<String, Matrix> parameterValues() {
    Map<String, Matrix> values = new LinkedHashMap<>();
    for (int i = 0; i < parameters.size(); i++) {
      values.put(parameterNames.get(i), parameters.get(i).value().copy());
    }
    return values;
  }

  /**
   * Sets every parameter from {@code values}, as {@link #parameterValues()} returns them. Everything is
   * checked before anything is changed.
   *
   * @param values every parameter's value by name, as {@link #parameterValues()} gives them
   * @throws IllegalArgumentException if a name is missing or unknown or a shape differs; the message names
   *     the parameter and both shapes
   */
  public void setParameterValues(Map<String, Matrix> values) {
    checkArgument(
        values.keySet().equals(new java.util.HashSet<>(parameterNames)),
        "Expected values for the parameters %s, got %s",
        parameterNames,
        values.keySet());
    for (int i = 0; i < parameters.size(); i++) {
      parameters.get(i).value().requireSameShape(values.get(parameterNames.get(i)), "values for " + parameterNames.get(i));
    }
    for (int i = 0; i < parameters.size(); i++) {
      parameters.get(i).value().copyFrom(values.get(parameterNames.get(i)));
    }
  }

  /**
   * A snapshot of everything training continues from: parameters, optimizer state and the epoch and step
   * counts. See {@link #restoreTrainingState}.
   *
   * @return a snapshot of everything training continues from
   * @throws UnsupportedOperationException if the optimizer cannot save its state
   */
  public TrainingState trainingState() {
    return new TrainingState(parameterValues(), updater == null ? null : updater.state(), epochsTrained, stepsTaken);
  }

  /**
   * Puts this network where {@code state} was taken, so that the next {@link #fit} continues that run
   * exactly: the network must have been built the same way (layers, optimizer and seed). Everything is
   * checked before anything changes.
   *
   * @param state a state taken by {@link #trainingState()}
   * @throws IllegalArgumentException if the parameters or the optimizer state do not fit this network
   * @throws IllegalStateException if the state holds an optimizer state and this network has no optimizer
   */
  public void restoreTrainingState(TrainingState state) {
    checkNotNull(state, "state");
    Map<String, Matrix> values = state.parameters();
    Optimizer.Updater restored = null;
    if (state.optimizer().isPresent()) {
      if (optimizer == null) {
        throw new IllegalStateException("The state holds an optimizer state, but this network has no optimizer");
      }
      restored = optimizer.start(parameters);
      restored.restore(state.optimizer().get());
    }
    setParameterValues(values);
    updater = restored;
    epochsTrained = state.epochsTrained();
    stepsTaken = state.stepsTaken();
  }

  /**
   * A table of the layers, like Keras' {@code model.summary()}: each layer with its type, output shape and
   * number of parameters, then the total, the loss and the optimizer.
   *
   * @return a table of the layers, like Keras' {@code model.summary()}
   */
  public String summary() {
    String format = "%-34s %-14s %12s%n";
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(format, "Layer (type)", "Output shape", "Param #"));
    String rule = "=".repeat(62) + System.lineSeparator();
    sb.append(rule);
    for (int i = 0; i < layers.size(); i++) {
      Layer layer = layers.get(i);
      String type = layer instanceof Dense d ? "dense, " + describe(d.activation()) : layer.type();
      int count = layer.parameters().stream().mapToInt(Parameter::size).sum();
      sb.append(String.format(format, "layers." + i + " (" + type + ")", "(None, " + layer.outputSize() + ")", String.format("%,d", count)));
    }
    sb.append(rule);
    sb.append(String.format("Total params: %,d (input: %d values per sample)%n", parameterCount(), inputSize()));
    sb.append("Loss: ").append(loss).append(System.lineSeparator());
    sb.append("Optimizer: ").append(optimizer == null ? "none" : optimizer.toString());
    return sb.toString();
  }

  private static String describe(Activation activation) {
    return activation.config().isEmpty() ? activation.name() : activation.name() + activation.config();
  }

  // ---------------------------------------------------------------- input checks

  private static Matrix toBatch(double[][] rows, String what, int width) {
    checkNotNull(rows, "%ss", what);
    for (int r = 0; r < rows.length; r++) {
      checkNotNull(rows[r], "%s sample %s is null", what, r);
      checkArgument(
          rows[r].length == width,
          "Expected each %s sample to have %s values, got %s in sample %s",
          what,
          width,
          rows[r].length,
          r);
    }
    Matrix m = rows.length == 0 ? new Matrix(0, width) : Matrix.of(rows);
    checkFinite(m, what);
    return m;
  }

  private static void checkBatch(Matrix m, String what, int width) {
    checkNotNull(m, "%ss", what);
    if (m.cols() != width) {
      throw new IllegalArgumentException(
          "Expected each " + what + " sample to have " + width + " values, got " + m.cols() + " (shape " + m.shape() + ")");
    }
    if (m.rows() == 0) {
      throw new IllegalArgumentException("Expected at least one " + what + " sample, got none (an empty batch " + m.shape() + ")");
    }
    checkFinite(m, what);
  }

  private static void checkFinite(Matrix m, String what) {
    double[] d = m.data();
    for (int i = 0; i < d.length; i++) {
      if (!Double.isFinite(d[i])) {
        throw new IllegalArgumentException(
            "Expected finite "
                + what
                + " values, got "
                + d[i]
                + " in sample "
                + i / m.cols()
                + ", column "
                + i % m.cols());
      }
    }
  }

  void checkPairs(Matrix inputs, Matrix targets) {
    checkBatch(inputs, "input", inputSize());
    checkBatch(targets, "target", outputSize());
    checkArgument(
        inputs.rows() == targets.rows(),
        "Expected one target per input sample: got %s inputs and %s targets",
        inputs.rows(),
        targets.rows());
    checkArgument(inputs.rows() > 0, "Expected at least one sample, got none");
  }

  @Override
  public String toString() {
    return "Network" + layers + ", loss=" + loss + ", optimizer=" + optimizer;
  }
}
