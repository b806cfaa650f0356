package dev.nn4j.core;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.nn4j.core.init.Initializer;
import dev.nn4j.core.init.Initializers;
import dev.nn4j.core.layers.Dense;
import dev.nn4j.core.layers.Dropout;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collects the layers, loss, optimizer and seed of a network. Each layer takes its input size from the
 * layer before it, so sizes are given once. Setters check their arguments at once; {@link #build()}
 * checks that the network is complete. A builder can build many independent networks.
 */
public final class NetworkBuilder {
  private static final Logger log = LoggerFactory.getLogger(NetworkBuilder.class);

  private int inputSize;
  private final List<IntFunction<Layer>> layerFactories = new ArrayList<>();
  private final List<Initializer> initializers = new ArrayList<>();
  private Initializer defaultInitializer = Initializers.xavierUniform();
  private Loss loss;
  private Optimizer optimizer;
  private Long seed;

  NetworkBuilder() {}

  /**
   * The width of an input sample. Required.
   *
   * @param size the number of values in a sample
   * @return this builder
   */
  public NetworkBuilder input(int size) {
    checkArgument(size > 0, "Expected a positive input size, got input=%s", size);
    this.inputSize = size;
    return this;
  }

  /**
   * Adds a dense layer of {@code units} neurons, initialized by the network's default initializer.
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
   * @param activation the activation {@code f} of the layer
   * @return this builder
   * @throws IllegalArgumentException if the name is unknown; the message lists the known names
   */
  public NetworkBuilder dense(int units, String activation) {
    return dense(units, Activation.named(activation));
  }

  /**
   * Adds a dense layer of {@code units} neurons initialized by {@code initializer}, for example {@link
   * Initializers#values} to set the weights by hand.
   *
   * @param units the number of neurons
   * @param activation the activation {@code f} of the layer
   * @param initializer sets the layer's initial weights and biases
   * @return this builder
   */
  public NetworkBuilder dense(int units, Activation activation, Initializer initializer) {
    checkArgument(units > 0, "Expected a positive number of units for dense layer %s, got units=%s", layerFactories.size(), units);
    checkNotNull(activation, "activation");
    layerFactories.add(inputs -> new Dense(inputs, units, activation));
    initializers.add(initializer);
    return this;
  }

  /**
   * Adds an inverted-dropout layer that zeroes each value with probability {@code rate} while training;
   * see {@link Dropout}.
   *
   * @param rate the probability of dropping each value
   * @return this builder
   * @throws IllegalArgumentException unless {@code 0 <= rate < 1}
   */
  public NetworkBuilder dropout(double rate) {
    checkArgument(rate >= 0 && rate < 1, "Expected a dropout rate in [0, 1), got rate=%s", rate);
    return layer(inputs -> new Dropout(inputs, rate));
  }

  /**
   * Adds a layer of your own: {@code factory} receives the input size (the previous layer's output
   * size) and returns the layer, with its parameters already initialized.
   *
   * @param factory makes the layer from its input size
   * @return this builder
   */
  public NetworkBuilder layer(IntFunction<Layer> factory) {
    layerFactories.add(checkNotNull(factory, "factory"));
    initializers.add(null);
    return this;
  }

  /**
   * How dense layers without their own initializer start; Xavier/Glorot uniform by default.
   *
   * @param initializer sets the layer's initial weights and biases
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
   * The optimizer that {@link Network#fit} uses; a network without one can predict but not train.
   *
   * @param optimizer the optimizer that trains the network
   * @return this builder
   */
  public NetworkBuilder optimizer(Optimizer optimizer) {
    this.optimizer = checkNotNull(optimizer, "optimizer");
    return this;
  }

  /**
   * The seed of every random choice (initial weights, shuffling): the same seed gives the same network
   * and the same training run, bit for bit. Without one, a random seed is drawn (see {@link
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
   * Creates the layers, initializes their parameters from the seed and returns the network.
   *
   * @return the network
   * @throws IllegalArgumentException if the input size, the layers or the loss are missing, or an
   *     initializer does not fit its layer
   */
  public Network build() {
    checkArgument(inputSize > 0, "The network has no input size: call input(n) with the width of a sample");
    checkArgument(!layerFactories.isEmpty(), "The network has no layers: add one, for example dense(1, sigmoid())");
    checkArgument(loss != null, "The network has no loss: call loss(...), for example loss(Losses.mse())");
    long actualSeed = seed != null ? seed : ThreadLocalRandom.current().nextLong();
    if (seed == null) {
      log.debug("No seed given; using {}", actualSeed);
    }
    Random master = new Random(actualSeed);
    Random initRandom = new Random(master.nextLong());
    long shuffleSeed = master.nextLong();
    long layerSeed = master.nextLong();
    List<Layer> layers = new ArrayList<>();
    int size = inputSize;
    for (int i = 0; i < layerFactories.size(); i++) {
      Layer layer = layerFactories.get(i).apply(size);
      for (int j = 0; j < layers.size(); j++) {
        // Scratch state and parameters are kept per layer instance: one instance twice would mix them.
        checkArgument(
            layers.get(j) != layer,
            "Layers %s and %s are the same %s instance; give each position its own layer",
            j,
            i,
            layer.type());
      }
      checkArgument(
          layer.inputSize() == size,
          "Layer %s (%s) takes %s inputs, but the layer before it gives %s",
          i,
          layer.type(),
          layer.inputSize(),
          size);
      if (layer instanceof Dense dense) {
        Initializer init = initializers.get(i) != null ? initializers.get(i) : defaultInitializer;
        try {
          init.initialize(dense.weights().value(), dense.bias().value(), initRandom);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("Layer " + i + " (" + dense + "): " + e.getMessage(), e);
        }
      }
      layers.add(layer);
      size = layer.outputSize();
    }
    // The output layer is the last dense one, looking through dropout after it.
    Dense output = null;
    for (int i = layers.size() - 1; i >= 0 && output == null; i--) {
      if (layers.get(i) instanceof Dense dense) {
        output = dense;
      } else if (!(layers.get(i) instanceof Dropout)) {
        break;
      }
    }
    if (output != null) {
      loss.checkCompatible(output.activation(), output.outputSize());
      checkArgument(
          output == layers.get(layers.size() - 1) || !loss.fusesWith(output.activation()),
          "Dropout after the %s output layer would keep %s from using its stable fused form: put the dropout"
              + " layer before the output layer",
          output.activation().name(),
          loss.name());
    }
    return new Network(loss, optimizer, layers, actualSeed, shuffleSeed, layerSeed);
  }
}
