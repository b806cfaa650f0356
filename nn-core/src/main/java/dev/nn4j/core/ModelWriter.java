package dev.nn4j.core;

import static com.google.common.base.Preconditions.checkNotNull;

import dev.nn4j.core.io.Architecture;
import dev.nn4j.core.io.SafetensorsFile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lays a network (and, for a checkpoint, its training session) out as a safetensors file: the metadata of
 * {@link ModelFile} and the state dict's tensors, then the optimizer's. Everything that can be wrong is
 * found before a byte is written.
 */
final class ModelWriter {
  private static final Logger log = LoggerFactory.getLogger(ModelWriter.class);

  private final Map<String, String> metadata = new LinkedHashMap<>();
  private final Map<String, SafetensorsFile.Values> tensors = new LinkedHashMap<>();

  private ModelWriter(Network network, Trainer trainer) {
    checkNotNull(network, "network");
    metadata.put(ModelFile.FORMAT_KEY, Integer.toString(ModelFile.FORMAT_VERSION));
    metadata.put(ModelFile.ARCHITECTURE_KEY, architecture(network).toJson());
    metadata.put(ModelFile.SEED_KEY, Long.toString(network.seed()));
    TrainingState state = trainer == null ? null : trainer.state();
    StateDict stateDict = state == null ? network.stateDict() : state.stateDict();
    stateDict.asMap().forEach((name, t) -> tensors.put(name, new SafetensorsFile.Values(t.shape().dims(), t.isInteger(), t.values())));
    if (state != null) {
      metadata.put(ModelFile.CHECKPOINT_EPOCHS_KEY, Long.toString(state.epochsTrained()));
      metadata.put(ModelFile.CHECKPOINT_STEPS_KEY, Long.toString(state.stepsTaken()));
      Optimizer optimizer = trainer.optimizer();
      metadata.put(ModelFile.CHECKPOINT_OPTIMIZER_KEY, Architecture.toJson(new Architecture.Component(optimizer.name(), optimizer.config())));
      try {
        Optimizer.named(optimizer.name(), optimizer.config());
      } catch (RuntimeException e) {
        // The checkpoint still resumes into a trainer given the optimizer in code (a schedule of the user's own).
        log.trace("Optimizer {} cannot be rebuilt by name ({}): Trainer.resume will need it given", optimizer, e.getMessage());
      }
      state.optimizer().ifPresent(this::putOptimizerState);
    }
  }

  private void putOptimizerState(OptimizerState optimizer) {
    metadata.put(ModelFile.CHECKPOINT_OPTIMIZER_STEP_KEY, Long.toString(optimizer.step()));
    metadata.put(ModelFile.CHECKPOINT_BUFFERS_KEY, String.join(",", optimizer.bufferNames()));
    for (String parameter : optimizer.parameterNames()) {
      for (String buffer : optimizer.bufferNames()) {
        double[] values = optimizer.buffer(parameter, buffer);
        tensors.put(ModelFile.optimizerTensor(parameter, buffer), new SafetensorsFile.Values(new int[] {values.length}, false, values));
      }
    }
  }

  /** The architecture of {@code network}: an input node, then one node per layer, each reading the one before. */
  static Architecture architecture(Network network) {
    List<Architecture.Node> nodes = new ArrayList<>();
    nodes.add(new Architecture.Node("input", Architecture.INPUT_TYPE, Map.of("shape", network.inputShape().toConfig()), List.of()));
    List<Layer> layers = network.layers();
    for (int i = 0; i < layers.size(); i++) {
      Layer layer = layers.get(i);
      Map<String, String> config = layer.config().toStrings();
      warnIfNotRegistered("layer type", layer.type(), () -> LayerFactory.named(layer.type(), LayerConfig.of(config)));
      nodes.add(new Architecture.Node(node(i), layer.type(), config, List.of(nodes.get(i).name())));
    }
    Loss loss = network.lossFunction();
    return new Architecture(nodes, new Architecture.Component(loss.name(), loss.config()));
  }

  /** The name of layer {@code i}'s node, the prefix of its tensors without the dot. */
  static String node(int i) {
    String prefix = Network.prefix(i);
    return prefix.substring(0, prefix.length() - 1);
  }

  /** Something not available by name can be saved, but not loaded: say so now. */
  private static void warnIfNotRegistered(String kind, String name, Runnable lookup) {
    try {
      lookup.run();
    } catch (RuntimeException e) {
      log.warn(
          "The {} '{}' cannot be rebuilt by name ({}); the file will not load until a jar that registers it is on the class"
              + " path",
          kind,
          name,
          e.getMessage());
    }
  }

  /** The writer of {@code network}, its lookups (whether each component is registered) done in one scan. */
  private static ModelWriter of(Network network, Trainer trainer) {
    try (Registry.Snapshot lookups = Registry.snapshot()) {
      return new ModelWriter(network, trainer);
    }
  }

  static void save(Network network, Trainer trainer, Path path, UnaryOperator<OutputStream> wrap) throws IOException {
    ModelWriter writer = of(network, trainer);
    SafetensorsFile.write(checkNotNull(path, "path"), writer.metadata, writer.tensors, wrap);
    log.trace("Saved {} to {}", network, path);
  }

  static void save(Network network, Trainer trainer, OutputStream out) throws IOException {
    ModelWriter writer = of(network, trainer);
    SafetensorsFile.write(out, writer.metadata, writer.tensors);
  }

  static byte[] toBytes(Network network) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      save(network, null, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException("Writing to memory failed", e);
    }
    return bytes.toByteArray();
  }
}
