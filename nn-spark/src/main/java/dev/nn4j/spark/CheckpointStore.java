package dev.nn4j.spark;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.EnumSet;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.CreateFlag;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A file on a Hadoop file system (local, HDFS, S3...) that holds bytes written whole: a checkpoint, or a model
 * file. A write goes to a temporary file beside it ({@code .NAME.writing}) and, once that is complete, takes
 * the file's place in one rename that replaces it ({@link FileContext#rename} with {@link
 * Options.Rename#OVERWRITE}, atomic on HDFS and on local disks). A write that fails leaves the previous file as
 * it was. Where a file system replaces by deleting first, a driver that dies between the two leaves only the
 * complete temporary file: {@link #latest()} finds it, so a resume never starts over while a checkpoint exists
 * in either place.
 */
final class CheckpointStore {
  private static final Logger log = LoggerFactory.getLogger(CheckpointStore.class);

  private final Path path;
  private final Path temporary;
  private final Configuration configuration;

  CheckpointStore(String path, Configuration configuration) {
    this.path = new Path(path);
    this.temporary = new Path(this.path.getParent(), "." + this.path.getName() + ".writing");
    this.configuration = configuration;
  }

  /** Writes a file's content to a stream. */
  interface Content {
    void writeTo(OutputStream out) throws IOException;
  }

  /** Whether the file exists. */
  boolean exists() throws IOException {
    return fileSystem().exists(path);
  }

  /** Opens the file to read. */
  InputStream open() throws IOException {
    return fileSystem().open(path);
  }

  /**
   * The file to resume from: the file itself, or, if only the temporary file is there (a replacement that
   * stopped after deleting the old file), that one; empty when neither exists.
   */
  Optional<Path> latest() throws IOException {
    FileSystem fs = fileSystem();
    if (fs.exists(path)) {
      return Optional.of(path);
    }
    if (fs.exists(temporary)) {
      log.warn("{} is missing but {} is there (a replacement did not finish): reading that", path, temporary);
      return Optional.of(temporary);
    }
    return Optional.empty();
  }

  /** Opens {@code file}, one that {@link #latest()} returned. */
  InputStream open(Path file) throws IOException {
    return fileSystem().open(file);
  }

  /** Replaces the file with {@code bytes}. */
  void write(byte[] bytes) throws IOException {
    write(out -> out.write(bytes));
  }

  /**
   * Replaces the file with what {@code content} writes; if it throws, the file is left as it was.
   *
   * @throws IOException if the content, the temporary file or the rename fails
   */
  void write(Content content) throws IOException {
    FileContext files = FileContext.getFileContext(fileSystem().makeQualified(path).toUri(), configuration);
    try (OutputStream out =
        files.create(temporary, EnumSet.of(CreateFlag.CREATE, CreateFlag.OVERWRITE), Options.CreateOpts.createParent())) {
      content.writeTo(out);
    } catch (IOException | RuntimeException e) {
      try {
        files.delete(temporary, false);
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
    files.rename(temporary, path, Options.Rename.OVERWRITE);
  }

  private FileSystem fileSystem() throws IOException {
    return path.getFileSystem(configuration);
  }

  /** The temporary file a write goes to first. */
  Path temporary() {
    return temporary;
  }

  @Override
  public String toString() {
    return path.toString();
  }
}
