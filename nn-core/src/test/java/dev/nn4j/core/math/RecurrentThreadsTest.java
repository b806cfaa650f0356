package dev.nn4j.core.math;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nn4j.core.Parameter;
import dev.nn4j.core.Pass;
import dev.nn4j.core.Shape;
import dev.nn4j.core.layers.Recurrent;
import dev.nn4j.core.layers.RecurrentSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A padded batch through a stacked bidirectional LSTM gives the same bits on one, two or three threads:
 * outputs, input gradients and parameter gradients (its input projections and per-step products are large
 * enough here to be split between threads).
 */
class RecurrentThreadsTest {

  @Test
  void forwardAndBackwardAreIdenticalBitForBitWhateverTheThreadCount() {
    Random random = new Random(11);
    int n = 64;
    int steps = 4;
    int features = 32;
    Matrix x = new Matrix(n, steps * features);
    Arrays.setAll(x.data(), i -> random.nextGaussian());
    int[] lengths = new int[n];
    Arrays.setAll(lengths, i -> 1 + (3 * i) % steps);
    RecurrentSpec spec = RecurrentSpec.of(96).withLayers(2).withBidirectional(true);
    List<double[]> parameterValues = new ArrayList<>();
    List<List<double[]>> results = new ArrayList<>();
    ComputeBackend previous = Backends.current();
    try {
      for (int threads = 1; threads <= 3; threads++) {
        Backends.use(new JavaBackend(threads));
        Recurrent layer = new Recurrent(Shape.of(steps, features), RecurrentCell.LSTM, spec);
        List<Parameter> parameters = layer.parameters();
        for (int p = 0; p < parameters.size(); p++) {
          if (threads == 1) {
            double[] values = parameters.get(p).value().data();
            Arrays.setAll(values, i -> random.nextGaussian() * 0.1);
            parameterValues.add(values.clone());
          } else {
            parameters.get(p).value().copyFrom(rowsOf(parameters.get(p).value(), parameterValues.get(p)));
          }
        }
        Matrix g = new Matrix(n, layer.outputSize());
        Random gradients = new Random(12);
        Arrays.setAll(g.data(), i -> gradients.nextGaussian());
        Pass pass = Pass.forTraining(new Random(1));
        pass.setLengths(lengths);
        List<double[]> result = new ArrayList<>();
        result.add(layer.forward(x, pass).data().clone());
        result.add(layer.backward(g, pass).data().clone());
        for (Parameter p : parameters) {
          result.add(p.gradient().data().clone());
        }
        results.add(result);
      }
    } finally {
      Backends.use(previous);
    }
    for (int threads = 2; threads <= 3; threads++) {
      for (int r = 0; r < results.get(0).size(); r++) {
        assertThat(results.get(threads - 1).get(r)).as("result %s on %s threads", r, threads).containsExactly(results.get(0).get(r));
      }
    }
  }

  private static Matrix rowsOf(Matrix shape, double[] values) {
    return Matrix.wrap(shape.rows(), shape.cols(), values);
  }
}
