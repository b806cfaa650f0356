package dev.nn4j.core.losses;

import dev.nn4j.core.ComponentConfig;
import dev.nn4j.core.Loss;
import dev.nn4j.core.LossProvider;
import java.util.Map;
import java.util.Set;

/**
 * The losses that come with nn4j, one factory each; each is also registered by name, so {@code
 * Loss.named("mse")} finds it.
 *
 * <table>
 *   <caption>Losses and the output layers they go with</caption>
 *   <tr><th>factory</th><th>name</th><th>output layer</th></tr>
 *   <tr><td>{@link #mse()}</td><td>mse</td><td>any (regression; the tutorial)</td></tr>
 *   <tr><td>{@link #binaryCrossEntropy()}</td><td>binary_cross_entropy</td><td>sigmoid</td></tr>
 *   <tr><td>{@link #categoricalCrossEntropy()}</td><td>categorical_cross_entropy</td><td>softmax</td></tr>
 *   <tr><td>{@link #huber(double)}</td><td>huber</td><td>any (robust regression)</td></tr>
 * </table>
 */
public final class Losses {
  private Losses() {}

  /**
   * Mean squared error, see {@link Mse}.
   *
   * @return the loss
   */
  public static Loss mse() {
    return Mse.INSTANCE;
  }

  /**
   * Binary cross-entropy, for sigmoid outputs; see {@link BinaryCrossEntropy}.
   *
   * @return the loss
   */
  public static Loss binaryCrossEntropy() {
    return BinaryCrossEntropy.INSTANCE;
  }

  /**
   * Categorical cross-entropy, for softmax outputs and one-hot targets; see {@link CategoricalCrossEntropy}.
   *
   * @return the loss
   */
  public static Loss categoricalCrossEntropy() {
    return CategoricalCrossEntropy.INSTANCE;
  }

  /**
   * Huber loss with {@code δ = 1}, PyTorch's default; see {@link Huber}.
   *
   * @return the loss
   */
  public static Loss huber() {
    return huber(1.0);
  }

  /**
   * Huber loss with threshold {@code delta}; see {@link Huber}.
   *
   * @param delta the threshold {@code δ}, positive
   * @return the loss
   * @throws IllegalArgumentException unless {@code delta} is positive and finite
   */
  public static Loss huber(double delta) {
    return new Huber(delta);
  }

  /** Registers {@code "mse"}. */
  public static final class MseProvider extends Fixed {
    /** Called by {@link java.util.ServiceLoader}. */
    public MseProvider() {
      super(mse(), "mean_squared_error");
    }
  }

  /** Registers {@code "binary_cross_entropy"}. */
  public static final class BinaryCrossEntropyProvider extends Fixed {
    /** Called by {@link java.util.ServiceLoader}. */
    public BinaryCrossEntropyProvider() {
      super(binaryCrossEntropy(), "bce");
    }
  }

  /** Registers {@code "categorical_cross_entropy"}. */
  public static final class CategoricalCrossEntropyProvider extends Fixed {
    /** Called by {@link java.util.ServiceLoader}. */
    public CategoricalCrossEntropyProvider() {
      super(categoricalCrossEntropy(), "cross_entropy");
    }
  }

  /** Registers {@code "huber"}, configured by {@code delta} (default 1). */
  public static final class HuberProvider implements LossProvider {
    /** Called by {@link java.util.ServiceLoader}. */
    public HuberProvider() {}

    @Override
    public String name() {
      return "huber";
    }

    @Override
    public Loss create(Map<String, String> config) {
      return huber(ComponentConfig.of("loss 'huber'", config, "delta").finiteDouble("delta", 1.0));
    }
  }

  /** A provider of a loss without parameters. */
  private abstract static class Fixed implements LossProvider {
    private final Loss loss;
    private final Set<String> aliases;

    Fixed(Loss loss, String... aliases) {
      this.loss = loss;
      this.aliases = Set.of(aliases);
    }

    @Override
    public String name() {
      return loss.name();
    }

    @Override
    public Set<String> aliases() {
      return aliases;
    }

    @Override
    public Loss create(Map<String, String> config) {
      ComponentConfig.of("loss '" + loss.name() + "'", config);
      return loss;
    }
  }
}
