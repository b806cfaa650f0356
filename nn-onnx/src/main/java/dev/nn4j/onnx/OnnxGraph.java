package dev.nn4j.onnx;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;
import static com.google.common.base.Preconditions.checkState;

import dev.nn4j.core.Activation;
import dev.nn4j.core.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An ONNX graph under construction, handed to each {@link OnnxLayerExport}: one batch input {@code [N,
 * inputSize]}, nodes in topological order, constant tensors (initializers), and a batch output, encoded as
 * a {@code ModelProto} when every layer is added.
 *
 * <p>Tensor names are unique: a constant or a node's output may be defined once, and a node may read only
 * the input, a constant or the output of an earlier node, which is checked as nodes are added (so a layer
 * export that gets its wiring wrong fails at once, naming the tensor). By convention the names of a
 * layer's constants, nodes and intermediate tensors start with its {@linkplain LayerToExport#name() name},
 * {@code layers.<i>}. Real-valued constants take the model's {@linkplain #precision() precision}; shapes and
 * axes are {@code int64}. Not thread-safe.
 *
 * <p><b>Samples of several dimensions.</b> Between layers a batch is {@code [N, size]}, but operators such
 * as {@code Conv} need {@code [N, C, H, W]}. A layer export gets those dimensions with {@link #samples} and
 * gives its result back as rows with {@link #rows}; the {@code Reshape} that {@code rows} stands for is added
 * only if a node reads the rows themselves (or they are the graph's output), so that a run of layers on
 * images passes {@code [N, C, H, W]} tensors from one to the next, with no {@code Reshape} between them, and
 * a {@code Reshape} of such rows ({@link #reshape}) reshapes the tensor they came from.
 *
 * <p>Field numbers are those of {@code onnx.proto} (ONNX IR version 7 and later, unchanged since).
 */
public final class OnnxGraph {
  // ModelProto
  private static final int MODEL_IR_VERSION = 1;
  private static final int MODEL_PRODUCER_NAME = 2;
  private static final int MODEL_PRODUCER_VERSION = 3;
  private static final int MODEL_GRAPH = 7;
  private static final int MODEL_OPSET_IMPORT = 8;
  // OperatorSetIdProto
  private static final int OPSET_VERSION = 2;
  // GraphProto
  private static final int GRAPH_NODE = 1;
  private static final int GRAPH_NAME = 2;
  private static final int GRAPH_INITIALIZER = 5;
  private static final int GRAPH_INPUT = 11;
  private static final int GRAPH_OUTPUT = 12;
  // NodeProto
  private static final int NODE_INPUT = 1;
  private static final int NODE_OUTPUT = 2;
  private static final int NODE_NAME = 3;
  private static final int NODE_OP_TYPE = 4;
  private static final int NODE_ATTRIBUTE = 5;
  // AttributeProto
  private static final int ATTRIBUTE_NAME = 1;
  private static final int ATTRIBUTE_F = 2;
  private static final int ATTRIBUTE_I = 3;
  private static final int ATTRIBUTE_S = 4;
  private static final int ATTRIBUTE_INTS = 8;
  private static final int ATTRIBUTE_STRINGS = 9;
  private static final int ATTRIBUTE_TYPE = 20;
  private static final int ATTRIBUTE_TYPE_FLOAT = 1;
  private static final int ATTRIBUTE_TYPE_INT = 2;
  private static final int ATTRIBUTE_TYPE_STRING = 3;
  private static final int ATTRIBUTE_TYPE_INTS = 7;
  private static final int ATTRIBUTE_TYPE_STRINGS = 8;
  // TensorProto
  private static final int TENSOR_DIMS = 1;
  private static final int TENSOR_DATA_TYPE = 2;
  private static final int TENSOR_FLOAT_DATA = 4;
  private static final int TENSOR_INT64_DATA = 7;
  private static final int TENSOR_NAME = 8;
  private static final int TENSOR_DOUBLE_DATA = 10;
  private static final int DATA_TYPE_INT64 = 7;
  // ValueInfoProto, TypeProto, TypeProto.Tensor, TensorShapeProto, TensorShapeProto.Dimension
  private static final int VALUE_INFO_NAME = 1;
  private static final int VALUE_INFO_TYPE = 2;
  private static final int TYPE_TENSOR_TYPE = 1;
  private static final int TENSOR_TYPE_ELEM_TYPE = 1;
  private static final int TENSOR_TYPE_SHAPE = 2;
  private static final int SHAPE_DIM = 1;
  private static final int DIMENSION_VALUE = 1;
  private static final int DIMENSION_PARAM = 2;

  /**
   * One operator application: {@code output = opType(inputs; attributes)}, {@code output} being the
   * operator's output number {@code outputIndex} (the ones before it left out).
   */
  private static final class Node {
    final String opType;
    final String name;
    final List<String> inputs;
    String output;
    final int outputIndex;
    final Map<String, Object> attributes;

    Node(String opType, String name, List<String> inputs, String output, Map<String, Object> attributes) {
      this(opType, name, inputs, output, 0, attributes);
    }

    Node(String opType, String name, List<String> inputs, String output, int outputIndex, Map<String, Object> attributes) {
      this.opType = opType;
      this.name = name;
      this.inputs = inputs;
      this.output = output;
      this.outputIndex = outputIndex;
      this.attributes = attributes;
    }
  }

  /**
   * The rows {@code [N, size]} of {@code source}, a batch of samples {@code dims}, that {@link #rows}
   * promised: the {@code Reshape} named {@code nodeName} is added when something reads them.
   */
  private record DeferredRows(String source, int[] dims, String nodeName) {}

  /** A constant tensor, row-major: real {@code values} of the model's precision, or {@code int64} ones. */
  private record Initializer(String name, long[] dims, double[] values, long[] integers) {
    int count() {
      return values != null ? values.length : integers.length;
    }
  }

  private final OnnxPrecision precision;
  private final String inputName;
  private final int inputSize;
  private final String batchDimension;
  private final List<Node> nodes = new ArrayList<>();
  private final Map<String, Initializer> initializers = new LinkedHashMap<>();
  private final Set<String> defined = new HashSet<>();
  private final Map<String, DeferredRows> deferred = new HashMap<>();
  private String outputName;
  private int outputSize;

  /**
   * @param precision the element type of the input, output and every real-valued constant
   * @param inputName the name of the graph's input
   * @param inputSize the width of each input row
   * @param batchDimension the symbolic name of the batch dimension, such as {@code "N"}
   */
  OnnxGraph(OnnxPrecision precision, String inputName, int inputSize, String batchDimension) {
    this.precision = precision;
    this.inputName = inputName;
    this.inputSize = inputSize;
    this.batchDimension = batchDimension;
    defined.add(inputName);
  }

  /**
   * The element type of the model's input, output and real-valued constants: every real tensor of the
   * graph has this type.
   *
   * @return the precision
   */
  public OnnxPrecision precision() {
    return precision;
  }

  /**
   * Adds a real-valued constant tensor (an initializer) of shape {@code dims}, in the model's precision.
   *
   * @param name the tensor's name, unique in the graph, such as {@code "layers.0.weight"}
   * @param dims its shape, outermost first; empty for a scalar
   * @param values its values, row-major, as many as the shape holds (copied; rounded to {@code float} for
   *     {@link OnnxPrecision#FLOAT})
   * @return {@code name}
   * @throws IllegalArgumentException if the name is taken, the number of values does not fit the shape, or
   *     a value is not finite or (for {@code FLOAT}) beyond single precision; the message names the tensor
   *     and the position of the value
   */
  public String constant(String name, long[] dims, double[] values) {
    checkNotNull(values, "values of %s", name);
    checkCount(name, dims, values.length);
    checkValues(name, dims, values);
    return define(new Initializer(name, dims.clone(), values.clone(), null));
  }

  /**
   * Adds a state-dict tensor as a constant of its own shape, in the model's precision: {@link
   * #constant(String, long[], double[])} with the tensor's shape and values.
   *
   * @param name the constant's name, unique in the graph, such as {@code "layers.0.weight"}
   * @param tensor the tensor
   * @return {@code name}
   * @throws IllegalArgumentException if the name is taken or a value is out of range
   */
  public String constant(String name, Tensor tensor) {
    int[] shape = tensor.shape().dims();
    long[] dims = new long[shape.length];
    for (int d = 0; d < shape.length; d++) {
      dims[d] = shape[d];
    }
    return constant(name, dims, tensor.values());
  }

  /**
   * A real scalar constant (rank 0, which every elementwise operator broadcasts), added once per name: a
   * second call with the same name and value returns the same tensor.
   *
   * @param name the tensor's name, such as {@code "layers.3.eps"}
   * @param value its value, finite (and within single precision for {@link OnnxPrecision#FLOAT})
   * @return {@code name}
   * @throws IllegalArgumentException if the name is taken by another tensor or the value is out of range
   */
  public String scalar(String name, double value) {
    Initializer existing = initializers.get(name);
    if (existing == null) {
      return constant(name, new long[0], new double[] {value});
    }
    checkArgument(
        existing.dims().length == 0 && existing.values() != null && existing.values()[0] == value,
        "Constant %s is already defined with another value",
        name);
    return name;
  }

  /**
   * Adds a one-dimensional {@code int64} constant, such as the target shape of a {@code Reshape} ({@code
   * -1} for the batch dimension).
   *
   * @param name the tensor's name, unique in the graph
   * @param values its values
   * @return {@code name}
   * @throws IllegalArgumentException if the name is taken
   */
  public String int64s(String name, long... values) {
    checkNotNull(values, "values of %s", name);
    return define(new Initializer(name, new long[] {values.length}, null, values.clone()));
  }

  /**
   * Adds the node {@code output = opType(inputs; attributes)} of the default ONNX domain.
   *
   * @param opType the operator, such as {@code "Gemm"}, as the operator set of {@link
   *     OnnxExporter#OPSET_VERSION} defines it
   * @param name the node's name, such as {@code "layers.0/Gemm"}
   * @param inputs the tensors it reads, in the operator's order; an empty string for an optional input left
   *     out
   * @param output the name of the tensor it computes, new in the graph
   * @param attributes the attributes by name: {@code Float} ({@code FLOAT}), {@code Long} ({@code INT}),
   *     {@code long[]} ({@code INTS}), {@code String} ({@code STRING}) or {@code String[]} ({@code STRINGS})
   *     values
   * @return {@code output}
   * @throws IllegalArgumentException if an input is not yet defined, the output is, or an attribute has
   *     another type
   */
  public String node(String opType, String name, List<String> inputs, String output, Map<String, Object> attributes) {
    return node(opType, name, inputs, 0, output, attributes);
  }

  /**
   * Adds a node of which only output number {@code outputIndex} is used, the ones before it left out (empty
   * names), such as {@code Y_h}, output 1 of {@code LSTM}: {@code output = opType(inputs; attributes)[outputIndex]}.
   *
   * @param opType the operator
   * @param name the node's name
   * @param inputs the tensors it reads
   * @param outputIndex the position of {@code output} among the operator's outputs, from 0
   * @param output the name of the tensor it computes, new in the graph
   * @param attributes the attributes by name, as {@link #node(String, String, List, String, Map)} takes them
   * @return {@code output}
   * @throws IllegalArgumentException as {@link #node(String, String, List, String, Map)} does, or if {@code
   *     outputIndex} is negative
   */
  public String node(String opType, String name, List<String> inputs, int outputIndex, String output, Map<String, Object> attributes) {
    checkNotNull(opType, "opType");
    checkArgument(outputIndex >= 0, "Expected an output index of at least 0 for %s, got %s", name, outputIndex);
    checkNotNull(name, "node name");
    for (String input : inputs) {
      checkArgument(
          input.isEmpty() || defined.contains(input),
          "Node %s reads '%s', which neither the input, a constant nor an earlier node defines",
          name,
          input);
    }
    Map<String, Object> copy = new LinkedHashMap<>();
    attributes.forEach((key, value) -> {
      checkArgument(
          value instanceof Float || value instanceof Long || value instanceof long[] || value instanceof String
              || value instanceof String[],
          "Unsupported attribute %s=%s of %s: expected a Float, Long, long[], String or String[]",
          key,
          value,
          name);
      copy.put(key, value instanceof long[] ints ? ints.clone() : value instanceof String[] strings ? strings.clone() : value);
    });
    checkArgument(!defined.contains(output), "Node %s computes '%s', which is already defined", name, output);
    for (String input : inputs) {
      materialize(input);
    }
    defined.add(output);
    nodes.add(new Node(opType, name, List.copyOf(inputs), output, outputIndex, copy));
    return output;
  }

  /**
   * {@link #node(String, String, List, String, Map)} without attributes.
   *
   * @param opType the operator
   * @param name the node's name
   * @param inputs the tensors it reads
   * @param output the name of the tensor it computes
   * @return {@code output}
   */
  public String node(String opType, String name, List<String> inputs, String output) {
    return node(opType, name, inputs, output, Map.of());
  }

  /**
   * Adds {@code Reshape(input, shape)}, the {@code int64} constant {@code shape} being named {@code output
   * + ".shape"}: in opset 13 the target shape is an input, in which {@code -1} stands for the one size that
   * follows from the others (the batch dimension here) and {@code 0} copies the input's size. If {@code
   * input} is the {@link #rows} of another tensor, not yet added, and {@code shape} has no {@code 0}, that
   * tensor is reshaped instead: the same values in the same order, one {@code Reshape} rather than two.
   *
   * @param input the tensor to reshape
   * @param name the node's name
   * @param output the name of the result
   * @param shape the target shape
   * @return {@code output}
   */
  public String reshape(String input, String name, String output, long... shape) {
    DeferredRows rows = deferred.get(input);
    boolean copiesADimension = false;
    for (long d : shape) {
      copiesADimension |= d == 0;
    }
    // Reshaping rows that stand for another tensor's samples reshapes that tensor: the values are the same,
    // row-major; only a 0 (copy the input's size) depends on the rank of what is reshaped.
    String source = rows != null && !copiesADimension ? rows.source() : input;
    String target = int64s(output + ".shape", shape);
    return node("Reshape", name, List.of(source, target), output);
  }

  /**
   * The batch {@code input}, rows {@code [N, size]} as layers pass them, as a tensor of samples of shape
   * {@code dims}, {@code [N, dims...]}, for an operator that needs the samples' dimensions: {@code input}
   * itself if {@code dims} is one dimension, the tensor that {@code input} stands for if it is the {@link
   * #rows} of samples of these dimensions, else the result of a new {@code Reshape} to {@code [-1, dims...]}.
   *
   * @param input the batch, as rows
   * @param name the name of the {@code Reshape} node, if one is needed
   * @param output the name of its result
   * @param dims the shape of a sample, such as {@code [C, H, W]}, of the rows' width
   * @return the name of a tensor {@code [N, dims...]}: {@code input}, the tensor it stands for, or {@code output}
   * @throws IllegalArgumentException if {@code input} is the rows of samples of another size
   */
  public String samples(String input, String name, String output, int... dims) {
    checkArgument(dims.length > 0, "Expected the dimensions of a sample for %s", name);
    DeferredRows rows = deferred.get(input);
    if (rows != null) {
      checkArgument(
          size(rows.dims()) == size(dims),
          "%s reads %s, rows of samples %s, as samples %s of another size",
          name,
          input,
          Arrays.toString(rows.dims()),
          Arrays.toString(dims));
      if (Arrays.equals(rows.dims(), dims)) {
        return rows.source();
      }
    } else if (dims.length == 1) {
      return input;
    }
    long[] shape = new long[dims.length + 1];
    shape[0] = -1;
    for (int d = 0; d < dims.length; d++) {
      shape[d + 1] = dims[d];
    }
    return reshape(input, name, output, shape);
  }

  /**
   * The batch {@code input}, samples of shape {@code dims} ({@code [N, dims...]}, such as the result of a
   * {@code Conv}), as the rows {@code [N, size]} that a layer export returns: the name {@code output} of
   * {@code Reshape(input, [-1, size])}, which is added to the graph only when a node reads {@code output} or
   * it becomes the graph's output. A {@link #samples} of it with the same {@code dims} is {@code input}
   * itself, and a {@link #reshape} of it reshapes {@code input}. For samples of one dimension the rows are
   * {@code input} itself.
   *
   * @param input a tensor {@code [N, dims...]}
   * @param name the name of the {@code Reshape} node
   * @param output the name of the rows
   * @param dims the shape of a sample
   * @return {@code output}, or {@code input} if {@code dims} is one dimension
   * @throws IllegalArgumentException if {@code input} is not defined or {@code output} is
   */
  public String rows(String input, String name, String output, int... dims) {
    checkNotNull(name, "node name");
    checkArgument(dims.length > 0, "Expected the dimensions of a sample for %s", name);
    checkArgument(defined.contains(input), "Node %s reads '%s', which neither the input, a constant nor an earlier node defines", name, input);
    if (dims.length == 1) {
      return input;
    }
    checkArgument(defined.add(output), "Node %s computes '%s', which is already defined", name, output);
    deferred.put(output, new DeferredRows(input, dims.clone(), name));
    return output;
  }

  /**
   * Whether {@link #activation} acts on each value alone, so that it may be applied to samples of any shape
   * ({@code [N, C, H, W]}) rather than to rows: every supported activation but {@code softmax}, which
   * normalizes each sample, its row, as a whole.
   *
   * @param activation the activation
   * @return whether its ONNX form is elementwise
   */
  public static boolean isElementwise(Activation activation) {
    return !checkNotNull(activation, "activation").name().equals("softmax");
  }

  /** Adds the {@code Reshape} that the deferred rows {@code tensor} stand for, if they are deferred. */
  private void materialize(String tensor) {
    DeferredRows rows = deferred.remove(tensor);
    if (rows != null) {
      String target = int64s(tensor + ".shape", -1, size(rows.dims()));
      nodes.add(new Node("Reshape", rows.nodeName(), List.of(rows.source(), target), tensor, Map.of()));
    }
  }

  private static long size(int[] dims) {
    long size = 1;
    for (int d : dims) {
      size *= d;
    }
    return size;
  }

  /**
   * Adds the nodes that compute {@code activation} of tensor {@code z}, elementwise or (softmax) over its
   * last axis, as a dense layer exports its activation: the operators of {@link
   * OnnxExporter#SUPPORTED_ACTIVATIONS}, chosen by the activation's name and configuration.
   *
   * @param activation the activation
   * @param z the tensor it applies to
   * @param prefix the name of the layer, {@code layers.<i>}: the nodes are named after it and the result
   *     is {@code prefix + ".a"} (or {@code z} itself for the identity)
   * @return the name of the result
   * @throws IllegalArgumentException if the activation has no ONNX form (the message lists the supported
   *     names) or its configuration is not one nn4j would build
   */
  public String activation(Activation activation, String z, String prefix) {
    return ActivationNodes.append(this, checkNotNull(activation, "activation"), z, prefix);
  }

  /**
   * Makes tensor {@code last}, of width {@code size}, the graph's output under the name {@code name}: the
   * node that computes it is renamed, or, if {@code last} is not the output of the last node (such as the
   * input itself), an {@code Identity} node is added.
   */
  void output(String last, String name, int size) {
    checkState(outputName == null, "The output is already set");
    materialize(last);
    Node producer = nodes.isEmpty() ? null : nodes.get(nodes.size() - 1);
    if (producer != null && producer.output.equals(last) && !defined.contains(name)) {
      defined.remove(last);
      defined.add(name);
      producer.output = name;
    } else {
      node("Identity", name + "/Identity", List.of(last), name);
    }
    outputName = name;
    outputSize = size;
  }

  private String define(Initializer init) {
    checkArgument(defined.add(init.name()), "Tensor %s is already defined", init.name());
    initializers.put(init.name(), init);
    return init.name();
  }

  private static void checkCount(String name, long[] dims, int count) {
    checkNotNull(dims, "dims of %s", name);
    long expected = 1;
    for (long d : dims) {
      checkArgument(d > 0, "Tensor %s has a size that is not positive: %s", name, Arrays.toString(dims));
      expected *= d;
    }
    checkArgument(expected == count, "Tensor %s of shape %s needs %s values, got %s", name, Arrays.toString(dims), expected, count);
  }

  /** Every value finite and, for single precision, within its range (else it would become infinite). */
  private void checkValues(String name, long[] dims, double[] values) {
    double limit = precision == OnnxPrecision.FLOAT ? Float.MAX_VALUE : Double.MAX_VALUE;
    for (int k = 0; k < values.length; k++) {
      double v = values[k];
      if (!(Math.abs(v) <= limit)) {
        throw new IllegalArgumentException(
            String.format(
                "Expected finite values within the range of %s (|v| <= %s) in %s, got %s at %s%s",
                precision,
                limit,
                name,
                v,
                position(dims, k),
                Double.isFinite(v) ? "; export with OnnxPrecision.DOUBLE" : ""));
      }
    }
  }

  /** The multi-index of row-major offset {@code k} in a tensor of shape {@code dims}, as {@code [1, 2]}. */
  private static String position(long[] dims, int k) {
    long[] index = new long[dims.length];
    long rest = k;
    for (int d = dims.length - 1; d >= 0; d--) {
      index[d] = rest % dims[d];
      rest /= dims[d];
    }
    return Arrays.toString(index);
  }

  /** Total bytes of all initializer values in the file, to check the size before encoding. */
  long initializerBytes() {
    long total = 0;
    for (Initializer init : initializers.values()) {
      total += (long) init.count() * (init.values() != null ? precision.bytesPerValue() : Long.BYTES);
    }
    return total;
  }

  /**
   * The {@code ModelProto} bytes of this graph, importing the default ONNX domain at {@code opsetVersion}.
   *
   * @param producerVersion the exporter's version, or null if unknown
   */
  ProtobufWriter encode(long irVersion, long opsetVersion, String producerName, String producerVersion) {
    checkState(outputName != null, "The output is not set");
    ProtobufWriter graph = new ProtobufWriter((int) Math.min(initializerBytes() + 4096, ProtobufWriter.MAX_MESSAGE_BYTES));
    for (Node node : nodes) {
      graph.message(GRAPH_NODE, encode(node));
    }
    graph.string(GRAPH_NAME, producerName);
    for (Initializer init : initializers.values()) {
      graph.message(GRAPH_INITIALIZER, encode(init));
    }
    graph.message(GRAPH_INPUT, valueInfo(inputName, inputSize));
    graph.message(GRAPH_OUTPUT, valueInfo(outputName, outputSize));

    ProtobufWriter model = new ProtobufWriter(graph.size() + 64);
    model.int64(MODEL_IR_VERSION, irVersion);
    model.string(MODEL_PRODUCER_NAME, producerName);
    if (producerVersion != null) {
      model.string(MODEL_PRODUCER_VERSION, producerVersion);
    }
    model.message(MODEL_GRAPH, graph);
    model.message(MODEL_OPSET_IMPORT, new ProtobufWriter().int64(OPSET_VERSION, opsetVersion));
    return model;
  }

  private static ProtobufWriter encode(Node node) {
    ProtobufWriter w = new ProtobufWriter();
    for (String input : node.inputs) {
      w.string(NODE_INPUT, input);
    }
    for (int skipped = 0; skipped < node.outputIndex; skipped++) {
      w.string(NODE_OUTPUT, "");
    }
    w.string(NODE_OUTPUT, node.output);
    w.string(NODE_NAME, node.name);
    w.string(NODE_OP_TYPE, node.opType);
    // Sorted, so that the same network always gives the same bytes.
    node.attributes.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(a -> w.message(NODE_ATTRIBUTE, attribute(a.getKey(), a.getValue())));
    return w;
  }

  private static ProtobufWriter attribute(String name, Object value) {
    ProtobufWriter w = new ProtobufWriter().string(ATTRIBUTE_NAME, name);
    if (value instanceof Float f) {
      w.float32(ATTRIBUTE_F, f).int64(ATTRIBUTE_TYPE, ATTRIBUTE_TYPE_FLOAT);
    } else if (value instanceof long[] ints) {
      // A plain (not packed) repeated field in onnx.proto: one key per value.
      for (long i : ints) {
        w.int64(ATTRIBUTE_INTS, i);
      }
      w.int64(ATTRIBUTE_TYPE, ATTRIBUTE_TYPE_INTS);
    } else if (value instanceof String text) {
      w.string(ATTRIBUTE_S, text).int64(ATTRIBUTE_TYPE, ATTRIBUTE_TYPE_STRING);
    } else if (value instanceof String[] texts) {
      for (String text : texts) {
        w.string(ATTRIBUTE_STRINGS, text);
      }
      w.int64(ATTRIBUTE_TYPE, ATTRIBUTE_TYPE_STRINGS);
    } else {
      w.int64(ATTRIBUTE_I, (Long) value).int64(ATTRIBUTE_TYPE, ATTRIBUTE_TYPE_INT);
    }
    return w;
  }

  private ProtobufWriter encode(Initializer init) {
    long bytes = (long) init.count() * (init.values() != null ? precision.bytesPerValue() : 10) + 64;
    ProtobufWriter w = new ProtobufWriter((int) Math.min(bytes, ProtobufWriter.MAX_MESSAGE_BYTES));
    // dims is a plain (not packed) repeated field in onnx.proto: one key per dimension.
    for (long d : init.dims()) {
      w.int64(TENSOR_DIMS, d);
    }
    if (init.integers() != null) {
      w.int64(TENSOR_DATA_TYPE, DATA_TYPE_INT64);
      w.packedInt64(TENSOR_INT64_DATA, init.integers());
    } else if (precision == OnnxPrecision.FLOAT) {
      w.int64(TENSOR_DATA_TYPE, precision.dataType());
      w.packedFloat32(TENSOR_FLOAT_DATA, init.values());
    } else {
      w.int64(TENSOR_DATA_TYPE, precision.dataType());
      w.packedFloat64(TENSOR_DOUBLE_DATA, init.values());
    }
    w.string(TENSOR_NAME, init.name());
    return w;
  }

  /** {@code name: tensor(precision)[batchDimension, width]}. */
  private ProtobufWriter valueInfo(String name, int width) {
    ProtobufWriter shape = new ProtobufWriter()
        .message(SHAPE_DIM, new ProtobufWriter().string(DIMENSION_PARAM, batchDimension))
        .message(SHAPE_DIM, new ProtobufWriter().int64(DIMENSION_VALUE, width));
    ProtobufWriter tensorType = new ProtobufWriter()
        .int64(TENSOR_TYPE_ELEM_TYPE, precision.dataType())
        .message(TENSOR_TYPE_SHAPE, shape);
    ProtobufWriter type = new ProtobufWriter().message(TYPE_TENSOR_TYPE, tensorType);
    return new ProtobufWriter().string(VALUE_INFO_NAME, name).message(VALUE_INFO_TYPE, type);
  }
}
