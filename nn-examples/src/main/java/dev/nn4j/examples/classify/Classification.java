package dev.nn4j.examples.classify;

import dev.nn4j.core.FitOptions;
import dev.nn4j.core.History;
import dev.nn4j.core.Network;
import dev.nn4j.core.data.DataSet;
import dev.nn4j.core.metrics.ConfusionMatrix;
import dev.nn4j.core.metrics.Metrics;
import dev.nn4j.examples.LossChart;
import dev.nn4j.examples.ProgressDisplay;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * What every classifier example does once its data and network are ready: train with a validation set
 * and a progress display, measure accuracy on the held-out test set, print the confusion matrix, and
 * save the training curves.
 */
public final class Classification {
  private Classification() {}

  /**
   * @param testAccuracy the fraction of the test set classified correctly
   * @param history the training history
   * @param confusion the confusion matrix on the test set
   * @param chart the PNG of the training curves
   */
  public record Outcome(double testAccuracy, History history, ConfusionMatrix confusion, Path chart) {}

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
                .listener(ProgressDisplay.on(out))
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
    return new Outcome(accuracy, history, confusion, chart);
  }

  private static List<String> indexed(List<String> names) {
    return java.util.stream.IntStream.range(0, names.size()).mapToObj(i -> i + " " + names.get(i)).toList();
  }
}
