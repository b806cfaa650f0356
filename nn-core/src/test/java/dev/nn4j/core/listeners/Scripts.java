package dev.nn4j.core.listeners;

import dev.nn4j.core.FitOptions;
import dev.nn4j.core.Network;
import dev.nn4j.core.Trainer;
import dev.nn4j.core.TrainingListener;
import dev.nn4j.core.losses.Losses;
import dev.nn4j.core.math.Matrix;
import dev.nn4j.core.testing.TestSgd;
import dev.nn4j.core.testing.TestSigmoid;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Scripted runs for the listeners' tests: a small network's session and sequences of measured values. */
final class Scripts {
  private Scripts() {}

  /** A session of a 2-2-1 sigmoid network trained by SGD at {@code learningRate}. */
  static Trainer trainer(double learningRate) {
    Network network =
        Network.builder()
            .input(2)
            .dense(2, new TestSigmoid())
            .dense(1, new TestSigmoid())
            .loss(Losses.mse())
            .optimizer(new TestSgd(learningRate))
            .seed(1)
            .build();
    return Trainer.of(network, network.optimizer());
  }

  /** Options with validation data (so that {@code val_} values may be monitored) and these listeners. */
  static FitOptions options(TrainingListener... listeners) {
    FitOptions.Builder b =
        FitOptions.builder().validation(Matrix.of(new double[][] {{0, 0}}), Matrix.of(new double[][] {{1}}));
    for (TrainingListener listener : listeners) {
      b.listener(listener);
    }
    return b.build();
  }

  /** One epoch's values per element of {@code values}, each under {@code name}. */
  static List<Map<String, Double>> epochs(String name, double... values) {
    List<Map<String, Double>> epochs = new ArrayList<>();
    for (double v : values) {
      Map<String, Double> epoch = new LinkedHashMap<>();
      epoch.put(name, v);
      epochs.add(epoch);
    }
    return epochs;
  }
}
