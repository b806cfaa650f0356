package dev.nn4j.core.io;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.nn4j.core.Activation;
import dev.nn4j.core.Network;
import dev.nn4j.core.OptimizerState;
import dev.nn4j.core.TrainingState;
import dev.nn4j.core.io.Architecture.DenseSpec;
import dev.nn4j.core.io.Architecture.LayerSpec;
import dev.nn4j.core.io.SafetensorsHeader.Tensor;
import dev.nn4j.core.math.Matrix;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a network to a model file without ever destroying the file that was there: the bytes go to a
 * temporary file in the same folder, which is flushed to the disk ({@link FileChannel#force}) and then
 * renamed over the target in one atomic step. A failure at any point deletes the temporary file and
 * leaves the old model as it was.
 */
final class ModelWriter {
  private static final Logger log = LoggerFactory.getLogger(ModelWriter.class);
  /** Values converted per chunk of the write buffer. */
  private static final int CHUNK_VALUES = 8192;

  private ModelWriter() {}

  /**
   * Writes {@code network} to {@code path}; every byte goes through {@code wrap(out)}, so a test can make
   * the write fail halfway.
   */
  static void save(Network network, Path path, UnaryOperator<OutputStream> wrap) throws IOException {
    save(network, path, wrap, null);
  }

  /**
   * Writes {@code network} to {@code path} as a checkpoint: the model, and {@code state}'s optimizer
   * buffers and counters (see {@link ModelFile#saveCheckpoint}).
   */
  static void saveCheckpoint(Network network, Path path, UnaryOperator<OutputStream> wrap) throws IOException {
    save(network, path, wrap, network.trainingState());
  }

  private static void save(Network network, Path path, UnaryOperator<OutputStream> wrap, TrainingState state)
      throws IOException {
    checkNotNull(network, "network");
    checkNotNull(path, "path");
    checkNotNull(wrap, "wrap");
    // Everything that can be wrong with the network is found before the disk is touched.
    Architecture architecture = Architecture.of(network);
    Map<String, Matrix> values = state == null ? network.parameterValues() : state.parameters();
    List<Tensor> tensors = new ArrayList<>();
    List<Matrix> data = new ArrayList<>();
    long offset = 0;
    for (int i = 0; i < architecture.layers().size(); i++) {
      if (architecture.layers().get(i) instanceof DenseSpec) {
        for (String kind : List.of("weight", "bias")) {
          String name = "layers." + i + "." + kind;
          Matrix value = values.get(name);
          checkArgument(value != null, "The network has no parameter %s", name);
          checkFinite(name, value);
          long[] shape = kind.equals("weight") ? new long[] {value.rows(), value.cols()} : new long[] {value.cols()};
          long bytes = (long) value.size() * SafetensorsHeader.F64_BYTES;
          tensors.add(new Tensor(name, SafetensorsHeader.F64, shape, offset, offset + bytes));
          data.add(value);
          offset += bytes;
        }
      }
    }
    warnIfNotRegistered(architecture);
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put(ModelFile.FORMAT_KEY, Integer.toString(ModelFile.FORMAT_VERSION));
    metadata.put(ModelFile.ARCHITECTURE_KEY, architecture.toJson());
    if (state != null) {
      metadata.put(ModelFile.CHECKPOINT_EPOCHS_KEY, Long.toString(state.epochsTrained()));
      metadata.put(ModelFile.CHECKPOINT_STEPS_KEY, Long.toString(state.stepsTaken()));
      if (state.optimizer().isPresent()) {
        OptimizerState optimizer = state.optimizer().get();
        metadata.put(ModelFile.CHECKPOINT_OPTIMIZER_STEP_KEY, Long.toString(optimizer.step()));
        metadata.put(ModelFile.CHECKPOINT_BUFFERS_KEY, String.join(",", optimizer.bufferNames()));
        List<String> names = new ArrayList<>(values.keySet());
        for (int p = 0; p < optimizer.parameterCount(); p++) {
          for (String buffer : optimizer.bufferNames()) {
            Matrix value = Matrix.rowVector(optimizer.buffer(p, buffer));
            String name = ModelFile.optimizerTensor(names.get(p), buffer);
            checkFinite(name, value);
            long bytes = (long) value.size() * SafetensorsHeader.F64_BYTES;
            tensors.add(new Tensor(name, SafetensorsHeader.F64, new long[] {value.size()}, offset, offset + bytes));
            data.add(value);
            offset += bytes;
          }
        }
      }
    }
    byte[] header = SafetensorsHeader.encode(metadata, tensors);
    checkArgument(
        header.length <= ModelFile.MAX_HEADER_BYTES,
        "The model header would have %s bytes, more than the limit of %s",
        header.length,
        ModelFile.MAX_HEADER_BYTES);

    Path target = path.toAbsolutePath();
    checkArgument(target.getFileName() != null, "Expected a file to save to, got %s", path);
    Path folder = target.getParent();
    Path temporary = createTemporary(folder, target.getFileName().toString());
    try {
      try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
        OutputStream out = new BufferedOutputStream(wrap.apply(Channels.newOutputStream(channel)), 1 << 16);
        write(out, header, data);
        out.flush();
        channel.force(true);
      }
      moveOver(temporary, target);
    } catch (IOException | RuntimeException | Error e) {
      try {
        Files.deleteIfExists(temporary);
      } catch (IOException deleteFailure) {
        e.addSuppressed(deleteFailure);
      }
      throw e;
    }
    syncFolder(folder);
    log.debug("Saved {} to {} ({} header bytes, {} data bytes)", network, target, header.length, offset);
  }

  private static void checkFinite(String name, Matrix value) {
    double[] d = value.data();
    for (int k = 0; k < d.length; k++) {
      if (!Double.isFinite(d[k])) {
        throw new IllegalArgumentException(
            String.format(
                "Cannot save parameter %s: it holds %s at [%s, %s]; a model file holds finite values only",
                name, d[k], k / value.cols(), k % value.cols()));
      }
    }
  }

  /** An activation that is not registered by name can be saved, but not loaded: say so now. */
  private static void warnIfNotRegistered(Architecture architecture) {
    for (LayerSpec layer : architecture.layers()) {
      if (layer instanceof DenseSpec dense) {
        try {
          Activation.named(dense.activation().name(), dense.activation().config());
        } catch (RuntimeException e) {
          log.warn(
              "Activation {} is not available by name ({}); the model file will not load until a jar that registers it is on"
                  + " the class path",
              dense.activation(),
              e.getMessage());
        }
      }
    }
  }

  /** The 8-byte little-endian header length, the header, then every value as a little-endian double. */
  private static void write(OutputStream out, byte[] header, List<Matrix> data) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(CHUNK_VALUES * Double.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    buffer.putLong(header.length);
    out.write(buffer.array(), 0, Long.BYTES);
    out.write(header);
    for (Matrix m : data) {
      double[] d = m.data();
      for (int start = 0; start < d.length; start += CHUNK_VALUES) {
        int count = Math.min(CHUNK_VALUES, d.length - start);
        buffer.clear();
        buffer.asDoubleBuffer().put(d, start, count);
        out.write(buffer.array(), 0, count * Double.BYTES);
      }
    }
  }

  /**
   * A new empty file {@code .<name>.<random>.tmp} in {@code folder}, created with the default permissions
   * (unlike {@link Files#createTempFile}, whose owner-only permissions the model file would keep).
   */
  private static Path createTemporary(Path folder, String name) throws IOException {
    for (int attempt = 0; ; attempt++) {
      String suffix = Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36);
      Path temporary = folder.resolve("." + name + "." + suffix + ".tmp");
      try {
        Files.newByteChannel(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
        return temporary;
      } catch (FileAlreadyExistsException e) {
        if (attempt == 10) {
          throw e;
        }
      }
    }
  }

  /** Renames atomically where the file system can, else replaces the target in a plain move. */
  private static void moveOver(Path source, Path target) throws IOException {
    try {
      Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      log.debug("Atomic move not supported in {}; replacing {} with a plain move", source.getParent(), target);
      Files.move(source, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /**
   * Flushes the folder's entry for the renamed file to the disk, so the new name survives a power cut.
   * Best effort: not every system can open a folder as a channel (Windows cannot), and the file's bytes are
   * already on the disk.
   */
  private static void syncFolder(Path folder) {
    try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException | RuntimeException e) {
      log.debug("Could not sync folder {}: {}", folder, e.toString());
    }
  }
}
