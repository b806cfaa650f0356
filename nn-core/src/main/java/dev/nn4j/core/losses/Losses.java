package dev.nn4j.core.losses;

import dev.nn4j.core.Loss;

/** Factories for the losses that come with nn4j. */
public final class Losses {
  private Losses() {}

  /** Mean squared error, see {@link Mse}. */
  public static Loss mse() {
    return Mse.INSTANCE;
  }
}
