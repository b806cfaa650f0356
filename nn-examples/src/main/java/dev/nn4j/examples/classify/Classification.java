package dev.nn4j.examples.classify;

import static dev.nn4j.optim.Optimizers.adam;

import dev.nn4j.core.FitOptions;
import dev.nn4j.core.History;
import dev.nn4j.core.Network;
import dev.nn4j.core.Optimizer;
import dev.nn4j.core.Predictor;
import dev.nn4j.core.data.DataSet;
import dev.nn4j.core.data.Split;
import dev.nn4j.core.math.FrozenWeights;
import dev.nn4j.core.math.Matrix;
import dev.nn4j.core.metrics.ConfusionMatrix;
import dev.nn4j.core.metrics.Metrics;
import dev.nn4j.examples.LossChart;
import dev.nn4j.examples.TrainingOptions;
import dev.nn4j.optim.Schedules;
import dev.nn4j.progress.Progress;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BiFunction;

/**
 * What every classifier example does once its data and network are ready: train with a validation set
 * and a progress display, measure accuracy on the held-out test set, print the confusion matrix, save the
 * training curves, and serve the test set one sample at a time as an application would, through the frozen
 * {@link Predictor}.
 */
public final class Classification {
  private Classification() {}

  /**
   * @param testAccuracy the fraction of the test set classified correctly
   * @param history the training history
   * @param confusion the confusion matrix on the test set
   * @param chart the PNG of the training curves
   * @param servedAccuracy the test accuracy of the answers of {@link Network#predictor()}, one sample at a
   *     time: the same as {@code testAccuracy}, since the predictor gives the network's outputs
   */
  public record Outcome(double testAccuracy, History history, ConfusionMatrix confusion, Path chart, double servedAccuracy) {}

  /** Predictions timed when serving: passes over the test set until at least this many, or {@link #SERVED_SECONDS}. */
  private static final int SERVED_CALLS = 20_000;

  /** How long serving is timed at most, after one whole pass (a convolutional network answers in a millisecond). */
  private static final double SERVED_SECONDS = 3.0;

  /**
   * Fits a network on {@code train} (nine tenths to fit, one to validate, split by the seed) with Adam
   * annealed to zero over the run (cosine), then tests and serves it as {@link #run} does, printing how long
   * it all took: the run of the examples that train long on Fashion-MNIST.
   *
   * @param defaults the example's epochs, batch size, learning rate and seed where {@code options} gives none
   * @param network builds the network from its optimizer and seed
   */
  static Outcome runAnnealed(
      PrintStream out,
      Path outputDirectory,
      String name,
      DataSet train,
      DataSet test,
      TrainingOptions options,
      TrainingOptions defaults,
      BiFunction<Optimizer, Long, Network> network)
      throws IOException {
    long seed = options.seed(defaults.seed().getAsLong());
    Split trainAndValidation = train.split(0.9, seed);
    int epochs = options.epochs(defaults.epochs().getAsInt());
    int batchSize = options.batchSize(defaults.batchSize().getAsInt());
    long steps = (long) epochs * ((trainAndValidation.train().size() + batchSize - 1) / batchSize);
    Optimizer adam = adam(options.learningRate(defaults.learningRate().getAsDouble())).withSchedule(Schedules.cosine(steps));
    long started = System.nanoTime();
    Outcome outcome =
        run(
            out,
            outputDirectory,
            name,
            network.apply(adam, seed),
            trainAndValidation.train(),
            trainAndValidation.validation(),
            test,
            FitOptions.builder().epochs(epochs).batchSize(batchSize));
    out.printf("Training, testing and serving took %.0f s%n", (System.nanoTime() - started) / 1e9);
    return outcome;
  }

  static Outcome run(
      PrintStream out,
      Path outputDirectory,
      String name,
      Network network,
      DataSet train,
      DataSet validation,
      DataSet test,
      FitOptions.Builder options)
      throws IOException {
    out.println(network.summary());
    out.printf("Training on %d samples, validating on %d, testing on %d%n", train.size(), validation.size(), test.size());
    History history =
        network.fit(
            train,
            options
                .metrics(Metrics.accuracy())
                .validation(validation)
                .listener(Progress.to(out))
                .build());
    double accuracy = network.evaluate(test, List.of(Metrics.accuracy())).get("accuracy");
    ConfusionMatrix confusion = ConfusionMatrix.of(network.predict(test.features()), test.labels());
    out.println("Confusion matrix on the test set (rows: actual class, columns: predicted):");
    out.println(confusion);
    if (!test.classNames().isEmpty()) {
      out.println("Classes: " + String.join(", ", indexed(test.classNames())));
    }
    out.printf("Test accuracy: %.4f%n", accuracy);
    Path chart = LossChart.save(outputDirectory.resolve(name + "-training.png"), name, history);
    out.println("Training curves saved to " + chart);
    double served = serve(out, network, test);
    return new Outcome(accuracy, history, confusion, chart, served);
  }

  /**
   * Answers every test sample one at a time with a frozen copy of the network, as a service would, and
   * prints the accuracy and the time per answer; returns the accuracy.
   */
  private static double serve(PrintStream out, Network network, DataSet test) {
    Predictor predictor = network.predictor();
    double[][] samples = test.features().toArray();
    Matrix answers = new Matrix(samples.length, network.outputSize());
    for (int i = 0; i < samples.length; i++) {
      System.arraycopy(predictor.predict(samples[i]), 0, answers.data(), i * answers.cols(), answers.cols());
    }
    double accuracy = Metrics.accuracy().value(answers, test.labels());
    // The first pass above also let the JIT compile the code; now time passes until SERVED_CALLS answers.
    int calls = 0;
    long started = System.nanoTime();
    while (calls < SERVED_CALLS && (calls == 0 || System.nanoTime() - started < SERVED_SECONDS * 1e9)) {
      for (double[] sample : samples) {
        predictor.predict(sample);
      }
      calls += samples.length;
    }
    double micros = (System.nanoTime() - started) / 1e3 / calls;
    out.printf(
        "Served one sample at a time by network.predictor() (kernel %s): test accuracy %.4f, %.1f µs per answer%n",
        FrozenWeights.kernelName(), accuracy, micros);
    return accuracy;
  }

  private static List<String> indexed(List<String> names) {
    return java.util.stream.IntStream.range(0, names.size()).mapToObj(i -> i + " " + names.get(i)).toList();
  }
}
