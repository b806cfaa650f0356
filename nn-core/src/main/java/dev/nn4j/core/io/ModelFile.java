package dev.nn4j.core.io;

import dev.nn4j.core.Network;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

/**
 * Saves a network to one {@code .safetensors} file and loads it back; {@link Network#save} and {@link
 * Network#load} call these. The format is described in the {@linkplain dev.nn4j.core.io package
 * documentation}.
 *
 * <pre>{@code
 * network.save(Path.of("fruit.safetensors"));
 * Network same = Network.load(Path.of("fruit.safetensors"));   // predicts exactly what network predicted
 * }</pre>
 *
 * <p>A model file ({@link #save}) holds the structure (layers, activations, loss) and the parameters, not
 * the optimizer or the seed: a loaded network predicts. A checkpoint ({@link #saveCheckpoint}) adds the
 * optimizer's state and the epoch and step counts, so that a network built with the same optimizer and
 * seed continues training from it exactly ({@link #resume}).
 */
public final class ModelFile {
  /** The version of the format this nn4j writes, and the only one it reads. */
  public static final int FORMAT_VERSION = 1;
  /** The metadata key of the format version, a decimal string such as {@code "1"}. */
  public static final String FORMAT_KEY = "nn4j.format";
  /** The metadata key of the architecture, a JSON document in a string. */
  public static final String ARCHITECTURE_KEY = "nn4j.architecture";
  /** Checkpoint metadata: epochs trained, a decimal string. */
  public static final String CHECKPOINT_EPOCHS_KEY = "nn4j.checkpoint.epochs";
  /** Checkpoint metadata: optimizer steps taken by the network, a decimal string. */
  public static final String CHECKPOINT_STEPS_KEY = "nn4j.checkpoint.steps";
  /** Checkpoint metadata: the optimizer's own step count {@code t}, a decimal string. */
  public static final String CHECKPOINT_OPTIMIZER_STEP_KEY = "nn4j.checkpoint.optimizer_step";
  /** Checkpoint metadata: the names of the optimizer's buffers per parameter, comma-separated. */
  public static final String CHECKPOINT_BUFFERS_KEY = "nn4j.checkpoint.optimizer_buffers";

  /** The largest header accepted, in bytes: 100 MB, the limit of the reference safetensors implementation. */
  public static final long MAX_HEADER_BYTES = 100_000_000L;

  private ModelFile() {}

  /**
   * Writes {@code network} to {@code path}, replacing the file there only once the new one is complete
   * and on the disk: the bytes go to a temporary file in the same folder, which is forced to the disk and
   * then renamed over {@code path} (atomically where the file system can). If anything fails, the
   * temporary file is deleted and the old file is left as it was.
   *
   * @param network the network to write
   * @param path the model or checkpoint file
   * @throws IllegalArgumentException before anything is written, if a layer is neither dense nor dropout
   *     (such as a layer of your own), or a parameter is NaN or infinite
   * @throws IOException if the file cannot be written
   */
  public static void save(Network network, Path path) throws IOException {
    ModelWriter.save(network, path, UnaryOperator.identity());
  }

  /** {@link #save(Network, Path)}, with every byte passing through {@code wrap(out)}: for tests. */
  static void save(Network network, Path path, UnaryOperator<OutputStream> wrap) throws IOException {
    ModelWriter.save(network, path, wrap);
  }

  /**
   * Reads a network that {@link #save} wrote. Activations and the loss are found by name through the same
   * registry as {@link dev.nn4j.core.Activation#named}, so an activation of your own loads when the jar that registers
   * it is on the class path.
   *
   * <p>The file is treated as hostile: whatever its bytes, this method returns a network or throws {@link
   * ModelFormatException}, without allocating more than the file's size warrants.
   *
   * @param path the model or checkpoint file
   * @return a network without an optimizer, predicting exactly (bit for bit) what the saved one predicted
   * @throws ModelFormatException if the file is not a valid nn4j model file; the message names the file
   *     and what is wrong, for example "written by a newer nn4j: format 2, this version reads 1", or an
   *     activation that is not on the class path (with the names that are)
   * @throws IOException if the file cannot be read
   */
  public static Network load(Path path) throws IOException {
    return ModelReader.load(path);
  }

  /**
   * Writes a checkpoint of {@code network}: the model file, plus the optimizer's buffers as tensors named
   * {@code optimizer.<parameter>.<buffer>} (such as {@code optimizer.layers.0.weight.exp_avg}) and the
   * epoch, step and optimizer-step counts in the metadata. Like {@link #save}, it never destroys the
   * previous file. {@link #load} reads it as a model (checking, then leaving out, the optimizer state);
   * {@link #loadCheckpoint} reads it whole, {@link #resume} into a network.
   *
   * @param network the network to write
   * @param path the model or checkpoint file
   * @throws UnsupportedOperationException if the network's optimizer cannot save its state
   * @throws IllegalArgumentException as {@link #save}
   * @throws IOException if the file cannot be written
   */
  public static void saveCheckpoint(Network network, Path path) throws IOException {
    ModelWriter.saveCheckpoint(network, path, UnaryOperator.identity());
  }

  /**
   * Reads a checkpoint written by {@link #saveCheckpoint}: the network (without an optimizer) and the state
   * to give {@link Network#restoreTrainingState} of a network built with the same optimizer.
   *
   * @param path the model or checkpoint file
   * @return the network and the state to resume from
   * @throws ModelFormatException if the file is not a valid checkpoint
   * @throws IOException if the file cannot be read
   */
  public static Checkpoint loadCheckpoint(Path path) throws IOException {
    return ModelReader.loadCheckpoint(path);
  }

  /**
   * Puts {@code network} where the checkpoint in {@code path} was taken (parameters, optimizer state,
   * epoch and step counts), so that its next {@code fit} continues that run exactly. The network must be
   * built as the one that was saved (same layers, activations and loss; same optimizer and seed).
   *
   * @param network the network to restore, built as the saved one
   * @param path the model or checkpoint file
   * @throws IllegalArgumentException if the checkpoint's architecture differs from the network's, or its
   *     optimizer state does not fit the network's optimizer; the network is then unchanged
   * @throws ModelFormatException if the file is not a valid checkpoint
   * @throws IOException if the file cannot be read
   */
  public static void resume(Network network, Path path) throws IOException {
    Checkpoint checkpoint = loadCheckpoint(path);
    Architecture saved = Architecture.of(checkpoint.network());
    Architecture target = Architecture.of(network);
    if (!saved.equals(target)) {
      throw new IllegalArgumentException(
          "The checkpoint " + path + " is of another network: it has " + saved.toJson() + ", this network has "
              + target.toJson());
    }
    network.restoreTrainingState(checkpoint.state());
  }

  /**
   * What a checkpoint file holds.
   *
   * @param network the network as saved, without an optimizer
   * @param state the parameters, optimizer state and counters to resume from
   */
  public record Checkpoint(Network network, dev.nn4j.core.TrainingState state) {}

  /** The tensor name of buffer {@code buffer} of parameter {@code parameter} in a checkpoint. */
  static String optimizerTensor(String parameter, String buffer) {
    return "optimizer." + parameter + "." + buffer;
  }
}
