package dev.nn4j.examples;

import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * What the command line may change in an example that trains: epochs, batch size, learning rate and seed.
 * Each one left empty keeps the example's own default, which its {@code help} shows.
 *
 * @param epochs the epochs to train ({@code --epochs})
 * @param batchSize the samples per step ({@code --batch-size})
 * @param learningRate the optimizer's learning rate ({@code --learning-rate})
 * @param seed the seed of the split, the initial weights and the shuffling ({@code --seed})
 */
public record TrainingOptions(OptionalInt epochs, OptionalInt batchSize, OptionalDouble learningRate, OptionalLong seed) {
  /** Nothing changed: every example runs with its defaults. */
  public static final TrainingOptions DEFAULTS =
      new TrainingOptions(OptionalInt.empty(), OptionalInt.empty(), OptionalDouble.empty(), OptionalLong.empty());

  /**
   * The epochs to train.
   *
   * @param orElse the example's default
   * @return the epochs given, or {@code orElse}
   */
  public int epochs(int orElse) {
    return epochs.orElse(orElse);
  }

  /**
   * The batch size.
   *
   * @param orElse the example's default
   * @return the batch size given, or {@code orElse}
   */
  public int batchSize(int orElse) {
    return batchSize.orElse(orElse);
  }

  /**
   * The learning rate.
   *
   * @param orElse the example's default
   * @return the learning rate given, or {@code orElse}
   */
  public double learningRate(double orElse) {
    return learningRate.orElse(orElse);
  }

  /**
   * The seed.
   *
   * @param orElse the example's default
   * @return the seed given, or {@code orElse}
   */
  public long seed(long orElse) {
    return seed.orElse(orElse);
  }
}
