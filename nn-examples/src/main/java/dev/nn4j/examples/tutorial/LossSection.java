package dev.nn4j.examples.tutorial;

import dev.nn4j.core.Loss;
import dev.nn4j.core.losses.Losses;
import dev.nn4j.core.math.Matrix;
import dev.nn4j.examples.Example;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Tutorial section 3, the loss: the mean squared error {@code MSE = 1/n Σ (y_true - y_pred)²} of a
 * network that predicts 0 for everyone, against Alice, Bob, Charlie and Diana's genders {@code [1, 0, 0,
 * 1]}, is {@code (1 + 0 + 0 + 1) / 4 = 0.5}.
 */
public final class LossSection implements Example<LossSection.Result> {
  static final double[] Y_TRUE = {1, 0, 0, 1};
  static final double[] Y_PRED = {0, 0, 0, 0};

  /**
   * What the section computed.
   *
   * @param mse the mean squared error of {@code Y_PRED} against {@code Y_TRUE}
   */
  public record Result(double mse) {}

  @Override
  public String name() {
    return "loss";
  }

  @Override
  public String description() {
    return "Section 3: mean squared error of y_pred=[0,0,0,0] against y_true=[1,0,0,1]";
  }

  @Override
  public Result run(PrintStream out, Path outputDirectory) {
    // One sample per row: four people, one output each.
    Loss mse = Losses.mse();
    double value = mse.value(Matrix.columnVector(Y_PRED), Matrix.columnVector(Y_TRUE));

    out.println("== 3. Training, part 1: the loss (mean squared error) ==");
    out.println(
        "The loss measures how far the predictions are from the truth; training makes it smaller."
            + " Predicting 0 (male) for everyone misses Alice and Diana.");
    out.printf(
        "MSE(y_true = %s, y_pred = %s) = %s%n",
        Arrays.toString(Y_TRUE), Arrays.toString(Y_PRED), Double.toString(value));
    out.println();
    return new Result(value);
  }
}
