package dev.nn4j.core.io;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The structure of a model as its file records it, in the {@code "nn4j.architecture"} metadata string
 * (format version 2): a list of nodes, each with a name, a type, its configuration and the names of the
 * nodes it reads, then the loss.
 *
 * <pre>{@code
 * {"nodes": [{"name": "input", "type": "input", "config": {"shape": "4"}, "inputs": []},
 *            {"name": "layers.0", "type": "dense", "config": {"activation": "relu", "units": "16"}, "inputs": ["input"]},
 *            {"name": "layers.1", "type": "batch_norm", "config": {}, "inputs": ["layers.0"]},
 *            {"name": "layers.2", "type": "dense", "config": {"activation": "softmax", "units": "3"}, "inputs": ["layers.1"]}],
 *  "loss": {"name": "categorical_cross_entropy", "config": {}}}
 * }</pre>
 *
 * <p>A node's name prefixes its tensors in the state dict ({@code layers.0.weight}); its type is the name
 * of a registered layer; its configuration is the string map that rebuilds it, a nested component written
 * with dotted keys ({@code "activation": "leaky_relu", "activation.slope": "0.1"}). The first node is the
 * input, of type {@value #INPUT_TYPE}. Nodes read only nodes listed before them, so the list is in an order
 * the network can run in; today's networks are chains, and the same form describes branching ones.
 *
 * <p>This class knows the format, not networks: it checks the form (every key required, no other key
 * allowed, names unique, inputs naming earlier nodes) and leaves the meaning to the reader that builds the
 * network.
 *
 * @param nodes the nodes, the input first
 * @param loss the loss
 */
public record Architecture(List<Node> nodes, Component loss) {
  /** The most layers an architecture may list (format 1 allowed as many). */
  public static final int MAX_LAYERS = 1 << 16;
  /** The most nodes an architecture may list: the input and {@link #MAX_LAYERS} layers. */
  public static final int MAX_NODES = MAX_LAYERS + 1;
  /** The type of the first node, which only gives the shape of a sample. */
  public static final String INPUT_TYPE = "input";
  /** The most inputs a node may read. */
  static final int MAX_INPUTS = 64;

  /**
   * One node: a layer, or the input.
   *
   * @param name the node's name, the prefix of its tensors
   * @param type the registered name of its layer type, or {@value #INPUT_TYPE}
   * @param config the configuration that rebuilds it
   * @param inputs the names of the nodes it reads
   */
  public record Node(String name, String type, Map<String, String> config, List<String> inputs) {
    /**
     * Checks for nulls; the configuration is sorted by key and the lists copied.
     *
     * @param name the node's name, the prefix of its tensors
     * @param type the registered name of its layer type, or {@value #INPUT_TYPE}
     * @param config the configuration that rebuilds it
     * @param inputs the names of the nodes it reads
     */
    public Node {
      checkNotNull(name, "node name");
      checkNotNull(type, "type of node %s", name);
      config = sorted("node " + name, config);
      inputs = List.copyOf(inputs);
    }
  }

  /**
   * A registered component (a loss, an optimizer): its name and configuration, sorted by key.
   *
   * @param name the registered name
   * @param config its configuration
   */
  public record Component(String name, Map<String, String> config) {
    /**
     * Checks for nulls; the configuration is sorted by key.
     *
     * @param name the registered name
     * @param config its configuration
     */
    public Component {
      checkNotNull(name, "component name");
      config = sorted(name, config);
    }

    @Override
    public String toString() {
      return config.isEmpty() ? "'" + name + "'" : "'" + name + "' " + config;
    }
  }

  /**
   * Copies the lists.
   *
   * @param nodes the nodes, the input first
   * @param loss the loss
   */
  public Architecture {
    nodes = List.copyOf(nodes);
    checkNotNull(loss, "loss");
  }

  private static Map<String, String> sorted(String what, Map<String, String> config) {
    checkNotNull(config, "configuration of %s", what);
    Map<String, String> sorted = new TreeMap<>();
    config.forEach((key, value) -> {
      checkArgument(key != null && value != null, "%s has a null key or value in its configuration %s", what, config);
      sorted.put(key, value);
    });
    return java.util.Collections.unmodifiableMap(sorted);
  }

  // ---------------------------------------------------------------- writing

  /**
   * This architecture as compact JSON, keys in a fixed order, so the same model gives the same text.
   *
   * @return the JSON text
   */
  public String toJson() {
    StringWriter text = new StringWriter();
    try (JsonGenerator json = Json.FACTORY.createGenerator(text)) {
      json.writeStartObject();
      json.writeArrayFieldStart("nodes");
      for (Node node : nodes) {
        json.writeStartObject();
        json.writeStringField("name", node.name());
        json.writeStringField("type", node.type());
        writeConfig(json, node.config());
        json.writeArrayFieldStart("inputs");
        for (String input : node.inputs()) {
          json.writeString(input);
        }
        json.writeEndArray();
        json.writeEndObject();
      }
      json.writeEndArray();
      json.writeFieldName("loss");
      writeComponent(json, loss);
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("Writing JSON to memory failed", e);
    }
    return text.toString();
  }

  /**
   * A component as compact JSON, {@code {"name": ..., "config": {...}}}.
   *
   * @param component the component
   * @return the JSON text
   */
  public static String toJson(Component component) {
    StringWriter text = new StringWriter();
    try (JsonGenerator json = Json.FACTORY.createGenerator(text)) {
      writeComponent(json, component);
    } catch (IOException e) {
      throw new UncheckedIOException("Writing JSON to memory failed", e);
    }
    return text.toString();
  }

  private static void writeComponent(JsonGenerator json, Component component) throws IOException {
    json.writeStartObject();
    json.writeStringField("name", component.name());
    writeConfig(json, component.config());
    json.writeEndObject();
  }

  private static void writeConfig(JsonGenerator json, Map<String, String> config) throws IOException {
    json.writeObjectFieldStart("config");
    for (Map.Entry<String, String> e : config.entrySet()) {
      json.writeStringField(e.getKey(), e.getValue());
    }
    json.writeEndObject();
  }

  // ---------------------------------------------------------------- reading

  /**
   * Reads an architecture of format {@code version}: 2 as {@link #toJson()} writes it, or 1, the
   * layer list of nn4j's first model files (dense and dropout layers), given as the same nodes.
   *
   * @param json the architecture's JSON text
   * @param version the format version of the file, 1 or 2
   * @return the architecture
   * @throws ModelFormatException if the text is not such JSON: a key missing or unknown, a value of the
   *     wrong kind, a name repeated, an input naming no earlier node, more than {@link #MAX_LAYERS} layers
   */
  public static Architecture parse(String json, int version) throws ModelFormatException {
    checkArgument(version == 1 || version == 2, "Expected format 1 or 2, got %s", version);
    String what = "the architecture (nn4j.architecture)";
    return version == 1 ? Json.parse(json, what, ArchitectureV1::read) : Json.parse(json, what, Architecture::read);
  }

  /**
   * Reads a component written by {@link #toJson(Component)}.
   *
   * @param json the component's JSON text
   * @param what names it in messages, such as {@code "the optimizer"}
   * @return the component
   * @throws ModelFormatException if the text is not such JSON
   */
  public static Component parseComponent(String json, String what) throws ModelFormatException {
    return Json.parse(json, what, parser -> readComponent(parser, what));
  }

  private static Architecture read(JsonParser parser) throws IOException {
    Json.next(parser, JsonToken.START_OBJECT, "the architecture to be a JSON object");
    List<Node> nodes = null;
    Component loss = null;
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String key = parser.currentName();
      switch (key) {
        case "nodes" -> nodes = readNodes(parser);
        case "loss" -> loss = readComponent(parser, "the loss");
        default -> throw unknownKey(key, "the architecture", "nodes, loss");
      }
    }
    if (nodes == null || loss == null) {
      throw new ModelFormatException(
          "the architecture lacks '" + (nodes == null ? "nodes" : "loss") + "'; expected nodes and loss");
    }
    return checked(nodes, loss);
  }

  /** Checks the graph: an input node first, then layers, names unique, inputs naming earlier nodes. */
  static Architecture checked(List<Node> nodes, Component loss) throws ModelFormatException {
    if (nodes.size() < 2) {
      throw new ModelFormatException("the architecture has no layers; expected an input node and at least one layer");
    }
    Set<String> names = new HashSet<>();
    for (int i = 0; i < nodes.size(); i++) {
      Node node = nodes.get(i);
      boolean isInput = node.type().equals(INPUT_TYPE);
      if (isInput != (i == 0)) {
        throw new ModelFormatException(
            i == 0
                ? "the first node, '" + Json.shorten(node.name()) + "', has type '" + Json.shorten(node.type()) + "'; expected type '" + INPUT_TYPE + "'"
                : "node " + i + " ('" + Json.shorten(node.name()) + "') has type '" + INPUT_TYPE + "'; only the first node is the input");
      }
      if (isInput != node.inputs().isEmpty()) {
        throw new ModelFormatException(
            "node '" + Json.shorten(node.name()) + "' " + (isInput ? "is the input but reads " + node.inputs() : "reads no node"));
      }
      for (String input : node.inputs()) {
        if (!names.contains(input)) {
          throw new ModelFormatException(
              "node '" + Json.shorten(node.name()) + "' reads '" + Json.shorten(input) + "', which is not a node listed before it");
        }
      }
      if (!names.add(node.name())) {
        throw new ModelFormatException("the architecture has two nodes named '" + Json.shorten(node.name()) + "'");
      }
    }
    return new Architecture(nodes, loss);
  }

  private static List<Node> readNodes(JsonParser parser) throws IOException {
    Json.next(parser, JsonToken.START_ARRAY, "the nodes as an array");
    List<Node> nodes = new ArrayList<>();
    while (parser.nextToken() != JsonToken.END_ARRAY) {
      if (nodes.size() == MAX_NODES) {
        throw new ModelFormatException("the architecture has more than " + MAX_LAYERS + " layers");
      }
      nodes.add(readNode(parser, nodes.size()));
    }
    return nodes;
  }

  /** A node object; the parser is on the token that should start it. */
  private static Node readNode(JsonParser parser, int index) throws IOException {
    String what = "node " + index;
    if (parser.currentToken() != JsonToken.START_OBJECT) {
      throw new ModelFormatException("expected " + what + " to be an object, got " + Json.describe(parser, parser.currentToken()));
    }
    String name = null;
    String type = null;
    Map<String, String> config = null;
    List<String> inputs = null;
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String key = parser.currentName();
      switch (key) {
        case "name" -> name = Json.string(parser, "the name of " + what);
        case "type" -> type = Json.string(parser, "the type of " + what);
        case "config" -> config = Json.stringMap(parser, "the config of " + what);
        case "inputs" -> inputs = readInputs(parser, what);
        default -> throw unknownKey(key, what, "name, type, config, inputs");
      }
    }
    if (name == null || type == null || config == null || inputs == null) {
      String missing = name == null ? "name" : type == null ? "type" : config == null ? "config" : "inputs";
      throw new ModelFormatException(what + " lacks '" + missing + "'; expected name, type, config and inputs");
    }
    return new Node(name, type, config, inputs);
  }

  private static List<String> readInputs(JsonParser parser, String what) throws IOException {
    Json.next(parser, JsonToken.START_ARRAY, "the inputs of " + what + " as an array of names");
    List<String> inputs = new ArrayList<>();
    while (parser.nextToken() != JsonToken.END_ARRAY) {
      if (parser.currentToken() != JsonToken.VALUE_STRING) {
        throw new ModelFormatException(
            "expected the inputs of " + what + " to be names, got " + Json.describe(parser, parser.currentToken()));
      }
      if (inputs.size() == MAX_INPUTS) {
        throw new ModelFormatException(what + " reads more than " + MAX_INPUTS + " nodes");
      }
      inputs.add(parser.getText());
    }
    return inputs;
  }

  static Component readComponent(JsonParser parser, String what) throws IOException {
    Json.next(parser, JsonToken.START_OBJECT, what + " as an object with name and config");
    String name = null;
    Map<String, String> config = null;
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String key = parser.currentName();
      switch (key) {
        case "name" -> name = Json.string(parser, "the name of " + what);
        case "config" -> config = Json.stringMap(parser, "the config of " + what);
        default -> throw unknownKey(key, what, "name, config");
      }
    }
    if (name == null || config == null) {
      throw new ModelFormatException(what + " lacks '" + (name == null ? "name" : "config") + "'; expected name and config");
    }
    return new Component(name, config);
  }

  static ModelFormatException unknownKey(String key, String where, String expected) {
    return new ModelFormatException(where + " has an unknown key '" + Json.shorten(key) + "'; expected " + expected);
  }
}
