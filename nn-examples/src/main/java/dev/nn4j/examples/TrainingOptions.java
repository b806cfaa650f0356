package dev.nn4j.examples;

import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * What the command line may change in an example that trains: epochs, batch size, learning rate and seed.
 * Given to an example, each one left empty keeps the example's own default; declared by an example as its
 * {@link Example#trainingDefaults() defaults}, the ones present are those it takes.
 *
 * @param epochs the epochs to train ({@code --epochs})
 * @param batchSize the samples per step ({@code --batch-size})
 * @param learningRate the optimizer's learning rate ({@code --learning-rate})
 * @param seed the seed of the split, the initial weights and the shuffling ({@code --seed})
 */
public record TrainingOptions(OptionalInt epochs, OptionalInt batchSize, OptionalDouble learningRate, OptionalLong seed) {
  /** Nothing given: every example runs with its defaults (as an example's declaration: it takes none). */
  public static final TrainingOptions DEFAULTS =
      new TrainingOptions(OptionalInt.empty(), OptionalInt.empty(), OptionalDouble.empty(), OptionalLong.empty());

  /**
   * All four options given.
   *
   * @param epochs the epochs to train
   * @param batchSize the samples per step
   * @param learningRate the optimizer's learning rate
   * @param seed the seed of the split, the initial weights and the shuffling
   * @return the options
   */
  public static TrainingOptions of(int epochs, int batchSize, double learningRate, long seed) {
    return new TrainingOptions(OptionalInt.of(epochs), OptionalInt.of(batchSize), OptionalDouble.of(learningRate), OptionalLong.of(seed));
  }

  /**
   * Only the seed given.
   *
   * @param seed the seed of the split, the initial weights and the shuffling
   * @return the options
   */
  public static TrainingOptions ofSeed(long seed) {
    return new TrainingOptions(OptionalInt.empty(), OptionalInt.empty(), OptionalDouble.empty(), OptionalLong.of(seed));
  }

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
