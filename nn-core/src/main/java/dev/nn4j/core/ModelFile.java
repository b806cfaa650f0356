package dev.nn4j.core;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.nn4j.core.io.ModelFormatException;
import dev.nn4j.core.io.SafetensorsFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

/**
 * nn4j's model files: one network in one {@code .safetensors} file, written by {@link Network#save} and read
 * back by {@link Network#load}; a checkpoint ({@link Trainer#saveCheckpoint}) adds the training session.
 *
 * <h2>Format (version 2)</h2>
 *
 * <p>A <a href="https://github.com/huggingface/safetensors">safetensors</a> file (see {@link
 * SafetensorsFile}), readable by its Python package and by PyTorch. Its tensors are the network's {@link
 * StateDict}, named and shaped as PyTorch names the same model: {@code layers.<i>.weight} ({@code [out, in]}
 * for a dense layer) and {@code layers.<i>.bias} ({@code [out]}), {@code layers.<i>.running_mean}, in {@code
 * F64}; counts such as {@code layers.<i>.num_batches_tracked} in {@code I64}. The header's {@code
 * "__metadata__"} holds strings:
 *
 * <ul>
 *   <li>{@value #FORMAT_KEY}: {@code "2"}, the format version;
 *   <li>{@value #ARCHITECTURE_KEY}: the architecture as JSON, a list of nodes (the input, then one per
 *       layer, each with a name, a registered type, its configuration and the names of its inputs) and the
 *       loss, described in {@link dev.nn4j.core.io.Architecture};
 *   <li>{@value #SEED_KEY}: the network's seed, from which a resumed training run's randomness derives.
 * </ul>
 *
 * <p>A checkpoint adds {@value #CHECKPOINT_EPOCHS_KEY} and {@value #CHECKPOINT_STEPS_KEY} (the session's
 * counters), {@value #CHECKPOINT_OPTIMIZER_KEY} (the optimizer's registered name and configuration), and
 * with the optimizer's state {@value #CHECKPOINT_OPTIMIZER_STEP_KEY} and {@value #CHECKPOINT_BUFFERS_KEY},
 * its buffers being tensors {@code optimizer.<parameter>.<buffer>} ({@code optimizer.layers.0.weight.exp_avg}).
 *
 * <p>Version 1 files (dense and dropout layers, an architecture of {@code {"input", "layers", "loss"}}) still
 * load, and predict the same bits; a file from a newer version is refused by name.
 *
 * <h2>Reading untrusted files</h2>
 *
 * <p>Every malformation is a {@link ModelFormatException} that names the file and what is wrong; nothing
 * else is thrown for a bad file. Before anything sized by a number from the file is allocated, the header is
 * checked (see {@link SafetensorsFile}), the architecture is built (every layer type, activation and loss
 * found by name, every layer fitted to its input), and the tensors are matched against the network's state
 * dict: none missing, none extra, every shape as the layers require. Values that are NaN or infinite are
 * refused, both when saving and when loading: training never leaves them, so one in a file means the file is
 * damaged.
 */
public final class ModelFile {
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ModelFile.class);

  /** The version of the format this nn4j writes; it reads this one and the ones before. */
  public static final int FORMAT_VERSION = 2;
  /** The metadata key of the format version, a decimal string such as {@code "2"}. */
  public static final String FORMAT_KEY = "nn4j.format";
  /** The metadata key of the architecture, a JSON document in a string. */
  public static final String ARCHITECTURE_KEY = "nn4j.architecture";
  /** The metadata key of the network's seed, a decimal string. */
  public static final String SEED_KEY = "nn4j.seed";
  /** Checkpoint metadata: epochs trained, a decimal string. */
  public static final String CHECKPOINT_EPOCHS_KEY = "nn4j.checkpoint.epochs";
  /** Checkpoint metadata: optimizer steps taken, a decimal string. */
  public static final String CHECKPOINT_STEPS_KEY = "nn4j.checkpoint.steps";
  /** Checkpoint metadata: the optimizer, {@code {"name": ..., "config": {...}}}. */
  public static final String CHECKPOINT_OPTIMIZER_KEY = "nn4j.checkpoint.optimizer";
  /** Checkpoint metadata: the optimizer's own step count {@code t}, a decimal string. */
  public static final String CHECKPOINT_OPTIMIZER_STEP_KEY = "nn4j.checkpoint.optimizer_step";
  /** Checkpoint metadata: the names of the optimizer's buffers per parameter, comma-separated. */
  public static final String CHECKPOINT_BUFFERS_KEY = "nn4j.checkpoint.optimizer_buffers";

  private static final String LOAD = "load a network from";
  private static final String LOAD_CHECKPOINT = "load a checkpoint from";

  private ModelFile() {}

  /**
   * What a checkpoint file holds: the network, the state to resume from, and the optimizer it records.
   */
  public static final class Checkpoint {
    private final Network network;
    private final TrainingState state;
    private final String optimizerName;
    private final Optimizer optimizer;
    private final String optimizerProblem;

    Checkpoint(Network network, TrainingState state, String optimizerName, Optimizer optimizer, String optimizerProblem) {
      this.network = network;
      this.state = state;
      this.optimizerName = optimizerName;
      this.optimizer = optimizer;
      this.optimizerProblem = optimizerProblem;
    }

    /**
     * The network as saved.
     *
     * @return the network
     */
    public Network network() {
      return network;
    }

    /**
     * Its state dict, the optimizer's state and the counters to resume from.
     *
     * @return the training state
     */
    public TrainingState state() {
      return state;
    }

    /**
     * The optimizer the checkpoint records by name and configuration, if it can be created here.
     *
     * @return the optimizer, or empty
     */
    public java.util.Optional<Optimizer> optimizer() {
      return java.util.Optional.ofNullable(optimizer);
    }

    /**
     * The training session of this checkpoint, rebuilt from it alone.
     *
     * @return a trainer of {@link #network()} with the recorded optimizer, its state and counters restored
     * @throws IllegalStateException if the optimizer cannot be rebuilt from the file (not recorded, or not
     *     registered here; the message says which): make a {@link Trainer} with it and call {@link
     *     Trainer#resumeFrom} instead
     */
    public Trainer trainer() {
      if (optimizer == null) {
        throw new IllegalStateException(
            optimizerProblem + "; make a Trainer with the optimizer and call resumeFrom(checkpoint) instead");
      }
      Trainer trainer = Trainer.of(network, optimizer);
      trainer.restore(state);
      return trainer;
    }
  }

  static void save(Network network, Path path) throws IOException {
    ModelWriter.save(network, null, path, UnaryOperator.identity());
  }

  /** {@link #save(Network, Path)}, with every byte passing through {@code wrap(out)}: for tests. */
  static void save(Network network, Path path, UnaryOperator<OutputStream> wrap) throws IOException {
    ModelWriter.save(network, null, path, wrap);
  }

  static void save(Network network, OutputStream out) throws IOException {
    ModelWriter.save(network, null, out);
  }

  static byte[] toBytes(Network network) {
    return ModelWriter.toBytes(network);
  }

  static void saveCheckpoint(Trainer trainer, Path path) throws IOException {
    ModelWriter.save(trainer.network(), trainer, path, UnaryOperator.identity());
  }

  /** {@link #saveCheckpoint(Trainer, Path)} through {@code wrap}: for tests. */
  static void saveCheckpoint(Trainer trainer, Path path, UnaryOperator<OutputStream> wrap) throws IOException {
    ModelWriter.save(trainer.network(), trainer, path, wrap);
  }

  static void saveCheckpoint(Trainer trainer, OutputStream out) throws IOException {
    ModelWriter.save(trainer.network(), trainer, out);
  }

  static Network load(Path path) throws IOException {
    try (SafetensorsFile file = SafetensorsFile.open(checkNotNull(path, "path"), LOAD)) {
      return ModelReader.read(file, false).network();
    }
  }

  static Network load(InputStream in) throws IOException {
    try (SafetensorsFile file = SafetensorsFile.open(in, "the stream", LOAD)) {
      return ModelReader.read(file, false).network();
    }
  }

  static Network fromBytes(byte[] bytes) throws ModelFormatException {
    return fromBytes(bytes, "the bytes");
  }

  /** {@link #fromBytes(byte[])}, {@code name} naming the bytes in messages. */
  static Network fromBytes(byte[] bytes, String name) throws ModelFormatException {
    try (SafetensorsFile file = SafetensorsFile.open(bytes, name, LOAD)) {
      return ModelReader.read(file, false).network();
    } catch (ModelFormatException e) {
      throw e;
    } catch (IOException e) {
      throw new ModelFormatException("Cannot " + LOAD + " " + name + ": " + e.getMessage(), e);
    }
  }

  /**
   * Reads a checkpoint written by {@link Trainer#saveCheckpoint}: the network, the state to resume from,
   * and the optimizer it records.
   *
   * @param path the checkpoint file
   * @return what it holds
   * @throws ModelFormatException if the file is not a valid checkpoint, or needs a layer, activation or
   *     loss that is not registered here
   * @throws IOException if the file cannot be read
   */
  public static Checkpoint loadCheckpoint(Path path) throws IOException {
    try (SafetensorsFile file = SafetensorsFile.open(checkNotNull(path, "path"), LOAD_CHECKPOINT)) {
      return ModelReader.read(file, true);
    }
  }

  /**
   * {@link #loadCheckpoint(Path)} from a stream, read to its end (not closed).
   *
   * @param in the stream
   * @return what it holds
   * @throws IOException if it cannot be read or is not a valid checkpoint
   */
  public static Checkpoint loadCheckpoint(InputStream in) throws IOException {
    try (SafetensorsFile file = SafetensorsFile.open(in, "the stream", LOAD_CHECKPOINT)) {
      return ModelReader.read(file, true);
    }
  }

  /**
   * Puts {@code trainer} where {@code checkpoint} was taken, after checking that it continues the same run:
   * the same architecture and seed, and an optimizer of the same kind (its hyper-parameters may differ, to
   * fine-tune with a lower learning rate, say, which is logged as a warning; its state must fit, which
   * {@link Trainer#restore} checks).
   */
  static void resume(Trainer trainer, Checkpoint checkpoint) {
    try (Registry.Snapshot lookups = Registry.snapshot()) {
      String saved = ModelWriter.architecture(checkpoint.network()).toJson();
      String target = ModelWriter.architecture(trainer.network()).toJson();
      checkArgument(saved.equals(target), "The checkpoint is of another network: it has %s, this network has %s", saved, target);
    }
    checkArgument(
        checkpoint.network().seed() == trainer.network().seed(),
        "The checkpoint's network was built with seed %s, this one with seed %s: shuffling and dropout would not continue"
            + " the same run; build the network with seed(%s)",
        checkpoint.network().seed(),
        trainer.network().seed(),
        checkpoint.network().seed());
    checkArgument(
        checkpoint.optimizerName == null || checkpoint.optimizerName.equals(trainer.optimizer().name()),
        "The checkpoint was trained with optimizer '%s', this trainer has %s",
        checkpoint.optimizerName,
        trainer.optimizer());
    trainer.restore(checkpoint.state());
    if (checkpoint.optimizer != null && !checkpoint.optimizer.equals(trainer.optimizer())) {
      log.warn(
          "Resuming with {}, though the checkpoint was trained with {}: the run continues with the new hyper-parameters",
          trainer.optimizer(),
          checkpoint.optimizer);
    }
  }

  /** The tensor name of buffer {@code buffer} of parameter {@code parameter} in a checkpoint. */
  static String optimizerTensor(String parameter, String buffer) {
    return "optimizer." + parameter + "." + buffer;
  }
}
