package dev.nn4j.core.io;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.nn4j.core.Activation;
import dev.nn4j.core.Layer;
import dev.nn4j.core.Loss;
import dev.nn4j.core.Network;
import dev.nn4j.core.layers.Dense;
import dev.nn4j.core.layers.Dropout;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The structure of a network as a model file records it, in the {@code "nn4j.architecture"} metadata
 * string: the input size, each layer, and the loss.
 *
 * <pre>{@code
 * {"input": 3,
 *  "layers": [{"type": "dense", "units": 4, "activation": {"name": "relu", "config": {}}},
 *             {"type": "dropout", "rate": 0.25},
 *             {"type": "dense", "units": 2, "activation": {"name": "leaky_relu", "config": {"slope": "0.1"}}}],
 *  "loss": {"name": "huber", "config": {"delta": "0.5"}}}
 * }</pre>
 *
 * <p>Activations and losses are recorded by their registered name and configuration (strings, as {@link
 * Activation#config()} gives them), so loading finds them through the same registry as the builder. The
 * reader is strict: every key is required, no other key is allowed.
 *
 * @param inputSize the width of an input sample
 * @param layers the layers, first to last
 * @param loss the loss
 */
record Architecture(int inputSize, List<LayerSpec> layers, Component loss) {
  /** The most layers an architecture may list. */
  static final int MAX_LAYERS = 1 << 16;

  /** One layer of the architecture. */
  sealed interface LayerSpec permits DenseSpec, DropoutSpec {}

  /** A dense layer of {@code units} neurons; its input size is the output size of the layer before. */
  record DenseSpec(int units, Component activation) implements LayerSpec {}

  /** An inverted-dropout layer with drop probability {@code rate}. */
  record DropoutSpec(double rate) implements LayerSpec {}

  /** A registered component (activation or loss): its name and configuration, sorted by key. */
  record Component(String name, Map<String, String> config) {
    /** The name and configuration of an activation or loss, checked for nulls. */
    static Component of(String what, String name, Map<String, String> config) {
      checkNotNull(name, "%s has no name", what);
      checkNotNull(config, "%s '%s' has a null config", what, name);
      Map<String, String> sorted = new TreeMap<>();
      config.forEach((key, value) -> {
        checkArgument(key != null && value != null, "%s '%s' has a null key or value in its config %s", what, name, config);
        sorted.put(key, value);
      });
      return new Component(name, sorted);
    }

    @Override
    public String toString() {
      return config.isEmpty() ? "'" + name + "'" : "'" + name + "' " + config;
    }
  }

  /**
   * The architecture of {@code network}, read through its public API.
   *
   * @throws IllegalArgumentException if a layer is neither dense nor dropout (a layer of your own cannot be
   *     saved), naming the layer
   */
  static Architecture of(Network network) {
    List<LayerSpec> layers = new ArrayList<>();
    List<Layer> networkLayers = network.layers();
    for (int i = 0; i < networkLayers.size(); i++) {
      Layer layer = networkLayers.get(i);
      if (layer instanceof Dense dense) {
        Activation activation = dense.activation();
        String what = "The activation of layer " + i;
        layers.add(new DenseSpec(dense.outputSize(), Component.of(what, activation.name(), activation.config())));
      } else if (layer instanceof Dropout dropout) {
        layers.add(new DropoutSpec(dropout.rate()));
      } else {
        throw new IllegalArgumentException(
            String.format(
                "Cannot save layer %s, a '%s' layer (%s): a model file holds only dense and dropout layers",
                i,
                layer.type(),
                layer.getClass().getName()));
      }
    }
    Loss loss = network.lossFunction();
    return new Architecture(network.inputSize(), layers, Component.of("The loss", loss.name(), loss.config()));
  }

  // ---------------------------------------------------------------- writing

  /** This architecture as compact JSON, keys in a fixed order, so the same network gives the same text. */
  String toJson() {
    StringWriter text = new StringWriter();
    try (JsonGenerator json = Json.FACTORY.createGenerator(text)) {
      json.writeStartObject();
      json.writeNumberField("input", inputSize);
      json.writeArrayFieldStart("layers");
      for (LayerSpec layer : layers) {
        json.writeStartObject();
        if (layer instanceof DenseSpec dense) {
          json.writeStringField("type", "dense");
          json.writeNumberField("units", dense.units());
          json.writeFieldName("activation");
          write(json, dense.activation());
        } else {
          json.writeStringField("type", "dropout");
          json.writeNumberField("rate", ((DropoutSpec) layer).rate());
        }
        json.writeEndObject();
      }
      json.writeEndArray();
      json.writeFieldName("loss");
      write(json, loss);
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("Writing JSON to memory failed", e);
    }
    return text.toString();
  }

  private static void write(JsonGenerator json, Component component) throws IOException {
    json.writeStartObject();
    json.writeStringField("name", component.name());
    json.writeObjectFieldStart("config");
    for (Map.Entry<String, String> e : component.config().entrySet()) {
      json.writeStringField(e.getKey(), e.getValue());
    }
    json.writeEndObject();
    json.writeEndObject();
  }

  // ---------------------------------------------------------------- reading

  /**
   * Reads an architecture written by {@link #toJson()}.
   *
   * @throws ModelFormatException if the text is not such JSON: a key missing or unknown, a size that is
   *     not a positive int, a dropout rate outside {@code [0, 1)}, more than {@link #MAX_LAYERS} layers
   */
  static Architecture parse(String json) throws ModelFormatException {
    return Json.parse(json, "the architecture (" + ModelFile.ARCHITECTURE_KEY + ")", Architecture::read);
  }

  private static Architecture read(JsonParser parser) throws IOException {
    Json.next(parser, JsonToken.START_OBJECT, "the architecture to be a JSON object");
    Integer input = null;
    List<LayerSpec> layers = null;
    Component loss = null;
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String key = parser.currentName();
      switch (key) {
        case "input" -> input = Json.positiveInt(parser, "the input size");
        case "layers" -> layers = readLayers(parser);
        case "loss" -> loss = readComponent(parser, "the loss");
        default -> throw unknownKey(key, "the architecture", "input, layers, loss");
      }
    }
    if (input == null || layers == null || loss == null) {
      throw new ModelFormatException(
          "the architecture lacks '" + (input == null ? "input" : layers == null ? "layers" : "loss")
              + "'; expected input, layers and loss");
    }
    if (layers.isEmpty()) {
      throw new ModelFormatException("the architecture has no layers; expected at least one");
    }
    return new Architecture(input, List.copyOf(layers), loss);
  }

  private static List<LayerSpec> readLayers(JsonParser parser) throws IOException {
    Json.next(parser, JsonToken.START_ARRAY, "the layers as an array");
    List<LayerSpec> layers = new ArrayList<>();
    while (parser.nextToken() != JsonToken.END_ARRAY) {
      if (layers.size() == MAX_LAYERS) {
        throw new ModelFormatException("the architecture has more than " + MAX_LAYERS + " layers");
      }
      layers.add(readLayer(parser, layers.size()));
    }
    return layers;
  }

  /** A layer object; the parser is on the token that should start it. */
  private static LayerSpec readLayer(JsonParser parser, int index) throws IOException {
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
        case "activation" -> activation = readComponent(parser, "the activation of " + what);
        case "rate" -> rate = Json.finiteDouble(parser, "the dropout rate of " + what);
        default -> throw unknownKey(key, what, "type, units, activation (dense), rate (dropout)");
      }
    }
    if (type == null) {
      throw new ModelFormatException(what + " has no type; expected \"dense\" or \"dropout\"");
    }
    switch (type) {
      case "dense" -> {
        if (units == null || activation == null || rate != null) {
          throw new ModelFormatException(
              "dense " + what + " must have exactly type, units and activation; got " + keys(units, activation, rate));
        }
        return new DenseSpec(units, activation);
      }
      case "dropout" -> {
        if (rate == null || units != null || activation != null) {
          throw new ModelFormatException(
              "dropout " + what + " must have exactly type and rate; got " + keys(units, activation, rate));
        }
        if (!(rate >= 0 && rate < 1)) {
          throw new ModelFormatException("expected a dropout rate in [0, 1) for " + what + ", got " + rate);
        }
        return new DropoutSpec(rate);
      }
      default -> throw new ModelFormatException(
          what + " has type '" + Json.shorten(type) + "'; this version of nn4j reads \"dense\" and \"dropout\" layers");
    }
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

  private static Component readComponent(JsonParser parser, String what) throws IOException {
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

  private static ModelFormatException unknownKey(String key, String where, String expected) {
    return new ModelFormatException(where + " has an unknown key '" + Json.shorten(key) + "'; expected " + expected);
  }
}
