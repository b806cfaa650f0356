package dev.nn4j.optim;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableMap;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Writes a learning-rate schedule into an optimizer's configuration and reads it back. The key (such
 * as {@code schedule}) holds the schedule's registered name, its parameters the dotted sub-keys, with
 * the names of the arguments of the {@code torch.optim.lr_scheduler} class it follows; a sequential
 * schedule nests its two parts one level further:
 *
 * <pre>
 *   constant                                  (no parameters)
 *   step          step_size, gamma            (StepLR; gamma defaults to 0.1)
 *   exponential   gamma                       (ExponentialLR)
 *   cosine        t_max, eta_min              (CosineAnnealingLR; eta_min defaults to 0)
 *   linear        start_factor, end_factor, total_iters
 *                                             (LinearLR; defaults 1/3, 1 and 5)
 *   sequential    first, milestone, then      (SequentialLR with one milestone)
 *
 *   schedule=sequential, schedule.milestone=100,
 *   schedule.first=linear, schedule.first.start_factor=0.01, schedule.first.end_factor=1.0,
 *   schedule.first.total_iters=100,
 *   schedule.then=cosine, schedule.then.t_max=900, schedule.then.eta_min=0.0
 * </pre>
 *
 * <p>A schedule of the user's own (any other {@link Schedule}, such as a lambda) cannot be rebuilt
 * from a name: it is written as {@value #CUSTOM}, with its class under {@code .class} for the reader's
 * information, and reading that fails with a message saying so.
 */
final class ScheduleConfig {
  /** The name written for a schedule that is not one of nn4j's: it is refused when read. */
  static final String CUSTOM = "custom";

  private static final ImmutableMap<String, Kind> KINDS =
      ImmutableMap.of(
          ConstantSchedule.NAME,
          new Kind(List.of(), Set.of(), config -> Schedules.constant()),
          StepSchedule.NAME,
          new Kind(
              List.of(StepSchedule.STEP_SIZE, StepSchedule.GAMMA),
              Set.of(),
              config ->
                  Schedules.step(
                      config.positiveLong(StepSchedule.STEP_SIZE),
                      config.positive(StepSchedule.GAMMA, StepSchedule.DEFAULT_GAMMA))),
          ExponentialSchedule.NAME,
          new Kind(
              List.of(ExponentialSchedule.GAMMA),
              Set.of(),
              config -> {
                config.require(ExponentialSchedule.GAMMA);
                return Schedules.exponential(config.positive(ExponentialSchedule.GAMMA, Double.NaN));
              }),
          CosineSchedule.NAME,
          new Kind(
              List.of(CosineSchedule.T_MAX, CosineSchedule.ETA_MIN),
              Set.of(),
              config ->
                  Schedules.cosine(
                      config.positiveLong(CosineSchedule.T_MAX),
                      config.nonNegative(CosineSchedule.ETA_MIN, 0.0))),
          LinearSchedule.NAME,
          new Kind(
              List.of(LinearSchedule.START_FACTOR, LinearSchedule.END_FACTOR, LinearSchedule.TOTAL_ITERS),
              Set.of(),
              config ->
                  Schedules.linear(
                      config.doubleIn(
                          LinearSchedule.START_FACTOR, LinearSchedule.DEFAULT_START_FACTOR, 0, false, 1, true),
                      config.doubleIn(LinearSchedule.END_FACTOR, 1.0, 0, true, 1, true),
                      config.positiveLong(LinearSchedule.TOTAL_ITERS, LinearSchedule.DEFAULT_TOTAL_ITERS))),
          SequentialSchedule.NAME,
          new Kind(
              List.of(SequentialSchedule.FIRST, SequentialSchedule.MILESTONE, SequentialSchedule.THEN),
              Set.of(SequentialSchedule.FIRST, SequentialSchedule.THEN),
              config ->
                  Schedules.sequential(
                      read(config, SequentialSchedule.FIRST, null),
                      config.positiveLong(SequentialSchedule.MILESTONE),
                      read(config, SequentialSchedule.THEN, null))));

  /** How one registered schedule is read: its keys, those that nest, and its factory. */
  private record Kind(List<String> keys, Set<String> nested, Function<ConfigReader, Schedule> read) {}

  private ScheduleConfig() {}

  /**
   * Writes {@code schedule} under {@code key} of {@code out}: its name, and its parameters as {@code
   * key.*}; {@value #CUSTOM} and {@code key.class} for a schedule that is not one of nn4j's.
   */
  static void write(ConfigWriter out, String key, Schedule schedule) {
    if (schedule instanceof BuiltInSchedule builtIn) {
      out.put(key, builtIn.name());
      builtIn.writeConfig(out.nested(key));
    } else {
      out.put(key, CUSTOM);
      out.nested(key).put("class", schedule.getClass().getName());
    }
  }

  /**
   * The schedule under {@code key} of {@code config}, or {@code defaultValue} if there is none.
   *
   * @param defaultValue the schedule if the key is absent; null if it is required
   * @throws IllegalArgumentException if it is required and absent, has sub-keys without a name, has
   *     an unknown name (the message lists the known ones), is {@value #CUSTOM} (the message says that
   *     the schedule was the user's own and cannot be rebuilt by name), or has a bad parameter
   */
  static Schedule read(ConfigReader config, String key, Schedule defaultValue) {
    String name = config.string(key);
    if (name == null) {
      checkArgument(defaultValue != null, "Expected a schedule for %s: it has no default", config.where(key));
      checkArgument(
          config.subKeys(key).isEmpty(),
          "Expected a schedule's name for %s, which has the parameters %s",
          config.where(key),
          config.subKeys(key));
      return defaultValue;
    }
    checkArgument(
        !name.equals(CUSTOM),
        "The schedule %s was a Schedule of the user's own (%s), not one of nn4j's %s, so it cannot be"
            + " rebuilt by name: create the optimizer with it in code (to resume a checkpoint:"
            + " Trainer.of(network, optimizer).resumeFrom(file))",
        config.where(key),
        config.string(key + ".class"),
        KINDS.keySet());
    Kind kind = KINDS.get(name);
    checkArgument(
        kind != null,
        "Unknown schedule '%s' for %s: expected one of %s",
        name.length() <= 60 ? name : name.substring(0, 57) + "...",
        config.where(key),
        KINDS.keySet());
    return kind.read().apply(config.nested(key, "schedule '" + name + "'", kind.keys(), kind.nested()));
  }
}
