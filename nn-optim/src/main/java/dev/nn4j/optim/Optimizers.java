package dev.nn4j.optim;

/**
 * The optimizers that come with nn4j, one factory each, with the hyper-parameters and defaults of
 * {@code torch.optim}. Use them with static imports; options beyond the learning rate are set with
 * {@code with...} methods, each returning a new immutable optimizer:
 *
 * <pre>{@code
 * sgd(0.1).withMomentum(0.9, true).withWeightDecay(5e-4);
 * adam(0.001).withWeightDecay(1e-4).withClipNorm(1.0).withSchedule(Schedules.cosine(1000));
 * }</pre>
 *
 * <p>Every optimizer has, from {@link BaseOptimizer}, {@code withLearningRate}, {@code
 * withWeightDecay}, {@code withClipNorm} and {@code withSchedule}; schedules count optimizer steps
 * (see {@link Schedule}).
 *
 * <p>Each is also registered by name ({@code "sgd"}, {@code "adam"}, {@code "adamw"}, {@code
 * "rmsprop"}, {@code "adagrad"}) and built from PyTorch's argument names, as a checkpoint rebuilds
 * it:
 *
 * <pre>{@code
 * Optimizer.named("adam", Map.of("lr", "3e-4", "betas", "0.9,0.95", "schedule", "cosine",
 *     "schedule.t_max", "10000"));
 * }</pre>
 */
public final class Optimizers {
  private Optimizers() {}

  /**
   * Plain stochastic gradient descent, {@code w ← w − η · ∂L/∂w}; momentum, Nesterov, dampening and
   * weight decay are options: see {@link Sgd}.
   *
   * @param learningRate the learning rate {@code η}, positive
   * @return the optimizer
   * @throws IllegalArgumentException unless {@code learningRate} is positive and finite
   */
  public static Sgd sgd(double learningRate) {
    return new Sgd(learningRate);
  }

  /**
   * {@link #adam(double)} with PyTorch's default learning rate, 0.001.
   *
   * @return the optimizer
   */
  public static Adam adam() {
    return adam(Adam.DEFAULT_LEARNING_RATE);
  }

  /**
   * Adam with learning rate {@code learningRate} and PyTorch's defaults {@code betas = (0.9,
   * 0.999), eps = 1e-8}, no weight decay: see {@link Adam}.
   *
   * @param learningRate the learning rate, positive
   * @return the optimizer
   * @throws IllegalArgumentException unless {@code learningRate} is positive and finite
   */
  public static Adam adam(double learningRate) {
    return new Adam(learningRate, false);
  }

  /**
   * {@link #adamW(double)} with PyTorch's default learning rate, 0.001.
   *
   * @return the optimizer
   */
  public static Adam adamW() {
    return adamW(Adam.DEFAULT_LEARNING_RATE);
  }

  /**
   * AdamW (decoupled weight decay) with learning rate {@code learningRate} and PyTorch's defaults
   * {@code betas = (0.9, 0.999), eps = 1e-8, weight_decay = 0.01}: see {@link Adam}.
   *
   * @param learningRate the learning rate, positive
   * @return the optimizer
   * @throws IllegalArgumentException unless {@code learningRate} is positive and finite
   */
  public static Adam adamW(double learningRate) {
    return new Adam(learningRate, true);
  }

  /**
   * {@link #rmsProp(double)} with PyTorch's default learning rate, 0.01.
   *
   * @return the optimizer
   */
  public static RmsProp rmsProp() {
    return rmsProp(RmsProp.DEFAULT_LEARNING_RATE);
  }

  /**
   * RMSprop with learning rate {@code learningRate} and PyTorch's defaults {@code alpha = 0.99, eps
   * = 1e-8}, no momentum, not centered: see {@link RmsProp}.
   *
   * @param learningRate the learning rate, positive
   * @return the optimizer
   * @throws IllegalArgumentException unless {@code learningRate} is positive and finite
   */
  public static RmsProp rmsProp(double learningRate) {
    return new RmsProp(learningRate);
  }

  /**
   * {@link #adagrad(double)} with PyTorch's default learning rate, 0.01.
   *
   * @return the optimizer
   */
  public static Adagrad adagrad() {
    return adagrad(Adagrad.DEFAULT_LEARNING_RATE);
  }

  /**
   * Adagrad with learning rate {@code learningRate} and PyTorch's defaults {@code lr_decay = 0,
   * initial_accumulator_value = 0, eps = 1e-10}: see {@link Adagrad}.
   *
   * @param learningRate the learning rate, positive
   * @return the optimizer
   * @throws IllegalArgumentException unless {@code learningRate} is positive and finite
   */
  public static Adagrad adagrad(double learningRate) {
    return new Adagrad(learningRate);
  }
}
