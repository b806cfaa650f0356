package dev.nn4j.core;

import dev.nn4j.core.io.Architecture;
import dev.nn4j.core.io.ModelFormatException;
import dev.nn4j.core.io.SafetensorsFile;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rebuilds a network (and, from a checkpoint, its training session) from a safetensors file read as hostile
 * input: the format version first, then the architecture (every layer type, activation and loss found
 * through the registries, every layer fitted to its input), then the tensors against the network's state
 * dict (none missing, none extra, every shape as the layers require), and only then the values. Every
 * malformation is a {@link ModelFormatException} naming the file and what is wrong.
 */
final class ModelReader {
  private final SafetensorsFile file;

  private ModelReader(SafetensorsFile file) {
    this.file = file;
  }

  /** Reads the network, or the whole checkpoint when {@code checkpoint}. */
  static ModelFile.Checkpoint read(SafetensorsFile file, boolean checkpoint) throws IOException {
    try (Registry.Snapshot lookups = Registry.snapshot()) {
      return new ModelReader(file).read(checkpoint);
    }
  }

  private ModelFile.Checkpoint read(boolean checkpoint) throws IOException {
    Map<String, String> metadata = file.metadata();
    int version = version(metadata);
    // The version first: a newer format may store its tensors differently.
    file.checkTensors();
    Architecture architecture;
    try {
      architecture = Architecture.parse(require(metadata, ModelFile.ARCHITECTURE_KEY), version);
    } catch (ModelFormatException e) {
      throw fail(e.getMessage(), e.getCause());
    }
    Network network = build(architecture, seed(metadata));
    Map<String, SafetensorsFile.Entry> entries = file.entriesByName();
    // A checkpoint also loads as a plain model: its optimizer tensors are checked (below), then left out.
    boolean isCheckpoint = metadata.containsKey(ModelFile.CHECKPOINT_EPOCHS_KEY);
    Counters counters = checkpoint || isCheckpoint ? Counters.of(metadata, this) : null;
    Set<String> optimizerTensors = new LinkedHashSet<>();
    if (counters != null) {
      for (String parameter : network.parameters().keySet()) {
        for (String buffer : counters.buffers()) {
          optimizerTensors.add(ModelFile.optimizerTensor(parameter, buffer));
        }
      }
    }
    // Every size is checked against the file before any value is allocated: the layers were built without
    // their parameters' matrices, which the file's tensors, bounded by its size, now fill.
    Map<String, Network.StateSlot> slots = network.stateSlots();
    Set<String> names = new LinkedHashSet<>(slots.keySet());
    names.addAll(optimizerTensors);
    for (String name : names) {
      if (!entries.containsKey(name)) {
        throw fail("missing tensor '" + name + "'" + (slots.containsKey(name) ? " of " + describe(network, name) : ""));
      }
    }
    for (String name : entries.keySet()) {
      if (!names.contains(name)) {
        throw fail(
            "the file holds tensor '" + shorten(name) + "', which the architecture does not have; expected only "
                + shorten(names.toString()));
      }
    }
    for (Map.Entry<String, Network.StateSlot> slot : slots.entrySet()) {
      Shape shape = slot.getValue().shape();
      SafetensorsFile.Entry entry = entries.get(slot.getKey());
      if (!java.util.Arrays.equals(entry.shape(), java.util.Arrays.stream(shape.dims()).asLongStream().toArray())) {
        throw fail(
            "tensor '" + slot.getKey() + "' has shape " + entry.shapeText() + ", but " + describe(network, slot.getKey())
                + " needs " + shape);
      }
    }
    for (Map.Entry<String, Network.StateSlot> slot : slots.entrySet()) {
      readChecked(entries.get(slot.getKey()), slot.getValue().values().data(), slot.getValue());
    }
    // A checkpoint read as a model is checked as a checkpoint: the same file is valid both ways or neither.
    OptimizerState optimizerState =
        counters != null && counters.hasOptimizerState() ? optimizerState(network, counters, entries) : null;
    if (!checkpoint) {
      return new ModelFile.Checkpoint(network, null, null, null, "read as a model");
    }
    if (counters == null) {
      throw fail("not a checkpoint: the metadata has no " + ModelFile.CHECKPOINT_EPOCHS_KEY);
    }
    TrainingState training = new TrainingState(network.stateDict(), optimizerState, counters.epochs(), counters.steps());
    String optimizerText = metadata.get(ModelFile.CHECKPOINT_OPTIMIZER_KEY);
    if (optimizerText == null) {
      return new ModelFile.Checkpoint(
          network, training, null, null, "The checkpoint " + file.name() + " does not record its optimizer");
    }
    Architecture.Component spec = optimizerSpec(optimizerText);
    try {
      return new ModelFile.Checkpoint(network, training, spec.name(), Optimizer.named(spec.name(), spec.config()), null);
    } catch (RuntimeException e) {
      // Still a valid checkpoint: it resumes into a trainer made with the optimizer (a lambda schedule, say).
      return new ModelFile.Checkpoint(
          network, training, spec.name(), null, "The optimizer " + spec + " of " + file.name() + " cannot be created here: " + e.getMessage());
    }
  }

  /** The format version, checked: this version reads 1 and 2, and names a newer one. */
  private int version(Map<String, String> metadata) throws ModelFormatException {
    if (metadata == null) {
      throw fail(
          "the header has no __metadata__: not a model file written by nn4j (it needs " + ModelFile.FORMAT_KEY + " and "
              + ModelFile.ARCHITECTURE_KEY + ")");
    }
    String version = metadata.get(ModelFile.FORMAT_KEY);
    if (version == null) {
      throw fail("__metadata__ has no " + ModelFile.FORMAT_KEY + ": not a model file written by nn4j");
    }
    if (!version.matches("[1-9][0-9]{0,8}")) {
      throw fail("unknown " + ModelFile.FORMAT_KEY + " '" + shorten(version) + "', this version reads 1 to " + ModelFile.FORMAT_VERSION);
    }
    int number = Integer.parseInt(version);
    if (number > ModelFile.FORMAT_VERSION) {
      throw fail("written by a newer nn4j: format " + version + ", this version reads 1 to " + ModelFile.FORMAT_VERSION);
    }
    return number;
  }

  private String require(Map<String, String> metadata, String key) throws ModelFormatException {
    String value = metadata.get(key);
    if (value == null) {
      throw fail("__metadata__ has no " + key);
    }
    return value;
  }

  /** The seed the network was built with; 0 for files that do not record it (format 1). */
  private long seed(Map<String, String> metadata) throws ModelFormatException {
    String text = metadata.get(ModelFile.SEED_KEY);
    if (text == null) {
      return 0;
    }
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw fail(ModelFile.SEED_KEY + " must be a 64-bit integer, got '" + shorten(text) + "'");
    }
  }

  /** Builds the network the architecture describes: a chain of registered layers. */
  private Network build(Architecture architecture, long seed) throws ModelFormatException {
    List<Architecture.Node> nodes = architecture.nodes();
    Architecture.Node input = nodes.get(0);
    Shape inputShape;
    try {
      inputShape = LayerConfig.of(input.config()).reader("the input node", "shape").shape("shape");
    } catch (IllegalArgumentException e) {
      throw fail(e.getMessage(), e);
    }
    NetworkBuilder builder = Network.builder().input(inputShape).seed(seed);
    Map<String, LayerProvider> providers = Registry.LAYERS.providers();
    for (int i = 1; i < nodes.size(); i++) {
      Architecture.Node node = nodes.get(i);
      String expectedName = ModelWriter.node(i - 1);
      if (!node.name().equals(expectedName) || !node.inputs().equals(List.of(nodes.get(i - 1).name()))) {
        throw fail(
            "node " + i + " is '" + shorten(node.name()) + "' reading " + node.inputs() + "; this version of nn4j builds chains,"
                + " where node " + i + " is '" + expectedName + "' reading ['" + nodes.get(i - 1).name() + "']");
      }
      String what = "layer " + (i - 1) + " ('" + shorten(node.type()) + "')";
      LayerProvider provider;
      try {
        provider = Registry.LAYERS.provider(node.type(), providers);
      } catch (IllegalArgumentException e) {
        throw fail(what + " cannot be created here: " + e.getMessage(), e);
      }
      try {
        builder.layer(provider.create(LayerConfig.of(node.config())));
      } catch (RuntimeException e) {
        throw fail(what + " has a configuration its provider rejects: " + e.getMessage(), e);
      }
    }
    Loss loss;
    try {
      loss = Loss.named(architecture.loss().name(), architecture.loss().config());
    } catch (RuntimeException e) {
      throw fail("the network needs loss " + architecture.loss() + ", which cannot be created here: " + e.getMessage(), e);
    }
    try {
      return builder.loss(loss).build(false);
    } catch (RuntimeException e) {
      throw fail("the architecture does not build a network: " + e.getMessage(), e);
    }
  }

  private Architecture.Component optimizerSpec(String text) throws ModelFormatException {
    try {
      return Architecture.parseComponent(text, "the optimizer (" + ModelFile.CHECKPOINT_OPTIMIZER_KEY + ")");
    } catch (ModelFormatException e) {
      throw fail(e.getMessage(), e.getCause());
    }
  }

  /** The optimizer's buffers of a checkpoint, each as long as its parameter. */
  private OptimizerState optimizerState(Network network, Counters counters, Map<String, SafetensorsFile.Entry> entries)
      throws IOException {
    Map<String, double[][]> buffers = new LinkedHashMap<>();
    for (Map.Entry<String, Parameter> parameter : network.parameters().entrySet()) {
      double[][] arrays = new double[counters.buffers().size()][];
      for (int b = 0; b < arrays.length; b++) {
        SafetensorsFile.Entry entry = entries.get(ModelFile.optimizerTensor(parameter.getKey(), counters.buffers().get(b)));
        int size = parameter.getValue().size();
        if (entry.shape().length != 1 || entry.shape()[0] != size) {
          throw fail(
              "optimizer tensor '" + entry.name() + "' has shape " + entry.shapeText() + ", but parameter " + parameter.getKey()
                  + " has " + size + " values");
        }
        arrays[b] = new double[size];
        readChecked(entry, arrays[b], null);
      }
      buffers.put(parameter.getKey(), arrays);
    }
    return new OptimizerState(counters.optimizerStep(), counters.buffers(), buffers);
  }

  /**
   * Reads {@code entry} into {@code target}, then checks every value: NaN or infinity means the file is
   * damaged (nn4j never writes one), and a counter must hold whole numbers.
   */
  private void readChecked(SafetensorsFile.Entry entry, double[] target, Network.StateSlot slot) throws IOException {
    file.readInto(entry, target);
    for (int k = 0; k < target.length; k++) {
      String problem = slot != null ? slot.problemWith(target[k]) : Double.isFinite(target[k]) ? null : "finite values";
      if (problem != null) {
        throw fail(
            "tensor '" + entry.name() + "' holds " + target[k] + " at index " + k + "; expected " + problem
                + (Double.isFinite(target[k]) ? "" : " (nn4j writes finite values only, so the file is damaged)"));
      }
    }
  }

  /** Which layer a tensor belongs to, for messages: {@code "layer 0 (dense, [2] -> [3])"}. */
  private static String describe(Network network, String tensor) {
    for (int i = 0; i < network.layers().size(); i++) {
      if (tensor.startsWith(Network.prefix(i))) {
        Layer layer = network.layers().get(i);
        return "layer " + i + " (" + layer.type() + ", " + layer.inputShape() + " -> " + layer.outputShape() + ")";
      }
    }
    return "the network";
  }

  private ModelFormatException fail(String what) {
    return file.malformed(what, null);
  }

  private ModelFormatException fail(String what, Throwable cause) {
    return file.malformed(what, cause);
  }

  private static String shorten(String text) {
    return text.length() <= 60 ? text : text.substring(0, 57) + "...";
  }

  /** The counters and buffer names of a checkpoint's metadata, checked. */
  private record Counters(long epochs, long steps, long optimizerStep, List<String> buffers) {
    static Counters of(Map<String, String> metadata, ModelReader reader) throws ModelFormatException {
      long epochs = count(metadata, ModelFile.CHECKPOINT_EPOCHS_KEY, true, reader);
      long steps = count(metadata, ModelFile.CHECKPOINT_STEPS_KEY, true, reader);
      long optimizerStep = count(metadata, ModelFile.CHECKPOINT_OPTIMIZER_STEP_KEY, false, reader);
      String bufferList = metadata.get(ModelFile.CHECKPOINT_BUFFERS_KEY);
      if ((optimizerStep < 0) != (bufferList == null)) {
        throw reader.fail(
            "a checkpoint must have both or neither of " + ModelFile.CHECKPOINT_OPTIMIZER_STEP_KEY + " and "
                + ModelFile.CHECKPOINT_BUFFERS_KEY);
      }
      List<String> buffers = bufferList == null || bufferList.isEmpty() ? List.of() : List.of(bufferList.split(",", -1));
      if (buffers.size() > 16
          || new LinkedHashSet<>(buffers).size() != buffers.size()
          || buffers.stream().anyMatch(b -> !b.matches("[a-z_][a-z0-9_]{0,63}"))) {
        throw reader.fail(
            ModelFile.CHECKPOINT_BUFFERS_KEY + " must name up to 16 distinct buffers in lower case, got '" + shorten(bufferList) + "'");
      }
      return new Counters(epochs, steps, optimizerStep, buffers);
    }

    boolean hasOptimizerState() {
      return optimizerStep >= 0;
    }

    /** A non-negative count under {@code key}; -1 if absent and not required. */
    private static long count(Map<String, String> metadata, String key, boolean required, ModelReader reader)
        throws ModelFormatException {
      String text = metadata.get(key);
      if (text == null) {
        if (required) {
          throw reader.fail("not a checkpoint: the metadata has no " + key);
        }
        return -1;
      }
      if (!text.matches("[0-9]{1,18}")) {
        throw reader.fail(key + " must be a count, got '" + shorten(text) + "'");
      }
      return Long.parseLong(text);
    }
  }
}
