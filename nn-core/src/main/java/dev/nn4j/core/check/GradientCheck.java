package dev.nn4j.core.check;

import static com.google.common.base.Preconditions.checkArgument;

import dev.nn4j.core.Activation;
import dev.nn4j.core.Buffer;
import dev.nn4j.core.Layer;
import dev.nn4j.core.Gradients;
import dev.nn4j.core.LayerFactory;
import dev.nn4j.core.Loss;
import dev.nn4j.core.Network;
import dev.nn4j.core.Parameter;
import dev.nn4j.core.Pass;
import dev.nn4j.core.Shape;
import dev.nn4j.core.init.Initializers;
import dev.nn4j.core.losses.Losses;
import dev.nn4j.core.math.Matrix;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;

/**
 * Checks backpropagation against finite differences: every partial derivative that {@link
 * Network#gradients} computes is compared with the central difference {@code (L(θ + h) - L(θ - h)) / 2h}.
 *
 * <p>For an activation of your own, one call does it: {@code GradientCheck.check(new Mish()).assertOk()}
 * builds small networks of random shapes that use it, and checks them all. For a layer of your own, {@code
 * GradientCheck.check(input -> new MyLayer(input), Shape.of(3, 4)).assertOk()} checks its parameters and its
 * input gradient, in inference and in training mode.
 *
 * <p>The error of one derivative is {@code |analytic - numeric| / (|analytic| + |numeric|)}, taken as 0
 * when the two differ by less than the finite difference can resolve: {@value #ABSOLUTE_TOLERANCE}, or, for
 * a large loss, {@value #ROUNDING_ULPS} units in the last place of {@code L} divided by {@code 2h} (the
 * rounding of the loss itself, which no step size removes). {@link Result#assertOk()} accepts a maximum
 * error of {@value #DEFAULT_TOLERANCE}.
 */
public final class GradientCheck {
  /** Step {@code h} of the central difference. */
  public static final double STEP = 1e-6;
  /** Differences below this are not errors. */
  public static final double ABSOLUTE_TOLERANCE = 1e-8;
  /** How many units in the last place of the loss a central difference may be off by rounding alone. */
  public static final int ROUNDING_ULPS = 64;
  /** The relative error that {@link Result#assertOk()} accepts. */
  public static final double DEFAULT_TOLERANCE = 1e-5;

  private GradientCheck() {}

  /**
   * Checks {@code activation} in dense layers with mean squared error: five networks {@code input ->
   * dense(activation) -> dense(activation)} of random sizes (1 to 6 inputs, 1 to 5 units, 1 to 4 outputs,
   * batches of 1 to 5), random normal weights, inputs and targets, from a fixed seed.
   *
   * @param activation the activation to check
   * @return the worst error over the five networks
   */
  public static Result check(Activation activation) {
    Random random = new Random(20190318L);
    Result worst = Result.NONE;
    for (int trial = 0; trial < 5; trial++) {
      int inputs = 1 + random.nextInt(6);
      int hidden = 1 + random.nextInt(5);
      int outputs = 1 + random.nextInt(4);
      int batch = 1 + random.nextInt(5);
      Network network =
          Network.builder()
              .input(inputs)
              .dense(hidden, activation)
              .dense(outputs, activation)
              .weightInit(Initializers.standardNormal())
              .loss(Losses.mse())
              .seed(random.nextLong())
              .build();
      worst = worst.worse(check(network, gaussian(batch, inputs, random), gaussian(batch, outputs, random)));
    }
    return worst;
  }

  /**
   * Checks a layer: three networks {@code layer → flatten} with mean squared error against random targets,
   * on random inputs (batches of 2 to 5), each in inference mode and in training mode (where the dropout
   * masks and batch statistics of a training step apply): every parameter's gradient, and the gradient
   * with respect to the layer's input. The layer's buffers (running statistics) are put back after each
   * check.
   *
   * @param layer makes the layer, as {@link dev.nn4j.core.NetworkBuilder#layer(LayerFactory)} would
   * @param inputShape the shape of the layer's input samples
   * @return the worst error over every parameter and input of the three networks, in both modes
   */
  public static Result check(LayerFactory layer, Shape inputShape) {
    Random random = new Random(20190318L);
    Result worst = Result.NONE;
    for (int trial = 0; trial < 3; trial++) {
      int batch = 2 + random.nextInt(4);
      Network network =
          Network.builder().input(inputShape).layer(layer).flatten().loss(Losses.mse()).seed(random.nextLong()).build();
      Matrix inputs = gaussian(batch, inputShape.size(), random);
      Matrix targets = gaussian(batch, network.outputSize(), random);
      long seed = random.nextLong();
      worst = worst.worse(check(network, inputs, targets, Pass::forInference));
      worst = worst.worse(checkTraining(network, inputs, targets, seed));
    }
    return worst;
  }

  /**
   * Checks every parameter of {@code network}, and the input gradient, on one batch, in inference mode; the
   * parameters are restored afterwards.
   *
   * @param network the network to check; its parameters are perturbed one at a time, then restored
   * @param inputs one batch of inputs, {@code [n, inputs]}
   * @param targets the batch's targets, {@code [n, outputs]}
   * @return the worst error over every parameter and input value
   */
  public static Result check(Network network, Matrix inputs, Matrix targets) {
    return check(network, inputs, targets, Pass::forInference);
  }

  /**
   * Checks every parameter of {@code network}, and the input gradient, on one batch, in training mode: every
   * evaluation runs in a fresh training pass seeded with {@code seed}, so dropout masks are the same each time, and layers
   * normalize by the batch's statistics. The parameters and buffers are restored afterwards.
   *
   * @param network the network to check
   * @param inputs one batch of inputs, {@code [n, inputs]}
   * @param targets the batch's targets, {@code [n, outputs]}
   * @param seed seeds the generator of every training pass
   * @return the worst error over every parameter and input value
   */
  public static Result checkTraining(Network network, Matrix inputs, Matrix targets, long seed) {
    List<double[]> buffers = new ArrayList<>();
    List<double[]> saved = new ArrayList<>();
    for (Layer layer : network.layers()) {
      for (Buffer buffer : layer.buffers()) {
        buffers.add(buffer.value().data());
        saved.add(buffer.value().data().clone());
      }
    }
    Runnable restore = () -> {
      for (int b = 0; b < buffers.size(); b++) {
        System.arraycopy(saved.get(b), 0, buffers.get(b), 0, saved.get(b).length);
      }
    };
    // Each evaluation starts from the same buffers (a training pass updates running statistics), so that a
    // layer whose training output reads them sees the same function every time.
    Supplier<Pass> passes = () -> {
      restore.run();
      return Pass.forTraining(new Random(seed));
    };
    try {
      return check(network, inputs, targets, passes);
    } finally {
      restore.run();
    }
  }

  /**
   * Checks every parameter of {@code network} on one batch of sequences, in inference mode, but not the input
   * gradient: for networks whose inputs cannot be nudged (the token ids of an embedding) and for batches
   * whose sequences have different lengths. The parameters are restored afterwards.
   *
   * @param network the network to check
   * @param inputs one batch of inputs, {@code [n, inputs]}
   * @param targets the batch's targets, {@code [n, outputs]}
   * @param lengths the real steps of each row (see {@link Pass#setLengths}), or null for all
   * @return the worst error over every parameter
   */
  public static Result checkParameters(Network network, Matrix inputs, Matrix targets, int[] lengths) {
    Supplier<Pass> passes = () -> {
      Pass pass = Pass.forInference();
      pass.setLengths(lengths);
      return pass;
    };
    Gradients analytic = network.gradients(inputs, targets, passes.get());
    Result worst = Result.NONE;
    for (Map.Entry<String, Parameter> p : network.parameters().entrySet()) {
      worst = worst.worse(
          compare(analytic.get(p.getKey()), p.getValue().value(), () -> network.loss(inputs, targets, passes.get()), p.getKey()));
    }
    return worst;
  }

  /** Every parameter and every input value, each evaluation in a fresh pass from {@code passes}. */
  private static Result check(Network network, Matrix inputs, Matrix targets, Supplier<Pass> passes) {
    Gradients analytic = network.gradients(inputs, targets, passes.get());
    Result worst = Result.NONE;
    for (Map.Entry<String, Parameter> p : network.parameters().entrySet()) {
      worst = worst.worse(
          compare(analytic.get(p.getKey()), p.getValue().value(), () -> network.loss(inputs, targets, passes.get()), p.getKey()));
    }
    Matrix input = inputs.copy();
    Matrix inputGradient = network.inputGradients(input, targets, passes.get());
    return worst.worse(compare(inputGradient, input, () -> network.loss(input, targets, passes.get()), "input"));
  }

  /**
   * Checks {@code loss.gradient} against central differences of {@code loss.value} at {@code prediction};
   * both matrices are left as they were.
   *
   * @param loss the loss to check
   * @param prediction the point {@code ŷ} at which to check, {@code [n, outputs]}
   * @param target the targets {@code y}, same shape
   * @return the worst error over every element of {@code prediction}
   */
  public static Result check(Loss loss, Matrix prediction, Matrix target) {
    Matrix analytic = new Matrix(prediction.rows(), prediction.cols());
    loss.gradient(prediction, target, analytic);
    return compare(analytic, prediction, () -> loss.value(prediction, target), loss.name());
  }

  /**
   * Checks {@code loss.fusedGradient} against central differences of {@code loss.fusedValue} at the
   * pre-activations {@code z}, for a loss that fuses with its output activation.
   *
   * @param loss a loss that fuses with its output activation
   * @param z the pre-activations at which to check, {@code [n, outputs]}
   * @param target the targets {@code y}, same shape
   * @return the worst error over every element of {@code z}
   */
  public static Result checkFused(Loss loss, Matrix z, Matrix target) {
    Matrix analytic = new Matrix(z.rows(), z.cols());
    loss.fusedGradient(z, target, analytic);
    return compare(analytic, z, () -> loss.fusedValue(z, target), loss.name() + " (fused)");
  }

  private static Result compare(Matrix analytic, Matrix point, DoubleSupplier function, String what) {
    Result worst = Result.NONE;
    double[] values = point.data();
    for (int i = 0; i < values.length; i++) {
      double saved = values[i];
      values[i] = saved + STEP;
      double plus = function.getAsDouble();
      values[i] = saved - STEP;
      double minus = function.getAsDouble();
      values[i] = saved;
      double numeric = (plus - minus) / (2 * STEP);
      double a = analytic.data()[i];
      double resolution = Math.max(ABSOLUTE_TOLERANCE, ROUNDING_ULPS * Math.ulp(Math.max(Math.abs(plus), Math.abs(minus))) / (2 * STEP));
      worst = worst.worse(new Result(error(a, numeric, resolution), what + "[" + i + "]", a, numeric, 1));
    }
    return worst;
  }

  private static double error(double analytic, double numeric, double resolution) {
    double diff = Math.abs(analytic - numeric);
    if (diff < resolution) {
      return 0.0;
    }
    return diff / (Math.abs(analytic) + Math.abs(numeric));
  }

  private static Matrix gaussian(int rows, int cols, Random random) {
    Matrix m = new Matrix(rows, cols);
    double[] d = m.data();
    for (int i = 0; i < d.length; i++) {
      d[i] = random.nextGaussian();
    }
    return m;
  }

  /**
   * The outcome of a check: the largest relative error found, where, and how many derivatives were
   * compared.
   *
   * @param maxError the largest relative error
   * @param worst the parameter element with that error, as {@code layers.<i>.<name>[index]}
   * @param analytic the backpropagated derivative there
   * @param numeric the finite-difference derivative there
   * @param checked the number of derivatives compared
   */
  public record Result(double maxError, String worst, double analytic, double numeric, int checked) {
    static final Result NONE = new Result(0.0, "(nothing)", 0.0, 0.0, 0);

    Result worse(Result other) {
      Result w = other.maxError > maxError || Double.isNaN(other.maxError) ? other : this;
      return new Result(w.maxError, w.worst, w.analytic, w.numeric, checked + other.checked);
    }

    /**
     * True if every derivative is within {@code tolerance} relative error.
     *
     * @param tolerance the largest relative error accepted
     * @return whether the check passed; false if nothing was checked
     */
    public boolean passed(double tolerance) {
      return checked > 0 && maxError <= tolerance;
    }

    /**
     * Returns this result if every derivative is within {@link #DEFAULT_TOLERANCE}.
     *
     * @return this result
     * @throws AssertionError naming the worst derivative otherwise
     */
    public Result assertOk() {
      return assertWithin(DEFAULT_TOLERANCE);
    }

    /**
     * Returns this result if every derivative is within {@code tolerance}.
     *
     * @param tolerance the largest relative error accepted, positive
     * @return this result
     * @throws AssertionError naming the worst derivative otherwise
     */
    public Result assertWithin(double tolerance) {
      checkArgument(tolerance > 0, "Expected a positive tolerance, got %s", tolerance);
      if (!passed(tolerance)) {
        throw new AssertionError("Gradient check failed: " + this + " exceeds tolerance " + tolerance);
      }
      return this;
    }

    @Override
    public String toString() {
      return String.format(
          "max relative error %.3g at %s (backprop %.10g, finite difference %.10g), %d derivatives checked",
          maxError, worst, analytic, numeric, checked);
    }
  }
}
