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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replaces a file without ever destroying the one that was there: the bytes go to a temporary file in the
 * same folder, {@code .<name>.nn4j-<random>.tmp}, locked while it is written, which is flushed to the disk
 * ({@link FileChannel#force}) and then renamed over the target in one atomic step. A failure at any point
 * deletes the temporary file and leaves the old one as it was.
 *
 * <p>A process killed while saving cannot delete its temporary file. So each save first deletes the
 * temporary files of the same target that nobody holds locked any more (the lock of a killed process is gone
 * with it); those of a save still running are kept: in this process they are known by name (and never
 * opened, since closing any channel of a locked file may drop the lock), in another one they are locked. No
 * other file is ever touched. Where the file system cannot lock files, saves still work, unlocked, and
 * nothing is deleted.
 */
final class AtomicFile {
  private static final Logger log = LoggerFactory.getLogger(AtomicFile.class);

  /** What every temporary file's name has after its target's name: {@code .<name>.nn4j-}. */
  static final String MARKER = "nn4j-";

  /** The temporary files this process is writing, which its own cleaners must leave alone. */
  private static final Set<Path> IN_USE = ConcurrentHashMap.newKeySet();

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
    Temporary temporary = Temporary.create(folder, name);
    boolean moved = false;
    try {
      try {
        OutputStream out = new BufferedOutputStream(Channels.newOutputStream(temporary.channel), 1 << 16);
        body.writeTo(out);
        out.flush();
        temporary.channel.force(true);
        try {
          // Renamed while still locked, so that no cleaner takes it for a stale one meanwhile.
          moveOver(temporary.path, target);
          moved = true;
        } catch (IOException e) {
          log.trace("Could not rename {} while it is open ({}); closing it first", temporary.path, e.toString());
        }
      } catch (IOException | RuntimeException | Error e) {
        temporary.closeAfter(e);
        throw e;
      }
      temporary.close(moved);
      if (!moved) {
        moveOver(temporary.path, target);
        moved = true;
      }
    } catch (IOException | RuntimeException | Error e) {
      if (!moved) {
        try {
          Files.deleteIfExists(temporary.path);
        } catch (IOException deleteFailure) {
          e.addSuppressed(deleteFailure);
        }
      }
      throw e;
    } finally {
      IN_USE.remove(temporary.path);
    }
    syncFolder(folder);
  }

  /** The names of the temporary files of target {@code name}: {@code .<name>.nn4j-<base-36 number>.tmp}. */
  static Pattern temporaryNames(String name) {
    return Pattern.compile("\\." + Pattern.quote(name) + "\\." + MARKER + "[0-9a-z]{1,13}\\.tmp");
  }

  /**
   * Deletes the temporary files of target {@code name} in {@code folder} that no save holds: those left by
   * a process killed while saving. Best effort: a file that cannot be locked or deleted is kept.
   */
  private static void removeStaleTemporaries(Path folder, String name) {
    Pattern names = temporaryNames(name);
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder, p -> names.matcher(p.getFileName().toString()).matches())) {
      for (Path candidate : entries) {
        if (IN_USE.contains(candidate)) {
          continue;
        }
        try (FileChannel channel = FileChannel.open(candidate, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock()) {
          if (lock != null) {
            Files.deleteIfExists(candidate);
            log.debug("Deleted {}, left by a save that did not finish", candidate);
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

  /** A temporary file being written: open, locked where the file system can lock, and known as in use. */
  private static final class Temporary {
    final Path path;
    final FileChannel channel;
    private final FileLock lock;

    private Temporary(Path path, FileChannel channel, FileLock lock) {
      this.path = path;
      this.channel = channel;
      this.lock = lock;
    }

    /**
     * A new empty file {@code .<name>.nn4j-<random>.tmp} in {@code folder}, created with the default
     * permissions (unlike {@link Files#createTempFile}, whose owner-only permissions the target would keep)
     * and locked. If another process's cleaner deleted it before it was locked, another name is tried.
     */
    static Temporary create(Path folder, String name) throws IOException {
      for (int attempt = 0; ; attempt++) {
        String suffix = Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36);
        Path path = folder.resolve("." + name + "." + MARKER + suffix + ".tmp");
        IN_USE.add(path);
        FileChannel channel = null;
        try {
          channel = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
          FileLock lock = lock(channel, path);
          if (Files.exists(path)) {
            return new Temporary(path, channel, lock);
          }
          channel.close();
        } catch (FileAlreadyExistsException e) {
          if (attempt >= 10) {
            IN_USE.remove(path);
            throw e;
          }
        } catch (IOException | RuntimeException | Error e) {
          if (channel != null) {
            try {
              channel.close();
            } catch (IOException closeFailure) {
              e.addSuppressed(closeFailure);
            }
          }
          IN_USE.remove(path);
          throw e;
        }
        IN_USE.remove(path);
      }
    }

    /** Locks {@code channel}, or returns null where the file system cannot lock (some network mounts). */
    private static FileLock lock(FileChannel channel, Path path) {
      try {
        return channel.lock();
      } catch (IOException e) {
        log.trace("Cannot lock {} ({}): saving unlocked", path, e.toString());
        return null;
      }
    }

    /** Closes the file after {@code failure}, to which a failure to close is added. */
    void closeAfter(Throwable failure) {
      try {
        close(false);
      } catch (IOException e) {
        failure.addSuppressed(e);
      }
    }

    /**
     * Releases the lock and closes the file; once it has been renamed over the target, the save has
     * succeeded and a failure to close is only logged.
     */
    void close(boolean moved) throws IOException {
      try (FileChannel closing = channel) {
        if (lock != null && closing.isOpen()) {
          lock.release();
        }
      } catch (IOException e) {
        if (!moved) {
          throw e;
        }
        log.debug("Closing {} after it was renamed failed: {}", path, e.toString());
      }
    }
  }

  /** Renames atomically where the file system can, else replaces the target in a plain move. */
  private static void moveOver(Path source, Path target) throws IOException {
    try {
      Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      log.trace("Atomic move not supported in {}; replacing {} with a plain move", source.getParent(), target);
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
      log.trace("Could not sync folder {}: {}", folder, e.toString());
    }
  }
}
