package dev.nn4j.bench;

import dev.nn4j.activations.Activations;

import static dev.nn4j.activations.Activations.relu;
import static dev.nn4j.activations.Activations.sigmoid;

import dev.nn4j.core.Layer;
import dev.nn4j.core.Network;
import dev.nn4j.core.init.Initializers;
import dev.nn4j.core.layers.Dense;
import dev.nn4j.core.losses.Losses;
import dev.nn4j.optim.Optimizers;

/**
 * The networks the benchmark trains. Their definitions are fixed so that figures compare across runs and
 * machines:
 *
 * <ul>
 *   <li>W1 tutorial: 2-2-1 sigmoid, MSE, SGD lr 0.1, batch 1, 1000 epochs over the tutorial's 4 people;
 *   <li>W2 fashion-mlp: 784-128 (ReLU)-10 (softmax), categorical cross-entropy, SGD lr 0.1, batch 64;
 *   <li>W3 wide-mlp: 784-512 (ReLU)-512 (ReLU)-10 (softmax), the same set-up.
 * </ul>
 */
final class Workloads {
  /** The tutorial's people: weight − 135 lb, height − 66 in. */
  static final double[][] TUTORIAL_INPUTS = {{-2, -1}, {25, 6}, {17, 4}, {-15, -6}};

  /** 1 for female (Alice, Diana), 0 for male (Bob, Charlie). */
  static final double[][] TUTORIAL_TARGETS = {{1}, {0}, {0}, {1}};

  static final int TUTORIAL_EPOCHS = 1000;
  static final double LEARNING_RATE = 0.1;
  static final int FASHION_BATCH_SIZE = 64;

  private Workloads() {}

  /** W1: the tutorial's network, as in its training code (weights drawn from the standard normal). */
  static Network tutorial(long seed) {
    return Network.builder()
        .input(2)
        .dense(2, sigmoid())
        .dense(1, sigmoid())
        .weightInit(Initializers.standardNormal())
        .loss(Losses.mse())
        .optimizer(Optimizers.sgd(LEARNING_RATE))
        .seed(seed)
        .build();
  }

  /** W2: one hidden layer of 128 ReLUs on the 784 pixels; 101,770 parameters. */
  static Network fashionMlp(long seed) {
    return Network.builder()
        .input(784)
        .dense(128, relu())
        .dense(10, Activations.softmax())
        .loss(Losses.categoricalCrossEntropy())
        .optimizer(Optimizers.sgd(LEARNING_RATE))
        .seed(seed)
        .build();
  }

  /** W3: two hidden layers of 512 ReLUs; 669,706 parameters. */
  static Network wideMlp(long seed) {
    return Network.builder()
        .input(784)
        .dense(512, relu())
        .dense(512, relu())
        .dense(10, Activations.softmax())
        .loss(Losses.categoricalCrossEntropy())
        .optimizer(Optimizers.sgd(LEARNING_RATE))
        .seed(seed)
        .build();
  }

  /**
   * Floating-point operations of one sample's forward pass through the dense layers: {@code Σ 2 · in ·
   * out}, counting a multiply and an add per weight (bias adds and activations are left out).
   */
  static long forwardFlopsPerSample(Network network) {
    long flops = 0;
    for (Layer layer : network.layers()) {
      if (layer instanceof Dense) {
        flops += 2L * layer.inputSize() * layer.outputSize();
      }
    }
    return flops;
  }

  /**
   * Floating-point operations of one sample's training step: 3 × forward, since each dense layer does three
   * products of the same size (forward {@code x·Wᵀ}, weight gradient {@code δᵀ·x}, input gradient {@code
   * δ·W}; nn4j computes the last one for the first layer too).
   */
  static long trainingFlopsPerSample(Network network) {
    return 3 * forwardFlopsPerSample(network);
  }

  /** The layer sizes as {@code 784-128-10}. */
  static String shape(Network network) {
    StringBuilder sb = new StringBuilder().append(network.inputSize());
    for (Layer layer : network.layers()) {
      sb.append('-').append(layer.outputSize());
    }
    return sb.toString();
  }
}
