package dev.nn4j.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.function.Executable;
import org.opentest4j.AssertionFailedError;

/** Makes hostile data files at test time: gzip bombs, sparse files of NUL bytes, named pipes. */
final class HostileFiles {
  /** The bytes each gzip member of a bomb expands to: 16 MiB, about 16 KB compressed. */
  static final int MEMBER = 1 << 24;

  private HostileFiles() {}

  /**
   * Writes a gzip file that expands to {@code head}, then {@code total} bytes repeating {@code pattern}.
   * Streaming and quick: the repeated part is one gzip member of {@link #MEMBER} bytes compressed once and
   * written again and again (a gzip reader takes concatenated members as one stream, as gunzip does), so
   * a 1 GiB expansion costs one 16 MiB compression and about 1 MB on disk.
   */
  static void gzipBomb(Path file, byte[] head, byte[] pattern, long total) throws IOException {
    assertThat(MEMBER % pattern.length).as("the pattern divides a member").isZero();
    byte[] member = gzipOf(pattern, MEMBER);
    try (OutputStream out = Files.newOutputStream(file)) {
      if (head.length > 0) {
        out.write(gzipOf(head, head.length));
      }
      long left = total;
      for (; left >= MEMBER; left -= MEMBER) {
        out.write(member);
      }
      if (left > 0) {
        out.write(gzipOf(pattern, (int) left));
      }
    }
  }

  /** One gzip member that expands to {@code length} bytes repeating {@code pattern}. */
  private static byte[] gzipOf(byte[] pattern, int length) throws IOException {
    byte[] chunk = patternChunk(pattern);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream gz = new GZIPOutputStream(bytes, 1 << 16)) {
      for (int left = length; left > 0; left -= chunk.length) {
        gz.write(chunk, 0, Math.min(left, chunk.length));
      }
    }
    return bytes.toByteArray();
  }

  /** About 64 KiB of whole repetitions of {@code pattern}, so that chunk after chunk continues it. */
  private static byte[] patternChunk(byte[] pattern) {
    byte[] chunk = new byte[Math.max(1, (1 << 16) / pattern.length) * pattern.length];
    for (int i = 0; i < chunk.length; i++) {
      chunk[i] = pattern[i % pattern.length];
    }
    return chunk;
  }

  /** Writes {@code head}, then NUL bytes up to {@code length}: a sparse file, instant and taking no disk. */
  static void sparse(Path file, byte[] head, long length) throws IOException {
    try (RandomAccessFile out = new RandomAccessFile(file.toFile(), "rw")) {
      out.write(head);
      out.setLength(length);
    }
  }

  /** Writes {@code total} bytes repeating {@code pattern}, streaming. */
  static void repeated(Path file, byte[] pattern, long total) throws IOException {
    byte[] chunk = patternChunk(pattern);
    try (OutputStream out = Files.newOutputStream(file)) {
      for (long left = total; left > 0; left -= chunk.length) {
        out.write(chunk, 0, (int) Math.min(left, chunk.length));
      }
    }
  }

  /** A named pipe (FIFO) that no one writes to; the test is skipped where {@code mkfifo} is missing. */
  static Path fifo(Path dir, String name) throws Exception {
    Path fifo = dir.resolve(name);
    Process mkfifo;
    try {
      mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).redirectErrorStream(true).start();
    } catch (IOException e) {
      assumeTrue(false, "mkfifo is not available to make a named pipe (" + e.getMessage() + ")");
      throw e;
    }
    String output = new String(mkfifo.getInputStream().readAllBytes());
    assumeTrue(
        mkfifo.waitFor(30, TimeUnit.SECONDS) && mkfifo.exitValue() == 0,
        "mkfifo could not make a named pipe: " + output);
    return fifo;
  }

  /**
   * Runs {@code read} on the named pipe {@code fifo} within a generous bound. Should the read hang anyway
   * (opening a pipe for reading waits for a writer), the pipe is opened for writing once, so that the
   * blocked thread ends rather than outliving the test.
   */
  static void assertPrompt(Path fifo, Executable read) {
    try {
      assertTimeoutPreemptively(Duration.ofSeconds(20), read);
    } catch (AssertionFailedError e) {
      Thread writer =
          new Thread(
              () -> {
                try (OutputStream out = Files.newOutputStream(fifo)) {
                  out.flush();
                } catch (IOException ignored) {
                  // Nothing more to do: the test fails anyway.
                }
              },
              "unblock " + fifo.getFileName());
      writer.setDaemon(true);
      writer.start();
      throw e;
    }
  }

  /** A file of the given bytes. */
  static Path write(Path file, int... bytes) throws IOException {
    byte[] data = new byte[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      data[i] = (byte) bytes[i];
    }
    Files.write(file, data);
    return file;
  }

  /** {@code bytes} followed by {@code more}. */
  static byte[] concat(byte[] bytes, byte[] more) {
    byte[] all = Arrays.copyOf(bytes, bytes.length + more.length);
    System.arraycopy(more, 0, all, bytes.length, more.length);
    return all;
  }
}
