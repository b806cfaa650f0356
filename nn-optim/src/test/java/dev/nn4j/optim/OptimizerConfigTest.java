package dev.nn4j.optim;

import static dev.nn4j.optim.OptimizerTesting.FIRST;
import static dev.nn4j.optim.OptimizerTesting.named;
import static dev.nn4j.optim.OptimizerTesting.parameter;
import static dev.nn4j.optim.OptimizerTesting.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nn4j.core.OptimizerState;
import dev.nn4j.core.Parameter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Optimizer configurations are immutable values that compare by value and print themselves; their
 * updaters' state can be read and restored so that training resumes exactly.
 */
class OptimizerConfigTest {

  @Test
  void configurationsCompareByValue() {
    assertThat(Optimizers.adam(0.001).withWeightDecay(1e-4).withClipNorm(1.0))
        .isEqualTo(Optimizers.adam(0.001).withWeightDecay(1e-4).withClipNorm(1.0))
        .hasSameHashCodeAs(Optimizers.adam(0.001).withWeightDecay(1e-4).withClipNorm(1.0))
        .isNotEqualTo(Optimizers.adam(0.001).withWeightDecay(1e-4))
        .isNotEqualTo(Optimizers.adam(0.002).withWeightDecay(1e-4).withClipNorm(1.0));
    assertThat(Optimizers.adam()).isEqualTo(Optimizers.adam(0.001));
    assertThat(Optimizers.sgd(0.1).withMomentum(0.9, true))
        .isEqualTo(Optimizers.sgd(0.1).withMomentum(0.9, true))
        .isNotEqualTo(Optimizers.sgd(0.1).withMomentum(0.9));
    assertThat(Optimizers.adam(0.001).withSchedule(Schedules.cosine(1000)))
        .isEqualTo(Optimizers.adam(0.001).withSchedule(Schedules.cosine(1000)))
        .isNotEqualTo(Optimizers.adam(0.001).withSchedule(Schedules.cosine(999)));
    // same numbers, different rule
    assertThat(Optimizers.adamW(0.001).withWeightDecay(0.0)).isNotEqualTo(Optimizers.adam(0.001));
  }

  @Test
  void withersReturnChangedCopiesAndLeaveTheOriginal() {
    Adam adam = Optimizers.adam(0.001);
    Adam changed = adam.withBetas(0.8, 0.99).withLearningRate(0.01);
    assertThat(adam.beta1()).isEqualTo(0.9);
    assertThat(adam.learningRate()).isEqualTo(0.001);
    assertThat(changed.beta1()).isEqualTo(0.8);
    assertThat(changed.beta2()).isEqualTo(0.99);
    assertThat(changed.learningRate()).isEqualTo(0.01);
    assertThat(adam.clipNorm()).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(adam.schedule()).isEqualTo(Schedules.constant());
  }

  @Test
  void printsTheLearningRateAndEveryOptionThatDiffersFromTorchsDefault() {
    assertThat(Optimizers.sgd(0.1)).hasToString("sgd(learningRate=0.1)");
    assertThat(Optimizers.sgd(0.1).withMomentum(0.9, true))
        .hasToString("sgd(learningRate=0.1, momentum=0.9, nesterov=true)");
    assertThat(
            Optimizers.adam(0.001)
                .withWeightDecay(1e-4)
                .withClipNorm(1.0)
                .withSchedule(Schedules.cosine(1000)))
        .hasToString(
            "adam(learningRate=0.001, weightDecay=1.0E-4, clipNorm=1.0, "
                + "schedule=cosine(tMax=1000, etaMin=0.0))");
    assertThat(Optimizers.adam().withAmsgrad(true).withBetas(0.8, 0.999))
        .hasToString("adam(learningRate=0.001, beta1=0.8, amsgrad=true)");
    assertThat(Optimizers.adamW()).hasToString("adamw(learningRate=0.001)");
    assertThat(Optimizers.adamW().withWeightDecay(0.0))
        .hasToString("adamw(learningRate=0.001, weightDecay=0.0)");
    assertThat(Optimizers.rmsProp().withCentered(true).withMomentum(0.9))
        .hasToString("rmsprop(learningRate=0.01, momentum=0.9, centered=true)");
    assertThat(Optimizers.adagrad().withLearningRateDecay(0.01))
        .hasToString("adagrad(learningRate=0.01, learningRateDecay=0.01)");
  }

  @Test
  void rejectsBadSharedSettingsNamingThem() {
    assertThatThrownBy(() -> Optimizers.sgd(0.0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Expected a positive, finite learning rate, got learningRate=0.0");
    assertThatThrownBy(() -> Optimizers.adagrad().withLearningRate(Double.POSITIVE_INFINITY))
        .hasMessage("Expected a positive, finite learning rate, got learningRate=Infinity");
    assertThatThrownBy(() -> Optimizers.rmsProp().withWeightDecay(-1e-4))
        .hasMessage("Expected a non-negative, finite weightDecay, got weightDecay=-1.0E-4");
    assertThatThrownBy(() -> Optimizers.adamW().withClipNorm(-1.0))
        .hasMessage("Expected a positive, finite clipNorm, got clipNorm=-1.0");
    assertThatThrownBy(() -> Optimizers.adam().withSchedule(null))
        .isInstanceOf(NullPointerException.class);
  }

  static Stream<BaseOptimizer<?>> statefulOptimizers() {
    return Stream.of(
        Optimizers.sgd(0.1).withMomentum(0.9).withDampening(0.1),
        Optimizers.sgd(0.1).withMomentum(0.9, true).withWeightDecay(0.01),
        Optimizers.adam(0.01).withAmsgrad(true).withSchedule(Schedules.cosine(10)),
        Optimizers.adamW(0.01).withClipNorm(0.5),
        Optimizers.rmsProp(0.01).withMomentum(0.5).withCentered(true),
        Optimizers.adagrad(0.1).withLearningRateDecay(0.1).withInitialAccumulatorValue(0.2));
  }

  @ParameterizedTest
  @MethodSource("statefulOptimizers")
  void restoredStateResumesTrainingExactly(BaseOptimizer<?> optimizer) {
    double[][] gradients = {
      {0.5, -1.0, 0.25}, {1.5, 0.5, -0.75}, {-0.2, 0.3, 0.9}, {0.6, -0.6, 0.1}
    };
    Parameter original = parameter(1.0, -2.0, 0.5);
    StatefulUpdater first = optimizer.start(named(original));
    step(first, original, gradients[0]);
    step(first, original, gradients[1]);

    OptimizerState saved = first.state();
    assertThat(saved.step()).isEqualTo(2);
    assertThat(saved.parameterNames()).containsExactly(FIRST);
    assertThat(saved.bufferNames()).isNotEmpty();

    Parameter resumed = parameter(original.value().data());
    StatefulUpdater second = optimizer.start(named(resumed));
    second.restore(new OptimizerState(saved.step(), saved.bufferNames(), buffersOf(saved)));
    assertThat(second.state()).isEqualTo(saved);

    for (int t = 2; t < 4; t++) {
      step(first, original, gradients[t]);
      step(second, resumed, gradients[t]);
    }
    assertThat(resumed.value().data()).containsExactly(original.value().data());
    assertThat(second.state()).isEqualTo(first.state());
    assertThat(second.stepCount()).isEqualTo(4);
  }

  @Test
  void stateIsACopy() {
    Parameter p = parameter(1.0);
    StatefulUpdater updater = Optimizers.adam().start(named(p));
    step(updater, p, 1.0);
    OptimizerState state = updater.state();
    state.buffer(FIRST, "exp_avg")[0] = 42.0;
    assertThat(updater.state().buffer(FIRST, "exp_avg")[0]).isNotEqualTo(42.0);
    step(updater, p, 1.0);
    assertThat(state.step()).isEqualTo(1);
    assertThat(state)
        .hasToString("OptimizerState(step=1, buffers=[exp_avg, exp_avg_sq], parameters=1)");
  }

  @Test
  void eachStartBeginsFromZeroState() {
    Adam adam = Optimizers.adam();
    Parameter p = parameter(1.0);
    StatefulUpdater first = adam.start(named(p));
    step(first, p, 1.0);
    StatefulUpdater second = adam.start(named(p));
    assertThat(second.stepCount()).isZero();
    assertThat(second.state().buffer(FIRST, "exp_avg")).containsExactly(0.0);
    assertThat(first.state().buffer(FIRST, "exp_avg")[0]).isNotZero();
  }

  @Test
  void restoreRejectsAStateOfOtherBuffersNamesOrLengthsNamingExpectedAndGiven() {
    Parameter p = parameter(1.0, 2.0);
    StatefulUpdater adam = Optimizers.adam().start(named(p));
    OptimizerState sgdState =
        new OptimizerState(3, List.of("momentum_buffer"), Map.of(FIRST, new double[][] {{0, 0}}));
    assertThatThrownBy(() -> adam.restore(sgdState))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Expected the buffers [exp_avg, exp_avg_sq] of adam, got a state with"
                + " [momentum_buffer]");
    Map<String, double[][]> two = new LinkedHashMap<>();
    two.put(FIRST, new double[][] {{0, 0}, {0, 0}});
    two.put("layers.0.bias", new double[][] {{0}, {0}});
    OptimizerState twoParameters = new OptimizerState(3, List.of("exp_avg", "exp_avg_sq"), two);
    assertThatThrownBy(() -> adam.restore(twoParameters))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Expected a state for the parameters [layers.0.weight], got one for [layers.0.weight,"
                + " layers.0.bias]");
    OptimizerState otherName =
        new OptimizerState(
            3, List.of("exp_avg", "exp_avg_sq"), Map.of("layers.1.weight", new double[][] {{0, 0}, {0, 0}}));
    assertThatThrownBy(() -> adam.restore(otherName))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Expected a state for the parameters [layers.0.weight], got one for [layers.1.weight]");
    OptimizerState shorter =
        new OptimizerState(3, List.of("exp_avg", "exp_avg_sq"), Map.of(FIRST, new double[][] {{0}, {0}}));
    assertThatThrownBy(() -> adam.restore(shorter))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Expected 2 values in buffer 'exp_avg' of parameter 'layers.0.weight' (weight[1, 2]), got 1");
    assertThatThrownBy(() -> new OptimizerState(-1, List.of(), Map.of()))
        .hasMessage("Expected a step count >= 0, got step=-1");
  }

  @Test
  void aRefusedStateChangesNothing() {
    Parameter p = parameter(1.0, 2.0);
    StatefulUpdater adam = Optimizers.adam().start(named(p));
    step(adam, p, 0.5, -0.5);
    OptimizerState before = adam.state();
    // The first buffer fits, the second is too short: the first must not have been copied.
    OptimizerState halfFitting =
        new OptimizerState(9, List.of("exp_avg", "exp_avg_sq"), Map.of(FIRST, new double[][] {{7, 7}, {7}}));
    assertThatThrownBy(() -> adam.restore(halfFitting)).isInstanceOf(IllegalArgumentException.class);
    assertThat(adam.state()).isEqualTo(before);
    assertThat(adam.stepCount()).isEqualTo(1);
  }

  @Test
  void aStateFollowsTheParametersByNameNotByOrder() {
    Parameter weight = parameter(1.0, -1.0);
    Parameter bias = new Parameter("bias", 1, 1);
    Map<String, Parameter> forward = new LinkedHashMap<>();
    forward.put("layers.0.weight", weight);
    forward.put("layers.0.bias", bias);
    StatefulUpdater first = Optimizers.adam(0.1).start(forward);
    OptimizerTesting.setGradient(weight, 0.5, 0.25);
    OptimizerTesting.setGradient(bias, -1.0);
    first.step();

    Map<String, Parameter> reversed = new LinkedHashMap<>();
    reversed.put("layers.0.bias", bias);
    reversed.put("layers.0.weight", weight);
    StatefulUpdater second = Optimizers.adam(0.1).start(reversed);
    second.restore(first.state());
    assertThat(second.state().buffer("layers.0.bias", "exp_avg"))
        .containsExactly(first.state().buffer("layers.0.bias", "exp_avg"));
    assertThat(second.state().buffer("layers.0.weight", "exp_avg_sq"))
        .containsExactly(first.state().buffer("layers.0.weight", "exp_avg_sq"));
    assertThat(second.state()).isEqualTo(first.state()); // states compare by name, not order
    assertThat(second.state().parameterNames()).containsExactly("layers.0.bias", "layers.0.weight");
  }

  @Test
  void networkFacingTypeIsTheCoreOptimizer() {
    dev.nn4j.core.Optimizer optimizer = Optimizers.sgd(0.5);
    Parameter p = parameter(1.0);
    dev.nn4j.core.Optimizer.Updater updater = optimizer.start(named(p));
    p.gradient().data()[0] = 2.0;
    updater.step();
    assertThat(p.value().data()[0]).isEqualTo(1.0 - 0.5 * 2.0);
  }

  private static Map<String, double[][]> buffersOf(OptimizerState state) {
    Map<String, double[][]> buffers = new LinkedHashMap<>();
    for (String parameter : state.parameterNames()) {
      double[][] arrays = new double[state.bufferNames().size()][];
      for (int b = 0; b < arrays.length; b++) {
        arrays[b] = state.buffer(parameter, state.bufferNames().get(b));
      }
      buffers.put(parameter, arrays);
    }
    return buffers;
  }
}
