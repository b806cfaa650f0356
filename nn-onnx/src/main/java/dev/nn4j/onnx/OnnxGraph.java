package dev.nn4j.onnx;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An ONNX model under construction: one graph with a batch input {@code [N, inputSize]}, nodes in
 * topological order, constant tensors (initializers) and a batch output, encoded as a {@code ModelProto}
 * by {@link #encode}.
 *
 * <p>Field numbers are those of {@code onnx.proto} (ONNX IR version 7 and later, unchanged since).
 */
final class OnnxGraph {
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
  private static final int ATTRIBUTE_TYPE = 20;
  private static final int ATTRIBUTE_TYPE_FLOAT = 1;
  private static final int ATTRIBUTE_TYPE_INT = 2;
  // TensorProto
  private static final int TENSOR_DIMS = 1;
  private static final int TENSOR_DATA_TYPE = 2;
  private static final int TENSOR_FLOAT_DATA = 4;
  private static final int TENSOR_NAME = 8;
  private static final int TENSOR_DOUBLE_DATA = 10;
  // ValueInfoProto, TypeProto, TypeProto.Tensor, TensorShapeProto, TensorShapeProto.Dimension
  private static final int VALUE_INFO_NAME = 1;
  private static final int VALUE_INFO_TYPE = 2;
  private static final int TYPE_TENSOR_TYPE = 1;
  private static final int TENSOR_TYPE_ELEM_TYPE = 1;
  private static final int TENSOR_TYPE_SHAPE = 2;
  private static final int SHAPE_DIM = 1;
  private static final int DIMENSION_VALUE = 1;
  private static final int DIMENSION_PARAM = 2;

  /** One operator application: {@code outputs = opType(inputs; attributes)}. */
  private static final class Node {
    final String opType;
    final String name;
    final List<String> inputs;
    String output;
    final Map<String, Object> attributes;

    Node(String opType, String name, List<String> inputs, String output, Map<String, Object> attributes) {
      this.opType = opType;
      this.name = name;
      this.inputs = inputs;
      this.output = output;
      this.attributes = attributes;
    }
  }

  /** A constant tensor, row-major. */
  private record Initializer(String name, long[] dims, double[] values) {}

  private final OnnxPrecision precision;
  private final String inputName;
  private final int inputSize;
  private final String batchDimension;
  private final List<Node> nodes = new ArrayList<>();
  private final Map<String, Initializer> initializers = new LinkedHashMap<>();
  private String outputName;
  private int outputSize;

  /**
   * @param precision the element type of the input, output and every initializer
   * @param inputName the name of the graph's input
   * @param inputSize the width of each input row
   * @param batchDimension the symbolic name of the batch dimension, such as {@code "N"}
   */
  OnnxGraph(OnnxPrecision precision, String inputName, int inputSize, String batchDimension) {
    this.precision = precision;
    this.inputName = inputName;
    this.inputSize = inputSize;
    this.batchDimension = batchDimension;
  }

  /** The element type of the model's tensors. */
  OnnxPrecision precision() {
    return precision;
  }

  /** Adds a constant tensor of shape {@code dims} holding {@code values} row-major; returns its name. */
  String initializer(String name, long[] dims, double[] values) {
    long count = 1;
    for (long d : dims) {
      count *= d;
    }
    checkArgument(count == values.length, "Tensor %s needs %s values, got %s", name, count, values.length);
    checkArgument(!initializers.containsKey(name), "Tensor %s is already defined", name);
    initializers.put(name, new Initializer(name, dims.clone(), values.clone()));
    return name;
  }

  /**
   * A scalar constant (rank 0, which every elementwise operator broadcasts), added once per name; returns
   * its name.
   */
  String scalar(String name, double value) {
    Initializer existing = initializers.get(name);
    if (existing == null) {
      return initializer(name, new long[0], new double[] {value});
    }
    checkArgument(
        existing.dims().length == 0 && existing.values()[0] == value,
        "Constant %s is already defined with another value",
        name);
    return name;
  }

  /**
   * Adds the node {@code output = opType(inputs)} with {@code attributes} (values {@code Float} or {@code
   * Long}); returns {@code output}.
   */
  String node(String opType, String name, List<String> inputs, String output, Map<String, Object> attributes) {
    for (Object value : attributes.values()) {
      checkArgument(value instanceof Float || value instanceof Long, "Unsupported attribute %s of %s", value, name);
    }
    nodes.add(new Node(opType, name, List.copyOf(inputs), output, Map.copyOf(attributes)));
    return output;
  }

  /** {@link #node(String, String, List, String, Map)} without attributes. */
  String node(String opType, String name, List<String> inputs, String output) {
    return node(opType, name, inputs, output, Map.of());
  }

  /**
   * Makes tensor {@code last}, of width {@code size}, the graph's output under the name {@code name}: the
   * node that computes it is renamed, or, if {@code last} is not the output of the last node (such as the
   * input itself), an {@code Identity} node is added.
   */
  void output(String last, String name, int size) {
    checkState(outputName == null, "The output is already set");
    Node producer = nodes.isEmpty() ? null : nodes.get(nodes.size() - 1);
    if (producer != null && producer.output.equals(last)) {
      producer.output = name;
    } else {
      node("Identity", name + "/Identity", List.of(last), name);
    }
    outputName = name;
    outputSize = size;
  }

  /** Total bytes of all initializer values in the file, to check the size before encoding. */
  long initializerBytes() {
    long total = 0;
    for (Initializer init : initializers.values()) {
      total += (long) init.values().length * precision.bytesPerValue();
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
    } else {
      w.int64(ATTRIBUTE_I, (Long) value).int64(ATTRIBUTE_TYPE, ATTRIBUTE_TYPE_INT);
    }
    return w;
  }

  private ProtobufWriter encode(Initializer init) {
    ProtobufWriter w = new ProtobufWriter((int) Math.min((long) init.values().length * precision.bytesPerValue() + 64, ProtobufWriter.MAX_MESSAGE_BYTES));
    // dims is a plain (not packed) repeated field in onnx.proto: one key per dimension.
    for (long d : init.dims()) {
      w.int64(TENSOR_DIMS, d);
    }
    w.int64(TENSOR_DATA_TYPE, precision.dataType());
    if (precision == OnnxPrecision.FLOAT) {
      w.packedFloat32(TENSOR_FLOAT_DATA, init.values());
    } else {
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
