package dev.nn4j.core.listeners;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.nn4j.core.EpochEnd;
import dev.nn4j.core.FitOptions;
import dev.nn4j.core.History;
import dev.nn4j.core.Trainer;
import dev.nn4j.core.TrainingListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes checkpoints while {@code fit} runs: {@code last.safetensors} every {@code every} epochs and when
 * training ends, and, when validation data is given, {@code best.safetensors} each time the validation loss
 * reaches a new low over every run this listener has seen (so a second {@code fit}, or one after {@link
 * Trainer#resumeFrom}, with the same listener only replaces it with a better epoch). Each is a full
 * checkpoint ({@link Trainer#saveCheckpoint}): {@link Trainer#resume} continues training from it exactly,
 * {@link dev.nn4j.core.Network#load} reads it as a model. Files are replaced atomically, so a crash never
 * leaves a broken one.
 *
 * <pre>{@code
 * network.fit(train, FitOptions.builder().epochs(20).validation(validation)
 *     .listener(Checkpoints.every(2, Path.of("checkpoints"))).build());
 * }</pre>
 */
public final class Checkpoints implements TrainingListener {
  /** The file written every {@code every} epochs. */
  public static final String LAST = "last.safetensors";
  /** The file of the epoch with the lowest validation loss. */
  public static final String BEST = "best.safetensors";

  private static final Logger log = LoggerFactory.getLogger(Checkpoints.class);

  private final int every;
  private final Path directory;
  /** The lowest validation loss written to {@link #best()}, over every run this listener has seen. */
  private double bestValidationLoss = Double.POSITIVE_INFINITY;
  private boolean lastIsCurrent;

  private Checkpoints(int every, Path directory) {
    checkArgument(every > 0, "Expected a checkpoint every 1 or more epochs, got every=%s", every);
    this.every = every;
    this.directory = checkNotNull(directory, "directory");
  }

  /**
   * Checkpoints every {@code every} epochs into {@code directory} (created when needed), keeping the best
   * by validation loss too.
   *
   * @param every how many epochs between two checkpoints
   * @param directory where {@value #LAST} and {@value #BEST} go
   * @return the listener to add to {@link FitOptions}
   */
  public static Checkpoints every(int every, Path directory) {
    return new Checkpoints(every, directory);
  }

  /** @return the file the last periodic checkpoint goes to */
  public Path last() {
    return directory.resolve(LAST);
  }

  /** @return the file the best checkpoint by validation loss goes to */
  public Path best() {
    return directory.resolve(BEST);
  }

  @Override
  public void onTrainBegin(Trainer trainer, FitOptions options) {
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create the checkpoint directory " + directory, e);
    }
  }

  @Override
  public void onEpochEnd(EpochEnd epoch) {
    boolean periodic = epoch.epoch() % every == 0 || epoch.epoch() == epoch.epochs();
    lastIsCurrent = periodic;
    if (periodic) {
      write(epoch.trainer(), last());
    }
    Double validationLoss = epoch.metrics().get("val_loss");
    if (validationLoss != null && validationLoss < bestValidationLoss) {
      bestValidationLoss = validationLoss;
      write(epoch.trainer(), best());
    }
  }

  /** When a listener stopped training between two checkpoints, the last epoch is written now. */
  @Override
  public void onTrainEnd(Trainer trainer, History history) {
    if (!lastIsCurrent && history.epochs() > 0) {
      write(trainer, last());
      lastIsCurrent = true;
    }
  }

  private static void write(Trainer trainer, Path file) {
    try {
      trainer.saveCheckpoint(file);
      // Per epoch, so below DEBUG: a fit logs nothing per epoch unless the user adds a logging listener.
      log.trace("Checkpoint after epoch {} written to {}", trainer.epochsTrained(), file);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the checkpoint " + file, e);
    }
  }

  @Override
  public String toString() {
    return "Checkpoints{every=" + every + ", directory=" + directory + "}";
  }
}
