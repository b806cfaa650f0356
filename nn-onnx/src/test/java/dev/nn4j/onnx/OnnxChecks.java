package dev.nn4j.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.nn4j.core.Network;
import dev.nn4j.core.StateDict;
import dev.nn4j.core.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Runs exported models in ONNX Runtime (the oracle) and compares them with {@link Network#predict}.
 *
 * <p><b>Tolerance of a single-precision model.</b> It computes a slightly different function: its inputs,
 * weights and statistics are rounded to {@code float}, and its arithmetic is done in {@code float}. So each
 * output {@code a} of the runtime is checked twice. First against {@code r}, the network with its state
 * rounded to {@code float}, evaluated by nn4j in double on the rounded inputs, which leaves only the
 * arithmetic: {@code |a − r| <= t} with {@code t = max(1e-6 · max(1, |r|), B)}, where {@code B} is the
 * forward error bound of single-precision arithmetic ({@link FloatErrorBound}). Then against nn4j's own
 * output {@code b}: {@code |a − b| <= t + |r − b|}, the last term being the effect of rounding inputs and
 * weights, measured in double.
 */
final class OnnxChecks {
  /** The relative part of the tolerance of a single-precision model. */
  static final double FLOAT_RELATIVE = 1e-6;
  /** The tolerance of a double-precision model, relative to {@code max(1, |b|)}. */
  static final double DOUBLE_RELATIVE = 1e-12;

  private static OrtEnvironment environment;

  private OnnxChecks() {}

  /** What a comparison measured: the largest {@code |a − b|}, {@code |a − b| / max(1, |b|)}, and share of {@code t}. */
  record Agreement(double maxAbsolute, double maxRelative, double toleranceUsed) {
    @Override
    public String toString() {
      return String.format("max abs %.2e, max rel %.2e, %.1f%% of the tolerance", maxAbsolute, maxRelative, 100 * toleranceUsed);
    }
  }

  /** ONNX Runtime's environment; loading it fails here if its native library cannot run on this machine. */
  static synchronized OrtEnvironment environment() {
    if (environment == null) {
      environment = OrtEnvironment.getEnvironment();
    }
    return environment;
  }

  static float[][] runFloat(byte[] model, float[][] input) throws OrtException {
    try (OrtSession session = environment().createSession(model, new OrtSession.SessionOptions());
        OnnxTensor tensor = OnnxTensor.createTensor(environment(), input);
        OrtSession.Result result = session.run(Map.of(OnnxExporter.INPUT_NAME, tensor))) {
      return (float[][]) result.get(OnnxExporter.OUTPUT_NAME).orElseThrow().getValue();
    }
  }

  static double[][] runDouble(byte[] model, double[][] input, OrtSession.SessionOptions options) throws OrtException {
    try (OrtSession session = environment().createSession(model, options);
        OnnxTensor tensor = OnnxTensor.createTensor(environment(), input);
        OrtSession.Result result = session.run(Map.of(OnnxExporter.INPUT_NAME, tensor))) {
      return (double[][]) result.get(OnnxExporter.OUTPUT_NAME).orElseThrow().getValue();
    }
  }

  static float[][] toFloat(double[][] x) {
    float[][] f = new float[x.length][];
    for (int i = 0; i < x.length; i++) {
      f[i] = new float[x[i].length];
      for (int j = 0; j < x[i].length; j++) {
        f[i][j] = (float) x[i][j];
      }
    }
    return f;
  }

  static double[][] toDouble(float[][] x) {
    double[][] d = new double[x.length][];
    for (int i = 0; i < x.length; i++) {
      d[i] = new double[x[i].length];
      for (int j = 0; j < x[i].length; j++) {
        d[i][j] = x[i][j];
      }
    }
    return d;
  }

  /** A network built as {@code factory} builds it, with every real tensor of its state rounded to {@code float}. */
  static Network roundedToFloat(Supplier<Network> factory) {
    Network network = factory.get();
    Map<String, Tensor> rounded = new LinkedHashMap<>();
    network.stateDict().asMap().forEach((name, tensor) -> {
      double[] values = tensor.values();
      for (int k = 0; k < values.length; k++) {
        values[k] = (float) values[k];
      }
      rounded.put(name, tensor.isInteger() ? tensor : Tensor.of(tensor.shape(), values));
    });
    network.loadStateDict(StateDict.of(rounded));
    return network;
  }

  /** {@code max |a − b| / max(1, |b|)} over all outputs. */
  static double maxMixedError(double[][] actual, double[][] expected) {
    return compare(actual, expected).maxRelative();
  }

  /** The largest absolute and mixed errors of {@code actual} against {@code expected}. */
  static Agreement compare(double[][] actual, double[][] expected) {
    assertThat(actual.length).isEqualTo(expected.length);
    double abs = 0;
    double rel = 0;
    for (int i = 0; i < expected.length; i++) {
      assertThat(actual[i]).hasSameSizeAs(expected[i]);
      for (int j = 0; j < expected[i].length; j++) {
        double error = Math.abs(actual[i][j] - expected[i][j]);
        abs = Math.max(abs, error);
        rel = Math.max(rel, error / Math.max(1, Math.abs(expected[i][j])));
      }
    }
    return new Agreement(abs, rel, 0);
  }

  /** The two checks of the class comment, for a single-precision export of {@code factory}'s network on {@code x}. */
  static Agreement assertFloatModelAgrees(Supplier<Network> factory, double[][] x) throws OrtException {
    Network network = factory.get();
    float[][] xFloat = toFloat(x);
    double[][] actual = toDouble(runFloat(OnnxExporter.toByteArray(network, OnnxPrecision.FLOAT), xFloat));

    Network roundedNetwork = roundedToFloat(factory);
    double[][] roundedInputs = toDouble(xFloat);
    double[][] rounded = roundedNetwork.predict(roundedInputs);
    double[][] expected = network.predict(x);
    double used = 0;
    for (int i = 0; i < x.length; i++) {
      double[] arithmeticBound = FloatErrorBound.of(roundedNetwork, roundedInputs[i]);
      for (int j = 0; j < expected[i].length; j++) {
        double tolerance = Math.max(FLOAT_RELATIVE * Math.max(1, Math.abs(rounded[i][j])), arithmeticBound[j]);
        double error = Math.abs(actual[i][j] - rounded[i][j]);
        assertThat(error)
            .as("output [%s, %s]: %s vs %s computed in double with rounded weights and inputs", i, j, actual[i][j], rounded[i][j])
            .isLessThanOrEqualTo(tolerance);
        used = Math.max(used, error / tolerance);
        double roundingOfData = Math.abs(rounded[i][j] - expected[i][j]);
        assertThat(Math.abs(actual[i][j] - expected[i][j]))
            .as("output [%s, %s]: %s vs nn4j's %s", i, j, actual[i][j], expected[i][j])
            .isLessThanOrEqualTo(tolerance + roundingOfData);
      }
    }
    Agreement agreement = compare(actual, expected);
    return new Agreement(agreement.maxAbsolute(), agreement.maxRelative(), used);
  }
}
