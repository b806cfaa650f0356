package dev.nn4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nn4j.core.layers.Conv2d;
import dev.nn4j.core.layers.MaxPool2d;
import dev.nn4j.core.losses.Losses;
import dev.nn4j.core.math.Matrix;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Max pooling with windows that do not overlap takes the backward of the activation of the convolution before it
 * when that activation's derivative is a function of its output: the convolution then receives {@code dL/dz} and
 * computes no deltas of its own. Training follows the same bits as the same network whose activation does not
 * declare it (each layer doing its own backward); and nothing is taken where it may not be. The pooling also pools
 * each plane of the convolution's outputs as they are laid out, whatever its windows, with the same bits.
 */
class ActivationTakenByPoolingTest {

  /** Tanh ({@link TestActivations.GoldenTanh}), declared a function of its output or not. */
  private static Activation tanh(boolean fromOutput) {
    return new TestActivations.GoldenTanh(fromOutput);
  }

  /** The layers after the convolutions: flattened into a softmax of {@code classes}, cross-entropy, Adam. */
  private static Network classifier(NetworkBuilder convolutions, int classes, long seed) {
    return convolutions
        .flatten()
        .dense(classes, TrainingFixtures.softmax())
        .loss(Losses.categoricalCrossEntropy())
        .optimizer(new dev.nn4j.core.testing.TestAdam(1e-2))
        .seed(seed)
        .build();
  }

  /** Two convolutions, each pooled by windows that do not overlap (2 x 2, and 2 x 2 with stride 3). */
  private static Network network(boolean fromOutput) {
    return classifier(Network.builder()
        .input(Shape.of(2, 11, 10))
        .conv2d(4, 3, tanh(fromOutput))
        .maxPool2d(2)
        .conv2d(5, 2, tanh(fromOutput))
        .layer("max_pool2d", LayerConfig.builder().set("kernel_size", 2).set("stride", 3).build()), 3, 3);
  }

  /** The layers' forward one after the other in a pass not made by the network: each does all its own work. */
  private static Matrix layerByLayer(Network network, Matrix x) {
    Pass pass = Pass.forPrediction();
    Matrix a = x;
    for (Layer layer : network.layers()) {
      a = layer.forward(a, pass);
    }
    return a;
  }

  @Test
  void trainingWithTheActivationTakenFollowsTheSameBits() {
    Network taking = network(true);
    Network separate = network(false);
    Random random = new Random(5);
    for (int step = 0; step < 8; step++) {
      Matrix x = new Matrix(6, 2 * 11 * 10);
      Matrix y = new Matrix(6, 3);
      for (int i = 0; i < x.size(); i++) {
        x.data()[i] = random.nextGaussian();
      }
      for (int r = 0; r < 6; r++) {
        y.set(r, random.nextInt(3), 1.0);
      }
      double loss = taking.trainer().step(x, y);
      assertThat(loss).as("loss of step %s", step).isEqualTo(separate.trainer().step(x, y));
    }
    for (String name : separate.stateDict().names()) {
      assertThat(taking.stateDict().get(name).values()).as(name).isEqualTo(separate.stateDict().get(name).values());
    }
    Matrix x = new Matrix(4, 2 * 11 * 10);
    Matrix y = new Matrix(4, 3);
    for (int i = 0; i < x.size(); i++) {
      x.data()[i] = random.nextGaussian();
    }
    for (int r = 0; r < 4; r++) {
      y.set(r, r % 3, 1.0);
    }
    assertThat(taking.predict(x).data()).as("predictions").isEqualTo(layerByLayer(separate, x).data());
    // dL/dx: the first convolution's input gradient too is computed from the planes.
    assertThat(taking.inputGradients(x, y, Pass.forInference()).data())
        .as("input gradients")
        .isEqualTo(separate.inputGradients(x, y, Pass.forInference()).data());
  }

  /** A layer that lets its activation be taken but reads no planes: the step fails instead of training on zeros. */
  @Test
  void aLayerThatLeavesThePlanesUnreadFailsTheStep() {
    Network careless = classifier(Network.builder()
        .input(Shape.of(1, 6, 6))
        .layer(in -> new Careless(new Conv2d(in, Conv2d.Spec.of(2, 3), tanh(true))))
        .maxPool2d(2), 2, 1);
    Matrix y = new Matrix(2, 2);
    y.set(0, 0, 1.0);
    y.set(1, 1, 1.0);
    assertThatThrownBy(() -> careless.trainer().step(new Matrix(2, 36), y))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Layer 0")
        .hasMessageContaining("did not read the planes");
  }

  /** A convolution whose backward ignores the pass: it takes nothing from it, planes least of all. */
  private static final class Careless implements ActivatedLayer {
    private final Conv2d conv;

    Careless(Conv2d conv) {
      this.conv = conv;
    }

    @Override
    public String type() {
      return "careless";
    }

    @Override
    public LayerConfig config() {
      return conv.config();
    }

    @Override
    public Shape inputShape() {
      return conv.inputShape();
    }

    @Override
    public Shape outputShape() {
      return conv.outputShape();
    }

    @Override
    public java.util.List<Parameter> parameters() {
      return conv.parameters();
    }

    @Override
    public Matrix forward(Matrix input, Pass pass) {
      return conv.forward(input, pass);
    }

    @Override
    public Matrix backward(Matrix outputGradient, Pass pass) {
      return new Matrix(outputGradient.rows(), conv.inputSize());
    }

    @Override
    public Activation activation() {
      return conv.activation();
    }

    @Override
    public Matrix preActivation(Pass pass) {
      return conv.preActivation(pass);
    }

    @Override
    public boolean givesActivationBackward() {
      return true;
    }
  }

  @Test
  void theConvolutionGetsDzFromThePoolingAndComputesNoDeltas() {
    Network network = network(true);
    Pass pass = network.newPass(true, new Random(1));
    Matrix x = new Matrix(2, 2 * 11 * 10);
    Matrix out = network.forward(x, pass);
    Layer conv = network.layers().get(0);
    Layer pool = network.layers().get(1);
    assertThat(pass.activationGiven(conv)).isTrue();
    assertThat(pass.planeTaker(conv)).as("the pooling that takes the convolution's planes").isSameAs(pool);
    assertThat(pass.takenActivation(pool)).isNotNull();
    assertThat(pass.activationGiven(network.layers().get(2))).isTrue();
    network.backward(new Matrix(out.rows(), out.cols()), pass);
    assertThat(pass.holds(conv, "delta")).as("deltas of the first convolution").isFalse();

    Network separate = network(false);
    Pass other = separate.newPass(true, new Random(1));
    separate.backward(separate.forward(x, other).copy(), other);
    assertThat(other.activationGiven(separate.layers().get(0))).isFalse();
    assertThat(other.holds(separate.layers().get(0), "delta")).isTrue();
  }

  private static Network overlapping(boolean fromOutput) {
    return classifier(Network.builder()
        .input(Shape.of(1, 9, 9))
        .conv2d(2, 3, tanh(fromOutput))
        .layer("max_pool2d", LayerConfig.builder().set("kernel_size", 3).set("stride", 2).set("padding", 1).build()), 2, 1);
  }

  @Test
  void overlappingWindowsArePooledPlaneByPlaneButTakeNoActivation() {
    Network overlapping = overlapping(true);
    Network separate = overlapping(false);
    Random random = new Random(9);
    Matrix x = new Matrix(5, 81);
    for (int i = 0; i < x.size(); i++) {
      x.data()[i] = random.nextGaussian();
    }
    Matrix y = new Matrix(5, 2);
    for (int r = 0; r < 5; r++) {
      y.set(r, r % 2, 1.0);
    }
    for (int step = 0; step < 3; step++) {
      assertThat(overlapping.trainer().step(x, y)).as("loss of step %s", step).isEqualTo(separate.trainer().step(x, y));
    }
    // A prediction keeps no z in either network, so both pool plane by plane: compare with the layers alone.
    assertThat(overlapping.predict(x).data()).isEqualTo(layerByLayer(overlapping, x).data());
    Pass pass = overlapping.newPass(true, new Random(1));
    overlapping.forward(new Matrix(1, 81), pass);
    assertThat(pass.planeTaker(overlapping.layers().get(0))).isSameAs(overlapping.layers().get(1));
    assertThat(pass.activationGiven(overlapping.layers().get(0))).isFalse();
    assertThat(pass.takenActivation(overlapping.layers().get(1))).isNull();
    assertThat(((MaxPool2d) overlapping.layers().get(1)).takesActivationBackward()).isFalse();

    Pass alone = Pass.forTraining(new Random(1));
    assertThat(alone.planeTaker(overlapping.layers().get(0))).isNull();
    assertThat(alone.activationGiven(overlapping.layers().get(0))).isFalse();
    assertThat(alone.takenActivation(overlapping.layers().get(1))).isNull();
  }
}
