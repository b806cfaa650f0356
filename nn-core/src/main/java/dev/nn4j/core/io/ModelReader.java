package dev.nn4j.core.io;

import static com.google.common.base.Preconditions.checkArgument;

import dev.nn4j.core.Activation;
import dev.nn4j.core.Loss;
import dev.nn4j.core.Network;
import dev.nn4j.core.NetworkBuilder;
import dev.nn4j.core.init.Initializer;
import dev.nn4j.core.io.Architecture.Component;
import dev.nn4j.core.io.Architecture.DenseSpec;
import dev.nn4j.core.io.Architecture.DropoutSpec;
import dev.nn4j.core.io.Architecture.LayerSpec;
import dev.nn4j.core.io.SafetensorsHeader.Tensor;
import dev.nn4j.core.math.Matrix;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Reads a model file as hostile input. Every number in the file is checked before anything is sized by it:
 * the header length against the file size and {@link ModelFile#MAX_HEADER_BYTES}; each tensor's byte range
 * against its shape and against the data section; the architecture's sizes against the tensors. Only then
 * are the values read, in bounded chunks. Every malformation is a {@link ModelFormatException}.
 */
final class ModelReader {
  /** The most values a Java array, and so a {@link Matrix}, can hold on common JVMs. */
  private static final long MAX_VALUES = Integer.MAX_VALUE - 8;
  /** Values read per chunk. */
  private static final int CHUNK_VALUES = 8192;

  private final SeekableByteChannel channel;
  private final long fileSize;

  private ModelReader(SeekableByteChannel channel) throws IOException {
    this.channel = channel;
    this.fileSize = channel.size();
  }

  /** Reads the network in {@code path}; see {@link ModelFile#load}. */
  static Network load(Path path) throws IOException {
    if (Files.exists(path) && !Files.isRegularFile(path)) {
      throw new IOException("Cannot load a network from " + path + ": not a regular file");
    }
    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
      return load(channel, path.toString());
    }
  }

  /** Reads the checkpoint in {@code path}; see {@link ModelFile#loadCheckpoint}. */
  static ModelFile.Checkpoint loadCheckpoint(Path path) throws IOException {
    if (Files.exists(path) && !Files.isRegularFile(path)) {
      throw new IOException("Cannot load a checkpoint from " + path + ": not a regular file");
    }
    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
      try {
        return new ModelReader(channel).read(true);
      } catch (ModelFormatException e) {
        ModelFormatException named =
            new ModelFormatException("Cannot load a checkpoint from " + path + ": " + e.getMessage(), e.getCause());
        named.setStackTrace(e.getStackTrace());
        throw named;
      }
    }
  }

  /**
   * Reads the network in {@code channel} (a {@link FileChannel} in use; any channel in tests), whose size
   * must not change meanwhile; {@code source} names it in messages.
   */
  static Network load(SeekableByteChannel channel, String source) throws IOException {
    try {
      return new ModelReader(channel).read(false).network();
    } catch (ModelFormatException e) {
      ModelFormatException named = new ModelFormatException("Cannot load a network from " + source + ": " + e.getMessage(), e.getCause());
      named.setStackTrace(e.getStackTrace());
      throw named;
    }
  }

  private ModelFile.Checkpoint read(boolean checkpoint) throws IOException {
    if (fileSize < Long.BYTES) {
      throw new ModelFormatException(
          "the file is truncated: it has " + fileSize + " bytes, fewer than the 8 bytes of the header length");
    }
    long headerLength = readBytes(0, Long.BYTES).order(ByteOrder.LITTLE_ENDIAN).getLong();
    if (Long.compareUnsigned(headerLength, ModelFile.MAX_HEADER_BYTES) > 0) {
      throw new ModelFormatException(
          "the header length is " + Long.toUnsignedString(headerLength) + " bytes, more than the limit of "
              + ModelFile.MAX_HEADER_BYTES + " (100 MB): not a safetensors file, or a damaged one");
    }
    if (headerLength > fileSize - Long.BYTES) {
      throw new ModelFormatException(
          "the header length is " + headerLength + " bytes, but only " + (fileSize - Long.BYTES)
              + " bytes follow it: the file is truncated or not a safetensors file");
    }
    String headerText = decodeUtf8(readBytes(Long.BYTES, (int) headerLength));
    if (headerText.isEmpty() || headerText.charAt(0) != '{') {
      throw new ModelFormatException(
          "expected the header to start with '{' (a JSON object), got "
              + (headerText.isEmpty() ? "an empty header" : "'" + Json.shorten(headerText.substring(0, 1)) + "'"));
    }
    SafetensorsHeader header = SafetensorsHeader.parse(headerText);
    // The version first: a newer format may store its tensors differently.
    String architectureText = architectureText(header.metadata());
    long dataStart = Long.BYTES + headerLength;
    header.checkTensors(fileSize - dataStart);

    Architecture architecture = Architecture.parse(architectureText);
    Map<String, Tensor> tensors = header.tensorsByName();
    // A checkpoint also loads as a plain model: its optimizer tensors are checked, then left out.
    boolean isCheckpoint = header.metadata().containsKey(ModelFile.CHECKPOINT_EPOCHS_KEY);
    CheckpointCounters counters = checkpoint || isCheckpoint ? CheckpointCounters.of(header.metadata()) : null;
    Map<String, Tensor> optimizerTensors = new java.util.LinkedHashMap<>();
    if (counters != null) {
      for (String parameter : parameterNames(architecture)) {
        for (String buffer : counters.buffers()) {
          String name = ModelFile.optimizerTensor(parameter, buffer);
          Tensor tensor = tensors.get(name);
          if (tensor == null) {
            throw new ModelFormatException("missing optimizer tensor '" + name + "'");
          }
          optimizerTensors.put(name, tensor);
        }
      }
    }
    List<Tensor[]> denseTensors = matchTensors(architecture, tensors, optimizerTensors.keySet());
    List<Activation> activations = new ArrayList<>();
    for (int i = 0; i < architecture.layers().size(); i++) {
      if (architecture.layers().get(i) instanceof DenseSpec dense) {
        activations.add(activation(i, dense.activation()));
      }
    }
    Loss loss = loss(architecture.loss());

    List<Matrix[]> values = new ArrayList<>();
    for (int d = 0; d < denseTensors.size(); d++) {
      Tensor[] pair = denseTensors.get(d);
      int units = Math.toIntExact(pair[1].shape()[0]);
      values.add(new Matrix[] {readMatrix(pair[0], dataStart, units), readMatrix(pair[1], dataStart, 1)});
    }
    try {
      NetworkBuilder builder = Network.builder().input(architecture.inputSize());
      int dense = 0;
      for (LayerSpec layer : architecture.layers()) {
        if (layer instanceof DenseSpec spec) {
          Matrix[] weightsAndBias = values.get(dense);
          builder.dense(spec.units(), activations.get(dense), new FileValues(weightsAndBias[0], weightsAndBias[1]));
          dense++;
        } else {
          builder.dropout(((DropoutSpec) layer).rate());
        }
      }
      Network network = builder.loss(loss).build();
      if (counters == null || !checkpoint) {
        return new ModelFile.Checkpoint(network, null);
      }
      return new ModelFile.Checkpoint(network, counters.state(network, optimizerStateValues(network, counters, optimizerTensors, dataStart)));
    } catch (RuntimeException e) {
      throw new ModelFormatException("the architecture does not build a network: " + e.getMessage(), e);
    }
  }

  /** The optimizer buffers of a checkpoint, {@code [parameter][buffer]}, each as long as its parameter. */
  private double[][][] optimizerStateValues(
      Network network, CheckpointCounters counters, Map<String, Tensor> optimizerTensors, long dataStart)
      throws IOException {
    if (!counters.hasOptimizer()) {
      return null;
    }
    Map<String, Matrix> parameters = network.parameterValues();
    double[][][] buffers = new double[parameters.size()][counters.buffers().size()][];
    int p = 0;
    for (Map.Entry<String, Matrix> parameter : parameters.entrySet()) {
      for (int b = 0; b < counters.buffers().size(); b++) {
        Tensor tensor = optimizerTensors.get(ModelFile.optimizerTensor(parameter.getKey(), counters.buffers().get(b)));
        if (tensor.shape().length != 1 || tensor.shape()[0] != parameter.getValue().size()) {
          throw new ModelFormatException(
              "optimizer tensor '" + tensor.name() + "' has shape " + tensor.shapeText() + ", but parameter "
                  + parameter.getKey() + " has " + parameter.getValue().size() + " values");
        }
        buffers[p][b] = readMatrix(tensor, dataStart, 1).data();
      }
      p++;
    }
    return buffers;
  }

  /** The parameter names of an architecture, in network order. */
  private static List<String> parameterNames(Architecture architecture) {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < architecture.layers().size(); i++) {
      if (architecture.layers().get(i) instanceof DenseSpec) {
        names.add("layers." + i + ".weight");
        names.add("layers." + i + ".bias");
      }
    }
    return names;
  }

  /** The counters and buffer names of a checkpoint's metadata, checked. */
  private record CheckpointCounters(long epochs, long steps, long optimizerStep, List<String> buffers) {
    static CheckpointCounters of(Map<String, String> metadata) throws ModelFormatException {
      long epochs = count(metadata, ModelFile.CHECKPOINT_EPOCHS_KEY, true);
      long steps = count(metadata, ModelFile.CHECKPOINT_STEPS_KEY, true);
      long optimizerStep = count(metadata, ModelFile.CHECKPOINT_OPTIMIZER_STEP_KEY, false);
      String bufferList = metadata.get(ModelFile.CHECKPOINT_BUFFERS_KEY);
      if ((optimizerStep < 0) != (bufferList == null)) {
        throw new ModelFormatException(
            "a checkpoint must have both or neither of " + ModelFile.CHECKPOINT_OPTIMIZER_STEP_KEY + " and "
                + ModelFile.CHECKPOINT_BUFFERS_KEY);
      }
      List<String> buffers =
          bufferList == null || bufferList.isEmpty() ? List.of() : List.of(bufferList.split(",", -1));
      if (buffers.size() > 16 || new LinkedHashSet<>(buffers).size() != buffers.size()
          || buffers.stream().anyMatch(b -> !b.matches("[a-z_][a-z0-9_]{0,63}"))) {
        throw new ModelFormatException(
            ModelFile.CHECKPOINT_BUFFERS_KEY + " must name up to 16 distinct buffers in lower case, got '"
                + Json.shorten(bufferList) + "'");
      }
      return new CheckpointCounters(epochs, steps, optimizerStep, buffers);
    }

    boolean hasOptimizer() {
      return optimizerStep >= 0;
    }

    dev.nn4j.core.TrainingState state(Network network, double[][][] buffers) {
      dev.nn4j.core.OptimizerState optimizer =
          buffers == null ? null : new dev.nn4j.core.OptimizerState(optimizerStep, buffers(), buffers);
      return new dev.nn4j.core.TrainingState(network.parameterValues(), optimizer, epochs, steps);
    }

    /** A non-negative count under {@code key}; -1 if absent and not required. */
    private static long count(Map<String, String> metadata, String key, boolean required) throws ModelFormatException {
      String text = metadata.get(key);
      if (text == null) {
        if (required) {
          throw new ModelFormatException("not a checkpoint: the metadata has no " + key);
        }
        return -1;
      }
      if (!text.matches("[0-9]{1,18}")) {
        throw new ModelFormatException(key + " must be a count, got '" + Json.shorten(text) + "'");
      }
      return Long.parseLong(text);
    }
  }

  /** Checks the format version and returns the architecture string of the metadata. */
  private static String architectureText(Map<String, String> metadata) throws ModelFormatException {
    if (metadata == null) {
      throw new ModelFormatException(
          "the header has no " + SafetensorsHeader.METADATA_KEY + ": not a model file written by nn4j (it needs "
              + ModelFile.FORMAT_KEY + " and " + ModelFile.ARCHITECTURE_KEY + ")");
    }
    String version = metadata.get(ModelFile.FORMAT_KEY);
    if (version == null) {
      throw new ModelFormatException(
          SafetensorsHeader.METADATA_KEY + " has no " + ModelFile.FORMAT_KEY + ": not a model file written by nn4j");
    }
    String current = Integer.toString(ModelFile.FORMAT_VERSION);
    if (!version.equals(current)) {
      boolean newer = version.matches("[1-9][0-9]{0,8}") && Integer.parseInt(version) > ModelFile.FORMAT_VERSION;
      throw new ModelFormatException(
          newer
              ? "written by a newer nn4j: format " + version + ", this version reads " + current
              : "unknown " + ModelFile.FORMAT_KEY + " '" + Json.shorten(version) + "', this version reads " + current);
    }
    String architecture = metadata.get(ModelFile.ARCHITECTURE_KEY);
    if (architecture == null) {
      throw new ModelFormatException(SafetensorsHeader.METADATA_KEY + " has no " + ModelFile.ARCHITECTURE_KEY);
    }
    return architecture;
  }

  /**
   * The weight and bias tensors of each dense layer, checked against the architecture: present, of shape
   * {@code [units, inputs]} and {@code [units]}, and no other tensor in the file.
   */
  private static List<Tensor[]> matchTensors(
      Architecture architecture, Map<String, Tensor> tensors, Set<String> alsoExpected) throws ModelFormatException {
    List<Tensor[]> pairs = new ArrayList<>();
    Set<String> expected = new LinkedHashSet<>(alsoExpected);
    long inputs = architecture.inputSize();
    for (int i = 0; i < architecture.layers().size(); i++) {
      if (architecture.layers().get(i) instanceof DenseSpec dense) {
        String what = "dense layer " + i + " (" + inputs + " inputs, " + dense.units() + " units)";
        if (inputs * dense.units() > MAX_VALUES) {
          throw new ModelFormatException(what + " has more weights than a Java array can hold");
        }
        Tensor weight = tensor(tensors, "layers." + i + ".weight", new long[] {dense.units(), inputs}, what);
        Tensor bias = tensor(tensors, "layers." + i + ".bias", new long[] {dense.units()}, what);
        expected.add(weight.name());
        expected.add(bias.name());
        pairs.add(new Tensor[] {weight, bias});
        inputs = dense.units();
      }
    }
    for (String name : tensors.keySet()) {
      if (!expected.contains(name)) {
        throw new ModelFormatException(
            "the file holds tensor '" + Json.shorten(name) + "', which the architecture does not have; expected only "
                + Json.shorten(expected.toString()));
      }
    }
    return pairs;
  }

  private static Tensor tensor(Map<String, Tensor> tensors, String name, long[] shape, String what)
      throws ModelFormatException {
    Tensor tensor = tensors.get(name);
    if (tensor == null) {
      throw new ModelFormatException("missing tensor '" + name + "' of " + what);
    }
    if (!Arrays.equals(tensor.shape(), shape)) {
      throw new ModelFormatException(
          "tensor '" + name + "' has shape " + tensor.shapeText() + ", but " + what + " needs " + Arrays.toString(shape));
    }
    return tensor;
  }

  private static Activation activation(int layer, Component spec) throws ModelFormatException {
    try {
      return Activation.named(spec.name(), spec.config());
    } catch (RuntimeException e) {
      throw new ModelFormatException(
          "dense layer " + layer + " needs activation " + spec + ", which cannot be created here: " + e.getMessage(), e);
    }
  }

  private static Loss loss(Component spec) throws ModelFormatException {
    try {
      return Loss.named(spec.name(), spec.config());
    } catch (RuntimeException e) {
      throw new ModelFormatException("the network needs loss " + spec + ", which cannot be created here: " + e.getMessage(), e);
    }
  }

  // ---------------------------------------------------------------- bytes

  /**
   * The values of {@code tensor} as a {@code [rows, size / rows]} matrix; the tensor's range was checked
   * against the data section, and its shape against the architecture, before this is called.
   *
   * @throws ModelFormatException if a value is NaN or infinite (nn4j never writes one)
   */
  private Matrix readMatrix(Tensor tensor, long dataStart, int rows) throws IOException {
    int size = Math.toIntExact((tensor.end() - tensor.begin()) / SafetensorsHeader.F64_BYTES);
    double[] values = new double[size];
    ByteBuffer chunk = ByteBuffer.allocate(Math.min(size, CHUNK_VALUES) * Double.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    for (int start = 0; start < size; start += CHUNK_VALUES) {
      int count = Math.min(CHUNK_VALUES, size - start);
      chunk.clear().limit(count * Double.BYTES);
      readFully(chunk, dataStart + tensor.begin() + (long) start * Double.BYTES);
      chunk.flip();
      chunk.asDoubleBuffer().get(values, start, count);
    }
    int cols = size / rows;
    for (int k = 0; k < size; k++) {
      if (!Double.isFinite(values[k])) {
        String at = tensor.shape().length == 1 ? "[" + k + "]" : "[" + k / cols + ", " + k % cols + "]";
        throw new ModelFormatException(
            "tensor '" + tensor.name() + "' holds " + values[k] + " at " + at
                + "; nn4j writes finite values only, so the file is damaged");
      }
    }
    return Matrix.wrap(rows, cols, values);
  }

  private ByteBuffer readBytes(long position, int length) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(length);
    readFully(buffer, position);
    buffer.flip();
    return buffer;
  }

  private void readFully(ByteBuffer buffer, long position) throws IOException {
    long at = position;
    channel.position(position);
    while (buffer.hasRemaining()) {
      int read = channel.read(buffer);
      // A blocking channel reads at least one byte into a buffer with room, so 0 cannot repeat forever.
      if (read <= 0) {
        throw new ModelFormatException(
            "the file ended at byte " + at + " although it had " + fileSize + " bytes when opened; was it changed while being read?");
      }
      at += read;
    }
  }

  private static String decodeUtf8(ByteBuffer bytes) throws ModelFormatException {
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    try {
      CharBuffer chars = decoder.decode(bytes);
      return chars.toString();
    } catch (CharacterCodingException e) {
      throw new ModelFormatException(
          "the header is not valid UTF-8 (at byte " + (Long.BYTES + bytes.position()) + " of the file)", e);
    }
  }

  /** Sets a dense layer's parameters to the values read from the file. */
  private record FileValues(Matrix weights, Matrix bias) implements Initializer {
    @Override
    public void initialize(Matrix layerWeights, Matrix layerBias, Random random) {
      checkArgument(weights.sameShape(layerWeights), "Expected weights of shape %s, got %s", layerWeights.shape(), weights.shape());
      checkArgument(bias.sameShape(layerBias), "Expected a bias of shape %s, got %s", layerBias.shape(), bias.shape());
      layerWeights.copyFrom(weights);
      layerBias.copyFrom(bias);
    }

    @Override
    public String toString() {
      return "values from a model file";
    }
  }
}
