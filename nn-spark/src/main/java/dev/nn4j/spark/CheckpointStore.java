package dev.nn4j.spark;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A file on a Hadoop file system (local, HDFS, S3...) that holds bytes written whole: a checkpoint, or a model
 * file. A write goes to a temporary file beside it first, then takes its place, so a driver that dies while
 * writing leaves the previous file.
 */
final class CheckpointStore {
  private final Path path;
  private final Configuration configuration;

  CheckpointStore(String path, Configuration configuration) {
    this.path = new Path(path);
    this.configuration = configuration;
  }

  /** Whether the file exists. */
  boolean exists() throws IOException {
    return fileSystem().exists(path);
  }

  /** Opens the file to read. */
  InputStream open() throws IOException {
    return fileSystem().open(path);
  }

  /** Replaces the file with {@code bytes}. */
  void write(byte[] bytes) throws IOException {
    FileSystem fs = fileSystem();
    Path temporary = new Path(path.getParent(), "." + path.getName() + ".writing");
    try (OutputStream out = fs.create(temporary, true)) {
      out.write(bytes);
    }
    // Hadoop's rename does not replace an existing file: the old one goes first.
    if (fs.exists(path) && !fs.delete(path, false)) {
      throw new IOException("Could not replace " + path);
    }
    if (!fs.rename(temporary, path)) {
      throw new IOException("Could not move " + temporary + " to " + path);
    }
  }

  private FileSystem fileSystem() throws IOException {
    return path.getFileSystem(configuration);
  }

  @Override
  public String toString() {
    return path.toString();
  }
}
