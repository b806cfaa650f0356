package dev.nn4j.optim;

import static dev.nn4j.optim.OptimizerTesting.named;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.nn4j.core.Parameter;
import org.junit.jupiter.api.Test;

/** The learning-rate schedules' closed forms (torch.optim.lr_scheduler) at chosen steps. */
class SchedulesTest {
  private static final double TOLERANCE = 1e-12;

  @Test
  void stepDecaysByGammaEveryStepSizeSteps() {
    // torch's StepLR example: lr = 0.05 for s < 30, 0.005 for 30 <= s < 60, 0.0005 for 60 <= s < 90
    Schedule schedule = Schedules.step(30, 0.1);
    assertThat(schedule.learningRate(0.05, 0)).isEqualTo(0.05);
    assertThat(schedule.learningRate(0.05, 29)).isEqualTo(0.05);
    assertThat(schedule.learningRate(0.05, 30)).isCloseTo(0.005, within(TOLERANCE));
    assertThat(schedule.learningRate(0.05, 59)).isCloseTo(0.005, within(TOLERANCE));
    assertThat(schedule.learningRate(0.05, 60)).isCloseTo(0.0005, within(TOLERANCE));
    assertThat(schedule.learningRate(0.05, 89)).isCloseTo(0.0005, within(TOLERANCE));
  }

  @Test
  void exponentialDecaysByGammaEveryStep() {
    Schedule schedule = Schedules.exponential(0.9);
    assertThat(schedule.learningRate(0.5, 0)).isEqualTo(0.5);
    assertThat(schedule.learningRate(0.5, 1)).isCloseTo(0.5 * 0.9, within(TOLERANCE));
    assertThat(schedule.learningRate(0.5, 3)).isCloseTo(0.5 * 0.9 * 0.9 * 0.9, within(TOLERANCE));
  }

  @Test
  void cosineAnnealsFromTheBaseRateToEtaMinOverTMaxSteps() {
    double base = 0.1;
    double etaMin = 0.001;
    Schedule schedule = Schedules.cosine(10, etaMin);
    assertThat(schedule.learningRate(base, 0)).isCloseTo(base, within(TOLERANCE));
    assertThat(schedule.learningRate(base, 5))
        .isCloseTo(etaMin + (base - etaMin) / 2, within(TOLERANCE));
    assertThat(schedule.learningRate(base, 2))
        .isCloseTo(
            etaMin + (base - etaMin) * (1 + Math.cos(Math.PI * 2 / 10)) / 2, within(TOLERANCE));
    assertThat(schedule.learningRate(base, 10)).isCloseTo(etaMin, within(TOLERANCE));
    // as torch's CosineAnnealingLR, without restarts the cosine goes on: back to the base at 2
    // T_max
    assertThat(schedule.learningRate(base, 15))
        .isCloseTo(etaMin + (base - etaMin) / 2, within(TOLERANCE));
    assertThat(schedule.learningRate(base, 20)).isCloseTo(base, within(TOLERANCE));
    assertThat(Schedules.cosine(10).learningRate(base, 10)).isCloseTo(0.0, within(TOLERANCE));
  }

  @Test
  void linearMovesTheFactorFromStartToEndThenStays() {
    // torch's LinearLR example: lr = 0.05, start_factor = 0.5, total_iters = 4
    Schedule schedule = Schedules.linearWarmup(0.5, 4);
    assertThat(schedule.learningRate(0.05, 0)).isCloseTo(0.025, within(TOLERANCE));
    assertThat(schedule.learningRate(0.05, 1)).isCloseTo(0.03125, within(TOLERANCE));
    assertThat(schedule.learningRate(0.05, 2)).isCloseTo(0.0375, within(TOLERANCE));
    assertThat(schedule.learningRate(0.05, 3)).isCloseTo(0.04375, within(TOLERANCE));
    assertThat(schedule.learningRate(0.05, 4)).isCloseTo(0.05, within(TOLERANCE));
    assertThat(schedule.learningRate(0.05, 100)).isCloseTo(0.05, within(TOLERANCE));
    Schedule down = Schedules.linear(1.0, 0.25, 3);
    assertThat(down.learningRate(2.0, 1))
        .isCloseTo(2.0 * (1.0 + (0.25 - 1.0) / 3), within(TOLERANCE));
    assertThat(down.learningRate(2.0, 7)).isCloseTo(0.5, within(TOLERANCE));
  }

  @Test
  void sequentialSwitchesAtTheMilestoneAndRestartsTheSecondClock() {
    // torch's SequentialLR example: 0.1 · lr for 20 steps (ConstantLR), then ExponentialLR(0.9)
    Schedule schedule =
        Schedules.sequential(Schedules.linear(0.1, 0.1, 20), 20, Schedules.exponential(0.9));
    assertThat(schedule.learningRate(0.05, 0)).isCloseTo(0.005, within(TOLERANCE));
    assertThat(schedule.learningRate(0.05, 19)).isCloseTo(0.005, within(TOLERANCE));
    assertThat(schedule.learningRate(0.05, 20)).isCloseTo(0.05, within(TOLERANCE));
    assertThat(schedule.learningRate(0.05, 21)).isCloseTo(0.045, within(TOLERANCE));
    assertThat(schedule.learningRate(0.05, 22)).isCloseTo(0.0405, within(TOLERANCE));
  }

  @Test
  void warmupThenCosine() {
    double base = 0.2;
    Schedule schedule = Schedules.withWarmup(4, 0.25, Schedules.cosine(8));
    assertThat(schedule)
        .isEqualTo(Schedules.sequential(Schedules.linear(0.25, 1.0, 4), 4, Schedules.cosine(8)));
    assertThat(schedule.learningRate(base, 0)).isCloseTo(0.25 * base, within(TOLERANCE));
    assertThat(schedule.learningRate(base, 2))
        .isCloseTo(base * (0.25 + 0.75 * 2 / 4), within(TOLERANCE));
    assertThat(schedule.learningRate(base, 4)).isCloseTo(base, within(TOLERANCE));
    assertThat(schedule.learningRate(base, 8))
        .isCloseTo(base * (1 + Math.cos(Math.PI * 4 / 8)) / 2, within(TOLERANCE));
    assertThat(schedule.learningRate(base, 12)).isCloseTo(0.0, within(TOLERANCE));
  }

  @Test
  void theOptimizersClockCountsStepsFromZero() {
    // step t (from 1) uses schedule(γ, t − 1): with γ = 1, StepLR(2, 0.5) gives 1, 1, 0.5, 0.5,
    // 0.25
    Parameter p = new Parameter("weight", 1, 1);
    StatefulUpdater updater =
        Optimizers.sgd(1.0).withSchedule(Schedules.step(2, 0.5)).start(named(p));
    p.gradient().data()[0] = 1.0;
    double[] rates = new double[5];
    for (int t = 0; t < 5; t++) {
      rates[t] = updater.nextLearningRate();
      updater.step();
    }
    assertThat(rates).containsExactly(1.0, 1.0, 0.5, 0.5, 0.25);
    assertThat(p.value().data()[0]).isEqualTo(-(1.0 + 1.0 + 0.5 + 0.5 + 0.25));
    assertThat(updater.stepCount()).isEqualTo(5);
  }

  @Test
  void adamUsesTheScheduledRateInItsStep() {
    double lr = 0.1;
    Parameter p = new Parameter("weight", 1, 1);
    StatefulUpdater updater =
        Optimizers.adam(lr).withSchedule(Schedules.exponential(0.5)).start(named(p));
    p.gradient().data()[0] = 2.0;
    updater.step();
    updater.step();
    // a constant gradient gives m̂ / √v̂ = 1 at every step, so θ moves by γ_t / (1 + ε/|g|) each
    // step
    double perUnitRate = 2.0 / (2.0 + 1e-8);
    assertThat(p.value().data()[0]).isCloseTo(-(lr + lr * 0.5) * perUnitRate, within(TOLERANCE));
  }

  @Test
  void aScheduleGivingANegativeRateStopsTheStep() {
    Parameter p = new Parameter("weight", 1, 1);
    StatefulUpdater updater =
        Optimizers.sgd(0.1).withSchedule((base, step) -> -base).start(named(p));
    assertThatThrownBy(updater::step)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("learning rate -0.1 at step 0");
    assertThat(p.value().data()[0]).isEqualTo(0.0);
  }

  @Test
  void schedulesCompareByValueAndPrintTheirConfiguration() {
    assertThat(Schedules.step(3, 0.5))
        .isEqualTo(Schedules.step(3, 0.5))
        .isNotEqualTo(Schedules.step(3, 0.25));
    assertThat(Schedules.step(3, 0.5).hashCode()).isEqualTo(Schedules.step(3, 0.5).hashCode());
    assertThat(Schedules.cosine(1000)).isEqualTo(Schedules.cosine(1000, 0.0));
    assertThat(Schedules.step(3, 0.5)).hasToString("step(stepSize=3, gamma=0.5)");
    assertThat(Schedules.exponential(0.9)).hasToString("exponential(gamma=0.9)");
    assertThat(Schedules.cosine(1000)).hasToString("cosine(tMax=1000, etaMin=0.0)");
    assertThat(Schedules.constant()).hasToString("constant()");
    assertThat(Schedules.withWarmup(100, 0.01, Schedules.cosine(900)))
        .hasToString(
            "sequential(linear(startFactor=0.01, endFactor=1.0, totalIters=100), milestone=100, "
                + "cosine(tMax=900, etaMin=0.0))");
  }

  @Test
  void rejectsInvalidParametersNamingThem() {
    assertThatThrownBy(() -> Schedules.step(0, 0.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Expected stepSize >= 1 optimizer steps, got stepSize=0");
    assertThatThrownBy(() -> Schedules.exponential(0.0))
        .hasMessage("Expected a positive, finite gamma, got gamma=0.0");
    assertThatThrownBy(() -> Schedules.cosine(0))
        .hasMessage("Expected tMax >= 1 optimizer steps, got tMax=0");
    assertThatThrownBy(() -> Schedules.cosine(10, -1e-3))
        .hasMessage("Expected a non-negative, finite etaMin, got etaMin=-0.001");
    assertThatThrownBy(() -> Schedules.linear(0.0, 1.0, 5))
        .hasMessage("Expected 0 < startFactor <= 1, got startFactor=0.0");
    assertThatThrownBy(() -> Schedules.linear(0.5, 1.5, 5))
        .hasMessage("Expected 0 <= endFactor <= 1, got endFactor=1.5");
    assertThatThrownBy(() -> Schedules.withWarmup(0, 0.1, Schedules.constant()))
        .hasMessage("Expected warmupSteps >= 1 optimizer steps, got warmupSteps=0");
  }
}
