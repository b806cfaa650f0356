package dev.nn4j.optim;

/**
 * A schedule of nn4j's own ({@link Schedules}): registered by name, it writes the configuration that
 * rebuilds it, so that an optimizer with it can be rebuilt from its configuration (see {@link
 * ScheduleConfig}).
 */
interface BuiltInSchedule extends Schedule {

  /** The registered name, such as {@code "cosine"}. */
  String name();

  /** Writes every parameter, under PyTorch's names, such as {@code t_max} and {@code eta_min}. */
  void writeConfig(ConfigWriter out);
}
