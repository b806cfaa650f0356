package dev.nn4j.optim;

import static dev.nn4j.optim.OptimizerTesting.named;
import static dev.nn4j.optim.OptimizerTesting.parameter;
import static dev.nn4j.optim.OptimizerTesting.setGradient;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nn4j.activations.Activations;
import dev.nn4j.core.Buffer;
import dev.nn4j.core.FitOptions;
import dev.nn4j.core.Layer;
import dev.nn4j.core.LayerConfig;
import dev.nn4j.core.Network;
import dev.nn4j.core.Optimizer;
import dev.nn4j.core.Parameter;
import dev.nn4j.core.Pass;
import dev.nn4j.core.Shape;
import dev.nn4j.core.StateDict;
import dev.nn4j.core.Trainer;
import dev.nn4j.core.TrainingDivergedException;
import dev.nn4j.core.losses.Losses;
import dev.nn4j.core.math.Matrix;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A step whose update overflows is undone: the weights, the optimizer's buffers and its step count are
 * those from before it, the exception names the step, and training can go on as if it had never been tried.
 */
class DivergingStepTest {
  @TempDir Path folder;

  /**
   * Every rule with every buffer it can keep, at a learning rate that a gradient of 1e300 overflows (also used
   * by {@link SharedUpdateTest}).
   */
  static final List<BaseOptimizer<?>> RULES =
      List.of(
          Optimizers.sgd(1e10),
          Optimizers.sgd(1e10).withMomentum(0.9, true).withWeightDecay(1e-3),
          Optimizers.adam(1e10).withAmsgrad(true),
          Optimizers.adamW(1e10),
          Optimizers.rmsProp(1e10).withMomentum(0.5).withCentered(true),
          Optimizers.adagrad(1e10));

  @Test
  void anOverflowingStepIsUndoneAndTrainingGoesOnAsIfItHadNeverBeenTried() {
    for (BaseOptimizer<?> rule : RULES) {
      Parameter[] tried = {parameter(0.5, -0.25, 1.0), parameter(2.0, 0.125)};
      Parameter[] untried = {parameter(0.5, -0.25, 1.0), parameter(2.0, 0.125)};
      StatefulUpdater a = rule.start(named(tried));
      StatefulUpdater b = rule.start(named(untried));
      Random gradients = new Random(5);
      for (int step = 0; step < 3; step++) {
        sameSteps(gradients, a, tried, b, untried);
      }

      // Only the last value of the last parameter overflows: everything updated before it is put back.
      setGradient(tried[0], 0.1, 0.2, 0.3);
      setGradient(tried[1], 0.4, 1e300);
      assertThat(a.stepIfFinite()).as("%s", rule).isFalse();
      assertThat(a.stepCount()).isEqualTo(3);
      assertThat(a.state()).as("%s", rule).isEqualTo(b.state());
      for (int p = 0; p < tried.length; p++) {
        assertThat(tried[p].value().data()).as("%s", rule).isEqualTo(untried[p].value().data());
      }
      assertThatThrownBy(a::step)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("Step 4 of " + rule)
          .hasMessageContaining("overflowed")
          .hasMessageContaining("undone");
      assertThat(a.state()).isEqualTo(b.state());

      for (int step = 0; step < 2; step++) {
        sameSteps(gradients, a, tried, b, untried);
      }
      assertThat(a.state()).as("%s", rule).isEqualTo(b.state());
      for (int p = 0; p < tried.length; p++) {
        assertThat(tried[p].value().data()).as("%s", rule).isEqualTo(untried[p].value().data());
      }
    }
  }

  private static void sameSteps(Random gradients, StatefulUpdater a, Parameter[] pa, StatefulUpdater b, Parameter[] pb) {
    for (int p = 0; p < pa.length; p++) {
      double[] g = new double[pa[p].size()];
      Arrays.setAll(g, i -> gradients.nextGaussian());
      setGradient(pa[p], g);
      setGradient(pb[p], g);
    }
    assertThat(a.stepIfFinite()).isTrue();
    b.step();
  }

  /** The first case: Adam at 1e308 on an identity network; the first update overflows. */
  @Test
  void adamAtAHugeLearningRateKeepsTheWeightsFromBeforeTheStep() throws Exception {
    Network network = identityNetwork(2, Optimizers.adam(1e308));
    Matrix x = gaussian(16, 2, 1.0);
    Matrix y = scaled(x, 10.0);
    assertDivergesAtTheFirstStepKeepingEverything(network, x, y);
  }

  /** The second case: SGD at 1e10 on inputs near 1e153, whose loss (about 1e306) is finite. */
  @Test
  void sgdOnHugeInputsKeepsTheWeightsFromBeforeTheStep() throws Exception {
    Network network = identityNetwork(1, Optimizers.sgd(1e10));
    Matrix x = scaled(uniform(16, 1), 1e153);
    Matrix y = new Matrix(16, 1);
    assertDivergesAtTheFirstStepKeepingEverything(network, x, y);
  }

  private void assertDivergesAtTheFirstStepKeepingEverything(Network network, Matrix x, Matrix y) throws Exception {
    StateDict before = network.stateDict();
    assertThat(network.loss(x.copy(), y)).as("the loss before the step").isFinite();
    assertThatThrownBy(() -> network.fit(x, y, FitOptions.builder().epochs(3).batchSize(4).shuffle(false).build()))
        .isInstanceOfSatisfying(
            TrainingDivergedException.class,
            e -> {
              assertThat(e.epoch()).isEqualTo(1);
              assertThat(e.batch()).isZero();
              assertThat(e.getMessage())
                  .contains("the update overflowed")
                  .contains("at epoch 1, batch 0 (epochs counted from 1, batches from 0)")
                  .contains("keeps its parameters and buffers from before that step")
                  .contains("lower learning rate");
            });
    assertThat(network.stateDict()).isEqualTo(before);
    assertThat(network.trainer().stepsTaken()).isZero();
    assertThat(network.trainer().state().optimizer().orElseThrow().step()).isZero();
    assertThat(Arrays.stream(network.predict(new double[x.cols()])).allMatch(Double::isFinite)).isTrue();
    Path saved = folder.resolve("kept.safetensors");
    network.save(saved);
    assertThat(Network.load(saved).stateDict()).isEqualTo(before);
  }

  /** A step outside {@code fit} names its number. */
  @Test
  void aStepOutsideFitNamesItsNumber() {
    Network network = identityNetwork(1, Optimizers.sgd(1e10));
    Trainer trainer = network.trainer();
    Matrix small = uniform(4, 1);
    trainer.step(small, network.predict(small));
    StateDict afterOne = network.stateDict();
    assertThatThrownBy(() -> trainer.step(scaled(uniform(4, 1), 1e153), new Matrix(4, 1)))
        .isInstanceOf(TrainingDivergedException.class)
        .hasMessageContaining("the update overflowed")
        .hasMessageContaining("at step 1 (counted from 0)");
    assertThat(network.stateDict()).isEqualTo(afterOne);
    assertThat(trainer.stepsTaken()).isEqualTo(1);
  }

  /**
   * Batch normalization's running variance overflows on finite inputs near 1e155 while the loss stays
   * finite: the step is refused, naming the buffer, and the running statistics are put back.
   */
  @Test
  void aBufferThatOverflowsIsPutBack() {
    Network network = batchNormNetwork(Optimizers.sgd(0.01));
    Matrix x = gaussian(8, 2, 1e155);
    StateDict before = network.stateDict();
    assertThatThrownBy(() -> network.fit(x, new Matrix(8, 1), FitOptions.builder().epochs(1).batchSize(8).build()))
        .isInstanceOfSatisfying(
            TrainingDivergedException.class,
            e -> assertThat(e.getMessage()).contains("buffer 'layers.0.running_var' became Infinity").contains("epoch 1, batch 0"));
    assertThat(network.stateDict()).isEqualTo(before);
  }

  /** A step begun with computeGradients alone (no zeroGradients) has its buffers put back too. */
  @Test
  void aStepBegunWithoutZeroGradientsHasItsBuffersPutBack() {
    Network network = batchNormNetwork(Optimizers.sgd(0.01));
    Trainer trainer = network.trainer();
    trainer.step(gaussian(8, 2, 1.0), new Matrix(8, 1));
    StateDict afterOne = network.stateDict();
    assertThatThrownBy(() -> trainer.computeGradients(gaussian(8, 2, 1e155), new Matrix(8, 1), 1.0))
        .isInstanceOf(TrainingDivergedException.class)
        .hasMessageContaining("buffer 'layers.0.running_var' became Infinity");
    assertThat(network.stateDict()).isEqualTo(afterOne);
    assertThat(trainer.step(gaussian(8, 2, 1.0), new Matrix(8, 1))).isFinite();
  }

  /** A buffer that starts infinite (a running minimum, say) is no sign of divergence. */
  @Test
  void aBufferThatWasAlreadyInfiniteIsNoSign() {
    Network network =
        Network.builder()
            .input(2)
            .layer(InfiniteBuffer::new)
            .dense(1, Activations.identity())
            .loss(Losses.mse())
            .optimizer(Optimizers.sgd(0.01))
            .seed(3)
            .build();
    Matrix x = gaussian(8, 2, 1.0);
    assertThat(network.fit(x, new Matrix(8, 1), FitOptions.builder().epochs(2).batchSize(4).build()).epochs()).isEqualTo(2);
  }

  /**
   * An optimizer of one's own that does not undo (the default {@code stepIfFinite}) leaves non-finite weights
   * after a diverging step, and the exception says so rather than claiming they were kept.
   */
  @Test
  void anOptimizerThatCannotUndoIsNamedAsSuch() {
    Optimizer plain =
        new Optimizer() {
          @Override
          public String name() {
            return "plain";
          }

          @Override
          public Updater start(java.util.Map<String, Parameter> parameters) {
            return () -> {
              // A rule of one's own: θ ← θ − γ·g, no check.
              parameters.values().forEach(p -> {
                double[] theta = p.value().data();
                double[] g = p.gradient().data();
                for (int i = 0; i < theta.length; i++) {
                  theta[i] -= 1e10 * g[i];
                }
              });
            };
          }
        };
    Network network = identityNetwork(1, plain);
    Matrix x = scaled(uniform(16, 1), 1e153);
    assertThatThrownBy(() -> network.fit(x, new Matrix(16, 1), FitOptions.builder().epochs(2).batchSize(4).shuffle(false).build()))
        .isInstanceOf(TrainingDivergedException.class)
        .hasMessageContaining("is no longer finite")
        .hasMessageContaining("Optimizer.Updater.stepIfFinite()")
        .hasMessageNotContaining("keeps its parameters");
  }

  private static Network batchNormNetwork(Optimizer optimizer) {
    return Network.builder()
        .input(2)
        .layer("batch_norm", LayerConfig.empty())
        .dense(1, Activations.identity())
        .loss(Losses.mse())
        .optimizer(optimizer)
        .seed(3)
        .build();
  }

  /** The identity, with a buffer that starts at infinity and that nothing changes. */
  private static final class InfiniteBuffer implements Layer {
    private final Shape shape;
    private final Buffer lowest;

    InfiniteBuffer(Shape shape) {
      this.shape = shape;
      this.lowest = Buffer.of("lowest", shape, Double.POSITIVE_INFINITY);
    }

    @Override
    public String type() {
      return "infinite_buffer";
    }

    @Override
    public LayerConfig config() {
      return LayerConfig.empty();
    }

    @Override
    public Shape inputShape() {
      return shape;
    }

    @Override
    public Shape outputShape() {
      return shape;
    }

    @Override
    public List<Buffer> buffers() {
      return List.of(lowest);
    }

    @Override
    public Matrix forward(Matrix input, Pass pass) {
      return input;
    }

    @Override
    public Matrix backward(Matrix outputGradient, Pass pass) {
      return outputGradient;
    }
  }

  private static Network identityNetwork(int inputs, Optimizer optimizer) {
    return Network.builder()
        .input(inputs)
        .dense(inputs, Activations.identity())
        .loss(Losses.mse())
        .optimizer(optimizer)
        .seed(11)
        .build();
  }

  private static Matrix gaussian(int rows, int cols, double scale) {
    Random random = new Random(rows * 31L + cols);
    Matrix m = new Matrix(rows, cols);
    Arrays.setAll(m.data(), i -> scale * random.nextGaussian());
    return m;
  }

  private static Matrix uniform(int rows, int cols) {
    Random random = new Random(rows * 17L + cols);
    Matrix m = new Matrix(rows, cols);
    Arrays.setAll(m.data(), i -> 1 + random.nextDouble());
    return m;
  }

  private static Matrix scaled(Matrix m, double factor) {
    Matrix out = m.copy();
    Arrays.setAll(out.data(), i -> out.data()[i] * factor);
    return out;
  }
}
