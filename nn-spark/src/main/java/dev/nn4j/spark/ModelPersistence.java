package dev.nn4j.spark;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWriter;

/**
 * Spark ML's writer and reader of {@link NetworkModel}. A saved model is a folder: {@code metadata/part-00000},
 * one line of JSON in the layout of Spark ML's own stages (class, uid, Spark version, the parameters set), so
 * that a saved {@code PipelineModel} finds the class that reads it; and {@code model.safetensors}, nn4j's model
 * file of the network.
 */
final class ModelPersistence {
  static final String MODEL_FILE = "model.safetensors";
  static final String METADATA = "metadata/part-00000";

  private ModelPersistence() {}

  /** Writes a model's folder. */
  static final class Writer extends MLWriter {
    private final NetworkModel model;

    Writer(NetworkModel model) {
      this.model = model;
    }

    @Override
    public void saveImpl(String path) {
      Configuration hadoop = sparkSession().sparkContext().hadoopConfiguration();
      try {
        new CheckpointStore(new Path(path, METADATA).toString(), hadoop).write(metadata().getBytes(StandardCharsets.UTF_8));
        new CheckpointStore(new Path(path, MODEL_FILE).toString(), hadoop).write(model.modelFile());
      } catch (IOException e) {
        throw new UncheckedIOException("Could not save the model to " + path + ": " + e.getMessage(), e);
      }
    }

    private String metadata() throws IOException {
      StringWriter json = new StringWriter();
      try (JsonGenerator out = new JsonFactory().createGenerator(json)) {
        out.writeStartObject();
        out.writeStringField("class", NetworkModel.class.getName());
        out.writeNumberField("timestamp", System.currentTimeMillis());
        out.writeStringField("sparkVersion", sparkSession().version());
        out.writeStringField("uid", model.uid());
        out.writeObjectFieldStart("paramMap");
        for (Param<String> param : columns(model).values()) {
          if (model.isSet(param)) {
            out.writeStringField(param.name(), model.getOrDefault(param));
          }
        }
        out.writeEndObject();
        out.writeObjectFieldStart("defaultParamMap");
        for (Param<String> param : columns(model).values()) {
          out.writeStringField(param.name(), model.getDefault(param).get());
        }
        out.writeEndObject();
        out.writeEndObject();
      }
      return json.toString();
    }
  }

  /** Reads a model's folder. */
  static final class Reader extends MLReader<NetworkModel> {
    @Override
    public NetworkModel load(String path) {
      Configuration hadoop = sparkSession().sparkContext().hadoopConfiguration();
      try {
        Map<String, String> metadata = new LinkedHashMap<>();
        Map<String, String> params = new LinkedHashMap<>();
        try (InputStream in = new CheckpointStore(new Path(path, METADATA).toString(), hadoop).open();
            JsonParser json = new JsonFactory().createParser(in)) {
          readMetadata(json, metadata, params);
        }
        String className = metadata.get("class");
        if (!NetworkModel.class.getName().equals(className)) {
          throw new IOException("The metadata names class " + className + ", expected " + NetworkModel.class.getName());
        }
        if (metadata.get("uid") == null) {
          throw new IOException("The metadata has no uid");
        }
        byte[] modelFile;
        try (InputStream in = new CheckpointStore(new Path(path, MODEL_FILE).toString(), hadoop).open()) {
          modelFile = readAll(in);
        }
        NetworkModel model = NetworkModel.restored(metadata.get("uid"), modelFile);
        Map<String, Param<String>> columns = columns(model);
        for (Map.Entry<String, String> e : params.entrySet()) {
          Param<String> param = columns.get(e.getKey());
          if (param == null) {
            throw new IOException("The metadata sets parameter '" + e.getKey() + "', which " + className + " does not have");
          }
          model.set(param, e.getValue());
        }
        return model;
      } catch (IOException e) {
        throw new UncheckedIOException("Could not load a model from " + path + ": " + e.getMessage(), e);
      }
    }

    private static void readMetadata(JsonParser json, Map<String, String> metadata, Map<String, String> params)
        throws IOException {
      if (json.nextToken() != JsonToken.START_OBJECT) {
        throw new IOException("The metadata is not a JSON object");
      }
      while (json.nextToken() == JsonToken.FIELD_NAME) {
        String field = json.currentName();
        JsonToken value = json.nextToken();
        if (value == JsonToken.START_OBJECT) {
          if ("paramMap".equals(field)) {
            while (json.nextToken() == JsonToken.FIELD_NAME) {
              String name = json.currentName();
              json.nextToken();
              params.put(name, json.getText());
            }
          } else {
            json.skipChildren();
          }
        } else if (value == JsonToken.START_ARRAY) {
          json.skipChildren();
        } else {
          metadata.put(field, json.getText());
        }
      }
    }

    private static byte[] readAll(InputStream in) throws IOException {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      in.transferTo(out);
      return out.toByteArray();
    }
  }

  /** The model's column parameters by name. */
  private static Map<String, Param<String>> columns(NetworkModel model) {
    Map<String, Param<String>> columns = new LinkedHashMap<>();
    columns.put(model.featuresCol().name(), model.featuresCol());
    columns.put(model.predictionCol().name(), model.predictionCol());
    columns.put(model.probabilityCol().name(), model.probabilityCol());
    return columns;
  }
}
