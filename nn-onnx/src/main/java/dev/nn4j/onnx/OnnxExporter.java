package dev.nn4j.onnx;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.nn4j.core.Layer;
import dev.nn4j.core.Network;
import dev.nn4j.core.StateDict;
import dev.nn4j.core.Tensor;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
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
 * {@value #OUTPUT_NAME} of shape {@code [N, outputSize]}, where {@code N}, the batch size, is left free:
 * each row is one sample flattened row-major, as {@link Network#predict} takes and gives it, whatever the
 * network's {@link Network#inputShape() input shape} (a network on images {@code [C, H, W]} takes {@code [N,
 * C·H·W]}, NCHW order, and its first layer reshapes that to {@code [N, C, H, W]}). Each layer is appended by
 * the {@link OnnxLayerExport} registered for its {@linkplain Layer#type() type}, found with {@link
 * java.util.ServiceLoader}; between layers the batch stays {@code [N, size]}, and a layer that needs its
 * samples' dimensions reshapes to them and back, the {@code Reshape} back being left out when the next layer
 * takes the same dimensions ({@link OnnxGraph#rows}), so that convolutions, pooling and batch normalization
 * pass {@code [N, C, H, W]} along. Constants are named after the state dict ({@code layers.<i>.weight},
 * {@code layers.<i>.running_mean}). The built-in exports ({@link dev.nn4j.onnx.layers}):
 *
 * <table>
 *   <caption>Layers and their ONNX form</caption>
 *   <tr><th>layer type</th><th>ONNX operators</th></tr>
 *   <tr><td>{@code dense}</td><td>{@code Gemm(x, W, b, transB=1)} ({@code x · Wᵀ + b}, {@code W} stored
 *       {@code [units, in]} as in nn4j), then the activation's operators ({@link #SUPPORTED_ACTIVATIONS});
 *       on samples {@code [..., F]} of rank above 1, between {@code Reshape}s to {@code [N·T, F]} and back
 *       </td></tr>
 *   <tr><td>{@code dropout}, {@code flatten}, {@code reshape}</td><td>none: the identity at prediction time,
 *       and the rows do not change</td></tr>
 *   <tr><td>{@code conv2d}</td><td>{@code Conv(x, W, b)} on {@code [N, C, H, W]} ({@code W} {@code [out, C,
 *       kh, kw]}; {@code kernel_shape}, {@code strides}, {@code dilations}, {@code pads} {@code [top, left,
 *       bottom, right]}, {@code group = 1}; no {@code b} without bias), then the activation's operators</td></tr>
 *   <tr><td>{@code max_pool2d}, {@code avg_pool2d}</td><td>{@code MaxPool}, {@code AveragePool} ({@code
 *       kernel_shape}, {@code strides}, {@code pads}, {@code ceil_mode = 0}; {@code count_include_pad} for
 *       the average) on {@code [N, C, H, W]}</td></tr>
 *   <tr><td>{@code global_avg_pool2d}</td><td>{@code GlobalAveragePool}, then a {@code Reshape} from {@code
 *       [N, C, 1, 1]} to {@code [N, C]}</td></tr>
 *   <tr><td>{@code batch_norm}</td><td>{@code BatchNormalization} with the running statistics, {@code y =
 *       γ (x − mean) / √(var + ε) + β}, on {@code [N, C]}, or on the samples' dimensions ({@code [N, C, L]},
 *       {@code [N, C, H, W]}) for samples {@code [C, ...]}</td></tr>
 *   <tr><td>{@code layer_norm}</td><td>{@code ReduceMean}, {@code Sub}, {@code Mul}, {@code ReduceMean},
 *       {@code Add}, {@code Sqrt}, {@code Div}, then {@code Mul} by {@code γ} and {@code Add} of {@code β}:
 *       opset 13 has no {@code LayerNormalization}; on groups {@code [N·P, G]} between {@code Reshape}s
 *       when a sample holds more than one group</td></tr>
 *   <tr><td>{@code lstm}, {@code gru}, {@code rnn}</td><td>one {@code LSTM}, {@code GRU} ({@code
 *       linear_before_reset = 1}) or {@code RNN} ({@code activations} {@code Tanh} or {@code Relu}) per
 *       stacked layer, {@code direction} {@code forward} or {@code bidirectional}, the gate blocks of
 *       PyTorch's weights reordered to ONNX's; {@code Transpose}s and {@code Reshape}s between nn4j's rows
 *       {@code [N, T·F]} and ONNX's time-major {@code [T, N, F]}, its {@code Y [T, dirs, N, H]} or {@code Y_h
 *       [dirs, N, H]}; full-length sequences only (no {@code sequence_lens}); see {@link
 *       dev.nn4j.onnx.layers.LstmExport}</td></tr>
 * </table>
 *
 * <p>The model uses ONNX IR version {@value #IR_VERSION} and operator set {@value #OPSET_VERSION} of the
 * default domain, which every current runtime reads.
 *
 * <p><b>Precision.</b> By default ({@link OnnxPrecision#FLOAT}) the input, output and weights are
 * single-precision floats, the type that runtimes support for every operator. The exported model then
 * agrees with {@link Network#predict} to the rounding of single precision, not bit for bit: about {@code
 * 1e-7} of the magnitude of the terms each layer sums, which is {@code 1e-6} of the outputs or better
 * unless large terms cancel; a normalization multiplies the errors of its input by about {@code 1/σ} of
 * the values it normalizes. {@link OnnxPrecision#DOUBLE} keeps the weights exact, for runtimes that have
 * double kernels for the model's operators (see there which ONNX Runtime has; its CPU provider has none for
 * {@code LSTM}, {@code GRU} and {@code RNN}).
 *
 * <p><b>What cannot be exported.</b> A layer whose type has no export is rejected with an {@link
 * IllegalArgumentException} that names its position and type and lists the supported types ({@link
 * #supportedLayerTypes()}); so are activations without an ONNX form here, configurations an export does not
 * know, and weights or statistics that are not finite or (for {@code FLOAT}) beyond the range of single
 * precision. Everything is checked before anything is written. A model's protobuf encoding holds at most
 * 2 GB; larger networks are rejected (ONNX's external-data files are not written).
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

  private static final String PRODUCER_NAME = "nn4j";

  private OnnxExporter() {}

  /**
   * The layer types that can be exported now: those of nn-onnx and of every {@link OnnxLayerExport} on the
   * class path, sorted.
   *
   * @return the type names, such as {@code [avg_pool2d, batch_norm, conv2d, dense, dropout, flatten,
   *     global_avg_pool2d, layer_norm, max_pool2d, reshape]} (the layers with an exporter)
   */
  public static Set<String> supportedLayerTypes() {
    return Collections.unmodifiableSortedSet(new TreeSet<>(OnnxLayerExports.byType().keySet()));
  }

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
    List<Layer> layers = network.layers();
    List<OnnxLayerExport> exports = exportsOf(layers);
    StateDict state = network.stateDict();
    OnnxGraph graph = new OnnxGraph(precision, INPUT_NAME, network.inputSize(), BATCH_DIMENSION);
    String current = INPUT_NAME;
    for (int i = 0; i < layers.size(); i++) {
      LayerToExport layer = new LayerToExport(i, layers.get(i), state.filter("layers." + i + ".", true));
      current = exports.get(i).append(graph, layer, current);
      checkArgument(current != null, "The ONNX export of %s (%s) returned no output tensor", layer, exports.get(i).getClass().getName());
    }
    graph.output(current, OUTPUT_NAME, network.outputSize());
    long bytes = graph.initializerBytes();
    checkArgument(
        bytes < ProtobufWriter.MAX_MESSAGE_BYTES - (1 << 20),
        "An ONNX model holds at most 2 GB in one file; the %s values of this network's state dict take %s bytes as %s",
        state.asMap().values().stream().mapToLong(Tensor::size).sum(),
        bytes,
        precision);
    return graph.encode(IR_VERSION, OPSET_VERSION, PRODUCER_NAME, OnnxExporter.class.getPackage().getImplementationVersion());
  }

  /** The export of each layer, by its type; a layer without one is refused before any node is made. */
  private static List<OnnxLayerExport> exportsOf(List<Layer> layers) {
    Map<String, OnnxLayerExport> byType = OnnxLayerExports.byType();
    List<OnnxLayerExport> exports = new ArrayList<>();
    for (int i = 0; i < layers.size(); i++) {
      Layer layer = layers.get(i);
      OnnxLayerExport export = byType.get(layer.type());
      if (export == null) {
        throw new IllegalArgumentException(
            String.format(
                "Layer %s is a '%s' layer (%s), which has no ONNX export; supported layer types: %s. To add one, put a jar"
                    + " on the class path that lists its %s in META-INF/services/%s",
                i,
                layer.type(),
                layer.getClass().getName(),
                byType.keySet(),
                OnnxLayerExport.class.getSimpleName(),
                OnnxLayerExport.class.getName()));
      }
      exports.add(export);
    }
    return exports;
  }
}
