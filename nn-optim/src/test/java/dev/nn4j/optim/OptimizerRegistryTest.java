package dev.nn4j.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nn4j.core.Optimizer;
import dev.nn4j.core.OptimizerProvider;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every optimizer is registered by name, and its configuration (PyTorch's argument names, plus
 * nn4j's {@code clip_norm} and {@code schedule}) rebuilds an equal optimizer through {@link
 * Optimizer#named}; configurations with unknown keys or bad values are refused, naming them.
 */
class OptimizerRegistryTest {

  /** The built-in schedules, alone and nested, with values that do not print short. */
  private static final List<Schedule> SCHEDULES =
      List.of(
          Schedules.constant(),
          Schedules.step(3, 0.5),
          Schedules.step(3_000_000_000L, 0.1 + 0.2),
          Schedules.exponential(0.999),
          Schedules.cosine(1000),
          Schedules.cosine(3_000_000_000L, 1.0 / 3 * 1e-4),
          Schedules.linear(0.1, -0.0, 7),
          Schedules.linearWarmup(0.01, 100),
          Schedules.sequential(Schedules.linear(0.1, 0.1, 20), 20, Schedules.exponential(0.9)),
          Schedules.withWarmup(100, 0.01, Schedules.cosine(900, 1e-6)),
          Schedules.sequential(
              Schedules.sequential(Schedules.constant(), 5, Schedules.step(2, 0.5)),
              10,
              Schedules.withWarmup(3, 1.0 / 3, Schedules.sequential(Schedules.cosine(4), 4, Schedules.constant()))));

  static Stream<BaseOptimizer<?>> optimizers() {
    return Stream.of(
        Optimizers.sgd(0.1),
        Optimizers.sgd(0.1 + 0.2).withMomentum(0.9, true).withWeightDecay(5e-4),
        Optimizers.sgd(Double.MIN_VALUE).withMomentum(-0.0).withDampening(0.25).withWeightDecay(-0.0),
        Optimizers.adam(),
        Optimizers.adam(3e-4).withBetas(0.8, 0.95).withEpsilon(1e-6).withAmsgrad(true).withWeightDecay(1e-2),
        Optimizers.adam(Math.PI * 1e-4).withBetas(0.0, -0.0),
        Optimizers.adamW(),
        Optimizers.adamW(0.002).withWeightDecay(0.0).withAmsgrad(true),
        Optimizers.rmsProp(),
        Optimizers.rmsProp(1e-3).withAlpha(0.9).withEpsilon(1e-6).withMomentum(0.9).withCentered(true).withWeightDecay(1e-5),
        Optimizers.adagrad(),
        Optimizers.adagrad(0.05)
            .withLearningRateDecay(1e-3)
            .withInitialAccumulatorValue(0.1)
            .withEpsilon(1e-8)
            .withWeightDecay(1e-4));
  }

  @ParameterizedTest
  @MethodSource("optimizers")
  void nameAndConfigRebuildAnEqualOptimizerWithEverySchedule(BaseOptimizer<?> base) {
    for (Schedule schedule : SCHEDULES) {
      for (BaseOptimizer<?> optimizer : List.of(base.withSchedule(schedule), base.withSchedule(schedule).withClipNorm(0.7))) {
        Optimizer rebuilt = Optimizer.named(optimizer.name(), optimizer.config());
        assertThat(rebuilt).as("%s from %s", optimizer, optimizer.config()).isEqualTo(optimizer);
        assertThat(rebuilt).hasSameHashCodeAs(optimizer).hasToString(optimizer.toString());
        assertThat(rebuilt.config()).isEqualTo(optimizer.config());
      }
    }
  }

  @Test
  void theConfigurationUsesTorchsNamesWithTheScheduleUnderDottedKeys() {
    Adam adam =
        Optimizers.adam(0.001)
            .withClipNorm(1.0)
            .withSchedule(Schedules.withWarmup(100, 0.01, Schedules.cosine(900)));
    Map<String, String> expected = new LinkedHashMap<>();
    expected.put("lr", "0.001");
    expected.put("weight_decay", "0.0");
    expected.put("clip_norm", "1.0");
    expected.put("schedule", "sequential");
    expected.put("schedule.first", "linear");
    expected.put("schedule.first.start_factor", "0.01");
    expected.put("schedule.first.end_factor", "1.0");
    expected.put("schedule.first.total_iters", "100");
    expected.put("schedule.milestone", "100");
    expected.put("schedule.then", "cosine");
    expected.put("schedule.then.t_max", "900");
    expected.put("schedule.then.eta_min", "0.0");
    expected.put("betas", "0.9,0.999");
    expected.put("eps", "1.0E-8");
    expected.put("amsgrad", "false");
    assertThat(adam.config()).containsExactlyEntriesOf(expected);

    assertThat(Optimizers.sgd(0.1 + 0.2).withMomentum(0.9, true).config())
        .isEqualTo(
            Map.of(
                "lr", "0.30000000000000004",
                "weight_decay", "0.0",
                "momentum", "0.9",
                "dampening", "0.0",
                "nesterov", "true"));
    assertThat(Optimizers.adamW().config()).containsEntry("weight_decay", "0.01");
    assertThat(Optimizers.rmsProp().config())
        .containsOnlyKeys("lr", "weight_decay", "alpha", "eps", "momentum", "centered");
    assertThat(Optimizers.adagrad().config())
        .containsOnlyKeys("lr", "weight_decay", "lr_decay", "initial_accumulator_value", "eps");
    assertThat(Optimizers.sgd(0.1).withSchedule(Schedules.step(30, 0.1)).config())
        .containsEntry("schedule", "step")
        .containsEntry("schedule.step_size", "30")
        .containsEntry("schedule.gamma", "0.1");
    assertThat(Optimizers.sgd(0.1).withSchedule(Schedules.exponential(0.5)).config())
        .containsEntry("schedule", "exponential")
        .containsEntry("schedule.gamma", "0.5");
  }

  @Test
  void everyOptimizerIsFoundByServiceLoaderUnderItsName() {
    List<String> names =
        StreamSupport.stream(ServiceLoader.load(OptimizerProvider.class).spliterator(), false)
            .map(OptimizerProvider::name)
            .toList();
    assertThat(names).contains("sgd", "adam", "adamw", "rmsprop", "adagrad");
    assertThat(Optimizers.sgd(0.1).name()).isEqualTo("sgd");
    assertThat(Optimizers.adam().name()).isEqualTo("adam");
    assertThat(Optimizers.adamW().name()).isEqualTo("adamw");
    assertThat(Optimizers.rmsProp().name()).isEqualTo("rmsprop");
    assertThat(Optimizers.adagrad().name()).isEqualTo("adagrad");
  }

  @Test
  void anAbsentKeyTakesTorchsDefault() {
    assertThat(Optimizer.named("adam", Map.of())).isEqualTo(Optimizers.adam());
    assertThat(Optimizer.named("adamw", Map.of())).isEqualTo(Optimizers.adamW());
    assertThat(Optimizer.named("rmsprop", Map.of())).isEqualTo(Optimizers.rmsProp());
    assertThat(Optimizer.named("adagrad", Map.of())).isEqualTo(Optimizers.adagrad());
    assertThat(Optimizer.named("sgd", Map.of("lr", "0.1", "momentum", "0.9", "nesterov", "true")))
        .isEqualTo(Optimizers.sgd(0.1).withMomentum(0.9, true));
    assertThat(Optimizer.named("adam", Map.of("betas", "0.8, 0.99", "lr", "1e-2")))
        .isEqualTo(Optimizers.adam(0.01).withBetas(0.8, 0.99));
    assertThat(Optimizer.named("adam", Map.of("schedule", "cosine", "schedule.t_max", "50")))
        .isEqualTo(Optimizers.adam().withSchedule(Schedules.cosine(50)));
    assertThat(Optimizer.named("adam", Map.of("schedule", "linear")))
        .isEqualTo(Optimizers.adam().withSchedule(Schedules.linear(1.0 / 3, 1.0, 5)));
    assertThat(Optimizer.named("adam", Map.of("schedule", "step", "schedule.step_size", "10")))
        .isEqualTo(Optimizers.adam().withSchedule(Schedules.step(10, 0.1)));
    assertThat(Optimizer.named("adam", Map.of("schedule", "constant"))).isEqualTo(Optimizers.adam());
  }

  @Test
  void anUnknownNameListsTheKnownOnes() {
    assertThatThrownBy(() -> Optimizer.named("adamax", Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Unknown optimizer 'adamax'. Known optimizer names: [")
        .hasMessageContaining("adagrad, adam, adamw, rmsprop, sgd")
        .hasMessageContaining("META-INF/services/dev.nn4j.core.OptimizerProvider");
  }

  @Test
  void unknownKeysAreRefusedNamingTheAcceptedOnes() {
    assertThatThrownBy(() -> Optimizer.named("sgd", Map.of("lr", "0.1", "maximize", "true")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "Unknown configuration key 'maximize' for optimizer 'sgd': expected one of [momentum, dampening,"
                + " nesterov, lr, weight_decay, clip_norm, schedule.*]");
    assertThatThrownBy(() -> Optimizer.named("adam", Map.of("epsilon", "1e-8")))
        .hasMessageStartingWith("Unknown configuration key 'epsilon' for optimizer 'adam'");
    assertThatThrownBy(() -> Optimizer.named("adam", Map.of("lr.scale", "2")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "Unknown configuration key 'lr.scale' for optimizer 'adam': expected one of [")
        .hasMessageContaining("schedule.*]");
    assertThatThrownBy(() -> Optimizer.named("adam", Map.of("schedule", "cosine", "schedule.tmax", "5")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "Unknown configuration key 'tmax' for schedule 'cosine' ('schedule' of optimizer 'adam'):"
                + " expected one of [t_max, eta_min]");
    assertThatThrownBy(() -> Optimizer.named("adam", Map.of("schedule", "constant", "schedule.t_max", "5")))
        .hasMessageStartingWith("Unknown configuration key 't_max' for schedule 'constant'");
    assertThatThrownBy(() -> Optimizer.named("adam", Map.of("schedule.t_max", "5")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Expected a schedule's name for 'schedule' of optimizer 'adam', which has the parameters [schedule.t_max]");
  }

  @Test
  void badValuesAreRefusedNamingTheKeyTheRangeAndTheValue() {
    assertThatThrownBy(() -> Optimizer.named("sgd", Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Expected 'lr' for optimizer 'sgd': it has no default, got {}");
    assertThatThrownBy(() -> Optimizer.named("adam", Map.of("lr", "-1")))
        .hasMessage("Expected 'lr' of optimizer 'adam' in (0.0, Infinity), got -1.0");
    assertThatThrownBy(() -> Optimizer.named("adam", Map.of("lr", "fast")))
        .hasMessage("Expected a finite number for 'lr' of optimizer 'adam', got 'fast'");
    assertThatThrownBy(() -> Optimizer.named("adam", Map.of("eps", "NaN")))
        .hasMessage("Expected a finite number for 'eps' of optimizer 'adam', got 'NaN'");
    assertThatThrownBy(() -> Optimizer.named("adam", Map.of("clip_norm", "0")))
        .hasMessage("Expected 'clip_norm' of optimizer 'adam' in (0.0, Infinity), got 0.0");
    assertThatThrownBy(() -> Optimizer.named("adam", Map.of("betas", "0.9")))
        .hasMessage("Expected two numbers such as '0.9,0.999' for 'betas' of optimizer 'adam', got '0.9'");
    assertThatThrownBy(() -> Optimizer.named("adam", Map.of("betas", "0.9,1.0")))
        .hasMessage("Expected 'betas[1]' of optimizer 'adam' in [0.0, 1.0), got 1.0");
    assertThatThrownBy(() -> Optimizer.named("adamw", Map.of("amsgrad", "yes")))
        .hasMessage("Expected one of [true, false] for 'amsgrad' of optimizer 'adamw', got 'yes'");
    assertThatThrownBy(() -> Optimizer.named("rmsprop", Map.of("momentum", "1.0")))
        .hasMessage("Expected 'momentum' of optimizer 'rmsprop' in [0.0, 1.0), got 1.0");
    assertThatThrownBy(() -> Optimizer.named("adagrad", Map.of("initial_accumulator_value", "-0.1")))
        .hasMessage("Expected 'initial_accumulator_value' of optimizer 'adagrad' in [0.0, Infinity), got -0.1");
    assertThatThrownBy(() -> Optimizer.named("sgd", Map.of("lr", "0.1", "dampening", "0.5", "nesterov", "true")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Nesterov momentum requires");
  }

  @Test
  void badSchedulesAreRefusedNamingWhereTheyAre() {
    assertThatThrownBy(() -> Optimizer.named("adam", Map.of("schedule", "onecycle")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Unknown schedule 'onecycle' for 'schedule' of optimizer 'adam': expected one of [constant, step,"
                + " exponential, cosine, linear, sequential]");
    assertThatThrownBy(() -> Optimizer.named("adam", Map.of("schedule", "cosine")))
        .hasMessage("Expected 't_max' for schedule 'cosine' ('schedule' of optimizer 'adam'): it has no default, got {}");
    assertThatThrownBy(() -> Optimizer.named("adam", Map.of("schedule", "cosine", "schedule.t_max", "1.5")))
        .hasMessage("Expected a positive integer for 't_max' of schedule 'cosine' ('schedule' of optimizer 'adam'), got '1.5'");
    assertThatThrownBy(
            () -> Optimizer.named("adam", Map.of("schedule", "cosine", "schedule.t_max", "99999999999999999999")))
        .hasMessageContaining("Expected a positive integer for 't_max'");
    assertThatThrownBy(() -> Optimizer.named("adam", Map.of("schedule", "exponential")))
        .hasMessage("Expected 'gamma' for schedule 'exponential' ('schedule' of optimizer 'adam'): it has no default, got {}");
    Map<String, String> nested = new LinkedHashMap<>(Optimizers.adam().withSchedule(Schedules.withWarmup(5, 0.1, Schedules.cosine(10))).config());
    nested.put("schedule.then.eta_min", "-1");
    assertThatThrownBy(() -> Optimizer.named("adam", nested))
        .hasMessage("Expected 'eta_min' of schedule 'cosine' ('schedule.then' of optimizer 'adam') in [0.0, Infinity), got -1.0");
    nested.remove("schedule.then");
    assertThatThrownBy(() -> Optimizer.named("adam", nested))
        .hasMessage("Expected a schedule for 'schedule.then' of optimizer 'adam': it has no default");
  }

  @Test
  void aScheduleOfOnesOwnIsWrittenButCannotBeRebuiltByName() {
    Schedule halving = (base, step) -> base / (1 + step);
    Adam adam = Optimizers.adam(0.01).withSchedule(halving);
    Map<String, String> config = adam.config();
    assertThat(config).containsEntry("schedule", "custom").containsKey("schedule.class");
    assertThatThrownBy(() -> Optimizer.named("adam", config))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("The schedule 'schedule' of optimizer 'adam' was a Schedule of the user's own (")
        .hasMessageContaining("not one of nn4j's [constant, step, exponential, cosine, linear, sequential]")
        .hasMessageContaining("cannot be rebuilt by name")
        .hasMessageContaining("Trainer.of(network, optimizer).resumeFrom(file)");

    Adam warm = Optimizers.adam(0.01).withSchedule(Schedules.withWarmup(10, 0.1, halving));
    assertThat(warm.config()).containsEntry("schedule.first", "linear").containsEntry("schedule.then", "custom");
    assertThatThrownBy(() -> Optimizer.named("adam", warm.config()))
        .hasMessageStartingWith("The schedule 'schedule.then' of optimizer 'adam' was a Schedule of the user's own");
  }
}
