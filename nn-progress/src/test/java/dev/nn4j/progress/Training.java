package dev.nn4j.progress;

import dev.nn4j.activations.Activations;
import dev.nn4j.core.FitOptions;
import dev.nn4j.core.History;
import dev.nn4j.core.Network;
import dev.nn4j.core.Optimizer;
import dev.nn4j.core.losses.Losses;
import dev.nn4j.core.math.Matrix;
import dev.nn4j.core.metrics.Metrics;
import dev.nn4j.optim.Optimizers;

/**
 * A small seeded classification run for the display to follow: 320 training samples (10 batches of 32), 64
 * validation samples, the accuracy measured, the time given by a {@link FakeClock}.
 */
final class Training {
  static final int SAMPLES = 320;
  static final int BATCH_SIZE = 32;

  private Training() {}

  static History fit(int epochs, FakeClock clock, Progress progress) {
    return fit(epochs, SAMPLES, clock, progress);
  }

  static History fit(int epochs, int samples, FakeClock clock, Progress progress) {
    return fit(epochs, samples, clock, progress, Optimizers.sgd(0.5));
  }

  static History fit(int epochs, int samples, FakeClock clock, Progress progress, Optimizer optimizer) {
    Network network =
        Network.builder()
            .input(2)
            .dense(4, Activations.tanh())
            .dense(1, Activations.sigmoid())
            .loss(Losses.binaryCrossEntropy())
            .optimizer(optimizer)
            .seed(7)
            .build();
    return network.fit(
        inputs(samples),
        targets(samples),
        FitOptions.builder()
            .epochs(epochs)
            .batchSize(BATCH_SIZE)
            .metrics(Metrics.accuracy())
            .validation(inputs(64), targets(64))
            .listener(clock)
            .listener(progress)
            .build());
  }

  private static Matrix inputs(int n) {
    double[][] x = new double[n][];
    for (int i = 0; i < n; i++) {
      x[i] = new double[] {i % 7 / 7.0, i % 5 / 5.0};
    }
    return Matrix.of(x);
  }

  private static Matrix targets(int n) {
    double[][] y = new double[n][];
    for (int i = 0; i < n; i++) {
      y[i] = new double[] {i % 7 / 7.0 > i % 5 / 5.0 ? 1 : 0};
    }
    return Matrix.of(y);
  }
}
