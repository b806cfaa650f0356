package dev.nn4j.onnx;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.nn4j.core.Layer;
import dev.nn4j.core.Network;
import dev.nn4j.core.layers.Dense;
import dev.nn4j.core.layers.Dropout;
import dev.nn4j.core.math.Matrix;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a trained {@link Network} as an ONNX model, so that ONNX runtimes (ONNX Runtime from Java,
 * Python, C++ or a browser, and the runtimes of other frameworks) compute its predictions:
 *
 * <pre>{@code
 * OnnxExporter.export(network, Path.of("model.onnx"));
 * }</pre>
 *
 * <p><b>The graph.</b> One input {@value #INPUT_NAME} of shape {@code [N, inputSize]} and one output
 * {@value #OUTPUT_NAME} of shape {@code [N, outputSize]}, where {@code N}, the batch size, is left free.
 * Each dense layer {@code i}, {@code a = f(x · Wᵀ + b)}, becomes {@code Gemm(x, W, b, transB=1)} (with
 * {@code W} stored {@code [out, in]} as in nn4j, under the name {@code layers.<i>.weight}, and {@code b},
 * {@code [out]}, as {@code layers.<i>.bias}) followed by the operators of its activation (see the supported
 * list, {@link #SUPPORTED_ACTIVATIONS}). A dropout layer is the identity at prediction time, so it adds
 * nothing. The model uses ONNX IR version {@value #IR_VERSION} and operator set {@value #OPSET_VERSION} of
 * the default domain, which every current runtime reads.
 *
 * <p><b>Precision.</b> By default ({@link OnnxPrecision#FLOAT}) the input, output and weights are
 * single-precision floats, the type that runtimes support for every operator. The exported model then
 * agrees with {@link Network#predict} to the rounding of single precision, not bit for bit: about {@code
 * 1e-7} of the magnitude of the terms each layer sums, which is {@code 1e-6} of the outputs or better
 * unless large terms cancel. {@link OnnxPrecision#DOUBLE} keeps the weights exact, for runtimes that
 * have double kernels for the model's operators.
 *
 * <p><b>What cannot be exported.</b> Layers other than {@link Dense} and {@link Dropout}, and activations
 * without an ONNX form here, are rejected with an {@link IllegalArgumentException} that names them and
 * lists what is supported; so are weights that are not finite, or (for {@code FLOAT}) beyond the range of
 * single precision. Everything is checked before anything is written. A model's protobuf encoding holds
 * at most 2 GB; larger networks are rejected (ONNX's external-data files are not written).
 *
 * <p><b>Threads.</b> Export reads the parameters; do not train the network at the same time.
 */
public final class OnnxExporter {
  private static final Logger log = LoggerFactory.getLogger(OnnxExporter.class);

  /** The name of the model's input tensor, {@code [N, inputSize]}. */
  public static final String INPUT_NAME = "input";
  /** The name of the model's output tensor, {@code [N, outputSize]}. */
  public static final String OUTPUT_NAME = "output";
  /** The symbolic name of the batch dimension of the input and output. */
  public static final String BATCH_DIMENSION = "N";
  /** The version of the default ONNX operator set the model imports. */
  public static final int OPSET_VERSION = 13;
  /** The ONNX IR version of the model file (IR 7 is the one of opset 13, ONNX 1.8). */
  public static final int IR_VERSION = 7;
  /** The activation names that can be exported. */
  public static final List<String> SUPPORTED_ACTIVATIONS = ActivationNodes.SUPPORTED;
  /** The layer types that can be exported. */
  public static final List<String> SUPPORTED_LAYERS = List.of("dense", "dropout");

  private static final String PRODUCER_NAME = "nn4j";

  private OnnxExporter() {}

  /**
   * Writes {@code network} to {@code file} as a single-precision ONNX model, replacing the file if it
   * exists.
   *
   * @param network the network to export
   * @param file the file to write
   * @throws IllegalArgumentException if a layer or activation cannot be exported (nothing is written)
   * @throws IOException if the file cannot be written
   */
  public static void export(Network network, Path file) throws IOException {
    export(network, file, OnnxPrecision.FLOAT);
  }

  /**
   * Writes {@code network} to {@code file} as an ONNX model of the given precision, replacing the file if
   * it exists.
   *
   * @param network the network to export
   * @param file the file to write
   * @param precision the type of the input, output and weights
   * @throws IllegalArgumentException if a layer or activation cannot be exported (nothing is written)
   * @throws IOException if the file cannot be written
   */
  public static void export(Network network, Path file, OnnxPrecision precision) throws IOException {
    checkNotNull(file, "file");
    ProtobufWriter model = encode(network, precision);
    try (OutputStream out = Files.newOutputStream(file)) {
      model.writeTo(out);
    }
    log.debug("Exported {} to {} ({} bytes, {})", network, file, model.size(), precision);
  }

  /**
   * Writes {@code network} to {@code out} as a single-precision ONNX model. The stream is not closed.
   *
   * @param network the network to export
   * @param out the stream to write to, left open
   * @throws IllegalArgumentException if a layer or activation cannot be exported (nothing is written)
   * @throws IOException if writing to the stream fails
   */
  public static void export(Network network, OutputStream out) throws IOException {
    export(network, out, OnnxPrecision.FLOAT);
  }

  /**
   * Writes {@code network} to {@code out} as an ONNX model of the given precision. The stream is not
   * closed.
   *
   * @param network the network to export
   * @param out the stream to write to, left open
   * @param precision the type of the input, output and weights
   * @throws IllegalArgumentException if a layer or activation cannot be exported (nothing is written)
   * @throws IOException if writing to the stream fails
   */
  public static void export(Network network, OutputStream out, OnnxPrecision precision) throws IOException {
    checkNotNull(out, "out");
    encode(network, precision).writeTo(out);
  }

  /**
   * The bytes of the ONNX model of {@code network}, as {@link #export(Network, Path, OnnxPrecision)} writes
   * them: for runtimes that take a model from memory.
   *
   * @param network the network to export
   * @param precision the type of the input, output and weights
   * @return the model's protobuf encoding
   * @throws IllegalArgumentException if a layer or activation cannot be exported
   */
  public static byte[] toByteArray(Network network, OnnxPrecision precision) {
    return encode(network, precision).toByteArray();
  }

  private static ProtobufWriter encode(Network network, OnnxPrecision precision) {
    checkNotNull(network, "network");
    checkNotNull(precision, "precision");
    OnnxGraph graph = new OnnxGraph(precision, INPUT_NAME, network.inputSize(), BATCH_DIMENSION);
    String current = INPUT_NAME;
    List<Layer> layers = network.layers();
    for (int i = 0; i < layers.size(); i++) {
      Layer layer = layers.get(i);
      String prefix = "layers." + i;
      if (layer instanceof Dense dense) {
        current = appendDense(graph, dense, current, prefix);
      } else if (!(layer instanceof Dropout)) {
        // Dropout is the identity at prediction time: no node.
        throw new IllegalArgumentException(
            String.format(
                "Layer %s is a '%s' layer (%s), which has no ONNX export; supported layer types: %s",
                i,
                layer.type(),
                layer.getClass().getName(),
                SUPPORTED_LAYERS));
      }
    }
    graph.output(current, OUTPUT_NAME, network.outputSize());
    long bytes = graph.initializerBytes();
    checkArgument(
        bytes < ProtobufWriter.MAX_MESSAGE_BYTES - (1 << 20),
        "An ONNX model holds at most 2 GB in one file; the %s parameters of this network take %s bytes as %s",
        network.parameterCount(),
        bytes,
        precision);
    return graph.encode(IR_VERSION, OPSET_VERSION, PRODUCER_NAME, OnnxExporter.class.getPackage().getImplementationVersion());
  }

  /** {@code Gemm(x, W, b, transB=1)}, {@code x · Wᵀ + b}, then the activation; returns the output name. */
  private static String appendDense(OnnxGraph graph, Dense dense, String x, String prefix) {
    Matrix weights = dense.weights().value();
    Matrix bias = dense.bias().value();
    checkValues(graph.precision(), prefix + ".weight", weights);
    checkValues(graph.precision(), prefix + ".bias", bias);
    String w = graph.initializer(prefix + ".weight", new long[] {weights.rows(), weights.cols()}, weights.data());
    String b = graph.initializer(prefix + ".bias", new long[] {bias.cols()}, bias.data());
    String z = graph.node("Gemm", prefix + "/Gemm", List.of(x, w, b), prefix + ".z", Map.of("transB", 1L));
    return ActivationNodes.append(graph, dense.activation(), z, prefix);
  }

  /** Every value finite and, for single precision, within its range (else it would become infinite). */
  private static void checkValues(OnnxPrecision precision, String name, Matrix values) {
    double limit = precision == OnnxPrecision.FLOAT ? Float.MAX_VALUE : Double.MAX_VALUE;
    double[] data = values.data();
    for (int k = 0; k < data.length; k++) {
      double v = data[k];
      if (!(Math.abs(v) <= limit)) {
        throw new IllegalArgumentException(
            String.format(
                "Expected finite values within the range of %s (|v| <= %s) in %s, got %s at [%s, %s]%s",
                precision,
                limit,
                name,
                v,
                k / values.cols(),
                k % values.cols(),
                Double.isFinite(v) ? "; export with OnnxPrecision.DOUBLE" : ""));
      }
    }
  }
}
