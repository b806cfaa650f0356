package dev.nn4j.core.io;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replaces a file without ever destroying the one that was there: the bytes go to a temporary file in the
 * same folder, {@code .<name>.<random>.tmp}, locked while it is written, which is flushed to the disk ({@link
 * FileChannel#force}) and then renamed over the target in one atomic step. A failure at any point deletes the
 * temporary file and leaves the old one as it was.
 *
 * <p>A process killed while saving cannot delete its temporary file. So each save first deletes the
 * temporary files of the same target that nobody holds locked any more (the lock of a killed process is gone
 * with it); those of a save still running, in this process or another, are locked and kept, and no other
 * file is ever touched.
 */
final class AtomicFile {
  private static final Logger log = LoggerFactory.getLogger(AtomicFile.class);

  private AtomicFile() {}

  /** Writes what {@code body} produces to a temporary file, then moves it over {@code path}. */
  @FunctionalInterface
  interface Body {
    void writeTo(OutputStream out) throws IOException;
  }

  static void write(Path path, Body body) throws IOException {
    checkNotNull(path, "path");
    Path target = path.toAbsolutePath();
    checkArgument(target.getFileName() != null, "Expected a file to save to, got %s", path);
    Path folder = target.getParent();
    String name = target.getFileName().toString();
    removeStaleTemporaries(folder, name);
    Path temporary = createTemporary(folder, name);
    try {
      boolean moved = false;
      try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE);
          FileLock lock = channel.lock()) {
        OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
        body.writeTo(out);
        out.flush();
        channel.force(true);
        try {
          // Renamed while still locked, so that no cleaner takes it for a stale one meanwhile.
          moveOver(temporary, target);
          moved = true;
        } catch (IOException e) {
          log.debug("Could not rename {} while it is open ({}); closing it first", temporary, e.toString());
        }
      }
      if (!moved) {
        moveOver(temporary, target);
      }
    } catch (IOException | RuntimeException | Error e) {
      try {
        Files.deleteIfExists(temporary);
      } catch (IOException deleteFailure) {
        e.addSuppressed(deleteFailure);
      }
      throw e;
    }
    syncFolder(folder);
  }

  /** The names of the temporary files of target {@code name}: {@code .<name>.<base-36 number>.tmp}. */
  static Pattern temporaryNames(String name) {
    return Pattern.compile("\\." + Pattern.quote(name) + "\\.[0-9a-z]{1,13}\\.tmp");
  }

  /**
   * Deletes the temporary files of target {@code name} in {@code folder} that no save holds locked: those
   * left by a process killed while saving. Best effort: a file that cannot be locked or deleted is kept.
   */
  private static void removeStaleTemporaries(Path folder, String name) {
    Pattern names = temporaryNames(name);
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder, p -> names.matcher(p.getFileName().toString()).matches())) {
      for (Path candidate : entries) {
        try (FileChannel channel = FileChannel.open(candidate, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock()) {
          if (lock != null) {
            Files.deleteIfExists(candidate);
            log.info("Deleted {}, left by a save that did not finish", candidate);
          }
        } catch (OverlappingFileLockException e) {
          // Locked by a save running in this process.
        } catch (IOException e) {
          log.debug("Kept {}: {}", candidate, e.toString());
        }
      }
    } catch (IOException e) {
      log.debug("Could not look for stale temporary files in {}: {}", folder, e.toString());
    }
  }

  /**
   * A new empty file {@code .<name>.<random>.tmp} in {@code folder}, created with the default permissions
   * (unlike {@link Files#createTempFile}, whose owner-only permissions the target would keep).
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
