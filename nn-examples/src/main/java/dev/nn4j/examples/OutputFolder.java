package dev.nn4j.examples;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Makes sure the output folder exists and can be written before an example runs, so that a folder that
 * cannot be used is one line saying why, not a stack trace after minutes of training.
 */
final class OutputFolder {
  private OutputFolder() {}

  /**
   * Creates {@code folder} (and its parents) when needed.
   *
   * @return empty when the folder is ready, else the one-line reason it cannot be written
   */
  static Optional<String> prepare(Path folder) {
    String problem;
    try {
      Files.createDirectories(folder);
      if (Files.isWritable(folder)) {
        return Optional.empty();
      }
      problem = "it is not writable (no permission, or a read-only file system)";
    } catch (FileAlreadyExistsException e) {
      problem = e.getFile() + " is a file, not a folder";
    } catch (AccessDeniedException e) {
      problem = "permission denied on " + e.getFile();
    } catch (FileSystemException e) {
      problem = e.getFile() + (e.getReason() == null ? " cannot be created (" + e.getClass().getSimpleName() + ")" : ": " + e.getReason());
    } catch (IOException e) {
      problem = String.valueOf(e.getMessage());
    }
    return Optional.of("Cannot write to the output folder " + folder + ": " + problem + "; choose another with --out DIR");
  }
}
