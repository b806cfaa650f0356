package dev.nn4j.core;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.math.IntMath;
import dev.nn4j.core.data.DataSet;
import dev.nn4j.core.data.OneHot;
import dev.nn4j.core.math.Matrix;
import dev.nn4j.core.metrics.Metric;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.DoubleBinaryOperator;

/**
 * A neural network: layers applied one after another, and the loss it is trained to minimize. Build one
 * with {@link #builder()}:
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
 * <p>A network holds the structure, runs it forward and backward, predicts, and gives and takes its
 * numbers as a {@link StateDict}. Training runs in a {@link Trainer}, which owns the optimizer's state,
 * the epoch and step counters and the seeded randomness; {@link #fit} trains with the network's own
 * trainer ({@link #trainer()}), made with the optimizer chosen on the builder. Every method checks its
 * input first and throws {@link IllegalArgumentException} naming the expected and given values, so bad
 * input leaves the network unchanged.
 *
 * <p><b>Threads.</b> {@link #predict} may be called from many threads at once (each call has its own
 * scratch {@link Pass}), as long as no thread is training the network meanwhile. Training and {@link
 * #gradients} are for one thread at a time.
 */
public final class Network {
  private final Shape inputShape;
  private final ImmutableList<Layer> layers;
  private final ImmutableMap<String, Parameter> parameters;
  /** {@link #parameters}' values, for the indexed loop of {@link #zeroGradients} (an iterator allocates). */
  private final ImmutableList<Parameter> parameterList;
  private final ImmutableMap<String, Buffer> buffers;
  private final Loss loss;
  private final Optimizer optimizer;
  private final long seed;
  /** The output layer, when the loss is computed from its pre-activations; else null. */
  private final ActivatedLayer fusedOutput;
  /** Each layer that takes the backward of the activation before it, with that activation's derivative. */
  private final Map<Layer, DoubleBinaryOperator> takenActivations;
  /** The layers whose activation's backward the layer after them takes, with that layer. */
  private final Map<Layer, Layer> activationTakers;
  /** Each layer whose output planes the layer after it takes as they are written, with that layer. */
  private final Map<Layer, Layer> planeTakers;
  /** The rows the loss and metrics see: one per sample, or one per (real) step of a sequence output. */
  private final LossRows lossRows;
  private Trainer trainer;
  // The cached value must not refer to this network, or the network could never be collected while a
  // thread that predicted with it lives (a thread-local value keeps its key's owner reachable).
  private final ThreadLocal<SinglePrediction> singlePrediction;

  Network(Shape inputShape, List<Layer> layers, Loss loss, Optimizer optimizer, long seed) {
    this.inputShape = inputShape;
    this.layers = ImmutableList.copyOf(layers);
    this.loss = loss;
    this.optimizer = optimizer;
    this.seed = seed;
    Layer last = this.layers.get(this.layers.size() - 1);
    this.fusedOutput = last instanceof ActivatedLayer output && loss.fusesWith(output.activation()) ? output : null;
    this.lossRows = LossRows.of(inputShape, last.outputShape());
    // By identity, as the pass keys its layers: a layer may define equals.
    Map<Layer, DoubleBinaryOperator> taken = new IdentityHashMap<>();
    Map<Layer, Layer> takers = new IdentityHashMap<>();
    Map<Layer, Layer> planeTakers = new IdentityHashMap<>();
    for (int i = 0; i + 1 < this.layers.size(); i++) {
      Layer next = this.layers.get(i + 1);
      if (next.takesOutputPlanes()) {
        planeTakers.put(this.layers.get(i), next);
      }
      if (this.layers.get(i) instanceof ActivatedLayer giver
          && giver.givesActivationBackward()
          && giver.activation() instanceof ElementwiseActivation f
          && f.derivativeFromOutput()
          && next.takesActivationBackward()) {
        taken.put(next, f::derivative);
        takers.put(giver, next);
      }
    }
    this.takenActivations = Collections.unmodifiableMap(taken);
    this.activationTakers = Collections.unmodifiableMap(takers);
    this.planeTakers = Collections.unmodifiableMap(planeTakers);
    Map<String, Parameter> params = new LinkedHashMap<>();
    Map<String, Buffer> bufs = new LinkedHashMap<>();
    for (int i = 0; i < layers.size(); i++) {
      for (Parameter p : layers.get(i).parameters()) {
        params.put(prefix(i) + p.name(), p);
      }
      for (Buffer b : layers.get(i).buffers()) {
        bufs.put(prefix(i) + b.name(), b);
      }
    }
    this.parameters = ImmutableMap.copyOf(params);
    this.parameterList = parameters.values().asList();
    this.buffers = ImmutableMap.copyOf(bufs);
    int inputSize = inputShape.size();
    this.singlePrediction = ThreadLocal.withInitial(() -> new SinglePrediction(inputSize));
  }

  /** The state-dict prefix of layer {@code i}, which is also its node's name in a model file. */
  static String prefix(int i) {
    return "layers." + i + ".";
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
   * The shape of an input sample, such as {@code [4]} or {@code [1, 28, 28]}.
   *
   * @return the input shape
   */
  public Shape inputShape() {
    return inputShape;
  }

  /**
   * The shape of an output (prediction).
   *
   * @return the output shape
   */
  public Shape outputShape() {
    return layers.get(layers.size() - 1).outputShape();
  }

  /**
   * Width of an input sample: the number of values of {@link #inputShape()}.
   *
   * @return the width of an input sample
   */
  public int inputSize() {
    return inputShape.size();
  }

  /**
   * Width of an output (prediction).
   *
   * @return the width of an output
   */
  public int outputSize() {
    return outputShape().size();
  }

  /**
   * The loss that training minimizes.
   *
   * @return the loss
   */
  public Loss lossFunction() {
    return loss;
  }

  /**
   * The optimizer chosen on the builder, which {@link #trainer()} uses; null if none was.
   *
   * @return the optimizer, or null
   */
  public Optimizer optimizer() {
    return optimizer;
  }

  /**
   * The seed from which the initial parameters and every random choice of training derive.
   *
   * @return the seed
   */
  public long seed() {
    return seed;
  }

  /**
   * The trainable parameters by state-dict name ({@code layers.0.weight}), in network order, live: what
   * an optimizer updates.
   *
   * @return the parameters by name
   */
  public Map<String, Parameter> parameters() {
    return parameters;
  }

  /**
   * Every layer's buffers (state that is not trained by gradients, such as batch normalization's running
   * statistics) by state-dict name ({@code layers.1.running_mean}), in layer order.
   *
   * @return the buffers, unmodifiable
   */
  public Map<String, Buffer> buffers() {
    return buffers;
  }

  /**
   * Total number of trainable scalars.
   *
   * @return the total number of trainable scalars
   */
  public int parameterCount() {
    return parameters.values().stream().mapToInt(Parameter::size).sum();
  }

  /**
   * A copy of the weights of layer {@code layer}, one row per neuron: {@code weights(layer)[j][i]} is the
   * weight from input {@code i} into neuron {@code j}.
   *
   * @param layer the index of the layer, counted from 0
   * @return a copy of its parameter {@code "weight"}, as a matrix
   * @throws IllegalArgumentException if there is no such layer or it has no parameter called {@code weight}
   */
  public double[][] weights(int layer) {
    return parameter(layer, "weight").value().toArray();
  }

  /**
   * A copy of the biases of layer {@code layer}, one per neuron.
   *
   * @param layer the index of the layer, counted from 0
   * @return a copy of its parameter {@code "bias"}
   * @throws IllegalArgumentException if there is no such layer or it has no parameter called {@code bias}
   */
  public double[] bias(int layer) {
    return parameter(layer, "bias").value().data().clone();
  }

  private Parameter parameter(int layer, String name) {
    checkArgument(layer >= 0 && layer < layers.size(), "Layer %s does not exist; the network has %s layers", layer, layers.size());
    Parameter p = parameters.get(prefix(layer) + name);
    checkArgument(p != null, "Layer %s is a %s layer, which has no parameter '%s'", layer, layers.get(layer).type(), name);
    return p;
  }

  // ---------------------------------------------------------------- the pass

  /** A new pass, training or not; training passes draw from {@code random}. */
  Pass newPass(boolean training, Random random) {
    return training ? Pass.forTraining(random) : Pass.forInference();
  }

  /** The forward pass of every layer; the pass learns which layer is first and which is fused. */
  Matrix forward(Matrix input, Pass pass) {
    return forward(input, pass, false);
  }

  /** The forward pass; with {@code inputGradient}, no layer is first, so the backward pass returns dL/dx. */
  private Matrix forward(Matrix input, Pass pass, boolean inputGradient) {
    pass.markFirst(inputGradient ? null : layers.get(0));
    pass.fuseOutput(fusedOutput);
    pass.takeActivations(takenActivations, activationTakers);
    pass.takePlanes(planeTakers);
    Matrix a = input;
    // Indexed, as every loop of a training step: an iterator would be an allocation per step.
    for (int i = 0; i < layers.size(); i++) {
      a = layers.get(i).forward(a, pass);
    }
    return a;
  }

  /**
   * The backward pass of every layer, last first; each adds to its parameters' gradients. A layer that let the
   * layer after it take its activation's backward must read the planes of {@code dL/dz} handed to it: if it did
   * not, its gradients were computed from an unwritten matrix, and this fails rather than train on them.
   *
   * @return what the first layer's backward returned: dL/dx, or null for the first layer of a training pass
   */
  Matrix backward(Matrix lossGradient, Pass pass) {
    Matrix g = lossGradient;
    for (int i = layers.size() - 1; i >= 0; i--) {
      Layer layer = layers.get(i);
      g = layer.backward(g, pass);
      if (pass.gradientPlanesUnread(layer)) {
        throw new IllegalStateException(
            "Layer " + i + " (" + layer + ") lets the layer after it take its activation's backward"
                + " (givesActivationBackward) but did not read the planes of dL/dz it was handed: read them with"
                + " Pass.gradientPlanes in backward");
      }
    }
    return g;
  }

  /**
   * The loss of a batch whose forward pass ran in {@code pass}, through the fused form when there is one; for
   * an output per step, over the real steps of the pass's lengths (see {@link LossRows}).
   */
  double lossValue(Matrix prediction, Matrix targets, Pass pass) {
    int[] lengths = pass.lengths();
    Layer owner = outputLayer();
    Matrix t = lossRows.rows(targets, lengths, pass, owner, "loss: targets");
    if (fusedOutput != null) {
      return loss.fusedValue(lossRows.rows(fusedOutput.preActivation(pass), lengths, pass, owner, "loss: z"), t);
    }
    return loss.value(lossRows.rows(prediction, lengths, pass, owner, "loss: prediction"), t);
  }

  /**
   * Writes the loss gradient that the output layer's backward expects (dL/dz when fused, else dL/dŷ); for an
   * output per step with lengths, zero at the padded steps.
   */
  void lossGradient(Matrix prediction, Matrix targets, Pass pass, Matrix gradient) {
    int[] lengths = pass.lengths();
    Layer owner = outputLayer();
    Matrix t = lossRows.rows(targets, lengths, pass, owner, "loss: targets");
    Matrix g = lossRows.perStep() && lengths != null
        ? pass.buffer(owner, "loss: gradient", t.rows(), t.cols())
        : lossRows.rows(gradient, null, pass, owner, "loss: gradient view");
    if (fusedOutput != null) {
      loss.fusedGradient(lossRows.rows(fusedOutput.preActivation(pass), lengths, pass, owner, "loss: z"), t, g);
    } else {
      loss.gradient(lossRows.rows(prediction, lengths, pass, owner, "loss: prediction"), t, g);
    }
    lossRows.scatter(g, lengths, gradient);
  }

  /** A batch of predictions or targets as the metrics see it: one row per sample, or per real step. */
  Matrix metricRows(Matrix batch, Pass pass, String name) {
    return lossRows.rows(batch, pass.lengths(), pass, outputLayer(), "metric: " + name);
  }

  /** Checks targets with the loss, one row per sample or per real step, as the loss will see them. */
  void checkTargets(Matrix targets, int[] lengths) {
    if (!lossRows.perStep()) {
      loss.checkTargets(targets);
      return;
    }
    try {
      loss.checkTargets(lossRows.rows(targets, lengths));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "Targets per step, one row per real step of each sequence in order (" + lossRows.count(targets.rows(), lengths)
              + " rows): " + e.getMessage(), e);
    }
  }

  /**
   * Checks the lengths of a batch of {@code rows} sequences: null, or one per row, each between 1 and the
   * steps {@code T} of the input (its first size).
   */
  void checkLengths(int[] lengths, int rows) {
    if (lengths != null) {
      DataSet.checkLengths(lengths, rows, inputShape.dim(0));
    }
  }

  private Layer outputLayer() {
    return layers.get(layers.size() - 1);
  }

  /** Sets every parameter's gradient to zero, before the backward passes of a step. */
  void zeroGradients() {
    for (int i = 0; i < parameterList.size(); i++) {
      parameterList.get(i).zeroGradient();
    }
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
    Batches.checkSample(sample, inputSize());
    // One sample at a time is the latency-bound case: reuse this thread's input row and pass.
    SinglePrediction single = singlePrediction.get();
    System.arraycopy(sample, 0, single.input.data(), 0, sample.length);
    return forward(single.input, single.pass).data().clone();
  }

  /**
   * A frozen copy of this network for serving predictions one sample at a time, faster than {@link
   * #predict(double[])}: each layer's serving form ({@link Layer#forServing()}), dense layers laid out for
   * one-sample products (see {@link dev.nn4j.core.math.FrozenWeights}), fastest when the JVM runs with
   * {@code --add-modules jdk.incubator.vector}. Its outputs are those of {@link #predict(double[])} at the
   * time of the call, bit for bit (with the {@code java} backend); later training does not change them.
   * Make one after training or loading, and share it between threads.
   *
   * @return the frozen copy
   * @throws UnsupportedOperationException if a layer with state cannot be copied (its type is not
   *     registered by name); the message names it
   */
  public Predictor predictor() {
    return Predictor.freeze(layers, inputShape, outputShape());
  }

  /** A thread's reusable buffers for {@link #predict(double[])}: its input row and its pass. */
  private static final class SinglePrediction {
    final Matrix input;
    final Pass pass = Pass.forInference();

    SinglePrediction(int inputSize) {
      this.input = new Matrix(1, inputSize);
    }
  }

  /**
   * The network's outputs for a batch of samples, one row each.
   *
   * @param samples the input samples, one row each
   * @return the network's outputs for a batch of samples, one row each
   */
  public double[][] predict(double[][] samples) {
    return predict(Batches.of(samples, "input", inputSize())).toArray();
  }

  /**
   * The network's outputs for a batch, {@code [n, outputSize()]}, in a new matrix.
   *
   * @param samples the input samples, one row each
   * @return the network's outputs for a batch, {@code [n, outputSize()]}, in a new matrix
   * @throws IllegalArgumentException if {@code samples} is not {@code [n, inputSize()]} or not finite
   */
  public Matrix predict(Matrix samples) {
    return predict(samples, null);
  }

  /**
   * The network's outputs for a batch of sequences padded at the end, {@code [n, outputSize()]}, in a new
   * matrix: sample {@code i} is real for its first {@code lengths[i]} steps (see {@link
   * dev.nn4j.core.data.Sequences}). Layers over steps ignore the padding; outputs per step at padded steps
   * are whatever the layers give there (zeros from recurrent layers and embeddings), not predictions.
   *
   * @param samples the input samples, one row each, {@code [n, inputSize()]}
   * @param lengths the real steps of each sample, each in {@code [1, T]}; null for all real
   * @return the outputs, one row each
   * @throws IllegalArgumentException if {@code samples} is not {@code [n, inputSize()]} or not finite, or the
   *     lengths do not match the batch (their count, or a length outside {@code [1, T]}); the message names the
   *     expected and given values
   */
  public Matrix predict(Matrix samples, int[] lengths) {
    Batches.check(samples, "input", inputSize());
    checkLengths(lengths, samples.rows());
    Matrix result = new Matrix(samples.rows(), outputSize());
    inferInChunks(samples, null, lengths, (from, prediction, chunkTargets, pass) ->
        System.arraycopy(prediction.data(), 0, result.data(), from * result.cols(), prediction.size()));
    return result;
  }

  /**
   * The network's outputs for the samples of {@code data}, with its sequences' lengths if it has them.
   *
   * @param data the samples (their labels are not used)
   * @return the outputs, one row per sample
   */
  public Matrix predict(DataSet data) {
    checkNotNull(data, "data");
    return predict(data.features(), data.lengths());
  }

  /**
   * The most values of any layer's outputs held at once when inferring (4 MB): a large input is taken a chunk
   * of rows at a time. Samples are independent at inference, so the chunks give the bits of one pass. Small
   * chunks keep a convolution's outputs in the caches and its buffers small: W4's inference of 1,000 images
   * ran at 5,313 to 5,576 samples/s in chunks of 24 against 2,897 to 2,923 with 2^23 values (chunks of 334)
   * and allocated 52 MB against 597; the MLPs' batches of 1,000 stay one chunk (`w4` and `mlp-steps` of
   * nn-bench, two rounds each).
   */
  static final int INFERENCE_VALUES = 1 << 19;

  /** What {@link #inferInChunks} hands on for each chunk: its first row, outputs, targets and pass. */
  @FunctionalInterface
  private interface Chunk {
    void accept(int from, Matrix prediction, Matrix targets, Pass pass);
  }

  /**
   * Runs {@code inputs} forward in inference mode a chunk of rows at a time (see {@link #INFERENCE_VALUES}),
   * handing each chunk's outputs, with its rows of {@code targets} if given, to {@code chunk}; the pass of
   * each chunk carries the chunk's rows of {@code lengths}.
   */
  private void inferInChunks(Matrix inputs, Matrix targets, int[] lengths, Chunk chunk) {
    int n = inputs.rows();
    int most = inferenceRows();
    // Chunks of equal size (the last may be smaller by less than their number), so that all but perhaps the
    // last use the same buffers.
    int rows = n <= most ? n : IntMath.divide(n, IntMath.divide(n, most, RoundingMode.CEILING), RoundingMode.CEILING);
    Pass pass = Pass.forPrediction();
    if (n <= rows) {
      pass.setLengths(lengths);
      chunk.accept(0, forward(inputs, pass), targets, pass);
      return;
    }
    for (int from = 0; from < n; from += rows) {
      int to = Math.min(n, from + rows);
      pass.setLengths(lengths == null ? null : Arrays.copyOfRange(lengths, from, to));
      chunk.accept(from, forward(rowsOf(inputs, from, to), pass), targets == null ? null : rowsOf(targets, from, to), pass);
    }
  }

  /** The most rows of a chunk of {@link #inferInChunks}: the input is held already, so the layers' outputs count. */
  private int inferenceRows() {
    int widest = 1;
    for (Layer layer : layers) {
      widest = Math.max(widest, layer.outputSize());
    }
    return Math.max(1, INFERENCE_VALUES / widest);
  }

  private static Matrix rowsOf(Matrix m, int from, int to) {
    return Matrix.wrap(to - from, m.cols(), Arrays.copyOfRange(m.data(), from * m.cols(), to * m.cols()));
  }

  /**
   * The output of every layer for one sample, first layer first: the hidden values {@code h1, h2} of the
   * tutorial's network are {@code layerOutputs(x).get(0)}, its prediction {@code layerOutputs(x).get(1)}.
   *
   * @param sample one input sample of {@link #inputSize()} values
   * @return the output of every layer for one sample, first layer first
   */
  public List<double[]> layerOutputs(double[] sample) {
    Matrix a = Batches.of(new double[][] {checkNotNull(sample, "sample")}, "input", inputSize());
    Pass pass = Pass.forInference();
    List<double[]> outputs = new ArrayList<>();
    for (Layer layer : layers) {
      a = layer.forward(a, pass);
      outputs.add(a.data().clone());
    }
    return outputs;
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
    return loss(Batches.of(inputs, "input", inputSize()), Batches.of(targets, "target", outputSize()));
  }

  /**
   * The mean loss for a batch given as matrices, in inference mode.
   *
   * @param inputs the input samples, one row each
   * @param targets the target of each sample, one row each
   * @return the mean loss for a batch given as matrices
   */
  public double loss(Matrix inputs, Matrix targets) {
    return evaluate(inputs, targets, List.of()).get("loss");
  }

  /**
   * The mean loss on a data set, in inference mode, with its sequences' lengths if it has them.
   *
   * @param data the samples and their labels
   * @return the mean loss (for an output per step, over the real steps)
   */
  public double loss(DataSet data) {
    checkNotNull(data, "data");
    return loss(data.features(), data.labels(), data.lengths());
  }

  /**
   * The mean loss for a batch of sequences padded at the end, in inference mode: for an output per step, the
   * mean over the real steps only.
   *
   * @param inputs the input samples, one row each
   * @param targets the target of each sample, one row each
   * @param lengths the real steps of each sample, each in {@code [1, T]}; null for all real
   * @return the mean loss
   * @throws IllegalArgumentException if the lengths do not match the batch
   */
  public double loss(Matrix inputs, Matrix targets, int[] lengths) {
    return evaluate(inputs, targets, lengths, List.of()).get("loss");
  }

  /**
   * The mean loss for a batch, computed in {@code pass}: a training pass ({@link Pass#forTraining}) draws
   * dropout masks from its generator and normalizes by batch statistics, and updates running statistics as
   * training does.
   *
   * @param inputs the input samples, one row each
   * @param targets the target of each sample, one row each
   * @param pass a new pass, training or not
   * @return the mean loss
   */
  public double loss(Matrix inputs, Matrix targets, Pass pass) {
    checkPairs(inputs, targets);
    checkLengths(checkNotNull(pass, "pass").lengths(), inputs.rows());
    return lossValue(forward(inputs, pass), targets, pass);
  }

  /**
   * The partial derivatives of {@link #loss(double[][], double[][])} with respect to every parameter,
   * computed by backpropagation. The parameter values are not changed; their gradient buffers ({@link
   * Parameter#gradient()}) are overwritten, so do not call this while training.
   *
   * @param inputs the input samples, one row each
   * @param targets the target of each sample, one row each
   * @return the partial derivatives by parameter name
   */
  public Gradients gradients(double[][] inputs, double[][] targets) {
    return gradients(Batches.of(inputs, "input", inputSize()), Batches.of(targets, "target", outputSize()));
  }

  /**
   * {@link #gradients(double[][], double[][])} for a batch given as matrices, in inference mode.
   *
   * @param inputs the input samples, one row each
   * @param targets the target of each sample, one row each
   * @return the partial derivatives by parameter name
   */
  public Gradients gradients(Matrix inputs, Matrix targets) {
    return gradients(inputs, targets, Pass.forInference());
  }

  /**
   * {@link #gradients(Matrix, Matrix)} for a batch of sequences padded at the end, in inference mode: padded
   * steps contribute nothing.
   *
   * @param inputs the input samples, one row each
   * @param targets the target of each sample, one row each
   * @param lengths the real steps of each sample, each in {@code [1, T]}; null for all real
   * @return the partial derivatives by parameter name
   * @throws IllegalArgumentException if the lengths do not match the batch
   */
  public Gradients gradients(Matrix inputs, Matrix targets, int[] lengths) {
    Pass pass = Pass.forInference();
    checkPairs(inputs, targets);
    checkLengths(lengths, inputs.rows());
    pass.setLengths(lengths);
    return gradients(inputs, targets, pass);
  }

  /**
   * The gradients of {@link #loss(Matrix, Matrix, Pass)}: in a training pass, those a training step
   * computes (through dropout masks and batch statistics); a training pass also updates the running
   * statistics, as a training step does.
   *
   * @param inputs the input samples, one row each
   * @param targets the target of each sample, one row each
   * @param pass a new pass, training or not
   * @return the partial derivatives by parameter name
   */
  public Gradients gradients(Matrix inputs, Matrix targets, Pass pass) {
    checkPairs(inputs, targets);
    checkLengths(checkNotNull(pass, "pass").lengths(), inputs.rows());
    backpropagate(inputs, targets, pass, false);
    Map<String, Matrix> byName = new LinkedHashMap<>();
    parameters.forEach((name, p) -> byName.put(name, p.gradient().copy()));
    return new Gradients(byName);
  }

  /**
   * The partial derivatives of {@link #loss(Matrix, Matrix, Pass)} with respect to every input value,
   * {@code dL/dx}: which inputs the loss is sensitive to (saliency), or the direction that changes a
   * prediction most. Parameter gradients are overwritten, as by {@link #gradients}.
   *
   * @param inputs the input samples, one row each
   * @param targets the target of each sample, one row each
   * @param pass a new pass, training or not
   * @return {@code dL/dx}, the shape of {@code inputs}, in a new matrix
   */
  public Matrix inputGradients(Matrix inputs, Matrix targets, Pass pass) {
    checkPairs(inputs, targets);
    checkLengths(checkNotNull(pass, "pass").lengths(), inputs.rows());
    return backpropagate(inputs, targets, pass, true).copy();
  }

  /** Zeroes the gradients, then forward, loss gradient and backward; returns dL/dx when asked for. */
  private Matrix backpropagate(Matrix inputs, Matrix targets, Pass pass, boolean inputGradient) {
    zeroGradients();
    Matrix prediction = forward(inputs, pass, inputGradient);
    Matrix g = new Matrix(prediction.rows(), prediction.cols());
    lossGradient(prediction, targets, pass, g);
    return backward(g, pass);
  }

  // ---------------------------------------------------------------- training

  /**
   * This network's own training session, made with the optimizer chosen on the builder at the first call:
   * the one {@link #fit} uses, so successive calls continue one run.
   *
   * @return the trainer
   * @throws IllegalStateException if the network was built without an optimizer (use {@link Trainer#of})
   */
  public synchronized Trainer trainer() {
    if (trainer == null) {
      if (optimizer == null) {
        throw new IllegalStateException(
            "This network has no optimizer: build it with optimizer(...), or train it with Trainer.of(network, optimizer)");
      }
      trainer = new Trainer(this, optimizer);
    }
    return trainer;
  }

  /**
   * Trains with {@link #trainer()}: see {@link Trainer#fit(Matrix, Matrix, FitOptions)}.
   *
   * @param inputs the input samples, one row each
   * @param targets the target of each sample, one row each
   * @param options epochs, batch size, shuffling, validation, metrics and listeners
   * @return the loss and metrics of each epoch
   */
  public History fit(double[][] inputs, double[][] targets, FitOptions options) {
    return fit(Batches.of(inputs, "input", inputSize()), Batches.of(targets, "target", outputSize()), options);
  }

  /**
   * Trains a classifier on class indices, without one-hot encoding by hand: {@code labels[i]} is the class
   * of sample {@code i}, and the targets are {@link #targets(int[])}. The same run, bit for bit, as {@link
   * #fit(double[][], double[][], FitOptions)} with those targets.
   *
   * <pre>{@code
   * double[][] inputs = ...;            // one row per sample
   * int[] labels = ...;                 // 0, 1 or 2: a network with 3 outputs
   * network.fit(inputs, labels, FitOptions.builder().epochs(100).metrics(Metrics.accuracy()).build());
   * }</pre>
   *
   * @param inputs the input samples, one row each
   * @param labels the class of each sample: 0 to {@code outputSize() - 1}, or 0 and 1 for one output
   * @param options epochs, batch size, shuffling, validation, metrics and listeners
   * @return the loss and metrics of each epoch
   * @throws IllegalArgumentException if the counts differ or a label is not a class of this network; the
   *     message names the expected and given values
   * @throws IllegalStateException if the network was built without an optimizer
   */
  public History fit(double[][] inputs, int[] labels, FitOptions options) {
    return fit(Batches.of(inputs, "input", inputSize()), labels, options);
  }

  /**
   * {@link #fit(double[][], int[], FitOptions)} for inputs given as a matrix.
   *
   * @param inputs the input samples, one row each
   * @param labels the class of each sample: 0 to {@code outputSize() - 1}, or 0 and 1 for one output
   * @param options epochs, batch size, shuffling, validation, metrics and listeners
   * @return the loss and metrics of each epoch
   * @throws IllegalArgumentException if the counts differ or a label is not a class of this network
   * @throws IllegalStateException if the network was built without an optimizer
   */
  public History fit(Matrix inputs, int[] labels, FitOptions options) {
    return fit(inputs, labelTargets(inputs, labels), options);
  }

  /**
   * The targets this network is trained against for the class indices {@code labels}: with several outputs
   * (one per class) one-hot rows, {@code 1} in column {@code labels[i]}; with one output (a yes/no
   * classifier) the label itself, 0 or 1, which accuracy reads as the two sides of 0.5. For validation data
   * given as labels: {@code FitOptions.builder().validation(Matrix.of(validationInputs),
   * network.targets(validationLabels))}.
   *
   * @param labels the class of each sample: 0 to {@code outputSize() - 1}, or 0 and 1 for one output
   * @return a new matrix {@code [labels.length, outputSize()]}
   * @throws IllegalArgumentException if a label is not a class of this network; the message names the
   *     label, its row and the classes this network has
   */
  public Matrix targets(int[] labels) {
    return OneHot.targets(labels, outputSize());
  }

  /** The targets of {@code labels} after checking {@code inputs} and that there is one label per row. */
  private Matrix labelTargets(Matrix inputs, int[] labels) {
    Batches.check(inputs, "input", inputSize());
    checkNotNull(labels, "labels");
    checkArgument(
        inputs.rows() == labels.length,
        "Expected one label per input sample: got %s inputs and %s labels",
        inputs.rows(),
        labels.length);
    return targets(labels);
  }

  /**
   * Trains with {@link #trainer()} on a {@link DataSet}.
   *
   * @param training the training data: features and labels
   * @param options epochs, batch size, shuffling, validation, metrics and listeners
   * @return the loss and metrics of each epoch
   */
  public History fit(DataSet training, FitOptions options) {
    return trainer().fit(training, options);
  }

  /**
   * Trains with {@link #trainer()}: see {@link Trainer#fit(Matrix, Matrix, FitOptions)}.
   *
   * @param inputs the input samples, one row each
   * @param targets the target of each sample, one row each
   * @param options epochs, batch size, shuffling, validation, metrics and listeners
   * @return the loss and metrics of each epoch
   * @throws IllegalStateException if the network was built without an optimizer
   */
  public History fit(Matrix inputs, Matrix targets, FitOptions options) {
    return trainer().fit(inputs, targets, options);
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
    return evaluate(data.features(), data.labels(), data.lengths(), metrics);
  }

  /**
   * {@link #evaluate(Matrix, Matrix, List)} of a classifier on class indices: the targets are {@link
   * #targets(int[])}.
   *
   * @param inputs the input samples, one row each
   * @param labels the class of each sample: 0 to {@code outputSize() - 1}, or 0 and 1 for one output
   * @param metrics the metrics to measure besides the loss, such as {@code Metrics.accuracy()}
   * @return the loss and each metric, by name
   * @throws IllegalArgumentException if the counts differ or a label is not a class of this network
   */
  public Map<String, Double> evaluate(double[][] inputs, int[] labels, List<Metric> metrics) {
    return evaluate(Batches.of(inputs, "input", inputSize()), labels, metrics);
  }

  /**
   * {@link #evaluate(double[][], int[], List)} for inputs given as a matrix.
   *
   * @param inputs the input samples, one row each
   * @param labels the class of each sample: 0 to {@code outputSize() - 1}, or 0 and 1 for one output
   * @param metrics the metrics to measure besides the loss
   * @return the loss and each metric, by name
   * @throws IllegalArgumentException if the counts differ or a label is not a class of this network
   */
  public Map<String, Double> evaluate(Matrix inputs, int[] labels, List<Metric> metrics) {
    return evaluate(inputs, labelTargets(inputs, labels), metrics);
  }

  /**
   * The loss and each metric on a data set, by name ({@code "loss"}, then the metrics' names), computed
   * in inference mode. Each metric is measured on all the samples at once (its {@link
   * Metric#accumulator()} updated with the whole set), so precision and F1 are those of the whole set.
   *
   * @param inputs the input samples, one row each
   * @param targets the target of each sample, one row each
   * @param metrics the metrics to measure besides the loss
   * @return the loss and each metric, by name
   */
  public Map<String, Double> evaluate(Matrix inputs, Matrix targets, List<Metric> metrics) {
    return evaluate(inputs, targets, null, metrics);
  }

  /**
   * {@link #evaluate(Matrix, Matrix, List)} for a batch of sequences padded at the end: for an output per step,
   * the loss and the metrics are over the real steps only (each real step one row for the metrics).
   *
   * @param inputs the input samples, one row each
   * @param targets the target of each sample, one row each
   * @param lengths the real steps of each sample, each in {@code [1, T]}; null for all real
   * @param metrics the metrics to measure besides the loss
   * @return the loss and each metric, by name
   * @throws IllegalArgumentException if the lengths do not match the batch
   */
  public Map<String, Double> evaluate(Matrix inputs, Matrix targets, int[] lengths, List<Metric> metrics) {
    checkNotNull(metrics, "metrics");
    checkPairs(inputs, targets);
    checkLengths(lengths, inputs.rows());
    checkTargets(targets, lengths);
    Matrix prediction = new Matrix(inputs.rows(), outputSize());
    // The mean over the whole set: each chunk's mean weighted by its loss rows (samples, or real steps); one
    // chunk's mean as it is.
    double[] weightedLosses = {0.0, 0.0, 0.0};
    inferInChunks(inputs, targets, lengths, (from, chunk, chunkTargets, pass) -> {
      double chunkLoss = lossValue(chunk, chunkTargets, pass);
      int lossRowCount = lossRows.count(chunk.rows(), pass.lengths());
      weightedLosses[0] += chunkLoss * lossRowCount;
      weightedLosses[1] = chunkLoss;
      weightedLosses[2] += lossRowCount;
      System.arraycopy(chunk.data(), 0, prediction.data(), from * prediction.cols(), chunk.size());
    });
    Map<String, Double> result = new LinkedHashMap<>();
    boolean oneChunk = inputs.rows() <= inferenceRows();
    result.put("loss", oneChunk ? weightedLosses[1] : weightedLosses[0] / weightedLosses[2]);
    if (!metrics.isEmpty()) {
      Matrix predictionRows = lossRows.rows(prediction, lengths);
      Matrix targetRows = lossRows.rows(targets, lengths);
      for (Metric m : metrics) {
        Metric.Accumulator measured = m.accumulator();
        measured.update(predictionRows, targetRows);
        result.put(m.name(), measured.result());
      }
    }
    return result;
  }

  // ---------------------------------------------------------------- state dict and files

  /**
   * A copy of every parameter and buffer, by state-dict name, in network order: each layer's parameters,
   * then its buffers ({@code layers.1.weight}, {@code layers.1.bias}, {@code layers.1.running_mean}, ...),
   * as PyTorch's {@code state_dict()} orders them.
   *
   * @return the state dict
   */
  public StateDict stateDict() {
    Map<String, Tensor> tensors = new LinkedHashMap<>();
    stateSlots().forEach((name, slot) -> {
      double[] values = slot.values().data();
      tensors.put(name, slot.integer() ? Tensor.ofIntegers(slot.shape(), values) : Tensor.of(slot.shape(), values));
    });
    return StateDict.of(tensors);
  }

  /**
   * Sets every parameter and buffer from {@code state}. Everything is checked before anything changes.
   *
   * @param state a tensor for each name of {@link #stateDict()}, of the same shape, finite (whole numbers
   *     for counters)
   * @throws IllegalArgumentException if a tensor is missing, extra, of another shape or holds a value that
   *     is not finite (or, for a counter, not a whole number); the message names the tensor, and the expected
   *     and given shapes or value
   */
  public void loadStateDict(StateDict state) {
    checkNotNull(state, "state");
    Map<String, StateSlot> slots = stateSlots();
    List<String> missing = new ArrayList<>();
    for (String name : slots.keySet()) {
      if (!state.contains(name)) {
        missing.add(name);
      }
    }
    checkArgument(missing.isEmpty(), "The state dict lacks %s; this network has %s", missing, slots.keySet());
    for (String name : state.names()) {
      StateSlot slot = slots.get(name);
      checkArgument(slot != null, "The state dict has '%s', which this network does not have; it has %s", name, slots.keySet());
      Tensor t = state.get(name);
      checkArgument(
          t.shape().equals(slot.shape()), "Tensor '%s' has shape %s, but this network's has shape %s", name, t.shape(), slot.shape());
      for (int k = 0; k < t.size(); k++) {
        String problem = slot.problemWith(t.get(k));
        checkArgument(problem == null, "Tensor '%s' holds %s at index %s; expected %s", name, t.get(k), k, problem);
      }
    }
    slots.forEach((name, slot) -> state.get(name).copyTo(slot.values().data()));
  }

  /** Every parameter and buffer by state-dict name, in state-dict order. */
  Map<String, StateSlot> stateSlots() {
    Map<String, StateSlot> slots = new LinkedHashMap<>();
    for (int i = 0; i < layers.size(); i++) {
      for (Parameter p : layers.get(i).parameters()) {
        slots.put(prefix(i) + p.name(), new StateSlot(p.shape(), false, p, null));
      }
      for (Buffer b : layers.get(i).buffers()) {
        slots.put(prefix(i) + b.name(), new StateSlot(b.shape(), b.isInteger(), null, b));
      }
    }
    return slots;
  }

  /** One tensor of the state: a parameter or a buffer, its shape, and whether it holds counts. */
  record StateSlot(Shape shape, boolean integer, Parameter parameter, Buffer buffer) {
    /** The live values (made on first use). */
    Matrix values() {
      return parameter != null ? parameter.value() : buffer.value();
    }

    /** What a value must be, if {@code value} is not that; null if it may be stored here. */
    String problemWith(double value) {
      if (!Double.isFinite(value)) {
        return "finite values";
      }
      if (integer && (value != Math.rint(value) || Math.abs(value) > 0x1p53)) {
        return "whole numbers of magnitude up to 2^53 in a counter";
      }
      return null;
    }
  }

  /**
   * Writes this network (architecture, parameters and buffers) to a {@code .safetensors} model file,
   * replacing the file at {@code path} only once the new one is complete. See {@link ModelFile}.
   *
   * @param path the model file
   * @throws IllegalArgumentException if a value is not finite
   * @throws IOException if the file cannot be written; a previous file there is then unchanged
   */
  public void save(Path path) throws IOException {
    ModelFile.save(this, path);
  }

  /**
   * Writes this network's model file to {@code out}, which is flushed, not closed.
   *
   * @param out the stream
   * @throws IOException if writing fails
   */
  public void save(OutputStream out) throws IOException {
    ModelFile.save(this, out);
  }

  /**
   * This network's model file, in memory.
   *
   * @return the bytes of the model file
   */
  public byte[] toBytes() {
    return ModelFile.toBytes(this);
  }

  /**
   * Reads a network from a model file that {@link #save} wrote; it predicts exactly what the saved one did.
   *
   * @param path the model file
   * @return the network in the file, without an optimizer
   * @throws dev.nn4j.core.io.ModelFormatException if the file is malformed, written by a newer nn4j, or
   *     needs a layer, activation or loss that is not on the class path; the message says which
   * @throws IOException if the file cannot be read
   */
  public static Network load(Path path) throws IOException {
    return ModelFile.load(path);
  }

  /**
   * Reads a network from a stream holding a model file, to its end (not closed).
   *
   * @param in the stream
   * @return the network
   * @throws dev.nn4j.core.io.ModelFormatException if the bytes are not a valid model file
   * @throws IOException if reading fails
   */
  public static Network load(InputStream in) throws IOException {
    return ModelFile.load(in);
  }

  /**
   * Reads a network from the bytes of a model file, as {@link #toBytes()} gives them.
   *
   * @param bytes the model file
   * @return the network
   * @throws dev.nn4j.core.io.ModelFormatException if the bytes are not a valid model file
   */
  public static Network fromBytes(byte[] bytes) throws dev.nn4j.core.io.ModelFormatException {
    return ModelFile.fromBytes(bytes);
  }

  /**
   * A table of the layers, like Keras' {@code model.summary()}: each layer with its type, output shape and
   * number of parameters, then the totals, the input shape, the loss and the optimizer.
   *
   * @return the table
   */
  public String summary() {
    return Summary.of(this);
  }

  /** Checks a batch of inputs and its targets against this network's sizes, naming what is wrong. */
  void checkPairs(Matrix inputs, Matrix targets) {
    Batches.check(inputs, "input", inputSize());
    Batches.check(targets, "target", outputSize());
    if (inputs.rows() != targets.rows()) {
      throw new IllegalArgumentException(
          "Expected one target per input sample: got " + inputs.rows() + " inputs and " + targets.rows() + " targets");
    }
  }

  @Override
  public String toString() {
    return "Network" + layers + ", loss=" + loss + ", optimizer=" + optimizer;
  }
}
