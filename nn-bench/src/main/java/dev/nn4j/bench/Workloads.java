package dev.nn4j.bench;

import static dev.nn4j.activations.Activations.relu;
import static dev.nn4j.activations.Activations.sigmoid;

import dev.nn4j.activations.Activations;
import dev.nn4j.core.Layer;
import dev.nn4j.core.Network;
import dev.nn4j.core.NetworkBuilder;
import dev.nn4j.core.Parameter;
import dev.nn4j.core.Shape;
import dev.nn4j.core.init.Initializers;
import dev.nn4j.core.layers.Conv2d;
import dev.nn4j.core.layers.Dense;
import dev.nn4j.core.layers.Recurrent;
import dev.nn4j.core.losses.Losses;
import dev.nn4j.core.math.Window2d;
import dev.nn4j.optim.Optimizers;

/**
 * The networks the benchmark trains. Their definitions are fixed so that figures compare across runs and
 * machines:
 *
 * <ul>
 *   <li>W1 tutorial: 2-2-1 sigmoid, MSE, SGD lr 0.1, batch 1, 1000 epochs over the tutorial's 4 people;
 *   <li>W2 fashion-mlp: 784-128 (ReLU)-10 (softmax), categorical cross-entropy, SGD lr 0.1, batch 64;
 *   <li>W3 wide-mlp: 784-512 (ReLU)-512 (ReLU)-10 (softmax), the same set-up;
 *   <li>W4 fashion-cnn: the classic Keras MNIST convnet, conv 3x3 32 ReLU, max pool 2, conv 3x3 64 ReLU, max
 *       pool 2, flatten, dropout 0.5, dense 10 softmax, categorical cross-entropy, Adam 1e-3, batch 128;
 *   <li>W5 fashion-lstm: each image read as 28 steps of 28 pixels ({@code [28, 28]}), LSTM 128 (last output),
 *       dense 10 softmax, categorical cross-entropy, Adam 1e-3, batch 64.
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
  static final int CNN_BATCH_SIZE = 128;
  static final int LSTM_BATCH_SIZE = 64;
  static final int LSTM_HIDDEN = 128;

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

  /** W4: the Keras MNIST convnet on [1, 28, 28] images; 34,826 parameters. */
  static Network fashionCnn(long seed) {
    return cnn(seed, false);
  }

  /** W4 with {@link DirectConv2d} for its convolutions: the plain reference it is measured against. */
  static Network fashionCnnDirect(long seed) {
    return cnn(seed, true);
  }

  private static Network cnn(long seed, boolean direct) {
    NetworkBuilder builder = Network.builder().input(Shape.of(1, 28, 28));
    for (int filters : new int[] {32, 64}) {
      if (direct) {
        builder.layer(in -> new DirectConv2d(in, filters, Window2d.of(3, 3, 1, 1, 0, 0), relu()));
      } else {
        builder.conv2d(filters, 3, relu());
      }
      builder.maxPool2d(2);
    }
    return builder
        .flatten()
        .dropout(0.5)
        .dense(10, Activations.softmax())
        .loss(Losses.categoricalCrossEntropy())
        .optimizer(Optimizers.adam(1e-3))
        .seed(seed)
        .build();
  }

  /**
   * W5: Fashion-MNIST images as sequences of 28 steps (the image rows) of 28 pixels, an LSTM of 128 whose last
   * output feeds a dense softmax of 10; 82,186 parameters. An image's row-major pixels are already the
   * sequence's row-major steps, so the same rows serve as {@code [28, 28]} samples.
   */
  static Network fashionLstm(long seed) {
    return Network.builder()
        .input(Shape.of(28, 28))
        .lstm(LSTM_HIDDEN, false)
        .dense(10, Activations.softmax())
        .loss(Losses.categoricalCrossEntropy())
        .optimizer(Optimizers.adam(1e-3))
        .seed(seed)
        .build();
  }

  /**
   * Floating-point operations of one sample's forward pass through the dense and convolution layers: {@code
   * 2 · in · out} for a dense layer, {@code 2 · out · in·kh·kw} for a convolution ({@code out} its output
   * values), {@code 2 · T · (rows · cols)} for each weight matrix ({@code W_ih}, {@code W_hh}) of a recurrent
   * layer over {@code T} steps, counting a multiply and an add per weight use (bias adds, activations and pooling are left
   * out).
   */
  static long forwardFlopsPerSample(Network network) {
    long flops = 0;
    for (Layer layer : network.layers()) {
      if (layer instanceof Dense) {
        flops += 2L * layer.inputSize() * layer.outputSize();
      } else if (layer instanceof Conv2d || layer instanceof DirectConv2d) {
        long kernel = layer.parameters().get(0).value().cols();
        flops += 2L * layer.outputSize() * kernel;
      } else if (layer instanceof Recurrent recurrent) {
        long steps = recurrent.inputShape().dim(0);
        for (Parameter p : recurrent.parameters()) {
          if (p.name().startsWith("weight_")) {
            flops += 2L * steps * p.value().rows() * p.value().cols();
          }
        }
      }
    }
    return flops;
  }

  /**
   * Floating-point operations of one sample's training step: 3 × forward, since each dense or convolution
   * layer does three products of the same size (forward {@code x·Wᵀ}, weight gradient {@code δᵀ·x}, input
   * gradient {@code δ·W}; nn4j computes the last one for a first dense layer, not for a first convolution; a
   * recurrent layer does the three per weight matrix and step), the usual nominal count.
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
