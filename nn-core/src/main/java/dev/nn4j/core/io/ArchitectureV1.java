package dev.nn4j.core.io;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.nn4j.core.io.Architecture.Component;
import dev.nn4j.core.io.Architecture.Node;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the architecture of format version 1, nn4j's first model files, as the nodes of version 2:
 *
 * <pre>{@code
 * {"input": 3,
 *  "layers": [{"type": "dense", "units": 4, "activation": {"name": "relu", "config": {}}},
 *             {"type": "dropout", "rate": 0.25}],
 *  "loss": {"name": "huber", "config": {"delta": "0.5"}}}
 * }</pre>
 *
 * <p>becomes an input node of shape {@code "3"}, then {@code layers.0} of type {@code dense} with
 * configuration {@code {"units": "4", "activation": "relu"}} and {@code layers.1} of type {@code dropout}
 * with {@code {"rate": "0.25"}}, each reading the node before it. The reader is as strict as version 1's
 * was: every key required, no other key allowed.
 */
final class ArchitectureV1 {
  private ArchitectureV1() {}

  static Architecture read(JsonParser parser) throws IOException {
    Json.next(parser, JsonToken.START_OBJECT, "the architecture to be a JSON object");
    Integer input = null;
    List<Node> layers = null;
    Component loss = null;
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String key = parser.currentName();
      switch (key) {
        case "input" -> input = Json.positiveInt(parser, "the input size");
        case "layers" -> layers = readLayers(parser);
        case "loss" -> loss = Architecture.readComponent(parser, "the loss");
        default -> throw Architecture.unknownKey(key, "the architecture", "input, layers, loss");
      }
    }
    if (input == null || layers == null || loss == null) {
      throw new ModelFormatException(
          "the architecture lacks '" + (input == null ? "input" : layers == null ? "layers" : "loss")
              + "'; expected input, layers and loss");
    }
    List<Node> nodes = new ArrayList<>();
    nodes.add(new Node("input", Architecture.INPUT_TYPE, Map.of("shape", Integer.toString(input)), List.of()));
    nodes.addAll(layers);
    return Architecture.checked(nodes, loss);
  }

  private static List<Node> readLayers(JsonParser parser) throws IOException {
    Json.next(parser, JsonToken.START_ARRAY, "the layers as an array");
    List<Node> layers = new ArrayList<>();
    while (parser.nextToken() != JsonToken.END_ARRAY) {
      if (layers.size() == Architecture.MAX_LAYERS) {
        throw new ModelFormatException("the architecture has more than " + Architecture.MAX_LAYERS + " layers");
      }
      String previous = layers.isEmpty() ? "input" : layers.get(layers.size() - 1).name();
      layers.add(readLayer(parser, layers.size(), previous));
    }
    return layers;
  }

  /** A layer object; the parser is on the token that should start it. */
  private static Node readLayer(JsonParser parser, int index, String previous) throws IOException {
    String what = "layer " + index;
    if (parser.currentToken() != JsonToken.START_OBJECT) {
      throw new ModelFormatException("expected " + what + " to be an object, got " + Json.describe(parser, parser.currentToken()));
    }
    String type = null;
    Integer units = null;
    Component activation = null;
    Double rate = null;
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String key = parser.currentName();
      switch (key) {
        case "type" -> type = Json.string(parser, "the type of " + what);
        case "units" -> units = Json.positiveInt(parser, "the units of " + what);
        case "activation" -> activation = Architecture.readComponent(parser, "the activation of " + what);
        case "rate" -> rate = Json.finiteDouble(parser, "the dropout rate of " + what);
        default -> throw Architecture.unknownKey(key, what, "type, units, activation (dense), rate (dropout)");
      }
    }
    if (type == null) {
      throw new ModelFormatException(what + " has no type; expected \"dense\" or \"dropout\"");
    }
    Map<String, String> config = new LinkedHashMap<>();
    switch (type) {
      case "dense" -> {
        if (units == null || activation == null || rate != null) {
          throw new ModelFormatException(
              "dense " + what + " must have exactly type, units and activation; got " + keys(units, activation, rate));
        }
        config.put("units", Integer.toString(units));
        config.put("activation", activation.name());
        activation.config().forEach((key, value) -> config.put("activation." + key, value));
      }
      case "dropout" -> {
        if (rate == null || units != null || activation != null) {
          throw new ModelFormatException(
              "dropout " + what + " must have exactly type and rate; got " + keys(units, activation, rate));
        }
        if (!(rate >= 0 && rate < 1)) {
          throw new ModelFormatException("expected a dropout rate in [0, 1) for " + what + ", got " + rate);
        }
        config.put("rate", Double.toString(rate + 0.0));
      }
      default -> throw new ModelFormatException(
          what + " has type '" + Json.shorten(type) + "'; format 1 holds only \"dense\" and \"dropout\" layers");
    }
    return new Node("layers." + index, type, config, List.of(previous));
  }

  private static String keys(Integer units, Component activation, Double rate) {
    List<String> keys = new ArrayList<>(List.of("type"));
    if (units != null) {
      keys.add("units");
    }
    if (activation != null) {
      keys.add("activation");
    }
    if (rate != null) {
      keys.add("rate");
    }
    return String.join(", ", keys);
  }
}
