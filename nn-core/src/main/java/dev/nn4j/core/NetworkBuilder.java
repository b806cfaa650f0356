package dev.nn4j.core;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.nn4j.core.init.Initializer;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collects the input shape, layers, loss, optimizer and seed of a network. Each layer takes its input shape
 * from the layer before it, so sizes are given once: {@code input(4)} or {@code input(Shape.of(1, 28,
 * 28))}, then layers by method ({@code dense}, {@code dropout}, {@code batchNorm}...) or by registered name
 * and configuration ({@link #layer(String, LayerConfig)}), or of your own ({@link #layer(LayerFactory)}).
 * Setters check their arguments at once; {@link #build()} makes the layers, checks that each fits the shape
 * it receives and initializes them from the seed. A builder can build many independent networks.
 */
public final class NetworkBuilder {
  private static final Logger log = LoggerFactory.getLogger(NetworkBuilder.class);

  private Shape inputShape;
  private final List<LayerFactory> factories = new ArrayList<>();
  private final List<Initializer> initializers = new ArrayList<>();
  private Initializer defaultInitializer;
  private Loss loss;
  private Optimizer optimizer;
  private Long seed;

  NetworkBuilder() {}

  /**
   * The width of an input sample, a vector of {@code size} values. Required (or {@link #input(Shape)}).
   *
   * @param size the number of values in a sample
   * @return this builder
   */
  public NetworkBuilder input(int size) {
    checkArgument(size > 0, "Expected a positive input size, got input=%s", size);
    return input(Shape.of(size));
  }

  /**
   * The shape of an input sample, such as {@code [1, 28, 28]} for a one-channel image. Required (or {@link
   * #input(int)}). A batch is given as one row per sample, the sample's values in row-major order.
   *
   * @param shape the shape of a sample
   * @return this builder
   */
  public NetworkBuilder input(Shape shape) {
    checkNotNull(shape, "shape");
    checkArgument(shape.rank() > 0, "Expected an input shape with at least one dimension, got %s", shape);
    this.inputShape = shape;
    return this;
  }

  /**
   * Adds a dense layer of {@code units} neurons acting on the last dimension of its input (see {@code
   * dev.nn4j.core.layers.Dense}), initialized by the network's initializer.
   *
   * @param units the number of neurons
   * @param activation the activation {@code f} of the layer
   * @return this builder
   */
  public NetworkBuilder dense(int units, Activation activation) {
    return dense(units, activation, null);
  }

  /**
   * Adds a dense layer whose activation is looked up by name, such as {@code "relu"}.
   *
   * @param units the number of neurons
   * @param activation the registered name of the activation
   * @return this builder
   * @throws IllegalArgumentException if the name is unknown; the message lists the known names
   */
  public NetworkBuilder dense(int units, String activation) {
    return dense(units, Activation.named(activation));
  }

  /**
   * Adds a dense layer of {@code units} neurons initialized by {@code initializer}, for example {@link
   * dev.nn4j.core.init.Initializers#values} to set the weights by hand.
   *
   * @param units the number of neurons
   * @param activation the activation {@code f} of the layer
   * @param initializer sets the layer's initial weights and biases; null for the network's
   * @return this builder
   */
  public NetworkBuilder dense(int units, Activation activation, Initializer initializer) {
    checkArgument(units > 0, "Expected a positive number of units for dense layer %s, got units=%s", factories.size(), units);
    checkNotNull(activation, "activation");
    return add("dense", LayerConfig.builder().set("units", units).set("activation", activation).build(), initializer);
  }

  /**
   * Adds an inverted-dropout layer that zeroes each value with probability {@code rate} while training.
   *
   * @param rate the probability of dropping each value
   * @return this builder
   * @throws IllegalArgumentException unless {@code 0 <= rate < 1}
   */
  public NetworkBuilder dropout(double rate) {
    checkArgument(rate >= 0 && rate < 1, "Expected a dropout rate in [0, 1), got rate=%s", rate);
    return layer("dropout", LayerConfig.builder().set("rate", rate).build());
  }

  /**
   * Adds a 2-D convolution of {@code outChannels} filters of {@code kernelSize x kernelSize} over images
   * {@code [C, H, W]}, stride 1, no padding, with a bias (see {@code dev.nn4j.core.layers.Conv2d}; {@link
   * #layer(String, LayerConfig)} with type {@code "conv2d"} sets stride, padding, dilation and bias).
   *
   * @param outChannels the number of filters, the output's channels
   * @param kernelSize the kernel's height and width
   * @param activation the activation of the layer
   * @return this builder
   */
  public NetworkBuilder conv2d(int outChannels, int kernelSize, Activation activation) {
    return conv2d(outChannels, kernelSize, "valid", activation);
  }

  /**
   * Adds a 2-D convolution as {@link #conv2d(int, int, Activation)} does, padded as {@code padding} says:
   * {@code "valid"} (none), {@code "same"} (the output as large as the input) or a number of rows and columns
   * of zeros on each side, such as {@code "1"}.
   *
   * @param outChannels the number of filters
   * @param kernelSize the kernel's height and width
   * @param padding {@code "valid"}, {@code "same"} or a number
   * @param activation the activation of the layer
   * @return this builder
   */
  public NetworkBuilder conv2d(int outChannels, int kernelSize, String padding, Activation activation) {
    checkNotNull(activation, "activation");
    checkNotNull(padding, "padding");
    return layer(
        "conv2d",
        LayerConfig.builder()
            .set("out_channels", outChannels)
            .set("kernel_size", kernelSize)
            .set("padding", padding)
            .set("activation", activation)
            .build());
  }

  /**
   * Adds max pooling over windows of {@code kernelSize x kernelSize}, stride {@code kernelSize}, no
   * padding.
   *
   * @param kernelSize the window's height and width, and its stride
   * @return this builder
   */
  public NetworkBuilder maxPool2d(int kernelSize) {
    return layer("max_pool2d", LayerConfig.builder().set("kernel_size", kernelSize).build());
  }

  /**
   * Adds average pooling over windows of {@code kernelSize x kernelSize}, stride {@code kernelSize}, no
   * padding.
   *
   * @param kernelSize the window's height and width, and its stride
   * @return this builder
   */
  public NetworkBuilder avgPool2d(int kernelSize) {
    return layer("avg_pool2d", LayerConfig.builder().set("kernel_size", kernelSize).build());
  }

  /**
   * Adds global average pooling: images {@code [C, H, W]} to the mean of each channel, {@code [C]}.
   *
   * @return this builder
   */
  public NetworkBuilder globalAvgPool2d() {
    return layer("global_avg_pool2d", LayerConfig.empty());
  }

  /**
   * Adds batch normalization over the channels (the first dimension) of its samples, with PyTorch's
   * defaults: momentum 0.1, eps 1e-5, learned scale and shift.
   *
   * @return this builder
   */
  public NetworkBuilder batchNorm() {
    return layer("batch_norm", LayerConfig.empty());
  }

  /**
   * Adds layer normalization over the last dimension of its samples, with PyTorch's defaults: eps 1e-5,
   * learned scale and shift.
   *
   * @return this builder
   */
  public NetworkBuilder layerNorm() {
    return layer("layer_norm", LayerConfig.empty());
  }

  /**
   * Adds an LSTM of {@code hiddenSize} units over sequences {@code [T, F]}, one layer, one direction, with
   * biases, as PyTorch's {@code nn.LSTM(F, hiddenSize, batch_first=True)} (see {@code
   * dev.nn4j.core.layers.Recurrent}; {@link #layer(String, LayerConfig)} with type {@code "lstm"} sets
   * {@code num_layers}, {@code bidirectional} and {@code bias}).
   *
   * @param hiddenSize {@code H}
   * @param returnSequences true for every step's output {@code [T, H]}, false for the last {@code [H]}
   * @return this builder
   */
  public NetworkBuilder lstm(int hiddenSize, boolean returnSequences) {
    return recurrent("lstm", hiddenSize, returnSequences);
  }

  /**
   * Adds a GRU of {@code hiddenSize} units over sequences {@code [T, F]}, as {@link #lstm} adds an LSTM.
   *
   * @param hiddenSize {@code H}
   * @param returnSequences true for every step's output {@code [T, H]}, false for the last {@code [H]}
   * @return this builder
   */
  public NetworkBuilder gru(int hiddenSize, boolean returnSequences) {
    return recurrent("gru", hiddenSize, returnSequences);
  }

  /**
   * Adds a simple recurrent layer with {@code tanh} of {@code hiddenSize} units over sequences {@code [T,
   * F]}, as {@link #lstm} adds an LSTM ({@code "nonlinearity": "relu"} through {@link #layer(String,
   * LayerConfig)} for ReLU).
   *
   * @param hiddenSize {@code H}
   * @param returnSequences true for every step's output {@code [T, H]}, false for the last {@code [H]}
   * @return this builder
   */
  public NetworkBuilder rnn(int hiddenSize, boolean returnSequences) {
    return recurrent("rnn", hiddenSize, returnSequences);
  }

  private NetworkBuilder recurrent(String type, int hiddenSize, boolean returnSequences) {
    checkArgument(hiddenSize > 0, "Expected a positive hidden size for %s layer %s, got hidden_size=%s", type, factories.size(), hiddenSize);
    return layer(type, LayerConfig.builder().set("hidden_size", hiddenSize).set("return_sequences", returnSequences).build());
  }

  /**
   * Adds a layer that flattens each sample to one dimension ({@code [C, H, W]} to {@code [C·H·W]}).
   *
   * @return this builder
   */
  public NetworkBuilder flatten() {
    return layer("flatten", LayerConfig.empty());
  }

  /**
   * Adds a layer that gives each sample the shape {@code dims}, of the same number of values.
   *
   * @param dims the new shape
   * @return this builder
   */
  public NetworkBuilder reshape(int... dims) {
    return layer("reshape", LayerConfig.builder().set("shape", Shape.of(dims)).build());
  }

  /**
   * Adds an embedding ({@code dev.nn4j.core.layers.Embedding}, PyTorch's {@code nn.Embedding}): each sample a
   * sequence of token ids {@code [T]}, each id replaced by its learned vector, giving {@code [T,
   * embeddingDim]}. Put it first, after {@code input(Shape.of(T))}.
   *
   * @param numEmbeddings the number of distinct ids (the vocabulary size); ids are in {@code [0,
   *     numEmbeddings)}
   * @param embeddingDim the size of each vector
   * @return this builder
   */
  public NetworkBuilder embedding(int numEmbeddings, int embeddingDim) {
    return layer(
        "embedding",
        LayerConfig.builder().set("num_embeddings", numEmbeddings).set("embedding_dim", embeddingDim).build());
  }

  /**
   * Adds an embedding as {@link #embedding(int, int)} does, whose row {@code paddingIdx} starts at zeros and
   * is never trained (the id of a padding token).
   *
   * @param numEmbeddings the number of distinct ids
   * @param embeddingDim the size of each vector
   * @param paddingIdx the padding id, in {@code [-numEmbeddings, numEmbeddings)}; negative counts from the end
   * @return this builder
   */
  public NetworkBuilder embedding(int numEmbeddings, int embeddingDim, int paddingIdx) {
    return layer(
        "embedding",
        LayerConfig.builder()
            .set("num_embeddings", numEmbeddings)
            .set("embedding_dim", embeddingDim)
            .set("padding_idx", paddingIdx)
            .build());
  }

  /**
   * Adds the layer registered under {@code type}, built from {@code config}: any layer whose provider is on
   * the class path, nn4j's own or a third party's.
   *
   * @param type the registered type name, such as {@code "batch_norm"}
   * @param config its configuration
   * @return this builder
   * @throws IllegalArgumentException if the type is unknown (the message lists the known types) or the
   *     provider rejects the configuration
   */
  public NetworkBuilder layer(String type, LayerConfig config) {
    return add(type, config, null);
  }

  private NetworkBuilder add(String type, LayerConfig config, Initializer initializer) {
    checkNotNull(config, "config");
    LayerFactory factory;
    try {
      factory = LayerFactory.named(type, config);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Layer " + factories.size() + " (" + type + "): " + e.getMessage(), e);
    }
    factories.add(factory);
    initializers.add(initializer);
    return this;
  }

  /**
   * Adds a layer of your own: {@code factory} receives the input shape (the previous layer's output shape)
   * and returns the layer; the network then calls its {@link Layer#initialize}. The factory must return a
   * new layer at each call: the networks a builder builds share nothing.
   *
   * @param factory makes the layer from its input shape
   * @return this builder
   */
  public NetworkBuilder layer(LayerFactory factory) {
    factories.add(checkNotNull(factory, "factory"));
    initializers.add(null);
    return this;
  }

  /**
   * How layers with weight matrices (dense layers) without their own initializer start; each kind's
   * default otherwise (Xavier/Glorot uniform for dense layers).
   *
   * @param initializer sets a layer's initial weights and biases
   * @return this builder
   */
  public NetworkBuilder weightInit(Initializer initializer) {
    this.defaultInitializer = checkNotNull(initializer, "initializer");
    return this;
  }

  /**
   * The loss to minimize. Required.
   *
   * @param loss the loss to minimize
   * @return this builder
   */
  public NetworkBuilder loss(Loss loss) {
    this.loss = checkNotNull(loss, "loss");
    return this;
  }

  /**
   * The optimizer of the network's own trainer ({@link Network#trainer()}, which {@link Network#fit}
   * uses); a network without one can predict, and train with {@link Trainer#of}.
   *
   * @param optimizer the optimizer that trains the network
   * @return this builder
   */
  public NetworkBuilder optimizer(Optimizer optimizer) {
    this.optimizer = checkNotNull(optimizer, "optimizer");
    return this;
  }

  /**
   * The seed of every random choice (initial weights, shuffling, dropout): the same seed gives the same
   * network and the same training run, bit for bit. Without one, a random seed is drawn (see {@link
   * Network#seed()}).
   *
   * @param seed the seed
   * @return this builder
   */
  public NetworkBuilder seed(long seed) {
    this.seed = seed;
    return this;
  }

  /**
   * Creates the layers, checks that each fits the shape it receives, initializes them from the seed and
   * returns the network.
   *
   * @return the network
   * @throws IllegalArgumentException if the input shape, the layers or the loss are missing, a layer does
   *     not fit its input (the message names the layer and both shapes), a layer instance appears twice, an
   *     initializer does not fit its layer, or the loss does not fit the output layer
   */
  public Network build() {
    return build(true);
  }

  /**
   * The network, its layers initialized or not: a model being loaded is built without, so that nothing is
   * allocated for its parameters before the file's tensors are checked against their shapes.
   */
  Network build(boolean initialize) {
    checkArgument(inputShape != null, "The network has no input shape: call input(n) with the width of a sample");
    checkArgument(!factories.isEmpty(), "The network has no layers: add one, for example dense(1, sigmoid())");
    checkArgument(loss != null, "The network has no loss: call loss(...), for example loss(Losses.mse())");
    long actualSeed = seed != null ? seed : ThreadLocalRandom.current().nextLong();
    if (seed == null) {
      // network.seed() tells it; below DEBUG, since logback shows DEBUG by default and loading is routine.
      log.trace("No seed given; using {}", actualSeed);
    }
    Random initRandom = new Random(new Random(actualSeed).nextLong());
    List<Layer> layers = new ArrayList<>();
    Map<Layer, Integer> positions = new IdentityHashMap<>();
    Shape shape = inputShape;
    for (int i = 0; i < factories.size(); i++) {
      Layer layer = create(i, shape);
      // Scratch state and gradients are kept per layer instance, so one instance at two positions (shared
      // weights) would mix them: refused, in linear time.
      Integer earlier = positions.putIfAbsent(layer, i);
      checkArgument(
          earlier == null,
          "Layers %s and %s are the same %s instance; give each position its own layer (shared weights are not supported:"
              + " a layer keeps its per-call state and gradients per instance)",
          earlier,
          i,
          layer.type());
      checkArgument(
          layer.inputShape().equals(shape),
          "Layer %s (%s) takes samples of shape %s, but the layer before it gives %s",
          i,
          layer.type(),
          layer.inputShape(),
          shape);
      checkNames(i, layer);
      if (initialize) {
        Initializer chosen = initializers.get(i) != null ? initializers.get(i) : defaultInitializer;
        String name = "layer " + i + " (" + layer.type() + ")";
        try {
          layer.initialize(new InitContext(initRandom, chosen, name));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("Layer " + i + " (" + layer + "): " + e.getMessage(), e);
        }
      }
      layers.add(layer);
      shape = layer.outputShape();
    }
    checkOutput(layers);
    return new Network(inputShape, layers, loss, optimizer, actualSeed);
  }

  private Layer create(int i, Shape shape) {
    Layer layer;
    try {
      layer = factories.get(i).create(shape);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Layer " + i + " does not fit its input of shape " + shape + ": " + e.getMessage(), e);
    }
    checkArgument(layer != null, "The factory of layer %s returned null", i);
    return layer;
  }

  /** Parameter and buffer names must be distinct within a layer: they name the state dict's tensors. */
  private static void checkNames(int i, Layer layer) {
    Set<String> names = new java.util.HashSet<>();
    for (Parameter p : layer.parameters()) {
      checkArgument(names.add(p.name()), "Layer %s (%s) has two parameters or buffers named '%s'", i, layer.type(), p.name());
    }
    for (Buffer b : layer.buffers()) {
      checkArgument(names.add(b.name()), "Layer %s (%s) has two parameters or buffers named '%s'", i, layer.type(), b.name());
    }
  }

  /**
   * Checks the loss against the output layer's activation. A layer with an activation followed only by
   * layers without parameters that keep the shape (dropout) is the output layer too: those layers would
   * bypass a fused loss, so they are refused there.
   */
  private void checkOutput(List<Layer> layers) {
    int last = layers.size() - 1;
    int i = last;
    while (i > 0 && !(layers.get(i) instanceof ActivatedLayer) && passesThrough(layers.get(i))) {
      i--;
    }
    if (!(layers.get(i) instanceof ActivatedLayer output)) {
      return;
    }
    checkArgument(
        output.outputShape().rank() == 1
            || LossRows.of(inputShape, output.outputShape()).perStep()
            || output.activation().outputs() != Activation.Outputs.SOFTMAX
            || !loss.fusesWith(output.activation()),
        "The %s output layer gives samples of shape %s, one distribution per row of the last dimension, but %s takes one"
            + " distribution per sample, or per step of an input sequence of shape [T, F] when the output is [T, K]:"
            + " flatten first",
        output.activation().name(),
        output.outputShape(),
        loss.name());
    loss.checkCompatible(output.activation(), output.outputSize());
    checkArgument(
        i == last || !loss.fusesWith(output.activation()),
        "A %s layer after the %s output layer would keep %s from using its stable fused form: put it before the"
            + " output layer",
        layers.get(last).type(),
        output.activation().name(),
        loss.name());
  }

  private static boolean passesThrough(Layer layer) {
    return layer.parameters().isEmpty() && layer.buffers().isEmpty() && layer.inputShape().equals(layer.outputShape());
  }
}
